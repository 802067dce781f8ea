//! The rule pack: loading, validation, profiles and configuration.
//!
//! Rules are YAML files (`rules/<area>/<ID>.yaml`, id = file stem), compiled into the binary and
//! extended or replaced by id with `--rules DIR`. Loading parses into a spanned raw tree and
//! validates into [`Rule`] ([`load`]); conditions are type-checked against the fact catalog
//! ([`cond`]). Profiles and the user's config select rules and set parameters and severities
//! ([`profile`]), producing the [`profile::Plan`] the engine runs. This module does not evaluate.

pub mod cond;
pub mod controls;
pub mod fixtures;
pub mod load;
pub mod model;
pub mod profile;
pub mod schema;
pub mod template;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub use model::{Check, Rule, Severity, Tenancy};
pub use profile::{Plan, PlanEntry, Settings};

use crate::diag::{Code, Diagnostic, Diagnostics, Pos};

/// Files compiled into the binary.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The name of the default profile.
pub const DEFAULT_PROFILE: &str = "passthrough";

/// A loaded rule pack.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Rules in id order.
    pub rules: Vec<Arc<Rule>>,
    /// Profiles by name.
    pub profiles: BTreeMap<String, Settings>,
    /// Rule test fixture files: (path, text).
    pub fixtures: Vec<(String, String)>,
    /// SHA-256 over every rule and profile file.
    pub digest: String,
}

enum FileKind {
    Rule,
    Profile,
    Fixture,
}

fn kind_of(rel: &str) -> FileKind {
    if rel.split('/').any(|p| p == "profiles") {
        FileKind::Profile
    } else if rel.split('/').any(|p| p == "tests") {
        FileKind::Fixture
    } else {
        FileKind::Rule
    }
}

fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".yaml").or_else(|| name.strip_suffix(".yml")).unwrap_or(name)
}

impl RuleSet {
    /// The built-in pack only.
    pub fn builtin() -> Result<RuleSet, Diagnostics> {
        Self::load(&[])
    }

    /// The built-in pack plus every `*.yaml` under `dirs` (which add rules, or replace built-in
    /// rules and profiles with the same id or name).
    pub fn load(dirs: &[&Path]) -> Result<RuleSet, Diagnostics> {
        let mut errors: Vec<Diagnostic> = Vec::new();
        let mut rules: BTreeMap<String, Arc<Rule>> = BTreeMap::new();
        let mut profiles: BTreeMap<String, Settings> = BTreeMap::new();
        let mut fixtures = Vec::new();
        let mut add = |path: &str,
                       rel: &str,
                       text: &str,
                       builtin: bool,
                       layer_ids: &mut Vec<String>,
                       errors: &mut Vec<Diagnostic>| match kind_of(rel) {
            FileKind::Rule => match load::rule(path, stem(rel), text, builtin) {
                Ok(rule) => {
                    if layer_ids.contains(&rule.id) {
                        errors.push(Diagnostic {
                            file: path.to_string(),
                            pos: Pos::default(),
                            code: Code::DuplicateId,
                            message: format!("rule id `{}` is defined twice", rule.id),
                            source_line: String::new(),
                        });
                    }
                    layer_ids.push(rule.id.clone());
                    rules.insert(rule.id.clone(), Arc::new(rule));
                }
                Err(mut e) => errors.append(&mut e),
            },
            FileKind::Profile => match profile::parse(path, text, false) {
                Ok(p) => {
                    profiles.insert(p.name.clone().unwrap_or_default(), p);
                }
                Err(mut e) => errors.append(&mut e),
            },
            FileKind::Fixture => fixtures.push((path.to_string(), text.to_string())),
        };
        let mut builtin_ids = Vec::new();
        for (path, text) in embedded::RULE_FILES {
            let rel = path.strip_prefix("rules/").unwrap_or(path);
            add(path, rel, text, true, &mut builtin_ids, &mut errors);
        }
        let mut user_ids = Vec::new();
        for dir in dirs {
            match read_dir(dir) {
                Ok(files) => {
                    for (path, rel, text) in files {
                        add(&path, &rel, &text, false, &mut user_ids, &mut errors);
                    }
                }
                Err(d) => errors.push(d),
            }
        }
        let rules: Vec<Arc<Rule>> = rules.into_values().collect();
        for p in profiles.values() {
            errors.extend(p.check_refs(&rules));
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        let mut lines: Vec<String> =
            rules.iter().map(|r| format!("{}  {}\n", r.origin.sha256, r.origin.path)).collect();
        lines.extend(profiles.values().map(|p| format!("{}  {}\n", p.sha256, p.path)));
        lines.sort();
        let digest = crate::snapshot::sha256_hex(lines.concat().as_bytes());
        Ok(RuleSet { rules, profiles, fixtures, digest })
    }

    /// A rule by id.
    pub fn get(&self, id: &str) -> Option<&Arc<Rule>> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Builds the plan for a profile name and an optional config.
    pub fn plan(&self, profile: Option<&str>, config: Option<&Settings>) -> Result<Plan, Diagnostics> {
        let name = profile.or(config.and_then(|c| c.name.as_deref())).unwrap_or(DEFAULT_PROFILE);
        let Some(p) = self.profiles.get(name) else {
            let known: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
            return Err(Diagnostics(vec![Diagnostic {
                file: config.map_or_else(|| "--profile".to_string(), |c| c.path.clone()),
                pos: Pos::default(),
                code: Code::UnknownProfile,
                message: format!("no profile `{name}`; available: {}", known.join(", ")),
                source_line: String::new(),
            }]));
        };
        if let Some(c) = config {
            let errs = c.check_refs(&self.rules);
            if !errs.is_empty() {
                return Err(Diagnostics(errs));
            }
        }
        Ok(profile::plan(&self.rules, p, config))
    }
}

/// Reads every YAML file under a directory: (display path, path relative to the dir, text).
fn read_dir(dir: &Path) -> Result<Vec<(String, String, String)>, Diagnostic> {
    let io = |msg: String| Diagnostic {
        file: dir.display().to_string(),
        pos: Pos::default(),
        code: Code::Io,
        message: msg,
        source_line: String::new(),
    };
    if !dir.is_dir() {
        return Err(io("not a directory".into()));
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).max_depth(8).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| io(e.to_string()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || !path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            continue;
        }
        let meta = entry.metadata().map_err(|e| io(e.to_string()))?;
        let display = path.display().to_string();
        if meta.len() > crate::yaml::MAX_YAML_BYTES as u64 {
            return Err(Diagnostic {
                file: display,
                pos: Pos::default(),
                code: Code::Io,
                message: format!("file is {} bytes; the limit is {}", meta.len(), crate::yaml::MAX_YAML_BYTES),
                source_line: String::new(),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|e| Diagnostic {
            file: display.clone(),
            pos: Pos::default(),
            code: Code::Io,
            message: e.to_string(),
            source_line: String::new(),
        })?;
        let rel = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
        out.push((display, rel, text));
    }
    Ok(out)
}
