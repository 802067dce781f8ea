//! Joins: from parsed sources to the fact tree rules read.
//!
//! Everything that needs more than one source is computed here in Rust (the GPU's aperture, the
//! ports above it, its IOMMU group members with their drivers, the host's role), so that YAML
//! rules stay flat. Each submodule owns one namespace of the tree.

pub mod devices;
pub mod host;
pub mod iommu;
pub mod kernel;
pub mod nvidia;
pub mod pci;
pub mod system;
pub mod vms;

use crate::facts::tree::{Evidence, Fact, MapBuilder, Value};
use crate::facts::{Facts, SourceReport};
use crate::snapshot::{Problem, ProblemCode, Snapshot, SourceId};

/// Builds every fact of a snapshot.
pub fn build(snap: &Snapshot) -> Facts {
    let cmd = kernel::read_cmdline(snap);
    let log = kernel::read_log(snap);
    let modprobe = kernel::read_modprobe(snap);
    let pci = pci::build(snap);
    let failures = log.as_ref().map(|(l, f)| kernel::bar_failures(l, f)).unwrap_or_default();
    let log_partial = match &log {
        Some((l, _)) if !l.has_boot => {
            Some("the kernel log does not start at boot; earlier BAR failures may be missing")
        }
        None => Some("no kernel log in the snapshot"),
        _ => None,
    };
    let smi = nvidia::read_smi(snap);
    let assignments = vms::assignments(snap, &pci);
    let (gpus, nvswitches) = devices::build(&pci, &failures, log_partial, smi.as_ref(), assignments.as_ref());
    let (cpu, flags) = host::cpu_fact(snap);
    let vfio_bound = pci
        .devices
        .iter()
        .filter(|d| devices::classify(d).is_some())
        .find(|d| matches!(d.driver.as_deref(), Some("vfio-pci" | "pci-stub")))
        .and_then(|d| d.fact.child("driver").and_then(|f| f.evidence.first().cloned()));
    let (host, name) = host::host_fact(snap, &pci, flags.as_deref(), vfio_bound);

    let mut k = MapBuilder::new();
    let acs_override_applied = log
        .as_ref()
        .is_some_and(|(l, _)| l.events.iter().any(|e| e.event == crate::facts::parse::dmesg::Event::AcsOverride));
    k.set("cmdline", kernel::cmdline_fact(&cmd, acs_override_applied));
    k.set("modules", kernel::modules_fact(snap));
    k.set("log", kernel::log_fact(log.as_ref().map(|(l, f)| (l.clone(), *f)).as_ref()));
    k.set("version", kernel_version(snap, log.as_ref().map(|(l, f)| (l, *f))));
    k.set("cmdline_persisted", system::persisted_fact(snap, &cmd));

    let mut p = MapBuilder::new();
    if pci.present {
        let items = pci.devices.iter().map(|d| d.fact.clone()).collect();
        p.set("devices", Fact::list(items, pci.partial.clone()));
    } else {
        p.set("devices", Fact::unknown("no lspci or PCI sysfs in the snapshot"));
    }
    p.set("mmio_above_4g", pci::mmio_above_4g(&pci));

    let mut root = MapBuilder::new();
    root.partial("no source in the snapshot provides this fact");
    root.set("host", host);
    root.set("cpu", cpu);
    root.set("kernel", k.build());
    root.set("iommu", iommu::build(snap, &pci, &cmd, log.as_ref().map(|(l, f)| (l.clone(), *f)).as_ref(), &modprobe));
    root.set("modprobe", kernel::modprobe_fact(snap, &modprobe, &cmd));
    root.set("pci", p.build());
    root.set("gpus", gpus);
    root.set("nvswitches", nvswitches);
    root.set("nvidia", nvidia::driver_fact(snap, smi.as_ref()));
    let (nvlink, _topology) = nvidia::nvlink_fact(snap);
    root.set("nvlink", nvlink);
    root.set("mig", nvidia::mig_fact(snap));
    root.set("fabric_manager", nvidia::fabric_manager_fact(snap));
    root.set("numa", system::numa_fact(snap));
    root.set("hugepages", system::hugepages_fact(snap));
    root.set("bios", system::bios_fact(snap));
    root.set("hypervisor", system::hypervisor_fact(snap));
    let cpu_nodes = system::cpu_nodes(snap);
    let (vms, assigned_twice, vm_summary) = vms::build(snap, &pci, &cpu_nodes);
    root.set("vms", vms);
    root.set("assigned_twice", assigned_twice);
    root.set("vm_summary", vm_summary);

    let mut problems = snap.problems.clone();
    if let Some(f) = snap.first(SourceId::Lspci) {
        let text = f.text();
        if text.contains("Capabilities: <access denied>") {
            problems.push(Problem {
                code: ProblemCode::AccessDenied,
                source: Some(SourceId::Lspci),
                path: Some(f.path.clone()),
                message: "lspci ran without root: link, ACS and FLR details are hidden and count as unknown".into(),
            });
        }
    }
    if let Some((l, f)) = &log
        && !l.has_boot
    {
        problems.push(Problem {
            code: ProblemCode::ParsePartial,
            source: Some(SourceId::Dmesg),
            path: Some(f.path.clone()),
            message: "the kernel log does not start at boot (rotated ring buffer or filtered output): a missing message is not evidence".into(),
        });
    }
    let sources = SourceId::all()
        .into_iter()
        .map(|id| SourceReport {
            id,
            status: snap.status(id),
            files: snap.source_files(id).map(|f| f.path.clone()).collect(),
        })
        .collect();
    Facts { root: root.build(), host: name, sources, problems }
}

fn kernel_version(
    snap: &Snapshot,
    log: Option<(&crate::facts::parse::dmesg::KernelLog, &crate::snapshot::SnapFile)>,
) -> Fact {
    let mut obs = Vec::new();
    if let Some(f) = snap.first(SourceId::Uname) {
        let text = f.text();
        let line = text.lines().next().unwrap_or("");
        if let Some(v) = line.split_whitespace().nth(2) {
            obs.push(Fact::str(v, Evidence::line(f, 1, line)));
        }
    }
    if let Some((l, f)) = log {
        for e in &l.events {
            if let crate::facts::parse::dmesg::Event::KernelVersion(v) = &e.event {
                obs.push(Fact::str(v.clone(), Evidence::line(f, e.line, &e.text)));
            }
        }
    }
    let fact = Fact::agree(obs, "no uname or boot log in the snapshot");
    if let Value::Conflict(_) = fact.value {
        // A log that spans reboots names several kernels: the newest boot wins.
        return fact;
    }
    fact
}
