//! The real binary on the testdata snapshots: findings, exit codes, output formats, waivers,
//! signing, and every kind of bad input named in the project's bar.

use std::io::Write;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

mod common;
use common::{bin, failing, json, snap};

#[test]
fn good_host_passes_the_gate() {
    let (code, v) = json(&["scan", &snap("hgx-h200-passthrough-good")]);
    assert_eq!(code, 0);
    assert_eq!(failing(&v), Vec::<String>::new());
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["hosts"][0]["host"], "gpu-h200-01");
    assert_eq!(v["hosts"][0]["role"], "hypervisor");
    assert_eq!(v["gate"]["passed"], true);
}

#[test]
fn misconfigured_hosts_fail_with_exit_1() {
    let (code, v) = json(&["scan", &snap("hgx-h200-irq-remap-missing")]);
    assert_eq!(code, 1);
    assert!(failing(&v).contains(&"PF-IRQ-001 host".to_string()));
    assert!(failing(&v).contains(&"PF-IRQ-002 host".to_string()));
    let (code, v) = json(&["scan", &snap("hgx-h200-bar-exhausted")]);
    assert_eq!(code, 1);
    let bar: Vec<String> = failing(&v).into_iter().filter(|f| f.starts_with("PF-BAR-001")).collect();
    assert_eq!(
        bar,
        vec![
            "PF-BAR-001 0000:9d:00.0",
            "PF-BAR-001 0000:c3:00.0",
            "PF-BAR-001 0000:d1:00.0",
            "PF-BAR-001 0000:df:00.0"
        ]
    );
    let (code, v) = json(&["scan", &snap("intel-iommu-default-off")]);
    assert_eq!(code, 1);
    assert!(failing(&v).contains(&"PF-IOMMU-001 host".to_string()));
    let (code, v) = json(&["scan", &snap("proxmox-epyc-acs-override")]);
    assert_eq!(code, 1);
    assert!(failing(&v).contains(&"PF-ISO-001 host".to_string()));
}

#[test]
fn every_finding_carries_the_contract_fields() {
    let (_, v) = json(&["scan", &snap("proxmox-epyc-acs-override")]);
    for f in v["hosts"][0]["findings"].as_array().expect("findings") {
        for key in
            ["rule_id", "topic", "severity", "status", "subject", "message", "evidence", "remediation", "controls"]
        {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
    }
    let acs = v["hosts"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule_id"] == "PF-ISO-001")
        .expect("acs");
    let ev = &acs["evidence"][0];
    assert_eq!(ev["path"], "proc/cmdline");
    assert_eq!(ev["line"], 1);
    assert!(ev["excerpt"].as_str().expect("excerpt").contains("pcie_acs_override"));
    assert_eq!(ev["sha256"].as_str().expect("sha").len(), 64);
}

#[test]
fn fail_on_threshold_and_unknowns() {
    // The ACS failure is critical: `--fail-on critical` still fails, and the gate passes only when
    // the threshold is above it (there is none), so use a host with only a medium failure instead.
    bin().args(["scan", &snap("proxmox-epyc-acs-override"), "--fail-on", "critical"]).assert().code(1);
    // The sos report of a host without NVIDIA GPUs has no failures; unknowns count only on request.
    bin().args(["scan", &snap("sos-threadripper-no-nvidia")]).assert().code(0);
    bin()
        .args(["scan", &snap("guest-h100-partial-nvswitch"), "--fail-on", "high"])
        .assert()
        .code(predicate::in_iter([0, 1]));
    bin()
        .args(["scan", &snap("guest-h100-partial-nvswitch"), "--fail-on-unknown", "--fail-on", "medium"])
        .assert()
        .code(1);
    bin()
        .args(["scan", &snap("hgx-h200-passthrough-good"), "--fail-on", "urgent"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--fail-on"));
}

#[test]
fn table_output_snapshot() {
    let out = bin().args(["scan", &snap("proxmox-epyc-acs-override")]).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    insta::assert_snapshot!("table_proxmox_acs_override", text);
}

#[test]
fn json_output_snapshot() {
    let (_, v) = json(&["scan", &snap("sos-threadripper-no-nvidia")]);
    insta::assert_json_snapshot!("json_sos_no_gpu", v, {
        ".digests.rule_pack" => "[rule pack digest]",
        ".digests.effective_config" => "[config digest]",
        ".effective_config" => "[effective config]",
        ".rules" => "[rules]",
        ".tool.version" => "[version]",
    });
}

#[test]
fn report_re_renders_a_saved_result() {
    let dir = tempfile::tempdir().expect("tmp");
    let saved = dir.path().join("result.json");
    bin().args(["scan", &snap("hgx-h200-bar-exhausted"), "-f", "json", "-o"]).arg(&saved).assert().code(1);
    let table = bin().arg("report").arg(&saved).assert().code(1).get_output().stdout.clone();
    assert!(String::from_utf8_lossy(&table).contains("PF-BAR-001"));
    bin()
        .arg("report")
        .arg(&saved)
        .args(["-f", "sarif,junit,markdown,html", "--output-dir"])
        .arg(dir.path())
        .assert()
        .code(1);
    for ext in ["sarif", "junit.xml", "md", "html"] {
        assert!(dir.path().join(format!("gpu-preflight.{ext}")).exists(), "{ext}");
    }
    // A file that is not a result is refused with exit 2.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"schema_version\": 99}").expect("write");
    bin().arg("report").arg(&bad).assert().code(2).stderr(predicate::str::contains("schema_version"));
}

#[test]
fn facts_command_prints_the_tree() {
    let out = bin().args(["facts", &snap("proxmox-epyc-acs-override"), "--provenance"]).output().expect("run");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["facts"]["kernel"]["cmdline"]["params"]["pcie_acs_override"]["value"], "downstream,multifunction");
    assert_eq!(v["facts"]["kernel"]["cmdline"]["params"]["pcie_acs_override"]["from"][0], "proc/cmdline:1");
    let yaml = bin().args(["facts", &snap("proxmox-epyc-acs-override"), "--format", "yaml"]).output().expect("run");
    assert!(String::from_utf8_lossy(&yaml.stdout).contains("pcie_acs_override: downstream,multifunction"));
    bin().args(["facts", "--catalog"]).assert().success().stdout(predicate::str::contains("gpus[].aperture.size"));
}

#[test]
fn rules_commands() {
    let out = bin().args(["rules", "list", "--format", "json"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let first = &v[0];
    for key in ["id", "name", "topic", "severity", "controls"] {
        assert!(first.get(key).is_some(), "{key}");
    }
    bin()
        .args(["rules", "show", "PF-ISO-001"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Why it matters").and(predicate::str::contains("How to fix")));
    bin().args(["rules", "show", "PF-ISO-00"]).assert().code(2).stderr(predicate::str::contains("did you mean"));
    let schema = bin().args(["rules", "schema"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&schema.stdout).expect("schema json");
    assert_eq!(v["title"], "gpu-preflight rule");
    bin().args(["rules", "test"]).assert().success().stdout(predicate::str::contains(" 0 failed"));
}

fn rules_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

const USER_RULE: &str = "id: PF-USER-001\nname: hostname-unexpected\ntitle: The host name follows the site pattern\ntopic: compliance-review\nseverity: low\ncontrols: { nist-800-53r5: [CM-8] }\ndescription: Inventory needs predictable names.\nremediation: Rename the host.\nreferences: [https://example.com/naming]\ncheck: { fact: host.name, matches: \"^gpu-\" }\nmessage: \"host name {{ value }} does not match\"\n";

#[test]
fn extra_rules_directory_adds_and_replaces() {
    let dir = rules_dir(&[("site/PF-USER-001.yaml", USER_RULE)]);
    let (_, v) = json(&["scan", &snap("proxmox-epyc-acs-override"), "--rules", dir.path().to_str().expect("utf8")]);
    assert!(failing(&v).contains(&"PF-USER-001 host".to_string()));
    // Replacing a built-in rule by id: an always-passing PF-ISO-001.
    let replaced = USER_RULE.replace("PF-USER-001", "PF-ISO-001").replace("^gpu-", ".");
    let dir = rules_dir(&[("PF-ISO-001.yaml", &replaced)]);
    let (code, v) = json(&["scan", &snap("proxmox-epyc-acs-override"), "--rules", dir.path().to_str().expect("utf8")]);
    assert!(!failing(&v).iter().any(|f| f.starts_with("PF-ISO-001")));
    assert_eq!(code, 0);
}

#[test]
fn broken_yaml_rule_is_exit_2_with_file_and_line() {
    let dir = rules_dir(&[("PF-USER-001.yaml", "id: PF-USER-001\ncheck: { fact: a, eq: [1,2}\n")]);
    bin()
        .args(["scan", &snap("proxmox-epyc-acs-override"), "--rules"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PF-USER-001.yaml:2:").and(predicate::str::contains("error[yaml-syntax]")));
}

#[test]
fn unknown_operator_is_exit_2_with_every_error() {
    let bad = USER_RULE.replace("matches:", "matchez:").replace("topic: compliance-review", "topic: compliance");
    let dir = rules_dir(&[("PF-USER-001.yaml", &bad)]);
    let out = bin().args(["rules", "list", "--rules"]).arg(dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error[unknown-operator]: unknown operator `matchez` (did you mean `matches`?)"), "{err}");
    assert!(err.contains("error[bad-value]: unknown topic `compliance`"), "{err}");
    assert!(err.contains("PF-USER-001.yaml:10:"), "file:line:col: {err}");
    assert!(err.lines().last().unwrap_or("").starts_with("gpu-preflight: error: "), "one final line: {err}");
}

#[test]
fn missing_and_empty_snapshots_are_exit_2() {
    bin()
        .args(["scan", "testdata/snapshots/does-not-exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file or directory"));
    let empty = tempfile::tempdir().expect("tmp");
    bin().arg("scan").arg(empty.path()).assert().code(2).stderr(predicate::str::contains("no known evidence source"));
    let junk = tempfile::tempdir().expect("tmp");
    std::fs::write(junk.path().join("notes.txt"), "hello").expect("write");
    bin().arg("scan").arg(junk.path()).assert().code(2);
}

fn tar_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    // Raw ustar headers, so that names like `../x` can be written (the tar crate refuses them).
    let mut out = Vec::new();
    for (name, data) in entries {
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        h[108..115].copy_from_slice(b"0000000");
        h[116..123].copy_from_slice(b"0000000");
        let size = format!("{:011o}", data.len());
        h[124..135].copy_from_slice(size.as_bytes());
        h[136..147].copy_from_slice(b"00000000000");
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|b| u32::from(*b)).sum();
        h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

fn write_tmp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p).and_then(|mut f| f.write_all(bytes)).expect("write");
    p
}

#[test]
fn hostile_tarballs_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let evil =
        write_tmp(dir.path(), "evil.tar", &tar_with(&[("proc/cmdline", b"root=/dev/sda"), ("../../tmp/pwned", b"x")]));
    bin()
        .arg("scan")
        .arg(&evil)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("entry `../../tmp/pwned` contains `..`"));
    let abs = write_tmp(dir.path(), "abs.tar", &tar_with(&[("/etc/cron.d/x", b"x")]));
    bin().arg("scan").arg(&abs).assert().code(2).stderr(predicate::str::contains("absolute name"));
    assert!(!Path::new("/tmp/pwned").exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 2, "scanning wrote nothing");
    let garbage = write_tmp(dir.path(), "garbage.tar.gz", &[0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    bin().arg("scan").arg(&garbage).assert().code(2).stderr(predicate::str::contains("garbage.tar.gz"));
    let text = write_tmp(dir.path(), "random.bin", b"\x00\x01\x02 not a snapshot");
    bin().arg("scan").arg(&text).assert().code(2).stderr(predicate::str::contains("random.bin"));
}

#[test]
fn decompression_bomb_is_refused() {
    // 300 MiB of zeros in one wanted entry, gzip-compressed to a few hundred KiB.
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bomb.tar.gz");
    let file = std::fs::File::create(&path).expect("create");
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    let size: u64 = 300 << 20;
    let mut h = tar::Header::new_gnu();
    h.set_path("proc/cmdline").expect("path");
    h.set_size(size);
    h.set_mode(0o644);
    h.set_cksum();
    gz.write_all(h.as_bytes()).expect("header");
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..300 {
        gz.write_all(&zeros).expect("data");
    }
    gz.write_all(&[0u8; 1024]).expect("end");
    gz.finish().expect("finish");
    bin().arg("scan").arg(&path).assert().code(2).stderr(predicate::str::contains("decompression bomb"));
}

#[test]
fn tarballs_of_a_snapshot_scan_like_the_directory() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = Path::new(&snap("proxmox-epyc-acs-override")).to_path_buf();
    for name in ["s.tar", "s.tar.gz", "s.tar.xz"] {
        let path = dir.path().join(name);
        let file = std::fs::File::create(&path).expect("create");
        let writer: Box<dyn Write> = match name {
            "s.tar.gz" => Box::new(flate2::write::GzEncoder::new(file, flate2::Compression::fast())),
            "s.tar.xz" => Box::new(liblzma::write::XzEncoder::new(file, 1)),
            _ => Box::new(file),
        };
        let mut b = tar::Builder::new(writer);
        b.append_dir_all("sosreport-pve-2026", &src).expect("append");
        b.into_inner().expect("finish").flush().expect("flush");
        let (code, v) = json(&["scan", path.to_str().expect("utf8")]);
        assert_eq!(code, 1, "{name}");
        assert!(failing(&v).contains(&"PF-ISO-001 host".to_string()), "{name}");
    }
}

#[test]
fn huge_file_is_read_in_part_and_marked_partial() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join("proc")).expect("mkdir");
    let mut big = String::from("BOOT_IMAGE=/vmlinuz root=/dev/sda pcie_acs_override=downstream ");
    while big.len() < 20 << 20 {
        big.push_str("quiet ");
    }
    std::fs::write(dir.path().join("proc/cmdline"), &big).expect("write");
    let (_, v) = json(&["scan", dir.path().to_str().expect("utf8")]);
    let problems = v["hosts"][0]["problems"].as_array().expect("problems");
    assert!(problems.iter().any(|p| p["code"] == "truncated"), "{problems:?}");
    let src = v["hosts"][0]["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["id"] == "cmdline")
        .expect("cmdline")
        .clone();
    assert_eq!(src["status"], "partial");
}

#[cfg(unix)]
#[test]
fn link_leaving_the_root_is_skipped_and_recorded() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join("proc")).expect("mkdir");
    std::fs::write(dir.path().join("proc/cpuinfo"), "processor\t: 0\nflags\t\t: fpu vmx\n").expect("write");
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("proc/cmdline")).expect("symlink");
    let (_, v) = json(&["scan", dir.path().to_str().expect("utf8")]);
    let problems = v["hosts"][0]["problems"].as_array().expect("problems");
    assert!(problems.iter().any(|p| p["code"] == "link-escapes-root"), "{problems:?}");
    assert_eq!(
        v["hosts"][0]["sources"].as_array().expect("sources").iter().find(|s| s["id"] == "cmdline").expect("cmdline")["status"],
        "absent"
    );
}

#[test]
fn several_snapshots_one_unreadable() {
    let out = bin()
        .args(["scan", &snap("hgx-h200-passthrough-good"), "testdata/snapshots/nope", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "an unreadable snapshot fails the gate");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["hosts"].as_array().expect("hosts").len(), 1);
    assert_eq!(v["unreadable"][0]["path"], "testdata/snapshots/nope");
}
