//! Parser and pipeline throughput (run with `cargo bench --bench parsers`).
//!
//! Not a timed test: it prints figures. Inputs come from the bundled HGX scenario: its 154-device
//! `lspci -nnvv` doubled to 308 records (about 850 KB, the size of a real HGX host's capture), its
//! kernel log repeated to 1 MiB, and the whole snapshot (read, facts, every rule) in process.

// A benchmark reports on standard output.
#![allow(clippy::disallowed_macros, clippy::print_stdout)]

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use gpu_preflight::facts::parse::{dmesg, lspci};

/// Runs `f` until `budget` has passed (at least 5 times); returns the median duration.
fn median(budget: Duration, mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5 || start.elapsed() < budget {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn throughput(name: &str, bytes: usize, d: Duration) {
    let mbs = bytes as f64 / d.as_secs_f64() / 1_000_000.0;
    println!(
        "{name:<44} {:>9.0} KB  {:>8.2} ms  {mbs:>8.1} MB/s (one core)",
        bytes as f64 / 1000.0,
        d.as_secs_f64() * 1000.0
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/snapshots");
    let good = root.join("hgx-h200-passthrough-good");
    let lspci_one = std::fs::read_to_string(good.join("sos_commands/pci/lspci_-nnvv")).expect("lspci");
    let lspci_text = format!("{lspci_one}\n{lspci_one}");
    let records = lspci::parse(&lspci_text).devices.len();
    let d = median(Duration::from_secs(2), || {
        black_box(lspci::parse(black_box(&lspci_text)));
    });
    throughput(&format!("lspci -nnvv, {records} records"), lspci_text.len(), d);

    let log = std::fs::read_to_string(
        root.join("hgx-h200-acs-disabled-multi-tenant/sos_commands/logs/journalctl_--no-pager_-k_-b_0"),
    )
    .expect("kernel log");
    let mut dmesg_text = String::new();
    while dmesg_text.len() < 1 << 20 {
        dmesg_text.push_str(&log);
    }
    let d = median(Duration::from_secs(2), || {
        black_box(dmesg::parse(black_box(&dmesg_text)));
    });
    throughput(&format!("kernel log, {} lines", dmesg_text.lines().count()), dmesg_text.len(), d);

    let rules = gpu_preflight::rules::RuleSet::builtin().expect("rule pack");
    let plan = rules.plan(None, None).expect("plan");
    let limits = gpu_preflight::snapshot::Limits::default();
    let d = median(Duration::from_secs(2), || {
        black_box(gpu_preflight::snapshot::Snapshot::open(&good, &limits).expect("snapshot"));
    });
    println!("{:<44} {:>9} {:>8.2} ms", "8-GPU HGX snapshot, read", "", d.as_secs_f64() * 1000.0);
    let snap = gpu_preflight::snapshot::Snapshot::open(&good, &limits).expect("snapshot");
    let d = median(Duration::from_secs(2), || {
        black_box(gpu_preflight::facts::extract(&snap));
    });
    println!("{:<44} {:>9} {:>8.2} ms", "8-GPU HGX snapshot, facts", "", d.as_secs_f64() * 1000.0);
    let facts = gpu_preflight::facts::extract(&snap);
    let d = median(Duration::from_secs(2), || {
        black_box(gpu_preflight::engine::evaluate(&plan, &facts));
    });
    println!("{:<44} {:>9} {:>8.2} ms", "8-GPU HGX snapshot, evaluate", "", d.as_secs_f64() * 1000.0);
    let d = median(Duration::from_secs(3), || {
        let snap = gpu_preflight::snapshot::Snapshot::open(&good, &limits).expect("snapshot");
        let facts = gpu_preflight::facts::extract(&snap);
        black_box(gpu_preflight::engine::evaluate(&plan, &facts));
    });
    println!(
        "{:<44} {:>9} {:>8.2} ms  (read + facts + {} rules, in process)",
        "8-GPU HGX snapshot, whole pipeline",
        "",
        d.as_secs_f64() * 1000.0,
        plan.entries.len()
    );
}
