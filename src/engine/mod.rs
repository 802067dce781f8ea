//! The engine: rules × facts → findings. Pure: no I/O, no printing, no global state, so
//! snapshots can be evaluated in parallel and every result is reproducible.
//!
//! For each planned rule: `for_each` expands to one evaluation per item (an empty list is
//! `not_applicable`, an unknown list is one `unknown`); `applies_when` that is false gives
//! `not_applicable`, unknown gives `unknown`; then the check's [`Tri`] becomes pass, fail or
//! unknown. Manual rules report `manual`. A rule that breaks reports `error`.

pub mod eval;
pub mod finding;
pub mod semantics;

use std::collections::BTreeSet;

pub use eval::{Outcome, Tri};
pub use finding::{Exception, Finding, Status};

use crate::facts::Facts;
use crate::facts::tree::{Evidence, Fact, Lookup, Value};
use crate::rules::template::Part;
use crate::rules::{Check, Plan, PlanEntry};

/// Most evidence items kept per finding.
const MAX_EVIDENCE: usize = 16;

/// Evaluates every planned rule against one host's facts.
pub fn evaluate(plan: &Plan, facts: &Facts) -> Vec<Finding> {
    plan.entries.iter().flat_map(|e| evaluate_rule(e, facts)).collect()
}

/// A verdict before it becomes a [`Finding`].
struct Verdict {
    status: Status,
    subject: String,
    message: String,
    evidence: Vec<Evidence>,
    missing: Vec<String>,
}

impl Verdict {
    fn new(status: Status, subject: impl Into<String>, message: String) -> Self {
        Self { status, subject: subject.into(), message, evidence: Vec::new(), missing: Vec::new() }
    }
    fn evidence(mut self, evidence: Vec<Evidence>) -> Self {
        self.evidence = evidence;
        self
    }
    fn missing(mut self, missing: Vec<String>) -> Self {
        self.missing = missing;
        self
    }
}

/// Evaluates one rule.
pub fn evaluate_rule(entry: &PlanEntry, facts: &Facts) -> Vec<Finding> {
    let rule = &entry.rule;
    if let Check::Manual { attest } = &rule.check {
        return vec![finding(entry, Verdict::new(Status::Manual, "host", format!("needs an attestation: {attest}")))];
    }
    let Some(list_path) = &rule.for_each else {
        return vec![one(entry, facts, None)];
    };
    match facts.lookup(list_path) {
        Lookup::Found(Fact { value: Value::List(list), evidence }) => {
            if list.items.is_empty() {
                if list.partial.is_some()
                    && let Some(not_applicable) = host_level_not_applicable(entry, facts)
                {
                    return vec![not_applicable];
                }
                let v = match &list.partial {
                    Some(why) => Verdict::new(
                        Status::Unknown,
                        "host",
                        format!("{}: no {list_path} seen, but the list may be incomplete ({why})", rule.title),
                    )
                    .missing(vec![why.clone()]),
                    None => Verdict::new(
                        Status::NotApplicable,
                        "host",
                        format!("does not apply: the snapshot shows no {list_path}"),
                    ),
                };
                return vec![finding(entry, v.evidence(evidence.clone()))];
            }
            list.items.iter().map(|item| one(entry, facts, Some(item))).collect()
        }
        Lookup::Found(Fact { value: Value::Unknown(why), evidence }) => host_level_not_applicable(entry, facts)
            .map_or_else(|| unknown_list(entry, list_path, why, evidence), |f| vec![f]),
        Lookup::Unknown(why, evidence) => host_level_not_applicable(entry, facts)
            .map_or_else(|| unknown_list(entry, list_path, &why, evidence), |f| vec![f]),
        other => {
            let why = format!("`{list_path}` is not a list ({other:?})");
            vec![finding(entry, Verdict::new(Status::Error, "host", why.clone()).missing(vec![why]))]
        }
    }
}

/// A `for_each` rule whose list could not be read does not apply when its `applies_when` is false
/// without looking at any item (a guest, a bare-metal host): the list would not matter.
fn host_level_not_applicable(entry: &PlanEntry, facts: &Facts) -> Option<Finding> {
    let applies = entry.rule.applies_when.as_ref()?;
    let mut ctx = eval::Ctx { root: &facts.root, item: None, each: Vec::new(), params: &entry.params };
    for conjunct in crate::rules::cond::host_conjuncts(applies) {
        let o = eval::eval(conjunct, &mut ctx);
        if o.error.is_none() && o.tri == Tri::False {
            let why = o.value.as_deref().map(|v| format!(" ({v})")).unwrap_or_default();
            let v = Verdict::new(Status::NotApplicable, "host", format!("does not apply{why}"));
            return Some(finding(entry, v.evidence(o.evidence)));
        }
    }
    None
}

fn unknown_list(entry: &PlanEntry, list_path: &str, why: &str, evidence: &[Evidence]) -> Vec<Finding> {
    let msg = format!("{}: not enough evidence: {why}", entry.rule.title);
    let v = Verdict::new(Status::Unknown, "host", msg)
        .evidence(evidence.to_vec())
        .missing(vec![format!("`{list_path}`: {why}")]);
    vec![finding(entry, v)]
}

fn subject(entry: &PlanEntry, facts: &Facts, item: Option<&Fact>) -> String {
    let Some(item) = item else { return "host".into() };
    if let Some(t) = &entry.rule.subject {
        return render(t, entry, facts, Some(item), None);
    }
    item.str_at("bdf").or_else(|| item.str_at("name")).unwrap_or("item").to_string()
}

fn one(entry: &PlanEntry, facts: &Facts, item: Option<&Fact>) -> Finding {
    let rule = &entry.rule;
    let subj = subject(entry, facts, item);
    let cond = match &rule.check {
        Check::Automated(c) => c,
        Check::Manual { attest } => {
            return finding(entry, Verdict::new(Status::Manual, subj, format!("needs an attestation: {attest}")));
        }
    };
    let mut ctx = eval::Ctx { root: &facts.root, item, each: Vec::new(), params: &entry.params };
    if let Some(applies) = &rule.applies_when {
        let o = eval::eval(applies, &mut ctx);
        if let Some(e) = &o.error {
            let v = Verdict::new(Status::Error, subj, format!("rule could not be evaluated: {e}"));
            return finding(entry, v.evidence(o.evidence).missing(vec![e.clone()]));
        }
        match o.tri {
            Tri::False => {
                let why = o.value.as_deref().map(|v| format!(" ({v})")).unwrap_or_default();
                let v = Verdict::new(Status::NotApplicable, subj, format!("does not apply{why}"));
                return finding(entry, v.evidence(o.evidence));
            }
            Tri::Unknown => {
                let msg = format!("{}: cannot tell whether the rule applies: {}", rule.title, o.missing.join("; "));
                return finding(
                    entry,
                    Verdict::new(Status::Unknown, subj, msg).evidence(o.evidence).missing(o.missing),
                );
            }
            Tri::True => {}
        }
    }
    let o = eval::eval(cond, &mut ctx);
    if let Some(e) = &o.error {
        let v = Verdict::new(Status::Error, subj, format!("rule could not be evaluated: {e}"));
        return finding(entry, v.evidence(o.evidence).missing(vec![e.clone()]));
    }
    let (status, message) = match o.tri {
        Tri::True => (
            Status::Pass,
            rule.pass_message.as_ref().map_or_else(|| rule.title.clone(), |t| render(t, entry, facts, item, Some(&o))),
        ),
        Tri::False => (Status::Fail, render(&rule.message, entry, facts, item, Some(&o))),
        Tri::Unknown => (Status::Unknown, format!("{}: not enough evidence: {}", rule.title, o.missing.join("; "))),
    };
    finding(entry, Verdict::new(status, subj, message).evidence(o.evidence).missing(o.missing))
}

fn render(
    t: &crate::rules::template::Template,
    entry: &PlanEntry,
    facts: &Facts,
    item: Option<&Fact>,
    o: Option<&Outcome>,
) -> String {
    t.render(|part| match part {
        Part::Value => o.and_then(|o| o.value.clone()).unwrap_or_else(|| "?".into()),
        Part::Expected => o.and_then(|o| o.expected.clone()).unwrap_or_else(|| "?".into()),
        Part::Host => facts.host.clone(),
        Part::Subject => item.and_then(|i| i.str_at("bdf")).unwrap_or("host").to_string(),
        Part::Param(p) => entry
            .params
            .get(p)
            .map(|n| match crate::rules::profile::node_json(n) {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            })
            .unwrap_or_default(),
        Part::Fact(path) => {
            let ctx = eval::Ctx { root: &facts.root, item, each: Vec::new(), params: &entry.params };
            match ctx.lookup(path) {
                Lookup::Found(f) => f.display(),
                Lookup::Absent(_) => "none".into(),
                Lookup::Unknown(..) => "unknown".into(),
            }
        }
        Part::Text(t) => t.clone(),
    })
}

fn finding(entry: &PlanEntry, v: Verdict) -> Finding {
    let rule = &entry.rule;
    let mut seen = BTreeSet::new();
    let evidence: Vec<Evidence> =
        v.evidence.into_iter().filter(|e| seen.insert(e.clone())).take(MAX_EVIDENCE).collect();
    let mut seen = BTreeSet::new();
    let missing: Vec<String> = v.missing.into_iter().filter(|m| seen.insert(m.clone())).collect();
    Finding {
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        title: rule.title.clone(),
        topic: rule.topic.clone(),
        severity: entry.severity,
        status: v.status,
        subject: v.subject,
        message: crate::diag::one_line(&v.message),
        evidence,
        missing,
        remediation: rule.remediation.clone(),
        controls: rule.controls.clone(),
        exception: None,
        in_baseline: false,
    }
}
