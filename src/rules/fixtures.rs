//! Rule tests: mini-snapshots with expected verdicts (`rules/tests/<RULE-ID>.yaml`).
//!
//! ```yaml
//! rule: PF-IOMMU-001
//! cases:
//!   - name: dmar-enabled
//!     expect: pass                       # every finding of the rule has this status
//!     files:                             # the snapshot, file by file
//!       proc/cmdline: "BOOT_IMAGE=/vmlinuz intel_iommu=on"
//!       sys/kernel/iommu_groups/0/devices/0000:00:00.0: ""
//!   - name: one-gpu-bad
//!     expect: { "0000:1b:00.0": fail, "0000:43:00.0": pass }   # by subject
//!     params: { min_aperture: { "10de:2335": 256GiB } }        # optional overrides
//!     files: { … }
//! ```
//! `gpu-preflight rules test` runs every case; `cargo test` runs them for the built-in pack.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::Sink;
use crate::engine::{self, Status};
use crate::rules::{PlanEntry, RuleSet};
use crate::snapshot::tree::MemTree;
use crate::snapshot::{Format, Limits, Snapshot};
use crate::yaml::{self, Fields, Kind};

/// The result of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseResult {
    /// Rule id.
    pub rule: String,
    /// Case name.
    pub case: String,
    /// Passed.
    pub ok: bool,
    /// What went wrong.
    pub detail: String,
    /// The file holding the case.
    pub file: String,
}

fn status_of(name: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|s| s.as_str() == name)
}

/// Runs every fixture of the set (only one rule's with `only`).
pub fn run_all(set: &RuleSet, only: Option<&str>) -> Vec<CaseResult> {
    let mut out = Vec::new();
    for (path, text) in &set.fixtures {
        out.extend(run_file(set, path, text, only));
    }
    out
}

/// Runs the cases of one fixture file.
pub fn run_file(set: &RuleSet, path: &str, text: &str, only: Option<&str>) -> Vec<CaseResult> {
    let fail = |rule: &str, case: &str, detail: String| CaseResult {
        rule: rule.into(),
        case: case.into(),
        ok: false,
        detail,
        file: path.into(),
    };
    let node = match yaml::parse(path, text) {
        Ok(n) => n,
        Err(d) => return vec![fail("?", "?", d.headline())],
    };
    let mut sink = Sink::new(path, text);
    let Some(mut f) = Fields::new(&node, "rule test file", &mut sink) else {
        return vec![fail("?", "?", sink.diagnostics[0].headline())];
    };
    let rule_id = f.require_str("rule", &mut sink).map(|(s, _)| s.to_string()).unwrap_or_default();
    let cases = f.require("cases", &mut sink);
    f.finish(&mut sink);
    if let Some(d) = sink.diagnostics.first() {
        return vec![fail(&rule_id, "?", d.headline())];
    }
    if only.is_some_and(|o| o != rule_id) {
        return Vec::new();
    }
    let Some(rule) = set.get(&rule_id) else {
        return vec![fail(&rule_id, "?", format!("{path}: no rule `{rule_id}`"))];
    };
    let Some(Kind::Seq(cases)) = cases.map(|c| &c.kind) else {
        return vec![fail(&rule_id, "?", format!("{path}: `cases` must be a list"))];
    };
    let mut results = Vec::new();
    for case in cases {
        let mut sink = Sink::new(path, text);
        let Some(mut cf) = Fields::new(case, "case", &mut sink) else {
            results.push(fail(&rule_id, "?", sink.diagnostics[0].headline()));
            continue;
        };
        let name = cf.require_str("name", &mut sink).map(|(s, _)| s.to_string()).unwrap_or_else(|| "?".into());
        let expect = cf.require("expect", &mut sink);
        let files = cf.require("files", &mut sink);
        let params = cf.get("params");
        cf.finish(&mut sink);
        if let Some(d) = sink.diagnostics.first() {
            results.push(fail(&rule_id, &name, d.headline()));
            continue;
        }
        let mut tree = MemTree::default();
        if let Some(Kind::Map(entries)) = files.map(|n| &n.kind) {
            for (k, v) in entries {
                let content = v.scalar_text().unwrap_or_default();
                tree.add_file(&k.name, content);
            }
        } else {
            results.push(fail(&rule_id, &name, format!("{path}: `files` must map paths to contents")));
            continue;
        }
        let snap = match Snapshot::from_tree(&tree, format!("{path}#{name}"), Format::Directory, &Limits::default()) {
            Ok(s) => s,
            Err(e) => {
                results.push(fail(&rule_id, &name, e.to_string()));
                continue;
            }
        };
        let mut entry = PlanEntry { rule: Arc::clone(rule), severity: rule.severity, params: rule.params.clone() };
        if let Some(Kind::Map(over)) = params.map(|p| &p.kind) {
            for (k, v) in over {
                entry.params.insert(k.name.clone(), v.clone());
            }
        }
        let facts = crate::facts::extract(&snap);
        let findings = engine::evaluate_rule(&entry, &facts);
        let got: BTreeMap<String, Status> = findings.iter().map(|f| (f.subject.clone(), f.status)).collect();
        let detail = match expect.map(|e| &e.kind) {
            Some(Kind::Str(s)) => match status_of(s) {
                Some(want) if !findings.is_empty() && findings.iter().all(|f| f.status == want) => None,
                Some(want) => Some(format!("expected every finding {want}, got {}", describe(&findings))),
                None => Some(format!("unknown status `{s}`")),
            },
            Some(Kind::Map(entries)) => {
                let mut want = BTreeMap::new();
                let mut bad = None;
                for (k, v) in entries {
                    match v.as_str().and_then(status_of) {
                        Some(s) => {
                            want.insert(k.name.clone(), s);
                        }
                        None => bad = Some(format!("unknown status for `{}`", k.name)),
                    }
                }
                bad.or_else(|| (want != got).then(|| format!("expected {want:?}, got {}", describe(&findings))))
            }
            _ => Some("`expect` must be a status or a map of subject to status".into()),
        };
        results.push(CaseResult {
            rule: rule_id.clone(),
            case: name,
            ok: detail.is_none(),
            detail: detail.unwrap_or_default(),
            file: path.into(),
        });
    }
    results
}

fn describe(findings: &[engine::Finding]) -> String {
    if findings.is_empty() {
        return "no findings".into();
    }
    findings.iter().map(|f| format!("{}={} ({})", f.subject, f.status, f.message)).collect::<Vec<_>>().join("; ")
}
