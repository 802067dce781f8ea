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

use crate::facts::tree::{Evidence, Fact, Lookup, Value};
use crate::facts::Facts;
use crate::rules::template::Part;
use crate::rules::{Check, Plan, PlanEntry};

/// Most evidence items kept per finding.
const MAX_EVIDENCE: usize = 16;

/// Evaluates every planned rule against one host's facts.
pub fn evaluate(plan: &Plan, facts: &Facts) -> Vec<Finding> {
    plan.entries.iter().flat_map(|e| evaluate_rule(e, facts)).collect()
}

/// Evaluates one rule.
pub fn evaluate_rule(entry: &PlanEntry, facts: &Facts) -> Vec<Finding> {
    let rule = &entry.rule;
    if let Check::Manual { attest } = &rule.check {
        return vec![finding(entry, facts, Status::Manual, "host".into(), format!("needs an attestation: {attest}"), Vec::new(), Vec::new())];
    }
    let Some(list_path) = &rule.for_each else {
        return vec![one(entry, facts, None)];
    };
    match facts.lookup(list_path) {
        Lookup::Found(Fact { value: Value::List(list), evidence }) => {
            if list.items.is_empty() {
                return vec![match &list.partial {
                    Some(why) => finding(entry, facts, Status::Unknown, "host".into(), format!("{}: no {list_path} seen, but the list may be incomplete ({why})", rule.title), evidence.clone(), vec![why.clone()]),
                    None => finding(entry, facts, Status::NotApplicable, "host".into(), format!("does not apply: the snapshot shows no {list_path}"), evidence.clone(), Vec::new()),
                }];
            }
            list.items.iter().map(|item| one(entry, facts, Some(item))).collect()
        }
        Lookup::Found(Fact { value: Value::Unknown(why), evidence }) => unknown_list(entry, facts, list_path, why, evidence),
        Lookup::Unknown(why, evidence) => unknown_list(entry, facts, list_path, &why, evidence),
        other => {
            let why = format!("`{list_path}` is not a list ({other:?})");
            vec![finding(entry, facts, Status::Error, "host".into(), why.clone(), Vec::new(), vec![why])]
        }
    }
}

fn unknown_list(entry: &PlanEntry, facts: &Facts, list_path: &str, why: &str, evidence: &[Evidence]) -> Vec<Finding> {
    let msg = format!("{}: not enough evidence: {why}", entry.rule.title);
    vec![finding(entry, facts, Status::Unknown, "host".into(), msg, evidence.to_vec(), vec![format!("`{list_path}`: {why}")])]
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
    let mut ctx = eval::Ctx { root: &facts.root, item, each: Vec::new(), params: &entry.params };
    if let Some(cond) = &rule.applies_when {
        let o = eval::eval(cond, &mut ctx);
        if let Some(e) = &o.error {
            return finding(entry, facts, Status::Error, subj, format!("rule could not be evaluated: {e}"), o.evidence, vec![e.clone()]);
        }
        match o.tri {
            Tri::False => {
                let why = o.value.as_deref().map(|v| format!(" ({v})")).unwrap_or_default();
                return finding(entry, facts, Status::NotApplicable, subj, format!("does not apply{why}"), o.evidence, Vec::new());
            }
            Tri::Unknown => {
                let msg = format!("{}: cannot tell whether the rule applies: {}", rule.title, o.missing.join("; "));
                return finding(entry, facts, Status::Unknown, subj, msg, o.evidence, o.missing);
            }
            Tri::True => {}
        }
    }
    let Check::Automated(cond) = &rule.check else { unreachable_manual() };
    let o = eval::eval(cond, &mut ctx);
    if let Some(e) = &o.error {
        return finding(entry, facts, Status::Error, subj, format!("rule could not be evaluated: {e}"), o.evidence, vec![e.clone()]);
    }
    let (status, message) = match o.tri {
        Tri::True => (Status::Pass, rule.pass_message.as_ref().map_or_else(|| rule.title.clone(), |t| render(t, entry, facts, item, Some(&o)))),
        Tri::False => (Status::Fail, render(&rule.message, entry, facts, item, Some(&o))),
        Tri::Unknown => (Status::Unknown, format!("{}: not enough evidence: {}", rule.title, o.missing.join("; "))),
    };
    finding(entry, facts, status, subj, message, o.evidence, o.missing)
}

fn unreachable_manual() -> ! {
    // Manual rules return before reaching here (see `evaluate_rule`).
    panic!("manual rules are handled before evaluation")
}

fn render(t: &crate::rules::template::Template, entry: &PlanEntry, facts: &Facts, item: Option<&Fact>, o: Option<&Outcome>) -> String {
    t.render(|part| match part {
        Part::Value => o.and_then(|o| o.value.clone()).unwrap_or_else(|| "?".into()),
        Part::Expected => o.and_then(|o| o.expected.clone()).unwrap_or_else(|| "?".into()),
        Part::Host => facts.host.clone(),
        Part::Subject => item.and_then(|i| i.str_at("bdf")).unwrap_or("host").to_string(),
        Part::Param(p) => entry.params.get(p).map(|n| crate::rules::profile::node_json(n).to_string()).unwrap_or_default(),
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

fn finding(entry: &PlanEntry, _facts: &Facts, status: Status, subject: String, message: String, evidence: Vec<Evidence>, missing: Vec<String>) -> Finding {
    let rule = &entry.rule;
    let mut seen = BTreeSet::new();
    let evidence: Vec<Evidence> = evidence.into_iter().filter(|e| seen.insert(e.clone())).take(MAX_EVIDENCE).collect();
    let mut seen = BTreeSet::new();
    let missing: Vec<String> = missing.into_iter().filter(|m| seen.insert(m.clone())).collect();
    Finding {
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        title: rule.title.clone(),
        topic: rule.topic.clone(),
        severity: entry.severity,
        status,
        subject,
        message: crate::diag::one_line(&message),
        evidence,
        missing,
        remediation: rule.remediation.clone(),
        controls: rule.controls.clone(),
        exception: None,
    }
}
