//! IOMMU facts: hardware, enabled, interrupt remapping, unsafe interrupts, groups.
//!
//! Each conclusion gathers observations from every source that can speak to it and keeps them
//! only if they agree ([`Fact::agree`]): the sysfs group tree, IOMMU units, lspci group lines,
//! the kernel log and the command line must tell one story, or the fact is a conflict.

use crate::facts::parse::{dmesg, interrupts};
use crate::facts::tree::{Evidence, Fact, MapBuilder};
use crate::snapshot::{SnapFile, Snapshot, SourceId};

use super::kernel::Cmdline;
use super::pci::Pci;

/// Builds `iommu`.
pub fn build(
    snap: &Snapshot,
    pci: &Pci,
    cmd: &Cmdline,
    log: Option<&(dmesg::KernelLog, &SnapFile)>,
    modprobe: &[(crate::facts::parse::modprobe::Directive, &SnapFile)],
) -> Fact {
    let mut m = MapBuilder::new();
    let units: Vec<&SnapFile> = snap.source_files(SourceId::IommuUnits).collect();
    let units_known = snap.has(SourceId::IommuUnits);

    // Hardware: ACPI tables and units.
    let mut hw = Vec::new();
    let tables: Vec<&SnapFile> = snap.source_files(SourceId::AcpiTables).collect();
    if let Some(t) = tables.first() {
        hw.push(Fact::bool(true, Evidence::file(t, &format!("{} present", t.path))));
    } else if snap.has(SourceId::AcpiTables) {
        hw.push(Fact::bool(
            false,
            Evidence {
                path: "sys/firmware/acpi/tables".into(),
                line: 0,
                end_line: 0,
                excerpt: "no DMAR or IVRS table".into(),
                sha256: "".into(),
            },
        ));
    }
    if let Some(u) = units.first() {
        hw.push(Fact::bool(true, Evidence::file(u, &u.path)));
    }
    let log_table = log.and_then(|(l, f)| {
        l.events.iter().find_map(|e| match &e.event {
            dmesg::Event::IommuTable(t) => Some((t.clone(), Evidence::line(f, e.line, &e.text))),
            _ => None,
        })
    });
    if let Some((_, ev)) = &log_table {
        hw.push(Fact::bool(true, ev.clone()));
    }
    m.set("hardware", Fact::agree(hw, "no ACPI tables or /sys/class/iommu in the snapshot"));
    m.set(
        "units",
        if units_known {
            Fact::list(
                units
                    .iter()
                    .map(|u| Fact::str(u.path.rsplit('/').next().unwrap_or(""), Evidence::file(u, &u.path)))
                    .collect(),
                None,
            )
        } else {
            Fact::unknown("no /sys/class/iommu in the snapshot")
        },
    );

    // Enabled.
    let mut on = Vec::new();
    if snap.has(SourceId::IommuGroups) {
        match pci.groups.values().flatten().next() {
            Some((_, ev)) => on.push(Fact::bool(true, ev.clone())),
            None => on.push(Fact::bool(
                false,
                Evidence {
                    path: "sys/kernel/iommu_groups".into(),
                    line: 0,
                    end_line: 0,
                    excerpt: "empty: no IOMMU groups".into(),
                    sha256: "".into(),
                },
            )),
        }
    } else if pci.groups_known
        && let Some((_, ev)) = pci.groups.values().flatten().next()
    {
        on.push(Fact::bool(true, ev.clone()));
    }
    if let Some(u) = units.first() {
        on.push(Fact::bool(true, Evidence::file(u, &format!("{} (IOMMU unit registered)", u.path))));
    }
    if let Some((log, file)) = log {
        for e in &log.events {
            match e.event {
                dmesg::Event::IommuEnabled => on.push(Fact::bool(true, Evidence::line(file, e.line, &e.text))),
                dmesg::Event::IommuDisabled => on.push(Fact::bool(false, Evidence::line(file, e.line, &e.text))),
                _ => {}
            }
        }
    }
    for key in ["intel_iommu", "amd_iommu", "iommu"] {
        if let Some(("off", ev)) = cmd.param(key) {
            on.push(Fact::bool(false, ev));
        }
    }
    // A log from boot that lists the Intel DMAR table but never says `DMAR: IOMMU enabled`: the
    // kernel found VT-d and left it off (a distro kernel without CONFIG_INTEL_IOMMU_DEFAULT_ON and
    // no `intel_iommu=on`). Only when nothing else speaks, and never for AMD (on by default).
    if on.is_empty()
        && let (Some((log, _)), Some((table, ev))) = (log, &log_table)
        && table == "DMAR"
        && log.has_boot
        && !log.events.iter().any(|e| matches!(e.event, dmesg::Event::IommuEnabled | dmesg::Event::IommuDisabled))
    {
        on.push(Fact::bool(
            false,
            Evidence {
                excerpt: format!("{} (the boot log never says `DMAR: IOMMU enabled`)", ev.excerpt),
                ..ev.clone()
            },
        ));
    }
    m.set("enabled", Fact::agree(on, "no IOMMU groups, IOMMU units or kernel log lines in the snapshot"));

    // Default domain.
    let mut dom = Vec::new();
    if let Some((log, file)) = log {
        for e in &log.events {
            if let dmesg::Event::DefaultDomain(d) = &e.event {
                dom.push(Fact::str(d.to_ascii_lowercase(), Evidence::line(file, e.line, &e.text)));
            }
        }
    }
    if let Some(("pt", ev)) = cmd.param("iommu") {
        dom.push(Fact::str("passthrough", ev));
    }
    m.set("default_domain", Fact::agree(dom, "the kernel log does not say and `iommu=pt` is not set"));

    // Interrupt remapping.
    let mut ir = Vec::new();
    if let Some(f) = snap.first(SourceId::Interrupts) {
        let parsed = interrupts::parse(&f.text());
        if let Some((n, t)) = &parsed.remapped {
            ir.push(Fact::bool(true, Evidence::line(f, *n, t)));
        } else if let Some((n, t)) = &parsed.plain {
            ir.push(Fact::bool(false, Evidence::line(f, *n, &format!("{t} (no IR- interrupt chips)"))));
        }
    }
    if let Some((log, file)) = log {
        for e in &log.events {
            match e.event {
                dmesg::Event::IrEnabled(_) => ir.push(Fact::bool(true, Evidence::line(file, e.line, &e.text))),
                dmesg::Event::IrFailed | dmesg::Event::VfioNoIr => {
                    ir.push(Fact::bool(false, Evidence::line(file, e.line, &e.text)));
                }
                _ => {}
            }
        }
    }
    // `intremap=off` on the running command line turns remapping off whatever the BIOS offers.
    if let Some(("off", ev)) = cmd.param("intremap") {
        ir.push(Fact::bool(false, ev));
    }
    m.set(
        "interrupt_remapping",
        Fact::agree(ir, "no /proc/interrupts and no interrupt-remapping line in the kernel log"),
    );

    m.set("unsafe_interrupts", unsafe_interrupts(snap, cmd, modprobe));

    // Groups.
    if pci.groups_known {
        let groups: Vec<Fact> = pci
            .groups
            .iter()
            .map(|(id, members)| {
                let ev = members.first().map(|(_, e)| e.clone());
                let mut g = MapBuilder::new();
                g.set("id", Fact::new(crate::facts::tree::Value::Int(i64::from(*id)), ev.iter().cloned().collect()));
                g.set(
                    "devices",
                    Fact::list(members.iter().map(|(b, e)| Fact::str(b.clone(), e.clone())).collect(), None),
                );
                g.build()
            })
            .collect();
        let count_ev: Vec<Evidence> = pci.groups.values().flatten().take(1).map(|(_, e)| e.clone()).collect();
        m.set("group_count", Fact::new(crate::facts::tree::Value::Int(pci.groups.len() as i64), count_ev));
        m.set("groups", Fact::list(groups, None));
    } else {
        let why = "no /sys/kernel/iommu_groups in the snapshot and lspci does not show groups";
        m.set("group_count", Fact::unknown(why));
        m.set("groups", Fact::unknown(why));
    }
    m.build()
}

fn truthy(v: &str) -> bool {
    matches!(v.trim(), "1" | "Y" | "y" | "true" | "on")
}

/// On now (sysfs) or configured on (command line, modprobe.d); off when the running value and
/// the configuration are both known and off.
fn unsafe_interrupts(
    snap: &Snapshot,
    cmd: &Cmdline,
    modprobe: &[(crate::facts::parse::modprobe::Directive, &SnapFile)],
) -> Fact {
    let running = snap.first(SourceId::UnsafeInterrupts).map(|f| {
        let v = f.text().trim().to_string();
        Fact::bool(truthy(&v), Evidence::file(f, &format!("{} = {v}", f.path)))
    });
    let mut configured_on = Vec::new();
    if let Some((v, ev)) = cmd.param("vfio_iommu_type1.allow_unsafe_interrupts")
        && truthy(v)
    {
        configured_on.push(ev);
    }
    for (d, f) in modprobe {
        if d.kind == "options" && d.module == "vfio_iommu_type1" {
            for (k, v) in crate::facts::parse::modprobe::option_pairs(&d.args) {
                if k == "allow_unsafe_interrupts" && truthy(&v) {
                    configured_on.push(Evidence::line(f, d.line, &d.text));
                }
            }
        }
    }
    if !configured_on.is_empty() {
        let mut ev = configured_on;
        if let Some(r) = &running
            && r.value == crate::facts::tree::Value::Bool(true)
        {
            ev.extend(r.evidence.iter().cloned());
        }
        return Fact::new(crate::facts::tree::Value::Bool(true), ev);
    }
    let config_known = cmd.file.is_some() && snap.has(SourceId::Modprobe);
    match running {
        Some(r) if r.value == crate::facts::tree::Value::Bool(true) => r,
        Some(r) if config_known => {
            let mut ev = r.evidence;
            ev.extend(cmd.whole());
            Fact::new(crate::facts::tree::Value::Bool(false), ev)
        }
        Some(r) => Fact::unknown_with(
            "off now, but the command line or modprobe.d was not collected, so the next module load is unknown",
            r.evidence,
        ),
        None if config_known => {
            let ev = cmd.whole().into_iter().collect();
            Fact::new(crate::facts::tree::Value::Bool(false), ev)
        }
        None => Fact::unknown("vfio_iommu_type1 parameters, the command line and modprobe.d were not all collected"),
    }
}
