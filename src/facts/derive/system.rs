//! Host platform facts: NUMA nodes, hugepages, BIOS, hypervisor versions, and the persisted
//! kernel command line with its drift from the running one.

use std::collections::BTreeMap;

use crate::facts::parse::{cmdline, system, vms::cpulist};
use crate::facts::tree::{Evidence, Fact, MapBuilder, Value};
use crate::snapshot::{SnapFile, Snapshot, SourceId};
use crate::units::Version;

use super::kernel::Cmdline;

/// CPU → NUMA node, from sysfs node cpulists (or `numactl -H`).
pub fn cpu_nodes(snap: &Snapshot) -> BTreeMap<u32, u32> {
    let mut map = BTreeMap::new();
    for f in snap.source_files(SourceId::NumaNodes).filter(|f| f.path.ends_with("/cpulist")) {
        if let Some(node) = node_of(&f.path) {
            for cpu in cpulist(f.text().trim()) {
                map.insert(cpu, node);
            }
        }
    }
    if map.is_empty()
        && let Some(f) = snap.first(SourceId::Numactl)
    {
        for (node, (cpus, _)) in system::numactl(&f.text()) {
            for cpu in cpulist(&cpus) {
                map.insert(cpu, node);
            }
        }
    }
    map
}

fn node_of(path: &str) -> Option<u32> {
    path.split('/').find_map(|p| p.strip_prefix("node").and_then(|n| n.parse().ok()))
}

/// `numa`.
pub fn numa_fact(snap: &Snapshot) -> Fact {
    let files: Vec<&SnapFile> = snap.source_files(SourceId::NumaNodes).collect();
    let mut nodes: BTreeMap<u32, MapBuilder> = BTreeMap::new();
    for f in &files {
        let Some(node) = node_of(&f.path) else { continue };
        let b = nodes.entry(node).or_insert_with(|| {
            let mut b = MapBuilder::new();
            b.set("id", Fact::int(i64::from(node), Evidence::file(f, &f.path)));
            b
        });
        let text = f.text().trim().to_string();
        if f.path.ends_with("/cpulist") {
            b.set("cpus", Fact::str(text.clone(), Evidence::file(f, &text)));
            b.set("cpu_count", Fact::int(cpulist(&text).len() as i64, Evidence::file(f, &text)));
        } else if f.path.contains("hugepages-1048576kB") && f.path.ends_with("nr_hugepages") {
            b.set("hugepages_1g", Fact::int(text.parse().unwrap_or(0), Evidence::file(f, &text)));
        } else if f.path.contains("hugepages-1048576kB") && f.path.ends_with("free_hugepages") {
            b.set("hugepages_1g_free", Fact::int(text.parse().unwrap_or(0), Evidence::file(f, &text)));
        } else if f.path.contains("hugepages-2048kB") && f.path.ends_with("nr_hugepages") {
            b.set("hugepages_2m", Fact::int(text.parse().unwrap_or(0), Evidence::file(f, &text)));
        }
    }
    if nodes.is_empty()
        && let Some(f) = snap.first(SourceId::Numactl)
    {
        for (node, (cpus, n)) in system::numactl(&f.text()) {
            let ev = Evidence::line(f, n, &cpus);
            let b = nodes.entry(node).or_default();
            b.set("id", Fact::int(i64::from(node), ev.clone()));
            b.set("cpu_count", Fact::int(cpulist(&cpus).len() as i64, ev.clone()));
            b.set("cpus", Fact::str(cpus, ev));
        }
    }
    if nodes.is_empty() {
        return Fact::unknown("no NUMA node information (sysfs node cpulists or numactl -H) in the snapshot");
    }
    let count = nodes.len() as i64;
    let mut m = MapBuilder::new();
    m.set("node_count", Fact::new(Value::Int(count), Vec::new()));
    m.set("nodes", Fact::list(nodes.into_values().map(MapBuilder::build).collect(), None));
    m.build()
}

/// `hugepages` from `/proc/meminfo`.
pub fn hugepages_fact(snap: &Snapshot) -> Fact {
    let Some(f) = snap.first(SourceId::Meminfo) else { return Fact::unknown("no /proc/meminfo in the snapshot") };
    let mi = system::meminfo(&f.text());
    let get = |k: &str| mi.get(k).map(|(v, n)| (*v, Evidence::line(f, *n, &format!("{k}: {v}"))));
    let mut m = MapBuilder::new();
    if let Some((v, ev)) = get("HugePages_Total") {
        m.set("total", Fact::int(i64::try_from(v).unwrap_or(i64::MAX), ev));
    }
    if let Some((v, ev)) = get("HugePages_Free") {
        m.set("free", Fact::int(i64::try_from(v).unwrap_or(i64::MAX), ev));
    }
    if let Some((v, ev)) = get("Hugepagesize") {
        m.set("size", Fact::bytes(v, ev));
    }
    if let (Some((t, ev)), Some((s, _))) = (get("HugePages_Total"), get("Hugepagesize")) {
        m.set("total_bytes", Fact::bytes(t.saturating_mul(s), ev));
    }
    if let Some((v, ev)) = get("MemTotal") {
        m.set("mem_total", Fact::bytes(v, ev));
    }
    m.build()
}

/// `bios` from DMI sysfs or dmidecode.
pub fn bios_fact(snap: &Snapshot) -> Fact {
    let mut m = MapBuilder::new();
    let mut any = false;
    for f in snap.source_files(SourceId::Dmi) {
        let name = f.path.rsplit('/').next().unwrap_or("");
        let v = f.text().trim().to_string();
        let ev = Evidence::file(f, &v);
        match name {
            "bios_vendor" => m.set("vendor", Fact::str(v, ev)),
            "bios_version" => m.set("version", Fact::str(v, ev)),
            "bios_date" => match system::bios_date(&v) {
                Some(d) => m.set("date", Fact::str(d, ev)),
                None => m.set("date", Fact::unknown_with(format!("`{v}` is not a date"), vec![ev])),
            },
            _ => continue,
        };
        any = true;
    }
    if !any && let Some(f) = snap.first(SourceId::Dmidecode) {
        for (k, (v, n)) in system::dmidecode_bios(&f.text()) {
            let ev = Evidence::line(f, n, &v);
            let key = k.trim_start_matches("bios_");
            if key == "date" {
                m.set_opt("date", system::bios_date(&v).map(|d| Fact::str(d, ev)));
            } else {
                m.set(key, Fact::str(v, ev));
            }
            any = true;
        }
    }
    if !any {
        return Fact::unknown("no DMI (sys/class/dmi/id) or dmidecode in the snapshot");
    }
    m.build()
}

/// `hypervisor`: QEMU and libvirt versions.
pub fn hypervisor_fact(snap: &Snapshot) -> Fact {
    let mut m = MapBuilder::new();
    for (id, key) in [(SourceId::QemuVersion, "qemu_version"), (SourceId::LibvirtVersion, "libvirt_version")] {
        let fact = match snap.first(id) {
            Some(f) => match system::tool_version(&f.text()) {
                Some((v, n, t)) => Version::parse(&v)
                    .map_or_else(|| Fact::unknown("no version"), |ver| Fact::version(ver, Evidence::line(f, n, &t))),
                None => Fact::unknown_with("no version in the output", vec![Evidence::file(f, &f.path)]),
            },
            None => Fact::unknown(format!("no `{}` output in the snapshot", id.as_str())),
        };
        m.set(key, fact);
    }
    m.build()
}

/// Parameters whose drift between the running and the persisted command line matters.
const WATCHED: &[&str] = &[
    "intel_iommu",
    "amd_iommu",
    "iommu",
    "iommu.passthrough",
    "iommu.strict",
    "intremap",
    "pcie_acs_override",
    "vfio_pci.ids",
    "vfio_iommu_type1.allow_unsafe_interrupts",
    "pci",
    "default_hugepagesz",
    "hugepagesz",
    "hugepages",
    "isolcpus",
];

/// Keys the bootloader adds itself, not part of the persisted line.
const BOOTLOADER: &[&str] = &["BOOT_IMAGE", "root", "ro", "rw", "initrd", "rootflags", "rootfstype"];

/// `kernel.cmdline_persisted`: what the next boot will use, and how it differs from now.
pub fn persisted_fact(snap: &Snapshot, running: &Cmdline) -> Fact {
    let files: Vec<&SnapFile> = snap.source_files(SourceId::CmdlinePersisted).collect();
    if files.is_empty() {
        return Fact::unknown("no /etc/default/grub, /etc/kernel/cmdline or boot loader entries in the snapshot");
    }
    let mut params: BTreeMap<String, (String, Evidence)> = BTreeMap::new();
    let mut sources = Vec::new();
    for f in &files {
        let text = f.text();
        let lines = if f.path.ends_with("etc/default/grub") {
            cmdline::grub_default(&text)
        } else if f.path.ends_with("etc/kernel/cmdline") {
            cmdline::kernel_cmdline_file(&text)
        } else {
            cmdline::bls_options(&text)
        };
        for l in lines {
            let ev = Evidence::line(f, l.line, l.raw.trim());
            sources.push(Fact::str(f.path.clone(), ev.clone()));
            for a in cmdline::tokenize(&l.cmdline) {
                if !a.key.starts_with('$') {
                    params.insert(a.key, (a.value, ev.clone()));
                }
            }
        }
    }
    let mut m = MapBuilder::new();
    let mut pm = MapBuilder::new();
    for (k, (v, ev)) in &params {
        pm.set(k, Fact::str(v.clone(), ev.clone()));
    }
    m.set("params", pm.build());
    m.set("files", Fact::list(sources, None));
    let drift = match &running.file {
        None => Fact::unknown("no running command line (/proc/cmdline) to compare with"),
        Some(_) => {
            let mut items = Vec::new();
            let mut keys: Vec<&str> = params
                .keys()
                .map(String::as_str)
                .chain(WATCHED.iter().copied())
                .filter(|k| !BOOTLOADER.contains(k))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                let now = running.param(k);
                let next = params.get(k);
                let differs = match (&now, next) {
                    (Some((a, _)), Some((b, _))) => a != b,
                    (Some(_), None) => WATCHED.contains(&k),
                    (None, Some(_)) => true,
                    (None, None) => false,
                };
                if differs {
                    let mut ev: Vec<Evidence> = Vec::new();
                    ev.extend(now.as_ref().map(|(_, e)| e.clone()));
                    ev.extend(next.map(|(_, e)| e.clone()));
                    let mut b = MapBuilder::new();
                    b.set("param", Fact::new(Value::Str(k.to_string()), ev.clone()));
                    b.set(
                        "running",
                        Fact::new(
                            Value::Str(now.map_or_else(
                                || "(not set)".to_string(),
                                |(v, _)| if v.is_empty() { "(flag)".into() } else { v.to_string() },
                            )),
                            ev.clone(),
                        ),
                    );
                    b.set(
                        "persisted",
                        Fact::new(
                            Value::Str(next.map_or_else(
                                || "(not set)".to_string(),
                                |(v, _)| if v.is_empty() { "(flag)".into() } else { v.clone() },
                            )),
                            ev,
                        ),
                    );
                    items.push(b.build());
                }
            }
            Fact::list(items, None)
        }
    };
    m.set("drift", drift);
    m.build()
}
