//! VM definitions joined to the host: each hostdev to the host device it names (GPU, NVSwitch,
//! other, or missing), the VM's GPU/NVSwitch layout, its vCPU pinning against the NUMA nodes of its
//! GPUs, hugepage backing, firmware, machine type and 64-bit MMIO window; and host devices that
//! two VM definitions both claim.

use std::collections::{BTreeMap, BTreeSet};

use crate::facts::ids::Kind;
use crate::facts::parse::vms::{self, Vm, cpulist};
use crate::facts::tree::{Evidence, Fact, MapBuilder, Value};
use crate::snapshot::{SnapFile, Snapshot, SourceId};

use super::devices::classify;
use super::pci::Pci;

/// Reads every VM definition.
pub fn read(snap: &Snapshot) -> Vec<(Vm, &SnapFile)> {
    let stem = |f: &SnapFile| {
        let name = f.path.rsplit('/').next().unwrap_or("");
        name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
    };
    let mut out = Vec::new();
    for f in snap.source_files(SourceId::LibvirtVms) {
        out.push((vms::libvirt(&f.text(), &stem(f)), f));
    }
    for f in snap.source_files(SourceId::ProxmoxVms) {
        out.push((vms::proxmox(&f.text(), &stem(f)), f));
    }
    out
}

fn matches(hostdev: &vms::HostDev, bdf: &str) -> bool {
    if hostdev.all_functions { bdf.starts_with(&format!("{}.", hostdev.bdf)) } else { hostdev.bdf == bdf }
}

/// Host device BDF → every (VM name, libvirt `managed`, evidence) that assigns it.
pub type Assignments = BTreeMap<String, Vec<(String, Option<bool>, Evidence)>>;

/// Which VMs assign each host device. `None` when the snapshot has no VM definitions at all
/// (assignment unknown, not "none").
pub fn assignments(snap: &Snapshot, pci: &Pci) -> Option<Assignments> {
    if !snap.has(SourceId::LibvirtVms) && !snap.has(SourceId::ProxmoxVms) {
        return None;
    }
    let mut out: BTreeMap<String, Vec<(String, Option<bool>, Evidence)>> = BTreeMap::new();
    for (vm, file) in read(snap) {
        for h in &vm.hostdevs {
            let ev = Evidence::line(file, h.line, &h.text);
            for d in pci.devices.iter().filter(|d| matches(h, &d.bdf)) {
                out.entry(d.bdf.clone()).or_default().push((vm.name.clone(), h.managed, ev.clone()));
            }
        }
    }
    Some(out)
}

/// Builds `vms`, `assigned_twice` (devices claimed by more than one VM) and `vm_summary`.
pub fn build(snap: &Snapshot, pci: &Pci, cpu_nodes: &BTreeMap<u32, u32>) -> (Fact, Fact, Fact) {
    let defs = read(snap);
    if !snap.has(SourceId::LibvirtVms) && !snap.has(SourceId::ProxmoxVms) {
        let why = "no libvirt or Proxmox VM definitions in the snapshot";
        return (Fact::unknown(why), Fact::unknown(why), Fact::unknown(why));
    }
    let mut hugepage_memory: u64 = 0;
    let mut gpu_vms = 0i64;
    let anchor = snap
        .source_files(SourceId::LibvirtVms)
        .chain(snap.source_files(SourceId::ProxmoxVms))
        .next()
        .map(|f| Evidence::file(f, &f.path));
    let mut claims: BTreeMap<String, Vec<(String, Evidence)>> = BTreeMap::new();
    let mut items = Vec::new();
    for (vm, file) in &defs {
        let mut m = MapBuilder::new();
        let head = Evidence::file(file, &file.path);
        m.evidence(head.clone());
        m.set("name", Fact::str(vm.name.clone(), head.clone()));
        m.set("kind", Fact::str(vm.kind, head.clone()));
        m.set("file", Fact::str(file.path.clone(), head.clone()));
        let mut devs = Vec::new();
        let (mut gpus, mut switches) = (0i64, 0i64);
        let mut gpu_nodes: BTreeSet<i64> = BTreeSet::new();
        let mut needed_mmio: u64 = 0;
        let mut unclassified = 0u32;
        let mut unknown_needs: Vec<String> = Vec::new();
        for h in &vm.hostdevs {
            let ev = Evidence::line(file, h.line, &h.text);
            let targets: Vec<_> = pci.devices.iter().filter(|d| matches(h, &d.bdf)).collect();
            for t in &targets {
                claims.entry(t.bdf.clone()).or_default().push((vm.name.clone(), ev.clone()));
            }
            if targets.is_empty() {
                claims.entry(h.bdf.clone()).or_default().push((vm.name.clone(), ev.clone()));
            }
            let mut d = MapBuilder::new();
            d.evidence(ev.clone());
            d.set("bdf", Fact::str(h.bdf.clone(), ev.clone()));
            if let Some(mg) = h.managed {
                d.set("managed", Fact::bool(mg, ev.clone()));
            }
            match targets.first() {
                Some(t) => {
                    let kind = match classify(t) {
                        Some(Kind::Gpu) => {
                            gpus += 1;
                            if let Some(Value::Int(n)) = t.fact.child("numa_node").map(|f| &f.value) {
                                gpu_nodes.insert(*n);
                            }
                            let ap = t
                                .bars
                                .iter()
                                .filter(|b| b.is64 && b.prefetchable)
                                .filter_map(|b| b.size)
                                .max()
                                .unwrap_or(0);
                            if ap == 0 {
                                unknown_needs.push(format!("the BAR sizes of GPU {} are not in the snapshot", h.bdf));
                            }
                            needed_mmio = needed_mmio.saturating_add(ap.saturating_mul(2));
                            "gpu"
                        }
                        Some(Kind::NvSwitch) => {
                            switches += 1;
                            "nvswitch"
                        }
                        None => "other",
                    };
                    d.set("device_kind", Fact::str(kind, ev.clone()));
                    for key in ["pci_id", "driver"] {
                        d.set_opt(key, t.fact.child(key).cloned());
                    }
                }
                None if pci.present && pci.partial.is_none() => {
                    d.set("device_kind", Fact::str("missing", ev.clone()));
                }
                None => {
                    unclassified += 1;
                    d.set("device_kind", Fact::unknown("the host's PCI devices are not in the snapshot"));
                }
            }
            devs.push(d.build());
        }
        let partial = vm.error.clone().map(|e| format!("the VM definition could not be read whole: {e}"));
        m.set("hostdevs", Fact::list(devs, partial.clone()));
        if unclassified > 0 {
            // A hostdev that cannot be matched to a host device may be a GPU: counts are unknown.
            let why = format!("{unclassified} assigned device(s) cannot be matched to the host's PCI devices");
            m.set("gpu_count", Fact::unknown_with(why.clone(), vec![head.clone()]));
            m.set("nvswitch_count", Fact::unknown_with(why.clone(), vec![head.clone()]));
            unknown_needs.push(why);
        } else {
            m.set("gpu_count", Fact::new(Value::Int(gpus), vec![head.clone()]));
            m.set("nvswitch_count", Fact::new(Value::Int(switches), vec![head.clone()]));
        }
        if let Some((v, n)) = &vm.machine {
            let ev = Evidence::line(file, *n, v);
            m.set("machine", Fact::str(v.clone(), ev.clone()));
            m.set("q35", Fact::bool(v.contains("q35"), ev));
        }
        let fw_line = |n: u32| Evidence::line(file, n, "firmware");
        match &vm.firmware {
            Some((fw, n)) => {
                m.set("firmware", Fact::str(fw.clone(), fw_line(*n)));
                m.set("uefi", Fact::bool(matches!(fw.as_str(), "efi" | "ovmf"), fw_line(*n)));
            }
            None if vm.error.is_none() => {
                m.set(
                    "uefi",
                    Fact::bool(
                        false,
                        Evidence {
                            excerpt: "no firmware/loader: legacy BIOS (SeaBIOS) default".into(),
                            ..head.clone()
                        },
                    ),
                );
            }
            None => {}
        }
        m.set(
            "hugepages",
            match &vm.hugepages {
                Some((_, n)) => Fact::bool(true, Evidence::line(file, *n, "hugepages")),
                None => Fact::bool(false, Evidence { excerpt: "no hugepage backing".into(), ..head.clone() }),
            },
        );
        if let Some((b, n)) = vm.memory {
            m.set("memory", Fact::bytes(b, Evidence::line(file, n, "memory")));
            if vm.hugepages.is_some() {
                hugepage_memory = hugepage_memory.saturating_add(b);
            }
        }
        if let Some((b, n)) = vm.balloon {
            m.set("balloon", Fact::bool(b, Evidence::line(file, n, "balloon")));
        }
        if let Some((b, n)) = vm.phys_bits_passthrough {
            m.set("phys_bits_passthrough", Fact::bool(b, Evidence::line(file, n, "maxphysaddr / host-phys-bits")));
        } else if vm.error.is_none() {
            m.set(
                "phys_bits_passthrough",
                Fact::bool(false, Evidence { excerpt: "no maxphysaddr / host-phys-bits".into(), ..head.clone() }),
            );
        }
        match vm.mmio64_mb {
            Some((mb, n)) => {
                m.set("mmio64", Fact::bytes(mb << 20, Evidence::line(file, n, &format!("X-PciMmio64Mb={mb}"))))
            }
            None => m.set(
                "mmio64",
                Fact::bytes(0, Evidence { excerpt: "no X-PciMmio64Mb: firmware default".into(), ..head.clone() }),
            ),
        };
        if gpus > 0 || unclassified > 0 {
            gpu_vms += i64::from(gpus > 0);
            match unknown_needs.first() {
                Some(why) => m.set("mmio64_needed", Fact::unknown_with(why.clone(), vec![head.clone()])),
                None => m.set("mmio64_needed", Fact::bytes(needed_mmio, head.clone())),
            };
        }
        // Pinning against the GPUs' NUMA nodes.
        let pinned: Vec<(String, u32)> =
            vm.vcpu_pins.iter().map(|(_, s, n)| (s.clone(), *n)).chain(vm.affinity.clone()).collect();
        m.set(
            "pinned",
            Fact::bool(
                !pinned.is_empty(),
                pinned.first().map_or_else(|| head.clone(), |(s, n)| Evidence::line(file, *n, s)),
            ),
        );
        if !pinned.is_empty() && gpus > 0 && gpu_nodes.is_empty() {
            m.set("pinning_numa_aligned", Fact::unknown("the NUMA nodes of the VM's GPUs are not in the snapshot"));
        }
        if !pinned.is_empty() && !gpu_nodes.is_empty() {
            let ev = Evidence::line(file, pinned[0].1, &pinned[0].0);
            let cpus: Vec<u32> = pinned.iter().flat_map(|(s, _)| cpulist(s)).collect();
            if cpu_nodes.is_empty() {
                m.set("pinning_numa_aligned", Fact::unknown("the host's NUMA CPU lists are not in the snapshot"));
            } else {
                let nodes: BTreeSet<i64> =
                    cpus.iter().filter_map(|c| cpu_nodes.get(c)).map(|n| i64::from(*n)).collect();
                let aligned =
                    nodes.iter().all(|n| gpu_nodes.contains(n)) && cpus.iter().all(|c| cpu_nodes.contains_key(c));
                let text = format!("vCPUs on host NUMA node(s) {nodes:?}; GPUs on node(s) {gpu_nodes:?}");
                m.set("pinning_numa_aligned", Fact::bool(aligned, Evidence { excerpt: text, ..ev }));
            }
        }
        items.push(m.build());
    }
    let dups: Vec<Fact> = claims
        .into_iter()
        .filter(|(_, vms)| vms.iter().map(|(n, _)| n).collect::<BTreeSet<_>>().len() > 1)
        .map(|(bdf, vms)| {
            let ev: Vec<Evidence> = vms.iter().map(|(_, e)| e.clone()).collect();
            let mut b = MapBuilder::new();
            b.set("bdf", Fact::new(Value::Str(bdf), ev.clone()));
            b.set("vms", Fact::list(vms.into_iter().map(|(n, e)| Fact::str(n, e)).collect(), None));
            b.build()
        })
        .collect();
    let ev: Vec<Evidence> = anchor.into_iter().collect();
    let mut summary = MapBuilder::new();
    summary.set("count", Fact::new(Value::Int(items.len() as i64), ev.clone()));
    summary.set("gpu_vms", Fact::new(Value::Int(gpu_vms), ev.clone()));
    summary.set("hugepage_memory", Fact::new(Value::Bytes(hugepage_memory), ev));
    (Fact::list(items, None), Fact::list(dups, None), summary.build())
}
