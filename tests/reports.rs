//! Every output format on the scenario snapshots: SARIF against the official OASIS schema and
//! GitHub's expectations, JUnit structure, Markdown and HTML escaping of hostile snapshot strings,
//! waivers and attestations, stale evidence, and signed reports.

use std::collections::BTreeSet;
use std::path::Path;

use predicates::prelude::*;

mod common;
use common::{bin, copy_tree, failing, json, snap, with_status};

const SCENARIOS: &[&str] = &[
    "hgx-h200-passthrough-good",
    "hgx-h200-irq-remap-missing",
    "hgx-h200-bar-exhausted",
    "hgx-h200-acs-disabled-multi-tenant",
    "hgx-h200-shared-nvswitch-host",
    "hgx-h200-bare-metal-fm",
    "proxmox-epyc-acs-override",
    "intel-iommu-default-off",
    "sos-threadripper-no-nvidia",
    "guest-h100-partial-nvswitch",
    "mig-h100-pcie",
    "bug-report-pli-h100",
];

fn render(args: &[&str]) -> (i32, String) {
    let out = bin().args(args).output().expect("run");
    let code = out.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 1, "exit {code}: {}", String::from_utf8_lossy(&out.stderr));
    (code, String::from_utf8(out.stdout).expect("utf-8"))
}

fn sarif_validator() -> (boon::Schemas, boon::SchemaIndex) {
    let text = std::fs::read_to_string("testdata/schemas/sarif-2.1.0.json").expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema json");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("sarif-2.1.0.json", schema).expect("add schema");
    let index = compiler.compile("sarif-2.1.0.json", &mut schemas).expect("compile schema");
    (schemas, index)
}

#[test]
fn sarif_of_every_scenario_is_valid_and_complete() {
    let (schemas, index) = sarif_validator();
    for name in SCENARIOS {
        for passes in [false, true] {
            let mut args = vec!["scan", "--format", "sarif"];
            let path = snap(name);
            args.push(&path);
            if passes {
                args.push("--sarif-passes");
            }
            let (_, text) = render(&args);
            let sarif: serde_json::Value = serde_json::from_str(&text).expect("sarif json");
            if let Err(e) = schemas.validate(&sarif, index) {
                panic!("{name}: SARIF schema violation: {e:#}");
            }
            let run = &sarif["runs"][0];
            let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
            for r in rules {
                for key in ["shortDescription", "fullDescription", "help", "helpUri"] {
                    assert!(!r[key].is_null(), "{name}: rule {} lacks {key}", r["id"]);
                }
                assert!(r["help"]["markdown"].is_string());
                let score: f64 =
                    r["properties"]["security-severity"].as_str().expect("security-severity").parse().expect("number");
                assert!((0.0..=10.0).contains(&score));
                let tags: Vec<&str> =
                    r["properties"]["tags"].as_array().expect("tags").iter().filter_map(|t| t.as_str()).collect();
                assert!(tags.contains(&"security"));
            }
            let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
            let mut prints = BTreeSet::new();
            for res in run["results"].as_array().expect("results") {
                let id = res["ruleId"].as_str().expect("ruleId");
                let at = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
                assert_eq!(ids[at], id, "{name}: ruleIndex points at the rule");
                let uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().expect("uri");
                assert!(uri.starts_with("testdata/snapshots/"), "{name}: {uri} is relative to the working directory");
                let print = res["partialFingerprints"]["gpuPreflight/v1"].as_str().expect("fingerprint");
                assert!(prints.insert(print.to_string()), "{name}: fingerprint {print} repeated");
                let kind = res["kind"].as_str().unwrap_or("fail");
                if !passes {
                    assert!(kind != "pass" && kind != "notApplicable", "{name}: passes only with --sarif-passes");
                }
            }
        }
    }
}

#[test]
fn sarif_fingerprints_are_stable_across_runs_and_times() {
    let a = render(&["scan", "--format", "sarif", &snap("hgx-h200-bar-exhausted")]).1;
    let out = bin()
        .env("GPU_PREFLIGHT_NOW", "2027-03-01T00:00:00Z")
        .args(["scan", "--format", "sarif", &snap("hgx-h200-bar-exhausted")])
        .output()
        .expect("run");
    let b = String::from_utf8(out.stdout).expect("utf-8");
    let prints = |t: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(t).expect("json");
        v["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["partialFingerprints"].to_string())
            .collect()
    };
    assert!(!prints(&a).is_empty());
    assert_eq!(prints(&a), prints(&b));
}

#[test]
fn sarif_unknown_results_are_reviews_with_what_was_missing() {
    let (_, text) = render(&["scan", "--format", "sarif", &snap("sos-threadripper-no-nvidia")]);
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let reviews: Vec<&serde_json::Value> = v["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["properties"]["status"] == "unknown")
        .collect();
    for r in &reviews {
        assert_eq!(r["kind"], "review");
        assert_eq!(r["level"], "none");
        assert!(r["message"]["text"].as_str().expect("text").len() > 10);
    }
}

#[test]
fn junit_has_one_suite_per_host_and_one_case_per_rule() {
    let (_, text) =
        render(&["scan", "--format", "junit", &snap("proxmox-epyc-acs-override"), &snap("hgx-h200-bar-exhausted")]);
    let (_, v) = json(&["scan", &snap("proxmox-epyc-acs-override"), &snap("hgx-h200-bar-exhausted")]);
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut suites, mut cases, mut failures) = (Vec::new(), 0usize, 0usize);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => match e.name().as_ref() {
                "testsuite" => {
                    let name = e.try_get_attribute("name").expect("attr").expect("name");
                    suites.push(name.value.to_string());
                }
                "testcase" => cases += 1,
                "failure" => failures += 1,
                _ => {}
            },
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(suites, vec!["pve".to_string(), "gpu-h200-03".to_string()]);
    let rules_per_host: usize = v["hosts"]
        .as_array()
        .expect("hosts")
        .iter()
        .map(|h| {
            h["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .map(|f| f["rule_id"].as_str().expect("id"))
                .collect::<BTreeSet<_>>()
                .len()
        })
        .sum();
    assert_eq!(cases, rules_per_host);
    let failing_rules: BTreeSet<String> =
        failing(&v).iter().map(|f| f.split(' ').next().expect("id").to_string()).collect();
    assert!(failures >= failing_rules.len() && failures > 0);
}

#[test]
fn markdown_summary_names_the_gate_and_failures() {
    let (_, text) = render(&["scan", "--format", "markdown", &snap("hgx-h200-irq-remap-missing")]);
    assert!(text.contains("PF-IRQ-001"));
    assert!(text.to_lowercase().contains("failed"));
}

/// A copy of the good snapshot whose host name and VM name carry HTML, Markdown, ANSI escapes.
fn hostile_snapshot(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("hostile");
    copy_tree(Path::new(&snap("hgx-h200-passthrough-good")), &root);
    std::fs::remove_file(root.join("gpu-preflight-manifest.json")).expect("manifest");
    let evil = "<script>alert(1)</script>\u{1b}[31m**bold**|[x](http://evil)`code`&amp;";
    std::fs::write(root.join("etc/hostname"), format!("{evil}\n")).expect("hostname");
    let cmdline = std::fs::read_to_string(root.join("proc/cmdline")).expect("cmdline");
    // A failure whose evidence quotes the command line, with markup in it.
    let bad = "vfio_iommu_type1.allow_unsafe_interrupts=1 x=<img/src/onerror=alert(2)>";
    std::fs::write(root.join("proc/cmdline"), format!("{} {bad}\n", cmdline.trim())).expect("cmdline");
    root
}

#[test]
fn hostile_snapshot_strings_are_escaped_in_every_format() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = hostile_snapshot(dir.path());
    let root = root.to_str().expect("utf-8");
    let (code, v) = json(&["scan", root]);
    assert_eq!(code, 1, "unsafe interrupts fail the gate");
    assert!(
        v["hosts"][0]["host"].as_str().expect("host").starts_with("<script>"),
        "JSON keeps the value (escaped by JSON)"
    );

    let (_, html) = render(&["scan", "--format", "html", root]);
    assert!(!html.contains("<script>alert"), "raw script in HTML");
    assert!(!html.contains("<img/src"), "raw markup in HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "shown as text");
    assert!(!html.contains('\u{1b}'));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http://evil"),
        "nothing loaded or linked from the snapshot"
    );

    let (_, md) = render(&["scan", "--format", "markdown", root]);
    assert!(!md.contains("<script>") && !md.contains("<img"));
    assert!(!md.contains("[x](http://evil)") && md.contains("\\[x\\]"), "no live links from snapshot text");
    assert!(!md.contains('\u{1b}'));

    let (_, table) = render(&["scan", root]);
    assert!(!table.contains('\u{1b}'), "no terminal escapes from snapshot text");

    let (_, junit) = render(&["scan", "--format", "junit", root]);
    assert!(!junit.contains("<script>") && !junit.contains('\u{1b}'));
    let mut reader = quick_xml::Reader::from_str(&junit);
    while !matches!(reader.read_event().expect("well-formed"), quick_xml::events::Event::Eof) {}

    let (_, sarif) = render(&["scan", "--format", "sarif", root]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("json");
    let (schemas, index) = sarif_validator();
    assert!(schemas.validate(&sarif, index).is_ok());
}

#[test]
fn html_report_is_self_contained_with_cover_and_appendix() {
    let (_, html) = render(&["scan", "--format", "html", &snap("hgx-h200-acs-disabled-multi-tenant")]);
    for needle in ["PCI DSS", "HIPAA", "NIST SP 800-53", "not assessed", "<svg", "SHA-256", "gpu-preflight"] {
        assert!(html.contains(needle), "HTML lacks {needle}");
    }
    for banned in ["<link ", "src=\"http", "@import", "<script"] {
        assert!(!html.contains(banned), "HTML loads something: {banned}");
    }
}

#[test]
fn template_dir_overrides_the_built_in_template() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("report.html"), "<p>custom {{ report.hosts | length }} host(s)</p>\n")
        .expect("write");
    let (_, html) = render(&[
        "scan",
        "--format",
        "html",
        "--template-dir",
        dir.path().to_str().expect("utf-8"),
        &snap("hgx-h200-passthrough-good"),
    ]);
    assert_eq!(html.trim(), "<p>custom 1 host(s)</p>");
}

#[test]
fn output_dir_writes_every_format_and_report_re_renders_identically() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().to_str().expect("utf-8");
    bin()
        .args([
            "scan",
            &snap("hgx-h200-bar-exhausted"),
            "--format",
            "json,sarif,junit,markdown,html,table",
            "--output-dir",
            out,
        ])
        .assert()
        .code(1);
    for ext in ["json", "sarif", "junit.xml", "md", "html", "txt"] {
        let p = dir.path().join(format!("gpu-preflight.{ext}"));
        assert!(p.metadata().map(|m| m.len() > 0).unwrap_or(false), "missing {}", p.display());
    }
    let saved = dir.path().join("gpu-preflight.json");
    let again = bin().args(["report", saved.to_str().expect("utf-8"), "--format", "sarif"]).output().expect("run");
    let direct = std::fs::read(dir.path().join("gpu-preflight.sarif")).expect("sarif");
    assert_eq!(String::from_utf8_lossy(&again.stdout), String::from_utf8_lossy(&direct));
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p.to_str().expect("utf-8").to_string()
}

#[test]
fn live_waiver_turns_a_failure_into_waived_and_passes_the_gate() {
    let dir = tempfile::tempdir().expect("tmp");
    let waivers = write(
        dir.path(),
        "waivers.yaml",
        "waivers:\n  - rule: PF-ISO-001\n    hosts: [\"pv*\"]\n    justification: single-tenant lab host\n    approver: jane@example.com\n    ticket: SEC-1\n    expires: 2027-01-31\n",
    );
    let (code, v) = json(&["scan", &snap("proxmox-epyc-acs-override"), "--waivers", &waivers]);
    let waived = with_status(&v, "waived");
    assert!(waived.contains(&"PF-ISO-001 host".to_string()), "{waived:?}");
    assert!(!failing(&v).contains(&"PF-ISO-001 host".to_string()));
    let f = common::findings(&v).into_iter().find(|f| f["rule_id"] == "PF-ISO-001").expect("finding");
    assert_eq!(f["exception"]["approver"], "jane@example.com");
    assert_eq!(code, 0, "the waived critical failure was the only one at or above high");
    let (_, sarif) = render(&["scan", "--format", "sarif", &snap("proxmox-epyc-acs-override"), "--waivers", &waivers]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("json");
    let res = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "PF-ISO-001")
        .expect("result")
        .clone();
    assert_eq!(res["suppressions"][0]["kind"], "external");
    assert!(res["suppressions"][0]["justification"].as_str().expect("why").contains("single-tenant lab host"));
}

#[test]
fn expired_and_unused_waivers_do_not_apply_and_are_reported() {
    let dir = tempfile::tempdir().expect("tmp");
    let waivers = write(
        dir.path(),
        "waivers.yaml",
        "waivers:\n  - rule: PF-ISO-001\n    justification: old\n    approver: a@example.com\n    expires: 2026-01-31\n  - rule: PF-IRQ-001\n    hosts: [nothing-*]\n    justification: typo in scope\n    approver: b@example.com\n    expires: 2027-01-31\n",
    );
    let (code, v) = json(&["scan", &snap("proxmox-epyc-acs-override"), "--waivers", &waivers]);
    assert_eq!(code, 1);
    assert!(failing(&v).contains(&"PF-ISO-001 host".to_string()));
    let notes: Vec<(String, String)> = v["waiver_notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| (n["rule"].as_str().expect("rule").to_string(), n["note"].as_str().expect("note").to_string()))
        .collect();
    assert!(notes.contains(&("PF-ISO-001".into(), "expired".into())), "{notes:?}");
    assert!(notes.contains(&("PF-IRQ-001".into(), "unused".into())), "{notes:?}");
}

#[test]
fn broken_waivers_file_is_exit_2_with_file_and_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let waivers =
        write(dir.path(), "w.yaml", "waivers:\n  - rule: PF-ISO-001\n    justification: x\n    expires: someday\n");
    bin().args(["scan", &snap("proxmox-epyc-acs-override"), "--waivers", &waivers]).assert().code(2).stderr(
        predicate::str::contains("w.yaml:")
            .and(predicate::str::contains("approver"))
            .and(predicate::str::contains("expires")),
    );
}

#[test]
fn stale_snapshot_fails_the_gate_with_max_age() {
    // The good snapshot was collected on 2026-11-20; the tests run at 2026-11-25.
    let (code, _) = json(&["scan", &snap("hgx-h200-passthrough-good"), "--max-age", "30"]);
    assert_eq!(code, 0);
    let (code, v) = json(&["scan", &snap("hgx-h200-passthrough-good"), "--max-age", "3"]);
    assert_eq!(code, 1);
    let reasons = v["gate"]["reasons"].to_string();
    assert!(reasons.contains("stale") || reasons.contains("days"), "{reasons}");
}

#[test]
fn signed_report_verifies_and_tampering_is_detected() {
    let dir = tempfile::tempdir().expect("tmp");
    let key = dir.path().join("key");
    let key_s = key.to_str().expect("utf-8");
    bin().args(["keygen", "--out", key_s]).assert().success();
    let report = dir.path().join("r.json");
    let report_s = report.to_str().expect("utf-8");
    bin()
        .args(["scan", &snap("hgx-h200-passthrough-good"), "--format", "json", "-o", report_s, "--sign", key_s])
        .assert()
        .success();
    let public = format!("{key_s}.pub");
    bin().args(["verify-report", report_s, "--key", &public]).assert().success();

    let mut text = std::fs::read_to_string(&report).expect("read");
    text = text.replacen("\"fail\"", "\"pass\"", 1);
    text.push(' ');
    std::fs::write(&report, text).expect("write");
    bin()
        .args(["verify-report", report_s, "--key", &public])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("r.json: signature does not match"));

    let other = dir.path().join("other");
    bin().args(["keygen", "--out", other.to_str().expect("utf-8")]).assert().success();
    bin()
        .args(["scan", &snap("hgx-h200-passthrough-good"), "--format", "json", "-o", report_s, "--sign", key_s])
        .assert()
        .success();
    bin().args(["verify-report", report_s, "--key", &format!("{}.pub", other.display())]).assert().failure();
}

#[test]
fn every_format_renders_on_every_scenario() {
    for name in SCENARIOS {
        for format in ["table", "json", "sarif", "junit", "markdown", "html"] {
            let (_, text) = render(&["scan", "--format", format, &snap(name)]);
            assert!(text.len() > 100, "{name} {format}: output too short");
        }
    }
}

#[test]
fn snapshot_from_the_future_does_not_satisfy_max_age() {
    let out = bin()
        .env("GPU_PREFLIGHT_NOW", "2025-01-01T00:00:00Z")
        .args(["scan", &snap("hgx-h200-passthrough-good"), "--max-age", "7", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("in the future"));
}
