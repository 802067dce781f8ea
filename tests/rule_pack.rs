//! The built-in rule pack: every rule loads, is tested, and its fixtures pass.

use std::collections::BTreeMap;

use gpu_preflight::rules::{RuleSet, fixtures};

#[test]
fn builtin_pack_loads() {
    let set = RuleSet::builtin().unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(set.rules.len() >= 8, "starter set has at least 8 rules");
    let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "rules are unique and sorted by id");
    insta::assert_snapshot!(
        set.rules
            .iter()
            .map(|r| format!("{} {} [{}] {}", r.id, r.name, r.topic, r.severity))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_rule_fixture_passes() {
    let set = RuleSet::builtin().unwrap_or_else(|d| panic!("{}", d.render()));
    let results = fixtures::run_all(&set, None);
    let failed: Vec<String> =
        results.iter().filter(|r| !r.ok).map(|r| format!("{} {}: {}", r.rule, r.case, r.detail)).collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn every_automated_rule_has_pass_fail_and_unknown_cases() {
    let set = RuleSet::builtin().unwrap_or_else(|d| panic!("{}", d.render()));
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, text) in &set.fixtures {
        let rule = text.lines().find_map(|l| l.strip_prefix("rule: ")).unwrap_or_default().trim().to_string();
        assert!(path.ends_with(&format!("{rule}.yaml")), "{path} must be named after its rule");
        // The statuses each case expects, read from the fixture text.
        for line in text.lines().filter(|l| l.trim_start().starts_with("expect:")) {
            for status in ["pass", "fail", "unknown", "not_applicable", "manual"] {
                if line.contains(status) {
                    seen.entry(rule.clone()).or_default().push(status.to_string());
                }
            }
        }
    }
    for rule in &set.rules {
        if matches!(rule.check, gpu_preflight::rules::Check::Manual { .. }) {
            continue;
        }
        let statuses = seen.get(&rule.id).cloned().unwrap_or_default();
        for want in ["pass", "fail", "unknown"] {
            assert!(
                statuses.iter().any(|s| s == want),
                "{} has no `{want}` fixture in rules/tests/{}.yaml",
                rule.id,
                rule.id
            );
        }
    }
}
