//! Profiles and user configuration: the one place that selects rules, sets parameters and
//! overrides severities. A profile (`rules/profiles/*.yaml`) describes a deployment model; a
//! user's `--config FILE` adjusts it without forking rules. Both validate like rule files, and
//! the result is a [`Plan`]: the rules to run with their effective severity and parameters.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::json;

use crate::diag::{Code, Diagnostic, Pos, Sink};
use crate::yaml::{self, Fields, Kind, Node};

use super::model::{Check, Rule, Severity, TOPICS, Tenancy};

/// Rules picked by id or topic.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selector {
    /// Rule ids.
    pub rules: Vec<String>,
    /// Topics.
    pub topics: Vec<String>,
}

impl Selector {
    fn matches(&self, rule: &Rule) -> bool {
        self.rules.contains(&rule.id) || self.topics.contains(&rule.topic)
    }
}

/// A profile or a user configuration (the same shape; a config may also name its profile).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// Profile name (profiles: their own name; configs: the base profile).
    pub name: Option<String>,
    /// What it is for.
    pub description: Option<String>,
    /// Tenancy.
    pub tenancy: Option<Tenancy>,
    /// Only these (when given).
    pub include: Option<Selector>,
    /// Never these.
    pub exclude: Selector,
    /// Parameter overrides by rule id.
    pub params: BTreeMap<String, BTreeMap<String, Node>>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
    /// Gate threshold (configs only).
    pub fail_on: Option<Severity>,
    /// Where it came from.
    pub path: String,
    /// Its text's SHA-256.
    pub sha256: String,
    /// Positions of references, for errors found when applying to a rule set.
    refs: Vec<(String, Pos, RefKind)>,
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RefKind {
    Rule,
    Param,
}

/// Parses a profile or config file.
pub fn parse(path: &str, text: &str, is_config: bool) -> Result<Settings, Vec<Diagnostic>> {
    let node = yaml::parse(path, text).map_err(|d| vec![d])?;
    let mut sink = Sink::new(path, text);
    let mut s = Settings {
        path: path.to_string(),
        sha256: crate::snapshot::sha256_hex(text.as_bytes()),
        text: text.to_string(),
        ..Settings::default()
    };
    let what = if is_config { "config" } else { "profile" };
    if let Some(mut f) = Fields::new(&node, what, &mut sink) {
        let key = if is_config { "profile" } else { "name" };
        s.name = f.opt_str(key, &mut sink).map(|(x, _)| x.to_string());
        if !is_config && s.name.is_none() {
            sink.error(node.pos, Code::MissingKey, "profile is missing `name`");
        }
        s.description = f.opt_str("description", &mut sink).map(|(x, _)| x.to_string());
        if let Some((t, pos)) = f.opt_str("tenancy", &mut sink) {
            s.tenancy = Tenancy::parse(t);
            if s.tenancy.is_none() {
                sink.error(pos, Code::BadValue, format!("tenancy must be `single` or `multi`, not `{t}`"));
            }
        }
        if let Some(n) = f.get("include") {
            s.include = Some(selector(n, "include", &mut sink, &mut s.refs));
        }
        if let Some(n) = f.get("exclude") {
            s.exclude = selector(n, "exclude", &mut sink, &mut s.refs);
        }
        if let Some(n) = f.get("params") {
            match &n.kind {
                Kind::Map(rules) => {
                    for (rule, values) in rules {
                        s.refs.push((rule.name.clone(), rule.pos, RefKind::Rule));
                        let Kind::Map(pairs) = &values.kind else {
                            sink.error(
                                values.pos,
                                Code::WrongType,
                                format!("params of `{}` must be a mapping", rule.name),
                            );
                            continue;
                        };
                        let entry = s.params.entry(rule.name.clone()).or_default();
                        for (p, v) in pairs {
                            s.refs.push((format!("{}/{}", rule.name, p.name), p.pos, RefKind::Param));
                            entry.insert(p.name.clone(), v.clone());
                        }
                    }
                }
                _ => sink.error(n.pos, Code::WrongType, "`params` maps rule ids to parameter values"),
            }
        }
        if let Some(n) = f.get("severity") {
            match &n.kind {
                Kind::Map(entries) => {
                    for (rule, v) in entries {
                        s.refs.push((rule.name.clone(), rule.pos, RefKind::Rule));
                        match v.as_str().and_then(Severity::parse) {
                            Some(sev) => {
                                s.severity.insert(rule.name.clone(), sev);
                            }
                            None => sink.error(
                                v.pos,
                                Code::BadValue,
                                "severity must be info, low, medium, high or critical",
                            ),
                        }
                    }
                }
                _ => sink.error(n.pos, Code::WrongType, "`severity` maps rule ids to severities"),
            }
        }
        if is_config && let Some((v, pos)) = f.opt_str("fail_on", &mut sink) {
            s.fail_on = Severity::parse(v);
            if s.fail_on.is_none() {
                sink.error(pos, Code::BadValue, "fail_on must be info, low, medium, high or critical");
            }
        }
        f.finish(&mut sink);
    }
    if sink.is_clean() { Ok(s) } else { Err(sink.diagnostics) }
}

fn selector(node: &Node, what: &'static str, sink: &mut Sink<'_>, refs: &mut Vec<(String, Pos, RefKind)>) -> Selector {
    let mut sel = Selector::default();
    if let Some(mut f) = Fields::new(node, what, sink) {
        for (r, pos) in f.opt_str_list("rules", sink) {
            refs.push((r.clone(), pos, RefKind::Rule));
            sel.rules.push(r);
        }
        for (t, pos) in f.opt_str_list("topics", sink) {
            if !TOPICS.contains(&t.as_str()) {
                let hint = crate::diag::suggest(&t, TOPICS.iter().copied())
                    .map(|x| format!(" (did you mean `{x}`?)"))
                    .unwrap_or_default();
                sink.error(pos, Code::BadValue, format!("unknown topic `{t}`{hint}"));
            }
            sel.topics.push(t);
        }
        f.finish(sink);
    }
    sel
}

impl Settings {
    /// Checks rule ids and parameter names against the rule set.
    pub fn check_refs(&self, rules: &[Arc<Rule>]) -> Vec<Diagnostic> {
        let mut sink = Sink::new(&self.path, &self.text);
        for (name, pos, kind) in &self.refs {
            match kind {
                RefKind::Rule => {
                    if !rules.iter().any(|r| r.id == *name) {
                        let hint = crate::diag::suggest(name, rules.iter().map(|r| r.id.as_str()))
                            .map(|x| format!(" (did you mean `{x}`?)"))
                            .unwrap_or_default();
                        sink.error(*pos, Code::UnknownRule, format!("no rule `{name}`{hint}"));
                    }
                }
                RefKind::Param => {
                    let (rule, param) = name.split_once('/').unwrap_or((name, ""));
                    if let Some(r) = rules.iter().find(|r| r.id == rule) {
                        if !r.params.contains_key(param) {
                            let declared: Vec<&str> = r.params.keys().map(String::as_str).collect();
                            sink.error(
                                *pos,
                                Code::UnknownParam,
                                format!(
                                    "rule `{rule}` has no parameter `{param}` (it has: {})",
                                    if declared.is_empty() { "none".into() } else { declared.join(", ") }
                                ),
                            );
                        } else if let (Some(value), Check::Automated(c)) =
                            (self.params.get(rule).and_then(|p| p.get(param)), &r.check)
                        {
                            let mut one = BTreeMap::new();
                            one.insert(param.to_string(), merged(r.params.get(param), value));
                            super::load::check_params(c, &one, &mut sink);
                        }
                    }
                }
            }
        }
        sink.diagnostics
    }
}

/// A map-valued override merges into a map-valued default; anything else replaces it.
fn merged(default: Option<&Node>, value: &Node) -> Node {
    match (default.map(|d| &d.kind), &value.kind) {
        (Some(Kind::Map(base)), Kind::Map(over)) => {
            let mut entries = base.clone();
            for (k, v) in over {
                match entries.iter_mut().find(|(bk, _)| bk.name == k.name) {
                    Some(slot) => slot.1 = v.clone(),
                    None => entries.push((k.clone(), v.clone())),
                }
            }
            Node { kind: Kind::Map(entries), pos: value.pos }
        }
        _ => value.clone(),
    }
}

/// One rule to run, with its effective settings.
#[derive(Debug, Clone)]
pub struct PlanEntry {
    /// The rule.
    pub rule: Arc<Rule>,
    /// Effective severity.
    pub severity: Severity,
    /// Effective parameters.
    pub params: BTreeMap<String, Node>,
}

/// The rules to run and how.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Rules in id order.
    pub entries: Vec<PlanEntry>,
    /// Profile name.
    pub profile: String,
    /// Tenancy.
    pub tenancy: Tenancy,
    /// Gate threshold from the config, if set.
    pub fail_on: Option<Severity>,
    /// The effective configuration (selection, severities, parameters) as JSON, for reports.
    pub effective: serde_json::Value,
    /// SHA-256 of `effective`.
    pub digest: String,
    /// The config file's path and digest, if one was used.
    pub config: Option<(String, String)>,
}

/// Builds the plan from the rule set, a profile and an optional config.
pub fn plan(rules: &[Arc<Rule>], profile: &Settings, config: Option<&Settings>) -> Plan {
    let tenancy = config.and_then(|c| c.tenancy).or(profile.tenancy).unwrap_or(Tenancy::Multi);
    let mut entries = Vec::new();
    let mut excluded = BTreeSet::new();
    for rule in rules {
        let mut selected = profile.include.as_ref().is_none_or(|s| s.matches(rule)) && !profile.exclude.matches(rule);
        if let Some(c) = config {
            if c.include.as_ref().is_some_and(|s| s.matches(rule)) {
                selected = true;
            }
            if c.exclude.matches(rule) {
                selected = false;
            }
        }
        if !selected {
            excluded.insert(rule.id.clone());
            continue;
        }
        let mut severity = rule.tenancy_severity.get(&tenancy).copied().unwrap_or(rule.severity);
        if let Some(s) = profile.severity.get(&rule.id) {
            severity = *s;
        }
        if let Some(s) = config.and_then(|c| c.severity.get(&rule.id)) {
            severity = *s;
        }
        let mut params = rule.params.clone();
        for layer in [Some(profile), config].into_iter().flatten() {
            if let Some(over) = layer.params.get(&rule.id) {
                for (k, v) in over {
                    let m = merged(params.get(k), v);
                    params.insert(k.clone(), m);
                }
            }
        }
        entries.push(PlanEntry { rule: rule.clone(), severity, params });
    }
    let effective = json!({
        "profile": profile.name,
        "tenancy": tenancy.as_str(),
        "rules": entries.iter().map(|e| json!({
            "id": e.rule.id,
            "severity": e.severity.as_str(),
            "params": e.params.iter().map(|(k, v)| (k.clone(), node_json(v))).collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
        "excluded": excluded,
    });
    let digest = crate::snapshot::sha256_hex(effective.to_string().as_bytes());
    Plan {
        entries,
        profile: profile.name.clone().unwrap_or_default(),
        tenancy,
        fail_on: config.and_then(|c| c.fail_on),
        effective,
        digest,
        config: config.map(|c| (c.path.clone(), c.sha256.clone())),
    }
}

/// A YAML node as JSON (for reports).
pub fn node_json(node: &Node) -> serde_json::Value {
    match &node.kind {
        Kind::Null => serde_json::Value::Null,
        Kind::Bool(b) => json!(b),
        Kind::Int(i) => json!(i),
        Kind::Float(f) => json!(f),
        Kind::Str(s) => json!(s),
        Kind::Seq(items) => serde_json::Value::Array(items.iter().map(node_json).collect()),
        Kind::Map(entries) => {
            serde_json::Value::Object(entries.iter().map(|(k, v)| (k.name.clone(), node_json(v))).collect())
        }
    }
}
