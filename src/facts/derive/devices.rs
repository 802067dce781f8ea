//! GPUs and NVSwitches: PCI devices picked by numeric id and class, joined with their aperture,
//! the ports above them, their IOMMU group members and the kernel's BAR complaints.

use std::collections::BTreeMap;

use crate::facts::ids::{self, Kind};
use crate::facts::tree::{Evidence, Fact, MapBuilder, Value};

use super::nvidia::{Smi, add_smi_fields, smi_fields_unknown, smi_pci_id};
use super::pci::{Pci, PciDev};
use super::vms::Assignments;

/// Which PCI functions are NVIDIA GPUs or NVSwitches.
pub fn classify(dev: &PciDev) -> Option<Kind> {
    if dev.vendor.as_deref() != Some(ids::NVIDIA) {
        return None;
    }
    if let Some((_, kind)) = dev.device.as_deref().and_then(ids::lookup) {
        return Some(kind);
    }
    match dev.class.as_deref() {
        Some(c) if ids::is_gpu_class(c) => Some(Kind::Gpu),
        Some("0680") => Some(Kind::NvSwitch),
        _ => None,
    }
}

/// Builds `gpus` and `nvswitches`, joining nvidia-smi fields to GPUs by bus id.
pub fn build(
    pci: &Pci,
    bar_failures: &[(String, Fact)],
    log_partial: Option<&str>,
    smi: Option<&Smi<'_>>,
    assignments: Option<&Assignments>,
) -> (Fact, Fact) {
    let mut gpus = Vec::new();
    let mut switches = Vec::new();
    let mut seen = Vec::new();
    for dev in &pci.devices {
        match classify(dev) {
            Some(Kind::Gpu) => {
                let mut m = gpu(pci, dev, bar_failures, log_partial);
                assigned(&mut m, &dev.bdf, assignments);
                match smi.map(|s| (s, s.gpu(&dev.bdf))) {
                    Some((s, Some(g))) => add_smi_fields(&mut m, s, g),
                    Some((s, None)) => smi_fields_unknown(
                        &mut m,
                        &format!(
                            "{} does not list this GPU (nvidia-smi only sees GPUs on the nvidia driver)",
                            s.file.path
                        ),
                    ),
                    None => smi_fields_unknown(&mut m, "nvidia-smi -q output is not in the snapshot"),
                }
                seen.push(dev.bdf.clone());
                gpus.push(m.build());
            }
            Some(Kind::NvSwitch) => {
                let mut m = with_model(dev);
                m.set("group_members", members(pci, dev));
                assigned(&mut m, &dev.bdf, assignments);
                switches.push(m.build());
            }
            None => {}
        }
    }
    // GPUs nvidia-smi reports that PCI data does not show (no lspci, or a guest's view).
    if let Some(s) = smi {
        for g in &s.report.gpus {
            let Some(bdf) = crate::facts::parse::lspci::normalise_bdf(&g.bus_id) else { continue };
            if seen.contains(&bdf) || pci.get(&bdf).is_some() {
                continue;
            }
            let ev = Evidence::line(s.file, g.line, &format!("GPU {}", g.bus_id));
            let mut m = MapBuilder::new();
            m.evidence(ev.clone());
            m.partial("this GPU is only known from nvidia-smi; PCI details are not in the snapshot");
            m.set("bdf", Fact::str(bdf, ev.clone()));
            if let Some(id) = smi_pci_id(g) {
                if let Some((model, _)) = id.split_once(':').and_then(|(_, d)| ids::lookup(d)) {
                    m.set("model", Fact::str(model, ev.clone()));
                }
                m.set("pci_id", Fact::str(id, ev));
            }
            add_smi_fields(&mut m, s, g);
            gpus.push(m.build());
        }
    }
    if !pci.present && smi.is_none_or(|s| s.report.gpus.is_empty()) {
        let why = "no lspci or PCI sysfs in the snapshot";
        return (Fact::unknown(why), Fact::unknown(why));
    }
    let switch_list = if pci.present {
        Fact::list(switches, pci.nvidia_partial.clone())
    } else {
        Fact::unknown("no lspci or PCI sysfs in the snapshot")
    };
    (Fact::list(gpus, pci.nvidia_partial.clone()), switch_list)
}

fn with_model(dev: &PciDev) -> MapBuilder {
    let mut m = MapBuilder::new();
    if let Some(map) = dev.fact.as_map() {
        for (k, v) in &map.entries {
            m.set(k, v.clone());
        }
    }
    for ev in &dev.fact.evidence {
        m.evidence(ev.clone());
    }
    if let (Some((model, _)), Some(pci_id)) = (dev.device.as_deref().and_then(ids::lookup), dev.fact.child("pci_id")) {
        m.set("model", Fact::new(Value::Str(model.to_string()), pci_id.evidence.clone()));
    }
    m
}

fn gpu(pci: &Pci, dev: &PciDev, bar_failures: &[(String, Fact)], log_partial: Option<&str>) -> MapBuilder {
    let mut m = with_model(dev);
    m.set("aperture", aperture(dev));
    let failures: Vec<Fact> = bar_failures.iter().filter(|(b, _)| *b == dev.bdf).map(|(_, f)| f.clone()).collect();
    m.set("bar_failures", Fact::list(failures, log_partial.map(str::to_string)));
    m.set("upstream_ports", upstream(pci, dev));
    m.set("group_members", members(pci, dev));
    m
}

fn assigned(m: &mut MapBuilder, bdf: &str, assignments: Option<&Assignments>) {
    let Some(all) = assignments else {
        m.set("assigned_to", Fact::unknown("no VM definitions in the snapshot"));
        m.set("managed_assignment", Fact::unknown("no VM definitions in the snapshot"));
        return;
    };
    let mine = all.get(bdf).map(Vec::as_slice).unwrap_or_default();
    let ev: Vec<Evidence> = mine.iter().map(|(_, _, e)| e.clone()).collect();
    m.set("assigned_to", Fact::list(mine.iter().map(|(n, _, e)| Fact::str(n.clone(), e.clone())).collect(), None));
    m.set("managed_assignment", Fact::new(Value::Bool(mine.iter().any(|(_, managed, _)| *managed == Some(true))), ev));
}

/// The largest 64-bit prefetchable memory BAR, whatever its number.
fn aperture(dev: &PciDev) -> Fact {
    if let Some(Value::Unknown(why)) = dev.fact.child("bars").map(|b| &b.value) {
        return Fact::unknown(why.clone());
    }
    let best = dev.bars.iter().filter(|b| b.memory && b.is64 && b.prefetchable).max_by_key(|b| b.size.unwrap_or(0));
    let mut m = MapBuilder::new();
    match best {
        Some(b) => {
            let ev = b.evidence.clone();
            m.evidence(ev.clone());
            if let Some(r) = b.region {
                m.set("region", Fact::int(i64::from(r), ev.clone()));
            }
            match b.size {
                Some(s) => m.set("size", Fact::bytes(s, ev.clone())),
                None => m.set("size", Fact::unknown_with("the BAR's size is not shown", vec![ev.clone()])),
            };
            m.set("state", Fact::str(b.state.as_str(), ev.clone()));
            let assigned = matches!(
                b.state,
                crate::facts::parse::lspci::RegionState::Assigned
                    | crate::facts::parse::lspci::RegionState::Disabled
                    | crate::facts::parse::lspci::RegionState::Virtual
            );
            m.set("assigned", Fact::bool(assigned, ev));
        }
        None => {
            let ev = dev.fact.evidence.first().cloned().map(|mut e| {
                e.excerpt = format!("{} (no 64-bit prefetchable BAR listed)", e.excerpt);
                e
            });
            let evs: Vec<Evidence> = ev.into_iter().collect();
            for e in &evs {
                m.evidence(e.clone());
            }
            m.set("state", Fact::new(Value::Str("missing".into()), evs.clone()));
            m.set("assigned", Fact::new(Value::Bool(false), evs));
        }
    }
    m.build()
}

fn upstream(pci: &Pci, dev: &PciDev) -> Fact {
    if pci.partial.is_some() || !pci.devices.iter().any(|d| d.bus_range.is_some()) && dev.bus != 0 {
        return Fact::unknown("the PCI hierarchy is not known (no bridge bus numbers in lspci -vv)");
    }
    let ports: Vec<Fact> = pci
        .upstream(dev)
        .into_iter()
        .map(|p| {
            let mut m = MapBuilder::new();
            for ev in &p.fact.evidence {
                m.evidence(ev.clone());
            }
            for key in ["bdf", "pci_id", "port_type", "acs"] {
                if let Some(f) = p.fact.child(key) {
                    m.set(key, f.clone());
                }
            }
            m.build()
        })
        .collect();
    Fact::list(ports, None)
}

fn members(pci: &Pci, dev: &PciDev) -> Fact {
    if !pci.groups_known {
        return Fact::unknown("IOMMU group membership is not in the snapshot");
    }
    let Some(group) = dev.group else {
        return match dev.fact.child("iommu_group") {
            Some(f) => match &f.value {
                Value::Unknown(why) => Fact::unknown(why.clone()),
                _ => Fact::unknown("sources disagree about the IOMMU group"),
            },
            None => Fact::unknown("the device has no IOMMU group (IOMMU off or device not translated)"),
        };
    };
    let by_bdf: BTreeMap<&str, &PciDev> = pci.devices.iter().map(|d| (d.bdf.as_str(), d)).collect();
    let slot = |b: &str| b.rsplit_once('.').map_or(b.to_string(), |(s, _)| s.to_string());
    let items = pci
        .groups
        .get(&group)
        .into_iter()
        .flatten()
        .map(|(bdf, ev)| {
            let mut m = MapBuilder::new();
            m.evidence(ev.clone());
            m.set("bdf", Fact::str(bdf.clone(), ev.clone()));
            m.set("is_self", Fact::bool(*bdf == dev.bdf, ev.clone()));
            m.set("same_device", Fact::bool(slot(bdf) == slot(&dev.bdf), ev.clone()));
            match by_bdf.get(bdf.as_str()) {
                Some(other) => {
                    for key in ["pci_id", "class", "driver", "is_bridge"] {
                        if let Some(f) = other.fact.child(key) {
                            m.set(key, f.clone());
                        }
                    }
                }
                None => {
                    m.partial("the device is in the group but not in lspci or PCI sysfs");
                }
            }
            m.build()
        })
        .collect();
    Fact::list(items, None)
}
