//! The kernel log (`dmesg`, `journalctl -k`), with or without timestamps, quoted or grep-filtered.
//!
//! Only messages whose meaning is verified (domain-facts §5.2) become events. Absence of a
//! message proves nothing unless the log still holds the boot (`Linux version …`): a long-running
//! host's ring buffer rotates its boot lines away, and pasted logs are usually grep output.
//! Xen's "Interrupt Remapping hardware not found" is deliberately not treated as a KVM signal.

use std::sync::LazyLock;

use regex::Regex;

use crate::facts::text::{log_message, numbered};
use crate::units::parse_size;

/// What a log line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `Linux version …`: the log starts at boot.
    KernelVersion(String),
    /// `Command line: …` as logged at boot.
    CommandLine(String),
    /// DMA remapping is on (`DMAR: IOMMU enabled`, an `Adding to iommu group` line, an AMD-Vi unit).
    IommuEnabled,
    /// DMA remapping is off (`DMAR: IOMMU disabled`).
    IommuDisabled,
    /// The firmware's IOMMU table as the kernel lists it at boot (`ACPI: DMAR 0x…`, `ACPI: IVRS 0x…`).
    IommuTable(String),
    /// `iommu: Default domain type: Translated|Passthrough`.
    DefaultDomain(String),
    /// Interrupt remapping on (`DMAR-IR: Enabled IRQ remapping in x2apic mode`, `AMD-Vi: Interrupt remapping enabled`).
    IrEnabled(String),
    /// `Failed to enable irq remapping`.
    IrFailed,
    /// vfio_iommu_type1 refused a group: no interrupt remapping.
    VfioNoIr,
    /// The Proxmox/zen kernel's ACS override warning.
    AcsOverride,
    /// `AMD-Vi: Unknown option - 'on'`.
    AmdIommuUnknownOption(String),
    /// A BAR or bridge window got no space (`no space for` ≤6.7, `can't assign; no space` ≥6.8).
    BarNoSpace {
        /// Device.
        bdf: String,
        /// BAR number as the kernel numbers it; `None` for a bridge window.
        bar: Option<u32>,
        /// Requested size.
        size: Option<u64>,
    },
    /// `failed to assign`.
    BarFailed {
        /// Device.
        bdf: String,
        /// BAR number; `None` for a bridge window.
        bar: Option<u32>,
        /// Size.
        size: Option<u64>,
    },
    /// RMRR prevents attaching a device to a domain.
    RmrrIneligible(String),
    /// NVRM driver errors.
    Nvrm(String),
    /// A GPU Xid.
    Xid {
        /// Device.
        bdf: String,
        /// Code.
        code: u32,
    },
    /// An NVSwitch SXid.
    Sxid {
        /// Device.
        bdf: String,
        /// Code.
        code: u32,
        /// True unless the line says non-fatal.
        fatal: bool,
    },
    /// A vfio-pci message about a device.
    Vfio(String),
}

/// One event with where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The event.
    pub event: Event,
    /// 1-based line.
    pub line: u32,
    /// The line as written.
    pub text: String,
}

/// A parsed log.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KernelLog {
    /// Events in order.
    pub events: Vec<Located>,
    /// True when the log still holds the boot messages (so absence of a message is evidence).
    pub has_boot: bool,
    /// Number of lines.
    pub lines: u32,
}

static BAR_OLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"pci ([0-9a-fA-F]{4,8}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]): (?:BAR (\d+)|bridge window): (no space for|failed to assign) \[(?:mem|io) size (0x[0-9a-fA-F]+)").expect("bar regex")
});
static BAR_NEW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"pci ([0-9a-fA-F]{4,8}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]): (?:BAR (\d+)|bridge window) \[(?:mem|io) size (0x[0-9a-fA-F]+)[^\]]*\]: (can't assign; no space|failed to assign)").expect("bar regex")
});
static XID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"NVRM: Xid \(PCI:([0-9a-fA-F:.]+)\): (\d+)").expect("xid regex"));
static SXID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"SXid \(PCI:([0-9a-fA-F:.]+)\): (\d+)(, (Non-fatal|Fatal))?").expect("sxid regex"));
static PCI_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:pci|vfio-pci) ([0-9a-fA-F]{4,8}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]): ").expect("pci regex")
});

fn bdf(text: &str) -> String {
    super::lspci::normalise_bdf(text).unwrap_or_else(|| text.to_string())
}

/// Parses a kernel log.
pub fn parse(text: &str) -> KernelLog {
    let mut log = KernelLog::default();
    let mut saw_group = false;
    for (n, raw) in numbered(text) {
        log.lines = n;
        let msg = log_message(raw).message;
        if msg.is_empty() {
            continue;
        }
        let mut push = |event: Event| log.events.push(Located { event, line: n, text: raw.trim_end().to_string() });
        if let Some(v) = msg.strip_prefix("Linux version ") {
            log.has_boot = true;
            push(Event::KernelVersion(v.split_whitespace().next().unwrap_or("").to_string()));
        } else if let Some(v) = msg.strip_prefix("Command line: ") {
            push(Event::CommandLine(v.to_string()));
        } else if let Some(table) = ["DMAR", "IVRS"].into_iter().find(|t| msg.starts_with(&format!("ACPI: {t} 0x"))) {
            push(Event::IommuTable(table.to_string()));
        } else if msg.contains("DMAR: IOMMU enabled") {
            push(Event::IommuEnabled);
        } else if msg.contains("DMAR: IOMMU disabled") || msg.contains("AMD-Vi: AMD IOMMU disabled") {
            push(Event::IommuDisabled);
        } else if msg.contains("Adding to iommu group") {
            if !saw_group {
                saw_group = true;
                push(Event::IommuEnabled);
            }
        } else if let Some(v) = msg.split("iommu: Default domain type: ").nth(1) {
            push(Event::DefaultDomain(v.split_whitespace().next().unwrap_or("").to_string()));
        } else if msg.contains("DMAR-IR: Enabled IRQ remapping in") {
            let mode = msg.split(" in ").nth(1).unwrap_or("").trim().to_string();
            push(Event::IrEnabled(mode));
        } else if msg.contains("AMD-Vi: Interrupt remapping enabled") {
            push(Event::IrEnabled("AMD-Vi".into()));
        } else if msg.contains("Failed to enable irq remapping") {
            push(Event::IrFailed);
        } else if msg.contains("No interrupt remapping support") {
            push(Event::VfioNoIr);
        } else if msg.contains("ACS overrides enabled") {
            push(Event::AcsOverride);
        } else if let Some(v) = msg.split("AMD-Vi: Unknown option - ").nth(1) {
            push(Event::AmdIommuUnknownOption(v.trim_matches(['\'', ' ']).to_string()));
        } else if msg.contains("ineligible for IOMMU domain attach") {
            push(Event::RmrrIneligible(PCI_PREFIX.captures(msg).map(|c| bdf(&c[1])).unwrap_or_default()));
        } else if let Some(c) = BAR_NEW.captures(msg) {
            let (dev, bar, size) = (bdf(&c[1]), c.get(2).and_then(|m| m.as_str().parse().ok()), parse_size(&c[3]));
            push(if c[4].starts_with("can't") {
                Event::BarNoSpace { bdf: dev, bar, size }
            } else {
                Event::BarFailed { bdf: dev, bar, size }
            });
        } else if let Some(c) = BAR_OLD.captures(msg) {
            let (dev, bar, size) = (bdf(&c[1]), c.get(2).and_then(|m| m.as_str().parse().ok()), parse_size(&c[4]));
            push(if &c[3] == "no space for" {
                Event::BarNoSpace { bdf: dev, bar, size }
            } else {
                Event::BarFailed { bdf: dev, bar, size }
            });
        } else if let Some(c) = SXID.captures(msg) {
            let fatal = c.get(4).is_none_or(|m| m.as_str() == "Fatal");
            if c.get(3).is_some() {
                push(Event::Sxid { bdf: bdf(&c[1]), code: c[2].parse().unwrap_or(0), fatal });
            }
        } else if let Some(c) = XID.captures(msg) {
            push(Event::Xid { bdf: bdf(&c[1]), code: c[2].parse().unwrap_or(0) });
        } else if msg.contains("NVRM:")
            && (msg.contains("RmInitAdapter failed")
                || msg.contains("region assigned to your NVIDIA device is invalid")
                || msg.contains("fallen off the bus")
                || msg.contains("None of the NVIDIA devices were initialized"))
        {
            push(Event::Nvrm(msg.to_string()));
        } else if msg.starts_with("vfio-pci ") || msg.starts_with("vfio_pci ") || msg.contains("vfio_iommu_type1") {
            push(Event::Vfio(msg.to_string()));
        }
    }
    log
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iommu_and_remapping_lines() {
        let log = parse(
            "[    0.000000] Linux version 6.8.0-55-generic (buildd@x) #57\n[    0.1] DMAR: IOMMU enabled\n[    0.2] DMAR-IR: Enabled IRQ remapping in x2apic mode\n[ 1.0] pci 0000:00:01.0: Adding to iommu group 0\n[ 1.1] pci 0000:00:01.1: Adding to iommu group 1\n",
        );
        assert!(log.has_boot);
        let kinds: Vec<&Event> = log.events.iter().map(|e| &e.event).collect();
        assert!(kinds.contains(&&Event::IommuEnabled));
        assert!(kinds.contains(&&Event::IrEnabled("x2apic mode".into())));
        assert_eq!(kinds.iter().filter(|k| ***k == Event::IommuEnabled).count(), 2, "one per kind of proof");
    }

    #[test]
    fn bar_failures_old_and_new_format() {
        let log = parse(
            "[    3.3] pci 0000:02:00.0: BAR 0: no space for [mem size 0x01000000]\n[    3.3] pci 0000:02:00.0: BAR 0: failed to assign [mem size 0x01000000]\npci 0000:01:00.0: BAR 1 [mem size 0x400000000 64bit pref]: can't assign; no space\npci 0000:00:01.0: bridge window [mem size 0x3018000000 64bit pref]: can't assign; no space\n",
        );
        assert_eq!(
            log.events[0].event,
            Event::BarNoSpace { bdf: "0000:02:00.0".into(), bar: Some(0), size: Some(16 << 20) }
        );
        assert!(matches!(log.events[1].event, Event::BarFailed { .. }));
        assert_eq!(
            log.events[2].event,
            Event::BarNoSpace { bdf: "0000:01:00.0".into(), bar: Some(1), size: Some(16 << 30) }
        );
        assert!(matches!(log.events[3].event, Event::BarNoSpace { bar: None, .. }));
        assert!(!log.has_boot);
    }

    #[test]
    fn sxid_and_nvrm() {
        let log = parse(
            "[  117.98] nvidia-nvswitch3: SXid (PCI:0000:08:00.0): 22013, Non-fatal, Link 60 Minion Link DLREQ interrupt\n[  117.98] nvidia-nvswitch3: SXid (PCI:0000:08:00.0): 22013, Severity 0 Engine instance 60\nNVRM: None of the NVIDIA devices were initialized\n[ 5.0] NVRM: Xid (PCI:0000:1b:00): 79, pid=1, GPU has fallen off the bus.\n",
        );
        assert_eq!(log.events[0].event, Event::Sxid { bdf: "0000:08:00.0".into(), code: 22013, fatal: false });
        assert_eq!(log.events.len(), 3, "the SXid detail line is not a second event");
        assert!(matches!(log.events[1].event, Event::Nvrm(_)));
        assert!(matches!(log.events[2].event, Event::Xid { code: 79, .. }));
    }

    #[test]
    fn xen_message_is_not_a_kvm_signal() {
        let log = parse("(XEN) Interrupt Remapping hardware not found\n");
        assert!(log.events.is_empty());
    }
}
