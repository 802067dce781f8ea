//! Host identity and role, and the CPU.
//!
//! The role decides which rules apply: a guest cannot prove the host's IOMMU state, a bare-metal
//! host is not checked for VFIO binding. It comes from positive evidence only: the cpuinfo
//! `hypervisor` flag, a virtual DMI vendor, emulated PCI devices (QEMU root ports, virtio), and
//! for hosts, GPUs bound to vfio-pci or VM definitions.

use crate::facts::parse::cpuinfo;
use crate::facts::tree::{Evidence, Fact, MapBuilder, Value};
use crate::snapshot::{Snapshot, SourceId};

use super::pci::Pci;

const VIRTUAL_VENDORS: &[&str] =
    &["QEMU", "Amazon EC2", "VMware", "Xen", "Google", "OpenStack Foundation", "Red Hat", "Nutanix", "KubeVirt"];
/// Emulated PCI vendors: Red Hat/QEMU (1b36), virtio (1af4).
const VIRTUAL_PCI_VENDORS: &[&str] = &["1b36", "1af4"];

/// `cpu`.
pub fn cpu_fact(snap: &Snapshot) -> (Fact, Option<Vec<String>>) {
    let Some(file) = snap.first(SourceId::Cpuinfo) else {
        return (Fact::unknown("no /proc/cpuinfo in the snapshot"), None);
    };
    let cpu = cpuinfo::parse(&file.text());
    let mut m = MapBuilder::new();
    if let Some((v, n)) = &cpu.vendor {
        m.set("vendor", Fact::str(v.clone(), Evidence::line(file, *n, v)));
    }
    if let Some((v, n)) = &cpu.model {
        m.set("model", Fact::str(v.clone(), Evidence::line(file, *n, v)));
    }
    if cpu.count > 0 {
        m.set("count", Fact::new(Value::Int(i64::from(cpu.count)), vec![Evidence::file(file, "processor entries")]));
    }
    let flags = cpu.flags.as_ref().map(|(f, _)| f.clone());
    if let Some((flags, n)) = &cpu.flags {
        let ev = Evidence::line(file, *n, &format!("flags: {}", flags.join(" ")));
        m.set("flags", Fact::list(flags.iter().map(|f| Fact::str(f.clone(), ev.clone())).collect(), None));
        m.set("virtualization", Fact::bool(flags.iter().any(|f| f == "vmx" || f == "svm"), ev));
    } else {
        m.set("flags", Fact::unknown("no flags line in cpuinfo"));
        m.set("virtualization", Fact::unknown("no flags line in cpuinfo"));
    }
    (m.build(), flags)
}

fn first_line(snap: &Snapshot, id: SourceId) -> Option<(String, Evidence)> {
    let f = snap.first(id)?;
    let v = f.text().lines().next().unwrap_or("").trim().to_string();
    (!v.is_empty()).then(|| (v.clone(), Evidence::file(f, &v)))
}

/// `host`, given the GPU and NVSwitch drivers and whether VM definitions exist.
pub fn host_fact(snap: &Snapshot, pci: &Pci, flags: Option<&[String]>, vfio_bound: Option<Evidence>) -> (Fact, String) {
    let mut m = MapBuilder::new();
    let name = first_line(snap, SourceId::Hostname)
        .or_else(|| {
            snap.manifest.as_ref().map(|mf| {
                (mf.host.clone(), Evidence::file(snap.first(SourceId::Manifest).expect("manifest file"), &mf.host))
            })
        })
        .or_else(|| {
            first_line(snap, SourceId::Uname).and_then(|(u, e)| u.split_whitespace().nth(1).map(|h| (h.to_string(), e)))
        });
    let display = name.as_ref().map_or_else(|| "unknown-host".to_string(), |(n, _)| n.clone());
    match name {
        Some((n, e)) => m.set("name", Fact::str(n, e)),
        None => m.set("name", Fact::unknown("no host name in the snapshot")),
    };
    let vendor = snap.source_files(SourceId::Dmi).find(|f| f.path.ends_with("sys_vendor"));
    let product = snap.source_files(SourceId::Dmi).find(|f| f.path.ends_with("product_name"));
    let dmi = |f: &crate::snapshot::SnapFile| {
        let v = f.text().trim().to_string();
        (v.clone(), Evidence::file(f, &v))
    };
    if let Some(f) = vendor {
        let (v, e) = dmi(f);
        m.set("vendor", Fact::str(v, e));
    }
    if let Some(f) = product {
        let (v, e) = dmi(f);
        m.set("product", Fact::str(v, e));
    }

    let mut virt = Vec::new();
    if let (Some(flags), Some(file)) = (flags, snap.first(SourceId::Cpuinfo)) {
        let ev = Evidence::file(
            file,
            if flags.iter().any(|f| f == "hypervisor") {
                "flags: … hypervisor …"
            } else {
                "flags: (no hypervisor flag)"
            },
        );
        virt.push(Fact::bool(flags.iter().any(|f| f == "hypervisor"), ev));
    }
    if let Some(f) = vendor {
        let (v, e) = dmi(f);
        if VIRTUAL_VENDORS.iter().any(|x| v.contains(x)) {
            virt.push(Fact::bool(true, e));
        }
    }
    if let Some(d) = pci.devices.iter().find(|d| d.vendor.as_deref().is_some_and(|v| VIRTUAL_PCI_VENDORS.contains(&v)))
    {
        let ev = d.fact.evidence.first().cloned();
        virt.push(Fact::new(Value::Bool(true), ev.into_iter().collect()));
    }
    let virtualized = Fact::agree(virt, "no cpuinfo flags, DMI or PCI evidence of virtualization");
    let vms = snap.source_files(SourceId::LibvirtVms).next().or_else(|| snap.source_files(SourceId::ProxmoxVms).next());
    let role = match &virtualized.value {
        Value::Bool(true) => {
            // A VM that owns NVSwitches but no GPUs runs Fabric Manager for shared-NVSwitch tenants.
            let switches = pci
                .devices
                .iter()
                .filter(|d| super::devices::classify(d) == Some(crate::facts::ids::Kind::NvSwitch))
                .count();
            let gpus = pci
                .devices
                .iter()
                .filter(|d| super::devices::classify(d) == Some(crate::facts::ids::Kind::Gpu))
                .count();
            let role = if switches > 0 && gpus == 0 { "service-vm" } else { "guest" };
            Fact::new(Value::Str(role.into()), virtualized.evidence.clone())
        }
        Value::Bool(false) => {
            if let Some(ev) = vfio_bound {
                Fact::str("hypervisor", ev)
            } else if let Some(vm) = vms {
                Fact::str("hypervisor", Evidence::file(vm, &format!("VM definition {}", vm.path)))
            } else {
                Fact::new(Value::Str("bare-metal".into()), virtualized.evidence.clone())
            }
        }
        _ => Fact::unknown("cannot tell whether this OS is a guest"),
    };
    m.set("virtualized", virtualized);
    m.set("role", role);
    (m.build(), display)
}
