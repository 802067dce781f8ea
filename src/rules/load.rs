//! Rule files: raw YAML → validated [`Rule`], every problem reported at once.

use std::collections::BTreeMap;

use crate::diag::{Code, Diagnostic, Pos, Sink};
use crate::facts::catalog::{self, FactType};
use crate::yaml::{self, Fields, Kind, Node};

use super::cond::{self, Env};
use super::controls;
use super::model::{Check, FRAMEWORKS, Origin, Rule, Severity, TOPICS, Tenancy};
use super::template;

/// Prefixes that name a remedy instead of the violation (STYLE: ruff's naming convention).
const REMEDY_PREFIXES: &[&str] = &["use-", "prefer-", "avoid-", "disallow-", "enable-", "ensure-", "require-", "set-"];

/// Validates one rule file. `stem` is the file name without `.yaml`.
pub fn rule(path: &str, stem: &str, text: &str, builtin: bool) -> Result<Rule, Vec<Diagnostic>> {
    let node = yaml::parse(path, text).map_err(|d| vec![d])?;
    let mut sink = Sink::new(path, text);
    let rule = validate(&node, path, stem, text, builtin, &mut sink);
    match rule {
        Some(r) if sink.is_clean() => Ok(r),
        _ => {
            if sink.diagnostics.is_empty() {
                sink.error(Pos::default(), Code::WrongType, "rule could not be read");
            }
            Err(sink.diagnostics)
        }
    }
}

fn nonempty(f: &mut Fields<'_>, key: &'static str, sink: &mut Sink<'_>) -> Option<String> {
    let (s, pos) = f.require_str(key, sink)?;
    if s.trim().is_empty() {
        sink.error(pos, Code::BadValue, format!("`{key}` must not be empty"));
        return None;
    }
    Some(s.trim().to_string())
}

#[allow(clippy::too_many_lines)]
fn validate(node: &Node, path: &str, stem: &str, text: &str, builtin: bool, sink: &mut Sink<'_>) -> Option<Rule> {
    let mut f = Fields::new(node, "rule", sink)?;
    let id = f.require_str("id", sink).map(|(s, pos)| {
        if s != stem {
            sink.error(pos, Code::IdMismatch, format!("rule id `{s}` must equal the file name `{stem}.yaml`"));
        }
        if !valid_id(s) {
            sink.error(
                pos,
                Code::BadValue,
                format!("rule id `{s}` must look like PF-AREA-001 or SITE-AREA-001 (upper case, digits, dashes)"),
            );
        }
        s.to_string()
    });
    let name = f.require_str("name", sink).map(|(s, pos)| {
        if !s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') || s.starts_with('-') {
            sink.error(pos, Code::BadName, format!("rule name `{s}` must be kebab-case"));
        }
        if let Some(p) = REMEDY_PREFIXES.iter().find(|p| s.starts_with(*p)) {
            sink.error(
                pos,
                Code::BadName,
                format!("rule name `{s}` names the remedy (`{p}`); name the violation, e.g. `iommu-disabled`"),
            );
        }
        s.to_string()
    });
    let title = nonempty(&mut f, "title", sink);
    let topic = f.require_str("topic", sink).and_then(|(s, pos)| {
        if TOPICS.contains(&s) {
            Some(s.to_string())
        } else {
            let hint = crate::diag::suggest(s, TOPICS.iter().copied())
                .map(|x| format!(" (did you mean `{x}`?)"))
                .unwrap_or_default();
            sink.error(pos, Code::BadValue, format!("unknown topic `{s}`{hint}"));
            None
        }
    });
    let severity = f.require_str("severity", sink).and_then(|(s, pos)| parse_severity(s, pos, sink));
    let mut tenancy_severity = BTreeMap::new();
    if let Some(n) = f.get("tenancy_severity")
        && let Some(mut tf) = Fields::new(n, "tenancy_severity", sink)
    {
        for t in [Tenancy::Single, Tenancy::Multi] {
            if let Some((s, pos)) = tf.opt_str(t.as_str(), sink)
                && let Some(sev) = parse_severity(s, pos, sink)
            {
                tenancy_severity.insert(t, sev);
            }
        }
        tf.finish(sink);
    }
    let controls = f.require("controls", sink).map(|n| controls_map(n, sink)).unwrap_or_default();
    let description = nonempty(&mut f, "description", sink);
    let remediation = nonempty(&mut f, "remediation", sink);
    let references: Vec<String> = f.opt_str_list("references", sink).into_iter().map(|(s, _)| s).collect();
    if references.is_empty() {
        sink.error(
            f.pos(),
            Code::MissingKey,
            "rule is missing `references` (at least one vendor or standard document)",
        );
    }

    let params_node = f.get("params");
    let mut params = BTreeMap::new();
    if let Some(n) = params_node {
        match &n.kind {
            Kind::Map(entries) => {
                for (k, v) in entries {
                    params.insert(k.name.clone(), v.clone());
                }
            }
            _ => sink.error(n.pos, Code::WrongType, "`params` must be a mapping of name to default value"),
        }
    }
    let param_names: Vec<String> = params.keys().cloned().collect();

    let for_each = f.opt_str("for_each", sink).and_then(|(s, pos)| match catalog::find(s) {
        Some(spec) if spec.ty == FactType::List && !s.contains('[') => Some(s.to_string()),
        Some(spec) => {
            sink.error(
                pos,
                Code::OperatorType,
                format!("`for_each` needs a top-level list fact; `{s}` is a {}", spec.ty.as_str()),
            );
            None
        }
        None => {
            let lists = catalog::CATALOG
                .iter()
                .filter(|c| c.ty == FactType::List && !c.path.contains('['))
                .map(|c| c.path.as_str());
            let hint = crate::diag::suggest(s, lists).map(|x| format!(" (did you mean `{x}`?)")).unwrap_or_default();
            sink.error(pos, Code::UnknownFact, format!("unknown list `{s}` in `for_each`{hint}"));
            None
        }
    });
    let mut env = Env { item: for_each.clone(), params: &param_names, each: Vec::new() };
    let subject = f.opt_str("subject", sink).map(|(s, pos)| template::parse(s, pos, &env, sink));
    let applies_when = f.get("applies_when").and_then(|n| cond::parse(n, &mut env, sink));
    let manual = f.opt_str("manual", sink).map(|(s, _)| s.to_string());
    let check = match (f.get("check"), manual) {
        (Some(n), None) => cond::parse(n, &mut env, sink).map(Check::Automated),
        (None, Some(attest)) => Some(Check::Manual { attest }),
        (Some(n), Some(_)) => {
            sink.error(n.pos, Code::BadValue, "a rule has either `check` or `manual`, not both");
            None
        }
        (None, None) => {
            sink.error(
                f.pos(),
                Code::MissingKey,
                "rule is missing `check` (or `manual` for what only a person can attest)",
            );
            None
        }
    };
    let message = f.require_str("message", sink).map(|(s, pos)| template::parse(s, pos, &env, sink));
    let pass_message = f.opt_str("pass_message", sink).map(|(s, pos)| template::parse(s, pos, &env, sink));
    f.finish(sink);

    // Parameter defaults must convert to the type each use expects.
    if let Some(Check::Automated(c)) = &check {
        check_params(c, &params, sink);
    }
    if let Some(c) = &applies_when {
        check_params(c, &params, sink);
    }

    Some(Rule {
        id: id?,
        name: name?,
        title: title?,
        topic: topic?,
        severity: severity?,
        tenancy_severity,
        controls,
        description: description?,
        remediation: remediation?,
        references,
        for_each,
        subject,
        applies_when,
        check: check?,
        message: message?,
        pass_message,
        params,
        origin: Origin { path: path.to_string(), builtin, sha256: crate::snapshot::sha256_hex(text.as_bytes()) },
    })
}

/// `PREFIX-AREA-NNN`: the built-in pack uses `PF-`; a site uses its own prefix (`ACME-DRV-001`)
/// so its rules never collide with future built-in ones.
fn valid_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() >= 3
        && id.len() <= 32
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
        && parts[0].starts_with(|c: char| c.is_ascii_uppercase())
}

fn parse_severity(s: &str, pos: Pos, sink: &mut Sink<'_>) -> Option<Severity> {
    let sev = Severity::parse(s);
    if sev.is_none() {
        sink.error(pos, Code::BadValue, format!("unknown severity `{s}`; one of info, low, medium, high, critical"));
    }
    sev
}

fn controls_map(node: &Node, sink: &mut Sink<'_>) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let Kind::Map(entries) = &node.kind else {
        sink.error(node.pos, Code::WrongType, "`controls` must map frameworks to control ids");
        return out;
    };
    for (k, v) in entries {
        if !FRAMEWORKS.contains(&k.name.as_str()) {
            sink.error(
                k.pos,
                Code::BadValue,
                format!("unknown framework `{}`; one of {}", k.name, FRAMEWORKS.join(", ")),
            );
            continue;
        }
        let ids = yaml::str_list(v, &k.name, sink);
        for (id, pos) in &ids {
            if controls::title(&k.name, id).is_none() {
                sink.error(
                    *pos,
                    Code::BadValue,
                    format!("unknown {} control `{id}`; see src/rules/controls.rs", k.name),
                );
            }
        }
        out.insert(k.name.clone(), ids.into_iter().map(|(s, _)| s).collect());
    }
    out
}

/// Checks that parameter values convert to the types their uses expect.
pub fn check_params(c: &cond::Cond, params: &BTreeMap<String, Node>, sink: &mut Sink<'_>) {
    use cond::{Cond, Op, Operand};
    let mut operands: Vec<&Operand> = Vec::new();
    fn walk<'a>(c: &'a Cond, out: &mut Vec<&'a Operand>) {
        match c {
            Cond::And(v) | Cond::Or(v) => v.iter().for_each(|x| walk(x, out)),
            Cond::Not(x) => walk(x, out),
            Cond::Quant { cond, .. } => walk(cond, out),
            Cond::Count { filter, arg, .. } => {
                out.push(arg);
                if let Some(f) = filter {
                    walk(f, out);
                }
            }
            Cond::Leaf { op, .. } => match op {
                Op::Eq(o)
                | Op::Ne(o)
                | Op::In(o)
                | Op::NotIn(o)
                | Op::Gt(o)
                | Op::Gte(o)
                | Op::Lt(o)
                | Op::Lte(o)
                | Op::Contains(o)
                | Op::NotContains(o) => out.push(o),
                _ => {}
            },
        }
    }
    walk(c, &mut operands);
    for o in operands {
        if let Operand::Param { name, ty, .. } = o
            && let Some(value) = params.get(name)
        {
            for leaf in param_leaves(value) {
                if let Err((code, msg)) = cond::convert(leaf, *ty) {
                    sink.error(leaf.pos, code, format!("parameter `{name}`: {msg}"));
                }
            }
        }
    }
}

/// The scalar values inside a parameter (itself, list items, or map values).
pub fn param_leaves(node: &Node) -> Vec<&Node> {
    match &node.kind {
        Kind::Seq(items) => items.iter().collect(),
        Kind::Map(entries) => entries.iter().map(|(_, v)| v).collect(),
        _ => vec![node],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id: PF-TEST-001
name: iommu-disabled
title: The IOMMU is enabled
topic: iommu-enabled
severity: critical
controls: { pci-dss-4.0.1: ["2.2.3"], nist-800-53r5: [SC-3] }
description: Without DMA remapping a device can write anywhere.
remediation: Enable VT-d.
references: [https://docs.kernel.org/]
check: { fact: iommu.enabled, eq: true }
message: "the IOMMU is off"
"#;

    #[test]
    fn valid_rule_loads() {
        let r = rule("rules/PF-TEST-001.yaml", "PF-TEST-001", GOOD, true).expect("loads");
        assert_eq!(r.severity, Severity::Critical);
        assert_eq!(r.controls["pci-dss-4.0.1"], vec!["2.2.3".to_string()]);
    }

    #[test]
    fn all_errors_at_once() {
        let bad = GOOD
            .replace("name: iommu-disabled", "name: enable-iommu")
            .replace("topic: iommu-enabled", "topic: iommu-enabeld")
            .replace("severity: critical", "severity: urgent")
            .replace("eq: true", "eqq: true")
            .replace("SC-3", "SC-333")
            + "colour: red\n";
        let errs = rule("rules/PF-TEST-002.yaml", "PF-TEST-002", &bad, true).expect_err("invalid");
        let codes: Vec<&str> = errs.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.contains(&"id-mismatch"), "{codes:?}");
        assert!(codes.contains(&"bad-name"), "{codes:?}");
        assert!(codes.contains(&"unknown-operator"), "{codes:?}");
        assert!(codes.contains(&"unknown-key"), "{codes:?}");
        assert!(errs.iter().any(|d| d.message.contains("did you mean `iommu-enabled`")));
        assert!(errs.iter().any(|d| d.message.contains("urgent")));
        assert!(errs.iter().any(|d| d.message.contains("SC-333")));
        assert!(errs.len() >= 7, "{errs:#?}");
    }

    #[test]
    fn param_defaults_are_typed() {
        let text = GOOD
            .replace("check: { fact: iommu.enabled, eq: true }", "for_each: gpus\nparams: { min: { \"10de:2335\": huge } }\ncheck: { fact: item.aperture.size, gte: { param: min, key: item.pci_id } }");
        let errs = rule("r.yaml", "PF-TEST-001", &text, true).expect_err("bad param");
        assert!(errs[0].headline().contains("error[bad-size]: parameter `min`"), "{}", errs[0].headline());
    }
}
