//! `diff OLD NEW`: drift between two scans of the same host(s).
//!
//! Findings are matched by host, rule and subject: a problem (fail, error, unknown) that was not
//! one before is *new*, one that is gone is *fixed*, and any other change of status is *changed*.
//! When both sides are snapshots the facts are compared too, flattened to dotted paths (list
//! items keyed by their `bdf` or `name`, so a reordered list is not a change). A single host on
//! each side is compared even when its name changed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::engine::Status;
use crate::facts::{Fact, Value};
use crate::report::{HostReport, Report};

/// One side of a comparison: a report, and per host its flattened facts when it was a snapshot.
#[derive(Debug)]
pub struct Side {
    /// The evaluated report.
    pub report: Report,
    /// Host → fact path → value, when the side was scanned from snapshots.
    pub facts: Option<BTreeMap<String, BTreeMap<String, String>>>,
}

/// A fact that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactChange {
    /// Host (the new side's name).
    pub host: String,
    /// Dotted path.
    pub path: String,
    /// Before (absent when the fact is new).
    pub old: Option<String>,
    /// After (absent when the fact is gone).
    pub new: Option<String>,
}

/// A finding that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingChange {
    /// Host.
    pub host: String,
    /// Rule id.
    pub rule_id: String,
    /// Subject.
    pub subject: String,
    /// Severity (the new side's when present).
    pub severity: String,
    /// Status before (absent: the rule did not report this subject).
    pub old: Option<String>,
    /// Status after.
    pub new: Option<String>,
    /// The message of the side that has the problem.
    pub message: String,
}

/// The comparison.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diff {
    /// Whether facts were compared (both sides were snapshots).
    pub facts_compared: bool,
    /// Changed facts.
    pub facts: Vec<FactChange>,
    /// New problems.
    pub new: Vec<FindingChange>,
    /// Fixed problems.
    pub fixed: Vec<FindingChange>,
    /// Other status changes.
    pub changed: Vec<FindingChange>,
    /// Hosts only on the old side.
    pub hosts_removed: Vec<String>,
    /// Hosts only on the new side.
    pub hosts_added: Vec<String>,
}

fn is_problem(s: Status) -> bool {
    matches!(s, Status::Fail | Status::Error | Status::Unknown)
}

/// Flattens a fact tree to dotted paths and displayed values.
pub fn flatten(fact: &Fact) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    walk(fact, String::new(), &mut out);
    out
}

fn walk(fact: &Fact, path: String, out: &mut BTreeMap<String, String>) {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match &fact.value {
        Value::Map(m) => {
            for (k, v) in &m.entries {
                walk(v, join(k), out);
            }
        }
        Value::List(l) => {
            out.insert(join("len"), l.items.len().to_string());
            for (i, item) in l.items.iter().enumerate() {
                let key =
                    item.str_at("bdf").or_else(|| item.str_at("name")).map_or_else(|| i.to_string(), str::to_string);
                walk(item, format!("{path}[{key}]"), out);
            }
        }
        _ => {
            out.insert(path, fact.display());
        }
    }
}

/// Pairs hosts by name; one host on each side pairs whatever the names.
fn pairs<'a>(old: &'a Report, new: &'a Report) -> (Vec<(&'a HostReport, &'a HostReport)>, Vec<String>, Vec<String>) {
    if old.hosts.len() == 1 && new.hosts.len() == 1 {
        return (vec![(&old.hosts[0], &new.hosts[0])], Vec::new(), Vec::new());
    }
    let by_name: BTreeMap<&str, &HostReport> = old.hosts.iter().map(|h| (h.host.as_str(), h)).collect();
    let new_names: BTreeSet<&str> = new.hosts.iter().map(|h| h.host.as_str()).collect();
    let paired = new.hosts.iter().filter_map(|n| by_name.get(n.host.as_str()).map(|o| (*o, n))).collect();
    let removed = old.hosts.iter().filter(|h| !new_names.contains(h.host.as_str())).map(|h| h.host.clone()).collect();
    let added = new.hosts.iter().filter(|h| !by_name.contains_key(h.host.as_str())).map(|h| h.host.clone()).collect();
    (paired, removed, added)
}

/// Compares two sides.
pub fn diff(old: &Side, new: &Side) -> Diff {
    let (paired, hosts_removed, hosts_added) = pairs(&old.report, &new.report);
    let mut d = Diff { hosts_removed, hosts_added, ..Diff::default() };
    for (o, n) in paired {
        let key = |h: &HostReport| -> BTreeMap<(String, String), (Status, String, String)> {
            h.findings
                .iter()
                .map(|f| {
                    ((f.rule_id.clone(), f.subject.clone()), (f.status, f.severity.to_string(), f.message.clone()))
                })
                .collect()
        };
        let (before, after) = (key(o), key(n));
        let keys: BTreeSet<&(String, String)> = before.keys().chain(after.keys()).collect();
        for k in keys {
            let b = before.get(k);
            let a = after.get(k);
            let change = |message: &str| FindingChange {
                host: n.host.clone(),
                rule_id: k.0.clone(),
                subject: k.1.clone(),
                severity: a.or(b).map(|x| x.1.clone()).unwrap_or_default(),
                old: b.map(|x| x.0.as_str().to_string()),
                new: a.map(|x| x.0.as_str().to_string()),
                message: message.to_string(),
            };
            let was = b.is_some_and(|x| is_problem(x.0));
            let is = a.is_some_and(|x| is_problem(x.0));
            match (was, is) {
                (false, true) => d.new.push(change(&a.map(|x| x.2.clone()).unwrap_or_default())),
                (true, false) => d.fixed.push(change(&b.map(|x| x.2.clone()).unwrap_or_default())),
                _ if b.map(|x| x.0) != a.map(|x| x.0) => {
                    d.changed.push(change(&a.or(b).map(|x| x.2.clone()).unwrap_or_default()));
                }
                _ => {}
            }
        }
        if let (Some(of), Some(nf)) = (&old.facts, &new.facts)
            && let (Some(before), Some(after)) = (of.get(&o.host), nf.get(&n.host))
        {
            d.facts_compared = true;
            let paths: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
            for p in paths {
                let (b, a) = (before.get(p), after.get(p));
                if b != a && !p.starts_with("host.name") {
                    d.facts.push(FactChange {
                        host: n.host.clone(),
                        path: p.clone(),
                        old: b.cloned(),
                        new: a.cloned(),
                    });
                }
            }
        }
    }
    d
}
