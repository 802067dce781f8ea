//! No parser panics, whatever the bytes: arbitrary input, and real captures mutated (bytes
//! flipped, lines cut, duplicated, shuffled). The whole pipeline (snapshot → facts → every rule)
//! is fed the same way.

use std::path::Path;

use proptest::prelude::*;

use gpu_preflight::facts::parse::{
    cmdline, cpuinfo, dmesg, fabricmanager, interrupts, lspci, mig, misc, modprobe, modules, nvidia_smi,
    nvidia_version, system, topo, vms, xml,
};
use gpu_preflight::snapshot::tree::MemTree;
use gpu_preflight::snapshot::{Format, Limits, Snapshot};

/// Every text parser, by name.
fn all_parsers(text: &str) {
    let _ = cmdline::tokenize(text);
    let _ = cmdline::grub_default(text);
    let _ = cmdline::bls_options(text);
    let _ = cpuinfo::parse(text);
    let _ = dmesg::parse(text);
    let _ = fabricmanager::config(text);
    let _ = fabricmanager::service(text);
    let _ = fabricmanager::version(text);
    let _ = interrupts::parse(text);
    let _ = lspci::parse(text);
    let _ = lspci::normalise_bdf(text);
    let _ = mig::parse(text);
    let _ = misc::partitions(text);
    let _ = misc::reachability(text);
    let _ = misc::smi_summary(text);
    let _ = misc::vfio_errors(text);
    let _ = modprobe::parse(text);
    let _ = modules::parse(text);
    let _ = nvidia_smi::parse_text(text);
    let _ = nvidia_smi::parse_xml(text);
    let _ = nvidia_version::parse(text);
    let _ = system::meminfo(text);
    let _ = system::numactl(text);
    let _ = system::dmidecode_bios(text);
    let _ = system::tool_version(text);
    let _ = topo::parse(text);
    let _ = vms::libvirt(text, "x");
    let _ = vms::proxmox(text, "x");
    let _ = vms::cpulist(text);
    let _ = xml::parse(text);
    let _ = gpu_preflight::units::parse_size(text);
    let _ = gpu_preflight::units::Version::parse(text);
}

fn corpus_files() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/corpus");
    let mut out = Vec::new();
    for sub in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(sub.path()).into_iter().flatten().flatten() {
            if let Ok(bytes) = std::fs::read(f.path()) {
                out.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    assert!(out.len() > 50, "corpus present");
    out
}

/// A real capture, mutated.
fn mutated() -> impl Strategy<Value = String> {
    let files = corpus_files();
    (0..files.len(), prop::collection::vec((any::<u8>(), any::<u16>(), 0u8..5), 0..12)).prop_map(move |(i, edits)| {
        let mut bytes = files[i].clone().into_bytes();
        for (b, at, kind) in edits {
            if bytes.is_empty() {
                break;
            }
            let at = usize::from(at) % bytes.len();
            match kind {
                0 => bytes[at] = b,
                1 => bytes.truncate(at),
                2 => {
                    let tail = bytes[at..].to_vec();
                    bytes.extend_from_slice(&tail);
                }
                3 => bytes.insert(at, b),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

const PATHS: &[&str] = &[
    "proc/cmdline",
    "proc/cpuinfo",
    "proc/interrupts",
    "proc/modules",
    "proc/meminfo",
    "sos_commands/pci/lspci_-nnvv",
    "sos_commands/kernel/dmesg",
    "sos_commands/nvidia/nvidia-smi_-q",
    "sos_commands/nvidia/nvidia-smi_-q_-x",
    "sos_commands/nvidia/nvidia-smi_topo_-m",
    "sos_commands/nvidia/nvidia-smi_mig_-lgip",
    "sos_commands/nvidia/nvidia-smi_mig_-lgi",
    "sos_commands/systemd/systemctl_status_nvidia-fabricmanager",
    "usr/share/nvidia/nvswitch/fabricmanager.cfg",
    "etc/libvirt/qemu/a.xml",
    "etc/pve/qemu-server/100.conf",
    "etc/modprobe.d/a.conf",
    "etc/default/grub",
    "sos_commands/vfio/iommu_groups",
    "proc/driver/nvidia/version",
    "sys/bus/pci/devices/0000:1b:00.0/resource",
    "sys/bus/pci/devices/0000:1b:00.0/driver",
    "sys/kernel/iommu_groups/1/devices/0000:1b:00.0",
];

fn pipeline(files: &[(usize, String)]) {
    let mut tree = MemTree::default();
    for (i, text) in files {
        tree.add_file(PATHS[*i % PATHS.len()], text.clone());
    }
    tree.add_file("etc/hostname", "fuzz");
    let snap = Snapshot::from_tree(&tree, "fuzz".into(), Format::Directory, &Limits::default())
        .expect("hostname alone is not evidence, but proc files are");
    let facts = gpu_preflight::facts::extract(&snap);
    let set = gpu_preflight::rules::RuleSet::builtin().expect("rules");
    let plan = set.plan(None, None).expect("plan");
    let findings = gpu_preflight::engine::evaluate(&plan, &facts);
    assert!(!findings.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(text in ".{0,2000}") {
        all_parsers(&text);
    }

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4000)) {
        all_parsers(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mutated_captures(text in mutated()) {
        all_parsers(&text);
    }

    #[test]
    fn mutated_snapshots(files in prop::collection::vec((0usize..64, mutated()), 1..6)) {
        let mut files = files;
        files.push((0, "BOOT_IMAGE=/vmlinuz root=/dev/sda".into()));
        pipeline(&files);
    }
}
