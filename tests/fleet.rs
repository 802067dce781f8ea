//! Fleets: many snapshots under one directory, shards merged, drift between scans, baselines.

use std::collections::BTreeSet;
use std::path::Path;

mod common;
use common::{bin, copy_tree, json, snap};

fn hosts(v: &serde_json::Value) -> BTreeSet<String> {
    v["hosts"].as_array().expect("hosts").iter().map(|h| h["host"].as_str().unwrap_or("").to_string()).collect()
}

/// site-a/rack1/{good,irq}, site-b/{proxmox, bar.tar.gz, broken.tar.gz}
fn fleet(dir: &Path) {
    copy_tree(Path::new(&snap("hgx-h200-passthrough-good")), &dir.join("site-a/rack1/good"));
    copy_tree(Path::new(&snap("hgx-h200-irq-remap-missing")), &dir.join("site-a/rack1/irq"));
    copy_tree(Path::new(&snap("proxmox-epyc-acs-override")), &dir.join("site-b/proxmox"));
    let file = std::fs::File::create(dir.join("site-b/bar.tar.gz")).expect("create");
    let mut b = tar::Builder::new(flate2::write::GzEncoder::new(file, flate2::Compression::fast()));
    b.append_dir_all("bar", snap("hgx-h200-bar-exhausted")).expect("append");
    b.into_inner().expect("tar").finish().expect("gz");
    std::fs::write(dir.join("site-b/broken.tar.gz"), b"\x1f\x8bnot really gzip").expect("write");
    std::fs::write(dir.join("site-b/NOTES.md"), "not a snapshot").expect("write");
}

#[test]
fn a_fleet_directory_is_scanned_whole_and_one_bad_snapshot_fails_the_gate() {
    let dir = tempfile::tempdir().expect("tmp");
    fleet(dir.path());
    let (code, v) = json(&["scan", dir.path().to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    assert_eq!(
        hosts(&v),
        ["gpu-h200-01", "gpu-h200-02", "gpu-h200-03", "pve"].iter().map(ToString::to_string).collect::<BTreeSet<_>>()
    );
    let unreadable = v["unreadable"].as_array().expect("unreadable");
    assert_eq!(unreadable.len(), 1);
    assert!(unreadable[0]["path"].as_str().expect("path").ends_with("broken.tar.gz"));
    assert!(v["gate"]["reasons"].to_string().contains("broken.tar.gz"));
    // The aggregate: one line per host, per rule tallies over the fleet.
    let fleet = &v["fleet"];
    assert_eq!(fleet["hosts"].as_array().expect("fleet hosts").len(), 4);
    assert_eq!(fleet["rules"]["PF-IRQ-001"]["fail"], 1);
    assert_eq!(fleet["rules"]["PF-BAR-001"]["fail"], 4);
    let worst: Vec<&str> =
        fleet["hosts"].as_array().expect("hosts").iter().map(|h| h["worst"].as_str().unwrap_or("-")).collect();
    assert!(worst.contains(&"critical") && worst.contains(&"-"), "{worst:?}");

    // The table is one line per host for a fleet, with the aggregate and the gate.
    let out = bin().args(["scan", dir.path().to_str().expect("utf-8")]).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Fleet: 4 hosts scanned"), "{text}");
    assert!(text.contains("UNREADABLE"));

    // JUnit: one suite per host plus the unreadable snapshot; HTML renders the fleet.
    let out = bin().args(["scan", dir.path().to_str().expect("utf-8"), "--format", "junit"]).output().expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stdout).matches("<testsuite ").count(), 5);
    let out = bin().args(["scan", dir.path().to_str().expect("utf-8"), "--format", "html"]).output().expect("run");
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("Fleet") && html.contains("gpu-h200-03"), "HTML fleet section");
}

#[test]
fn sarif_splits_runs_at_the_result_limit() {
    // GitHub's limit is 25,000 results per run; the test lowers it (it can only be lowered) so
    // that three hosts cross it several times.
    let dir = tempfile::tempdir().expect("tmp");
    for name in ["hgx-h200-passthrough-good", "hgx-h200-bar-exhausted", "proxmox-epyc-acs-override"] {
        copy_tree(Path::new(&snap(name)), &dir.path().join(name));
    }
    let out = bin()
        .env("GPU_PREFLIGHT_SARIF_MAX_RESULTS", "100")
        .args(["scan", dir.path().to_str().expect("utf-8"), "--format", "sarif", "--sarif-passes"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif json");
    let runs = v["runs"].as_array().expect("runs");
    assert!(runs.len() >= 3, "{} runs", runs.len());
    let mut total = 0;
    for (i, run) in runs.iter().enumerate() {
        let n = run["results"].as_array().expect("results").len();
        assert!(n <= 100 && n > 0);
        total += n;
        assert!(run["automationDetails"]["id"].as_str().expect("id").ends_with(&format!("/part-{i}/")));
        assert!(!run["tool"]["driver"]["rules"].as_array().expect("rules").is_empty());
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    }
    let (_, whole) = json(&["scan", dir.path().to_str().expect("utf-8")]);
    assert_eq!(total, common::findings(&whole).len(), "every finding is in some run");
    assert_eq!(runs.last().expect("last")["invocations"][0]["properties"]["gate"], "failed");
}

#[test]
fn shards_merge_into_the_report_of_the_whole_fleet() {
    let dir = tempfile::tempdir().expect("tmp");
    fleet(dir.path());
    let d = dir.path();
    let s = |p: &str| d.join(p).to_str().expect("utf-8").to_string();
    bin().args(["scan", &s("site-a"), "--format", "json", "-o", &s("a.json")]).assert().code(1);
    bin()
        .args(["scan", &s("site-b/proxmox"), &s("site-b/bar.tar.gz"), "--format", "json", "-o", &s("b.json")])
        .assert()
        .code(1);
    let (code, merged) = json(&["report", "--merge", &s("a.json"), &s("b.json")]);
    assert_eq!(code, 1);
    assert_eq!(hosts(&merged).len(), 4);
    assert_eq!(merged["fleet"]["rules"]["PF-BAR-001"]["fail"], 4);
    assert_eq!(merged["summary"]["by_status"]["fail"], {
        let (_, whole) = json(&["scan", &s("site-a"), &s("site-b/proxmox"), &s("site-b/bar.tar.gz")]);
        whole["summary"]["by_status"]["fail"].clone()
    });
    bin().args(["report", &s("a.json"), &s("b.json")]).assert().code(2);
    // A shard scanned with another profile does not merge.
    bin()
        .args(["scan", &s("site-b/proxmox"), "--profile", "mig", "--format", "json", "-o", &s("c.json")])
        .assert()
        .code(0);
    bin()
        .args(["report", "--merge", &s("a.json"), &s("c.json")])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("c.json"));
}

#[test]
fn diff_names_new_fixed_findings_and_changed_facts() {
    let o = bin()
        .args(["diff", &snap("hgx-h200-passthrough-good"), &snap("hgx-h200-irq-remap-missing"), "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1), "new failures exit 1");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let new: Vec<&str> =
        v["new"].as_array().expect("new").iter().map(|c| c["rule_id"].as_str().unwrap_or("")).collect();
    assert_eq!(new, vec!["PF-IRQ-001", "PF-IRQ-002"]);
    assert_eq!(v["facts_compared"], true);
    assert!(
        v["facts"]
            .as_array()
            .expect("facts")
            .iter()
            .any(|f| f["path"] == "iommu.interrupt_remapping" && f["old"] == "true" && f["new"] == "false")
    );

    // The other way round it is a fix, and the exit is 0.
    let o = bin()
        .args(["diff", &snap("hgx-h200-irq-remap-missing"), &snap("hgx-h200-passthrough-good")])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Fixed (2)"));

    // Two saved results: findings only.
    let dir = tempfile::tempdir().expect("tmp");
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    bin()
        .args(["scan", &snap("hgx-h200-passthrough-good"), "--format", "json", "-o", a.to_str().expect("utf-8")])
        .assert()
        .code(0);
    bin()
        .args(["scan", &snap("hgx-h200-bar-exhausted"), "--format", "json", "-o", b.to_str().expect("utf-8")])
        .assert()
        .code(1);
    let o = bin()
        .args(["diff", a.to_str().expect("utf-8"), b.to_str().expect("utf-8"), "--format", "markdown"])
        .output()
        .expect("run");
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.contains("PF-BAR-001") && md.contains("### New problems"), "{md}");
}

#[test]
fn baseline_lets_known_failures_pass_and_new_ones_fail() {
    let dir = tempfile::tempdir().expect("tmp");
    let base = dir.path().join("base.json");
    let base_s = base.to_str().expect("utf-8");
    bin().args(["scan", &snap("hgx-h200-irq-remap-missing"), "--format", "json", "-o", base_s]).assert().code(1);
    let (code, v) = json(&["scan", &snap("hgx-h200-irq-remap-missing"), "--baseline", base_s]);
    assert_eq!(code, 0, "nothing new: {}", v["gate"]);
    let known: Vec<String> = common::findings(&v)
        .iter()
        .filter(|f| f["in_baseline"] == true)
        .map(|f| format!("{} {}", f["rule_id"].as_str().unwrap_or(""), f["subject"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(known, vec!["PF-IRQ-001 host", "PF-IRQ-002 host"]);
    assert!(v["digests"]["baseline_file"]["sha256"].as_str().is_some());
    let out = bin()
        .args(["scan", &snap("hgx-h200-irq-remap-missing"), "--baseline", base_s, "--format", "sarif"])
        .output()
        .expect("run");
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let states: BTreeSet<String> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["kind"] == "fail")
        .map(|r| r["baselineState"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(states, ["unchanged".to_string()].into_iter().collect());

    // The same baseline does not cover another host's failures.
    let (code, _) = json(&["scan", &snap("hgx-h200-bar-exhausted"), "--baseline", base_s]);
    assert_eq!(code, 1);
}

#[test]
fn a_waiver_used_by_one_shard_is_not_reported_unused_by_the_merge() {
    let dir = tempfile::tempdir().expect("tmp");
    fleet(dir.path());
    let d = dir.path();
    let s = |p: &str| d.join(p).to_str().expect("utf-8").to_string();
    std::fs::write(
        d.join("w.yaml"),
        "waivers:\n  - rule: PF-ISO-001\n    justification: lab\n    approver: a@example.com\n    expires: 2027-06-30\n",
    )
    .expect("write");
    bin()
        .args(["scan", &s("site-a"), "--waivers", &s("w.yaml"), "--format", "json", "-o", &s("a.json")])
        .assert()
        .code(1);
    bin()
        .args(["scan", &s("site-b/proxmox"), "--waivers", &s("w.yaml"), "--format", "json", "-o", &s("b.json")])
        .assert()
        .code(0);
    let (_, a) = json(&["report", &s("a.json")]);
    assert_eq!(a["waiver_notes"][0]["note"], "unused", "shard a alone never used it");
    let (_, merged) = json(&["report", "--merge", &s("a.json"), &s("b.json")]);
    assert_eq!(merged["waiver_notes"], serde_json::json!([]), "shard b used it");
    assert!(common::with_status(&merged, "waived").contains(&"PF-ISO-001 host".to_string()));
}
