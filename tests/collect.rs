//! `collect`, `scan --live` and `verify`, end to end.
//!
//! Most tests collect from a fake root (`--root`) laid out from a scenario snapshot, with a fake
//! `PATH` whose programs print the scenario's captured command outputs (or hang, or fail), so
//! the collected snapshot must scan exactly like the scenario itself. One test collects from the
//! machine the tests run on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;
use common::{bin, copy_tree, snap};

const PROGRAMS: &[&str] = &[
    "uname",
    "lspci",
    "journalctl",
    "dmesg",
    "nvidia-smi",
    "systemctl",
    "nv-fabricmanager",
    "qemu-system-x86_64",
    "libvirtd",
];

/// A fake program: prints `sos_commands/**/NAME_ARGS` of the scenario, hangs or fails on request.
const FAKE: &str = r#"#!/bin/sh
name=${0##*/}
case " $FAKE_HANG " in *" $name "*) exec /bin/sleep 60 ;; esac
case " $FAKE_FAIL " in *" $name "*) echo "$name: simulated failure" >&2; exit 1 ;; esac
key=$name; short=$name
for a in "$@"; do key="${key}_$a"; [ "$a" = "--no-pager" ] || short="${short}_$a"; done
for k in "$key" "$short"; do
  f=$(/usr/bin/find "$FAKE_SNAPSHOT/sos_commands" -type f -name "$k" 2>/dev/null | /usr/bin/head -n 1)
  if [ -n "$f" ]; then /bin/cat "$f"; exit 0; fi
done
echo "$name: no capture in this fixture" >&2
exit 1
"#;

struct Fake {
    _dir: tempfile::TempDir,
    root: PathBuf,
    path: PathBuf,
    scenario: PathBuf,
}

/// A root and a PATH built from a scenario; `absent` programs are left out of the PATH.
fn fake(scenario: &str, absent: &[&str]) -> Fake {
    let dir = tempfile::tempdir().expect("tmp");
    let scenario = Path::new(&snap(scenario)).canonicalize().expect("scenario");
    let root = dir.path().join("root");
    for top in ["etc", "proc", "sys", "usr", "var", "boot", "lib"] {
        if scenario.join(top).exists() {
            copy_tree(&scenario.join(top), &root.join(top));
        }
    }
    std::fs::create_dir_all(&root).expect("root");
    let path = dir.path().join("bin");
    std::fs::create_dir_all(&path).expect("bin");
    for p in PROGRAMS.iter().filter(|p| !absent.contains(p)) {
        let file = path.join(p);
        std::fs::write(&file, FAKE).expect("script");
        std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
    }
    Fake { _dir: dir, root, path, scenario }
}

impl Fake {
    fn collect(&self, out: &Path, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
        let mut c = bin();
        c.env("PATH", &self.path).env("FAKE_SNAPSHOT", &self.scenario);
        for (k, v) in env {
            c.env(k, v);
        }
        c.args(["collect", "--quiet", "--root", self.root.to_str().expect("utf-8"), "-o", out.to_str().expect("utf-8")])
            .args(extra)
            .output()
            .expect("run")
    }
}

/// (rule, subject, status) of every finding.
fn verdicts(target: &str, profile: &str) -> BTreeSet<String> {
    let out =
        bin().args(["scan", target, "--profile", profile, "--format", "json", "--verbose"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{target}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    verdict_set(&v)
}

fn verdict_set(v: &serde_json::Value) -> BTreeSet<String> {
    common::findings(v)
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f["rule_id"].as_str().unwrap_or(""),
                f["subject"].as_str().unwrap_or(""),
                f["status"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("gpu-preflight-manifest.json")).expect("manifest")).expect("json")
}

#[test]
fn collecting_a_scenario_host_scans_like_the_scenario() {
    for (scenario, profile) in [
        ("hgx-h200-passthrough-good", "passthrough"),
        ("hgx-h200-bar-exhausted", "passthrough"),
        ("hgx-h200-shared-nvswitch-host", "shared-nvswitch"),
        ("hgx-h200-bare-metal-fm", "passthrough"),
        ("proxmox-epyc-acs-override", "passthrough"),
        ("mig-h100-pcie", "mig"),
    ] {
        let f = fake(scenario, &[]);
        let out = f._dir.path().join("snap");
        let run = f.collect(&out, &[], &[]);
        assert!(run.status.success(), "{scenario}: {}", String::from_utf8_lossy(&run.stderr));
        let direct = verdicts(&snap(scenario), profile);
        let collected = verdicts(out.to_str().expect("utf-8"), profile);
        let only_direct: Vec<_> = direct.difference(&collected).collect();
        let only_collected: Vec<_> = collected.difference(&direct).collect();
        assert!(
            only_direct.is_empty() && only_collected.is_empty(),
            "{scenario}: scenario only {only_direct:#?}\ncollected only {only_collected:#?}"
        );
    }
}

#[test]
fn manifest_records_files_commands_and_what_was_not_collected() {
    let f = fake("hgx-h200-passthrough-good", &["libvirtd"]);
    let out = f._dir.path().join("snap");
    let started = Instant::now();
    let run =
        f.collect(&out, &["--timeout", "1"], &[("FAKE_HANG", "nv-fabricmanager"), ("FAKE_FAIL", "qemu-system-x86_64")]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "a hanging command held the collection: {:?}",
        started.elapsed()
    );
    let m = manifest(&out);
    assert_eq!(m["format_version"], 1);
    assert_eq!(m["host"], "gpu-h200-01");
    let files = m["files"].as_array().expect("files");
    assert!(files.iter().any(|x| x["path"] == "proc/cmdline" && x["sha256"].as_str().is_some_and(|s| s.len() == 64)));
    assert!(files.iter().any(|x| x["path"] == "sos_commands/pci/lspci_-nnvv"));
    let command = |name: &str| {
        m["commands"].as_array().expect("commands").iter().find(|c| c["argv"][0] == name).cloned().expect(name)
    };
    assert_eq!(command("lspci")["exit_status"], 0);
    assert!(command("nv-fabricmanager")["error"].as_str().expect("error").contains("timed out"));
    assert!(command("qemu-system-x86_64")["error"].as_str().expect("error").contains("simulated failure"));
    assert!(command("libvirtd")["error"].as_str().expect("error").contains("not installed"));
    let not_collected = m["not_collected"].to_string();
    assert!(
        not_collected.contains("nvidia-smi") && not_collected.contains("driver is not loaded"),
        "never loads the driver"
    );
    // What could not be collected is never a reason to fail.
    bin().args(["scan", out.to_str().expect("utf-8")]).assert().code(0);
}

#[test]
fn collect_refuses_to_overwrite() {
    let f = fake("hgx-h200-passthrough-good", &[]);
    let out = f._dir.path().join("taken");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("keep.txt"), "mine").expect("write");
    let run = f.collect(&out, &[], &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(out.join("keep.txt")).expect("read"), "mine");
}

#[test]
fn tarball_output_reads_back_and_verifies() {
    let f = fake("hgx-h200-bar-exhausted", &[]);
    let out = f._dir.path().join("host.tar.gz");
    assert!(f.collect(&out, &[], &[]).status.success());
    let target = out.to_str().expect("utf-8");
    assert_eq!(verdicts(target, "passthrough"), verdicts(&snap("hgx-h200-bar-exhausted"), "passthrough"));
    bin().args(["verify", target]).assert().code(0).stdout(predicates::str::contains("intact"));
}

#[test]
fn verify_names_changed_missing_and_added_files_and_checks_the_signature() {
    let f = fake("hgx-h200-passthrough-good", &[]);
    let dir = f._dir.path();
    let key = dir.join("key");
    bin().args(["keygen", "--out", key.to_str().expect("utf-8")]).assert().success();
    let out = dir.join("snap");
    assert!(f.collect(&out, &["--sign", key.to_str().expect("utf-8")], &[]).status.success());
    let public = format!("{}.pub", key.display());
    let target = out.to_str().expect("utf-8");
    bin()
        .args(["verify", target, "--key", &public])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("signature valid"));

    std::fs::write(out.join("proc/cmdline"), "BOOT_IMAGE=/vmlinuz ro\n").expect("tamper");
    std::fs::remove_file(out.join("proc/cpuinfo")).expect("remove");
    std::fs::write(out.join("etc/extra.conf"), "x\n").expect("add");
    let o = bin().args(["verify", target, "--key", &public, "--format", "json"]).output().expect("run");
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["changed"], serde_json::json!(["proc/cmdline"]));
    assert_eq!(v["missing"], serde_json::json!(["proc/cpuinfo"]));
    assert_eq!(v["added"], serde_json::json!(["etc/extra.conf"]));

    // A manifest edited to match, or signed by someone else, fails the signature.
    let other = dir.join("other");
    bin().args(["keygen", "--out", other.to_str().expect("utf-8")]).assert().success();
    bin()
        .args(["verify", target, "--key", &format!("{}.pub", other.display())])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("signature INVALID"));
}

#[test]
fn redaction_leaves_no_identifier_and_changes_no_verdict() {
    let scenario = "hgx-h200-bare-metal-fm";
    let f = fake(scenario, &[]);
    let dir = f._dir.path();
    let plain = dir.join("plain");
    let redacted = dir.join("redacted");
    let key = dir.join("redact.key");
    assert!(f.collect(&plain, &[], &[]).status.success());
    let run = f.collect(&redacted, &["--redact", "--redact-key", key.to_str().expect("utf-8")], &[]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));

    // Identifiers present in the plain collection…
    let mut identifiers: Vec<String> = vec!["gpu-h200-05".into()];
    let smi = std::fs::read_to_string(plain.join("sos_commands/nvidia/nvidia-smi_-q")).unwrap_or_default();
    for line in smi.lines() {
        let l = line.trim();
        if let Some(v) = l.strip_prefix("Serial Number").and_then(|r| r.split(':').nth(1)) {
            identifiers.push(v.trim().to_string());
        }
        if let Some(v) = l.strip_prefix("GPU UUID").and_then(|r| r.split_once(':')).map(|(_, v)| v.trim()) {
            identifiers.push(v.to_string());
        }
    }
    identifiers.retain(|i| i.len() > 3 && i != "N/A");
    assert!(identifiers.len() > 2, "the scenario has serials and UUIDs to redact: {identifiers:?}");
    // …appear nowhere in the redacted one.
    for entry in walk(&redacted) {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).expect("read")).to_lowercase();
        for id in &identifiers {
            assert!(!text.contains(&id.to_lowercase()), "{id} left in {}", entry.display());
        }
    }
    assert_eq!(manifest(&redacted)["redacted"], true);

    assert_eq!(
        verdicts(plain.to_str().expect("utf-8"), "passthrough"),
        verdicts(redacted.to_str().expect("utf-8"), "passthrough")
    );

    // A waiver written for the real host name applies to the redacted snapshot with the same key.
    let waivers = dir.join("w.yaml");
    std::fs::write(&waivers, "waivers:\n  - rule: PF-VFIO-001\n    hosts: [gpu-h200-05]\n    justification: bare-metal training host\n    approver: a@example.com\n    expires: 2027-06-30\n").expect("write");
    let o = bin()
        .args(["scan", redacted.to_str().expect("utf-8"), "--waivers", waivers.to_str().expect("utf-8")])
        .args(["--redaction-key", key.to_str().expect("utf-8"), "--format", "json"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(
        common::with_status(&v, "waived").iter().any(|f| f.starts_with("PF-VFIO-001")),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn collecting_this_machine_works_and_live_scan_agrees() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("here.tar.gz");
    let run = bin().args(["collect", "--quiet", "-o", out.to_str().expect("utf-8")]).output().expect("run");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let target = out.to_str().expect("utf-8");
    bin().args(["verify", target]).assert().code(0);
    let collected = verdicts(target, "passthrough");
    let live = {
        let o = bin().args(["scan", "--live", "--format", "json", "--verbose"]).output().expect("run");
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(v["hosts"][0]["snapshot"]["format"], "live");
        verdict_set(&v)
    };
    assert_eq!(collected, live, "live and collected results agree");

    // Without an NVIDIA GPU, no GPU rule may pass.
    let facts = bin().args(["facts", target]).output().expect("run");
    let f: serde_json::Value = serde_json::from_slice(&facts.stdout).expect("facts json");
    let no_gpu = f["facts"]["gpus"].as_array().is_none_or(Vec::is_empty);
    if no_gpu {
        let gpu_rules = [
            "PF-BAR-",
            "PF-DRV-",
            "PF-VFIO-",
            "PF-PCIE-",
            "PF-REBAR-",
            "PF-FM-",
            "PF-NVL-",
            "PF-MIG-",
            "PF-LAY-",
            "PF-HEALTH-005",
        ];
        let passed: Vec<&String> =
            collected.iter().filter(|v| v.ends_with(" pass") && gpu_rules.iter().any(|r| v.starts_with(r))).collect();
        assert!(passed.is_empty(), "GPU rules passed on a machine without GPUs: {passed:?}");
    }
}

#[test]
fn a_file_that_never_finishes_reading_is_abandoned() {
    // A FIFO without a writer blocks its reader forever, like a file on a hung FUSE mount.
    let f = fake("hgx-h200-passthrough-good", &[]);
    let grub = f.root.join("etc/default/grub");
    std::fs::remove_file(&grub).expect("remove");
    let made = std::process::Command::new("mkfifo").arg(&grub).status().expect("mkfifo");
    assert!(made.success());
    let out = f._dir.path().join("snap");
    let started = Instant::now();
    let run = f.collect(&out, &["--timeout", "1"], &[]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    let m = manifest(&out);
    let not_collected = m["not_collected"].to_string();
    assert!(not_collected.contains("etc/default/grub") && not_collected.contains("abandoned"), "{not_collected}");
    // The rest was collected and scans; the persisted command line is unknown, not passing.
    let o = bin().args(["scan", out.to_str().expect("utf-8"), "--format", "json", "--verbose"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let cmd = common::findings(&v).into_iter().find(|f| f["rule_id"] == "PF-CMD-002").expect("PF-CMD-002");
    assert_ne!(cmd["status"], "pass");
}
