//! Every rule against every bundled scenario snapshot.
//!
//! Each scenario's README ends with a machine-readable block (profile, role, and the exact
//! failures at high and critical severity); the scan must match it. Every other verdict of every
//! rule is pinned by an insta snapshot, so a rule that starts firing (or stops) anywhere shows up
//! in review.

use std::collections::BTreeSet;
use std::path::Path;

mod common;
use common::bin;

#[derive(Debug, serde::Deserialize)]
struct Expected {
    profile: String,
    role: String,
    high_and_critical: Vec<String>,
}

fn expected(readme: &Path) -> Expected {
    let text = std::fs::read_to_string(readme).unwrap_or_else(|e| panic!("{}: {e}", readme.display()));
    let marker = "## Expected verdicts (machine-readable)";
    let tail = &text[text.find(marker).unwrap_or_else(|| panic!("{}: no `{marker}` section", readme.display()))..];
    let start = tail.find("```yaml\n").expect("yaml block") + "```yaml\n".len();
    let block = &tail[start..start + tail[start..].find("```").expect("end of block")];
    serde_saphyr::from_str(block).unwrap_or_else(|e| panic!("{}: {e}", readme.display()))
}

fn scenarios() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("testdata/snapshots")
        .expect("testdata/snapshots")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| Path::new("testdata/snapshots").join(n).join("README.md").exists())
        .collect();
    names.sort();
    names
}

#[test]
fn at_least_ten_scenarios() {
    assert!(scenarios().len() >= 10, "{:?}", scenarios());
}

#[test]
fn every_scenario_yields_exactly_its_readme_failures_and_pinned_verdicts() {
    let mut mismatches = Vec::new();
    for name in scenarios() {
        let dir = Path::new("testdata/snapshots").join(&name);
        let want = expected(&dir.join("README.md"));
        let out = bin()
            .args(["scan", dir.to_str().expect("utf-8"), "--profile", &want.profile, "--format", "json", "--verbose"])
            .output()
            .expect("run");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{name}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
        let host = &v["hosts"][0];
        assert_eq!(host["role"], want.role.as_str(), "{name}: role");
        let findings = host["findings"].as_array().expect("findings");
        let got: BTreeSet<String> = findings
            .iter()
            .filter(|f| matches!(f["status"].as_str(), Some("fail" | "error")))
            .filter(|f| matches!(f["severity"].as_str(), Some("high" | "critical")))
            .map(|f| format!("{} {}", f["rule_id"].as_str().unwrap_or(""), f["subject"].as_str().unwrap_or("")))
            .collect();
        let want_set: BTreeSet<String> = want.high_and_critical.iter().cloned().collect();
        if got != want_set {
            mismatches.push(format!(
                "{name} ({}): unexpected {:?}, missing {:?}",
                want.profile,
                got.difference(&want_set).collect::<Vec<_>>(),
                want_set.difference(&got).collect::<Vec<_>>()
            ));
        }
        let code = out.status.code().unwrap_or(-1);
        assert_eq!(code, i32::from(!want_set.is_empty()), "{name}: exit code follows the gate");

        // Every verdict of every rule, one line each, in rule order.
        let mut lines: Vec<String> = findings
            .iter()
            .map(|f| {
                format!(
                    "{:<14} {:<14} {:<8} {}",
                    f["rule_id"].as_str().unwrap_or(""),
                    f["status"].as_str().unwrap_or(""),
                    f["severity"].as_str().unwrap_or(""),
                    f["subject"].as_str().unwrap_or("")
                )
            })
            .collect();
        lines.sort();
        insta::assert_snapshot!(format!("scenario_{name}"), lines.join("\n"));
    }
    assert!(mismatches.is_empty(), "README expectations not met:\n{}", mismatches.join("\n"));
}

#[test]
fn the_correct_hosts_have_no_failures_at_all() {
    for (name, profile) in
        [("hgx-h200-passthrough-good", "passthrough"), ("hgx-h200-shared-nvswitch-host", "shared-nvswitch")]
    {
        let out =
            bin().args(["scan", &common::snap(name), "--profile", profile, "--format", "json"]).output().expect("run");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let bad: Vec<String> = common::findings(&v)
            .iter()
            .filter(|f| matches!(f["status"].as_str(), Some("fail" | "error")))
            .map(|f| format!("{} {} {}", f["rule_id"], f["subject"], f["message"]))
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:#?}");
    }
}

/// No stale snapshot lingers (what `cargo insta test --unreferenced reject` checks, without
/// needing cargo-insta): each names a test file and a snapshot that file still asserts.
#[test]
fn every_snapshot_file_is_still_asserted() {
    for entry in std::fs::read_dir("tests/snapshots").expect("tests/snapshots") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".snap") else {
            panic!("tests/snapshots/{name}: not a snapshot (a leftover .snap.new?)");
        };
        let (file, snapshot) = stem.split_once("__").expect("insta names are FILE__NAME");
        let source = std::fs::read_to_string(format!("tests/{file}.rs"))
            .unwrap_or_else(|e| panic!("{name}: tests/{file}.rs: {e}"));
        let asserted = match snapshot.strip_prefix("scenario_") {
            Some(scenario) => Path::new("testdata/snapshots").join(scenario).join("README.md").exists(),
            // Named in the assertion, or named after the test function.
            None => source.contains(&format!("\"{snapshot}\"")) || source.contains(&format!("fn {snapshot}(")),
        };
        assert!(asserted, "tests/snapshots/{name} is no longer asserted by tests/{file}.rs: delete it");
    }
}
