//! The one table that maps logical sources to the files that hold them.
//!
//! Every layout the tool reads (its own collector's, a sos report, an nvidia-bug-report split
//! into sections) is described here as path patterns, so that parsers ask for *sources*
//! ("lspci", "dmesg") and never for paths. Patterns are `/`-separated; a segment may hold one
//! `*` wildcard (`node*`, `*.conf`, `*`). Patterns are listed in order of preference.

use std::fmt;

/// A logical source of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SourceId {
    /// The tool's own collection manifest.
    Manifest,
    /// The host name.
    Hostname,
    /// `uname -a`.
    Uname,
    /// `/etc/os-release`.
    OsRelease,
    /// The running kernel command line, `/proc/cmdline`.
    Cmdline,
    /// The persisted kernel command line: GRUB defaults, `/etc/kernel/cmdline`, BLS entries.
    CmdlinePersisted,
    /// `/proc/cpuinfo`.
    Cpuinfo,
    /// NUMA nodes from sysfs (cpulists, per-node hugepages).
    NumaNodes,
    /// `numactl -H`.
    Numactl,
    /// `/proc/meminfo`.
    Meminfo,
    /// `/proc/interrupts`.
    Interrupts,
    /// Loaded modules: `/proc/modules` or `lsmod`.
    Modules,
    /// `lspci -nnvv` (or `-vvv`, `-nnDvvv`).
    Lspci,
    /// `lspci -tv`.
    LspciTree,
    /// The kernel log: `journalctl -k -b 0`, `dmesg`.
    Dmesg,
    /// IOMMU hardware units, `/sys/class/iommu/*`.
    IommuUnits,
    /// IOMMU groups, `/sys/kernel/iommu_groups/*/devices/*`.
    IommuGroups,
    /// A pasted IOMMU group listing (the `for d in /sys/kernel/iommu_groups/*/devices/*` loop, ls-iommu).
    IommuGroupListing,
    /// PCI device attributes from sysfs.
    PciSysfs,
    /// `/proc/iomem`.
    Iomem,
    /// `vfio_iommu_type1`'s `allow_unsafe_interrupts` parameter.
    UnsafeInterrupts,
    /// ACPI DMAR / IVRS tables (presence).
    AcpiTables,
    /// DMI identification from sysfs.
    Dmi,
    /// `dmidecode` output.
    Dmidecode,
    /// `/etc/modprobe.d/*.conf`.
    Modprobe,
    /// `/proc/driver/nvidia/version`.
    NvidiaVersion,
    /// `nvidia-smi -q` text.
    NvidiaSmiText,
    /// `nvidia-smi -q -x` XML.
    NvidiaSmiXml,
    /// `nvidia-smi -L`.
    NvidiaSmiList,
    /// `nvidia-smi topo -m`.
    Topology,
    /// `nvidia-smi mig -lgip`.
    MigProfiles,
    /// `nvidia-smi mig -lgipp`.
    MigPlacements,
    /// `nvidia-smi mig -lgi`.
    MigInstances,
    /// `nvidia-smi mig -lci`.
    MigComputeInstances,
    /// `fabricmanager.cfg`.
    FmConfig,
    /// `fabricmanager.log`.
    FmLog,
    /// `systemctl status nvidia-fabricmanager`.
    FmStatus,
    /// `nv-fabricmanager --version`.
    FmVersion,
    /// `qemu-system-x86_64 --version`.
    QemuVersion,
    /// `libvirtd --version`.
    LibvirtVersion,
    /// libvirt domain definitions.
    LibvirtVms,
    /// Proxmox VM configurations.
    ProxmoxVms,
}

/// How a source's files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Read the file's text.
    Text,
    /// Only the presence of the names matters (IOMMU group entries, ACPI tables).
    Names,
    /// A link whose target names something (sysfs `driver`), or a one-line file naming it.
    LinkOrText,
}

/// How several patterns combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Alternatives: the first pattern that matches anything wins.
    First,
    /// Every pattern contributes.
    All,
}

/// One row of the table.
#[derive(Debug)]
pub struct SourceSpec {
    /// The source.
    pub id: SourceId,
    /// Patterns, in preference order.
    pub patterns: &'static [&'static str],
    /// How patterns combine.
    pub mode: Mode,
    /// How files are read.
    pub content: Content,
    /// A directory whose presence alone proves the source was collected, even when it holds
    /// no matching entries (an empty `iommu_groups` directory means "no groups", not "unknown").
    pub anchor: Option<&'static str>,
}

const SYSFS_PCI_TEXT: &[&str] = &[
    "sys/bus/pci/devices/*/vendor",
    "sys/bus/pci/devices/*/device",
    "sys/bus/pci/devices/*/subsystem_vendor",
    "sys/bus/pci/devices/*/subsystem_device",
    "sys/bus/pci/devices/*/class",
    "sys/bus/pci/devices/*/revision",
    "sys/bus/pci/devices/*/numa_node",
    "sys/bus/pci/devices/*/local_cpulist",
    "sys/bus/pci/devices/*/current_link_speed",
    "sys/bus/pci/devices/*/current_link_width",
    "sys/bus/pci/devices/*/max_link_speed",
    "sys/bus/pci/devices/*/max_link_width",
    "sys/bus/pci/devices/*/resource",
    "sys/bus/pci/devices/*/reset_method",
    "sys/bus/pci/devices/*/driver_override",
    "sys/bus/pci/devices/*/sriov_totalvfs",
    "sys/bus/pci/devices/*/sriov_numvfs",
];

/// The table. Order within a row is preference order.
pub static SOURCES: &[SourceSpec] = &[
    spec(SourceId::Manifest, &["gpu-preflight-manifest.json"], Mode::First, Content::Text),
    spec(
        SourceId::Hostname,
        &[
            "etc/hostname",
            "proc/sys/kernel/hostname",
            "hostname",
            "sos_commands/host/hostname",
            "sos_commands/general/hostname",
        ],
        Mode::First,
        Content::Text,
    ),
    spec(SourceId::Uname, &["sos_commands/kernel/uname_-a", "uname"], Mode::First, Content::Text),
    spec(SourceId::OsRelease, &["etc/os-release", "usr/lib/os-release"], Mode::First, Content::Text),
    spec(SourceId::Cmdline, &["proc/cmdline"], Mode::First, Content::Text),
    spec(
        SourceId::CmdlinePersisted,
        &["etc/default/grub", "etc/kernel/cmdline", "boot/loader/entries/*.conf"],
        Mode::All,
        Content::Text,
    ),
    spec(SourceId::Cpuinfo, &["proc/cpuinfo"], Mode::First, Content::Text),
    SourceSpec {
        id: SourceId::NumaNodes,
        patterns: &[
            "sys/devices/system/node/node*/cpulist",
            "sys/devices/system/node/node*/meminfo",
            "sys/devices/system/node/node*/hugepages/*/nr_hugepages",
            "sys/devices/system/node/node*/hugepages/*/free_hugepages",
        ],
        mode: Mode::All,
        content: Content::Text,
        anchor: None,
    },
    spec(
        SourceId::Numactl,
        &["sos_commands/numa/numactl_-H", "sos_commands/numa/numactl_--hardware"],
        Mode::First,
        Content::Text,
    ),
    spec(SourceId::Meminfo, &["proc/meminfo"], Mode::First, Content::Text),
    spec(SourceId::Interrupts, &["proc/interrupts"], Mode::First, Content::Text),
    spec(SourceId::Modules, &["proc/modules", "sos_commands/kernel/lsmod"], Mode::First, Content::Text),
    spec(
        SourceId::Lspci,
        &[
            "sos_commands/pci/lspci_-nnvv",
            "sos_commands/pci/lspci_-nnDvvv",
            "sos_commands/pci/lspci_-nnDvvvxxxx",
            "sos_commands/pci/lspci_-vvv",
            "lspci",
        ],
        Mode::First,
        Content::Text,
    ),
    spec(
        SourceId::LspciTree,
        &["sos_commands/pci/lspci_-tv", "sos_commands/pci/lspci_-nntv"],
        Mode::First,
        Content::Text,
    ),
    spec(
        SourceId::Dmesg,
        &["sos_commands/logs/journalctl_--no-pager_-k_-b_0", "sos_commands/kernel/dmesg", "var/log/dmesg", "dmesg"],
        Mode::First,
        Content::Text,
    ),
    SourceSpec {
        id: SourceId::IommuUnits,
        patterns: &["sys/class/iommu/*"],
        mode: Mode::First,
        content: Content::Names,
        anchor: Some("sys/class/iommu"),
    },
    SourceSpec {
        id: SourceId::IommuGroups,
        patterns: &["sys/kernel/iommu_groups/*/devices/*"],
        mode: Mode::First,
        content: Content::Names,
        anchor: Some("sys/kernel/iommu_groups"),
    },
    spec(
        SourceId::IommuGroupListing,
        &["sos_commands/vfio/iommu_groups", "iommu_groups.txt"],
        Mode::First,
        Content::Text,
    ),
    SourceSpec {
        id: SourceId::PciSysfs,
        patterns: SYSFS_PCI_TEXT,
        mode: Mode::All,
        content: Content::Text,
        anchor: Some("sys/bus/pci/devices"),
    },
    SourceSpec {
        id: SourceId::PciSysfs,
        patterns: &["sys/bus/pci/devices/*/driver", "sys/bus/pci/devices/*/iommu_group"],
        mode: Mode::All,
        content: Content::LinkOrText,
        anchor: Some("sys/bus/pci/devices"),
    },
    spec(SourceId::Iomem, &["proc/iomem"], Mode::First, Content::Text),
    spec(
        SourceId::UnsafeInterrupts,
        &["sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts"],
        Mode::First,
        Content::Text,
    ),
    SourceSpec {
        id: SourceId::AcpiTables,
        patterns: &["sys/firmware/acpi/tables/DMAR", "sys/firmware/acpi/tables/IVRS"],
        mode: Mode::All,
        content: Content::Names,
        anchor: Some("sys/firmware/acpi/tables"),
    },
    spec(
        SourceId::Dmi,
        &[
            "sys/class/dmi/id/bios_vendor",
            "sys/class/dmi/id/bios_version",
            "sys/class/dmi/id/bios_date",
            "sys/class/dmi/id/sys_vendor",
            "sys/class/dmi/id/product_name",
            "sys/class/dmi/id/board_name",
        ],
        Mode::All,
        Content::Text,
    ),
    spec(SourceId::Dmidecode, &["sos_commands/hardware/dmidecode", "dmidecode"], Mode::First, Content::Text),
    SourceSpec {
        id: SourceId::Modprobe,
        patterns: &["etc/modprobe.d/*.conf", "usr/lib/modprobe.d/*.conf", "lib/modprobe.d/*.conf"],
        mode: Mode::All,
        content: Content::Text,
        anchor: Some("etc/modprobe.d"),
    },
    spec(SourceId::NvidiaVersion, &["proc/driver/nvidia/version"], Mode::First, Content::Text),
    spec(
        SourceId::NvidiaSmiText,
        &["sos_commands/nvidia/nvidia-smi_-q", "sos_commands/nvidia/nvidia-smi_--query"],
        Mode::First,
        Content::Text,
    ),
    spec(SourceId::NvidiaSmiXml, &["sos_commands/nvidia/nvidia-smi_-q_-x"], Mode::First, Content::Text),
    spec(
        SourceId::NvidiaSmiList,
        &["sos_commands/nvidia/nvidia-smi_-L", "sos_commands/nvidia/nvidia-smi_--list-gpus"],
        Mode::First,
        Content::Text,
    ),
    spec(SourceId::Topology, &["sos_commands/nvidia/nvidia-smi_topo_-m"], Mode::First, Content::Text),
    spec(SourceId::MigProfiles, &["sos_commands/nvidia/nvidia-smi_mig_-lgip"], Mode::First, Content::Text),
    spec(SourceId::MigPlacements, &["sos_commands/nvidia/nvidia-smi_mig_-lgipp"], Mode::First, Content::Text),
    spec(SourceId::MigInstances, &["sos_commands/nvidia/nvidia-smi_mig_-lgi"], Mode::First, Content::Text),
    spec(SourceId::MigComputeInstances, &["sos_commands/nvidia/nvidia-smi_mig_-lci"], Mode::First, Content::Text),
    spec(
        SourceId::FmConfig,
        &["usr/share/nvidia/nvswitch/fabricmanager.cfg", "etc/nvidia/fabricmanager.cfg"],
        Mode::First,
        Content::Text,
    ),
    spec(SourceId::FmLog, &["var/log/fabricmanager.log"], Mode::First, Content::Text),
    spec(
        SourceId::FmStatus,
        &[
            "sos_commands/systemd/systemctl_status_nvidia-fabricmanager",
            "sos_commands/nvidia/systemctl_status_nvidia-fabricmanager",
        ],
        Mode::First,
        Content::Text,
    ),
    spec(
        SourceId::FmVersion,
        &["sos_commands/nvidia/nv-fabricmanager_--version", "sos_commands/nvidia/nv-fabricmanager_-v"],
        Mode::First,
        Content::Text,
    ),
    spec(
        SourceId::QemuVersion,
        &[
            "sos_commands/virt/qemu-system-x86_64_--version",
            "sos_commands/virt/qemu-kvm_--version",
            "sos_commands/virt/kvm_--version",
        ],
        Mode::First,
        Content::Text,
    ),
    spec(
        SourceId::LibvirtVersion,
        &["sos_commands/virt/libvirtd_--version", "sos_commands/libvirt/libvirtd_--version"],
        Mode::First,
        Content::Text,
    ),
    SourceSpec {
        id: SourceId::LibvirtVms,
        patterns: &["etc/libvirt/qemu/*.xml"],
        mode: Mode::All,
        content: Content::Text,
        anchor: Some("etc/libvirt/qemu"),
    },
    SourceSpec {
        id: SourceId::ProxmoxVms,
        patterns: &["etc/pve/qemu-server/*.conf"],
        mode: Mode::All,
        content: Content::Text,
        anchor: Some("etc/pve/qemu-server"),
    },
];

const fn spec(id: SourceId, patterns: &'static [&'static str], mode: Mode, content: Content) -> SourceSpec {
    SourceSpec { id, patterns, mode, content, anchor: None }
}

impl SourceId {
    /// Every source, in table order, once.
    pub fn all() -> Vec<SourceId> {
        let mut ids: Vec<SourceId> = Vec::new();
        for row in SOURCES {
            if !ids.contains(&row.id) {
                ids.push(row.id);
            }
        }
        ids
    }

    /// The stable kebab-case name (`nvidia-smi-xml`).
    pub fn as_str(self) -> &'static str {
        match self {
            SourceId::Manifest => "manifest",
            SourceId::Hostname => "hostname",
            SourceId::Uname => "uname",
            SourceId::OsRelease => "os-release",
            SourceId::Cmdline => "cmdline",
            SourceId::CmdlinePersisted => "cmdline-persisted",
            SourceId::Cpuinfo => "cpuinfo",
            SourceId::NumaNodes => "numa-nodes",
            SourceId::Numactl => "numactl",
            SourceId::Meminfo => "meminfo",
            SourceId::Interrupts => "interrupts",
            SourceId::Modules => "modules",
            SourceId::Lspci => "lspci",
            SourceId::LspciTree => "lspci-tree",
            SourceId::Dmesg => "dmesg",
            SourceId::IommuUnits => "iommu-units",
            SourceId::IommuGroups => "iommu-groups",
            SourceId::IommuGroupListing => "iommu-group-listing",
            SourceId::PciSysfs => "pci-sysfs",
            SourceId::Iomem => "iomem",
            SourceId::UnsafeInterrupts => "unsafe-interrupts",
            SourceId::AcpiTables => "acpi-tables",
            SourceId::Dmi => "dmi",
            SourceId::Dmidecode => "dmidecode",
            SourceId::Modprobe => "modprobe",
            SourceId::NvidiaVersion => "nvidia-version",
            SourceId::NvidiaSmiText => "nvidia-smi",
            SourceId::NvidiaSmiXml => "nvidia-smi-xml",
            SourceId::NvidiaSmiList => "nvidia-smi-list",
            SourceId::Topology => "topology",
            SourceId::MigProfiles => "mig-profiles",
            SourceId::MigPlacements => "mig-placements",
            SourceId::MigInstances => "mig-instances",
            SourceId::MigComputeInstances => "mig-compute-instances",
            SourceId::FmConfig => "fabricmanager-config",
            SourceId::FmLog => "fabricmanager-log",
            SourceId::FmStatus => "fabricmanager-status",
            SourceId::FmVersion => "fabricmanager-version",
            SourceId::QemuVersion => "qemu-version",
            SourceId::LibvirtVersion => "libvirt-version",
            SourceId::LibvirtVms => "libvirt-vms",
            SourceId::ProxmoxVms => "proxmox-vms",
        }
    }

    /// The native path (first pattern) where the collector writes this source.
    pub fn native_path(self) -> &'static str {
        SOURCES.iter().find(|s| s.id == self).map_or("", |s| s.patterns[0])
    }

    /// True for sources that alone identify a snapshot (not just a manifest or host name).
    pub fn is_evidence(self) -> bool {
        !matches!(self, SourceId::Manifest | SourceId::Hostname)
    }
}

impl serde::Serialize for SourceId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for SourceId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        SourceId::all()
            .into_iter()
            .find(|id| id.as_str() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown source `{name}`")))
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// True when one pattern segment (with at most one `*`) matches a name.
pub fn segment_matches(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((prefix, suffix)) => {
            name.len() >= prefix.len() + suffix.len() && name.starts_with(prefix) && name.ends_with(suffix)
        }
    }
}

/// True when a whole path matches a pattern.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let mut p = pattern.split('/');
    let mut s = path.split('/');
    loop {
        match (p.next(), s.next()) {
            (None, None) => return true,
            (Some(pp), Some(ss)) if segment_matches(pp, ss) => {}
            _ => return false,
        }
    }
}

/// True when an archive entry may hold evidence and its content should be kept while streaming.
/// Tries the path as is and with up to two leading directories stripped (archives usually have a
/// top-level `sosreport-host-…/` directory), and keeps sysfs PCI attributes found anywhere under
/// `sys/devices` (the targets of `sys/bus/pci/devices/*` links).
pub fn is_wanted(path: &str) -> bool {
    let mut candidate = path;
    for _ in 0..3 {
        if SOURCES.iter().any(|s| s.patterns.iter().any(|p| path_matches(p, candidate))) {
            return true;
        }
        if let Some(idx) = candidate.find("sys/devices/") {
            let name = candidate.rsplit('/').next().unwrap_or("");
            if idx == 0 || candidate[..idx].ends_with('/') {
                let known = SYSFS_PCI_TEXT.iter().any(|p| p.rsplit('/').next() == Some(name))
                    || candidate.contains("/node/node");
                if known {
                    return true;
                }
            }
        }
        match candidate.split_once('/') {
            Some((_, rest)) => candidate = rest,
            None => break,
        }
    }
    false
}

/// Top-level names that mark a snapshot root.
pub const ROOT_MARKERS: &[&str] =
    &["proc", "sys", "etc", "sos_commands", "gpu-preflight-manifest.json", "var", "usr", "boot", "sos_reports"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_has_a_unique_name() {
        let ids = SourceId::all();
        let mut names: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len());
    }

    #[test]
    fn patterns() {
        assert!(path_matches("sys/kernel/iommu_groups/*/devices/*", "sys/kernel/iommu_groups/12/devices/0000:1b:00.0"));
        assert!(!path_matches("sys/kernel/iommu_groups/*/devices/*", "sys/kernel/iommu_groups/12/devices"));
        assert!(path_matches("etc/modprobe.d/*.conf", "etc/modprobe.d/vfio.conf"));
        assert!(!path_matches("etc/modprobe.d/*.conf", "etc/modprobe.d/vfio.conf.bak"));
        assert!(path_matches("sys/devices/system/node/node*/cpulist", "sys/devices/system/node/node1/cpulist"));
    }

    #[test]
    fn wanted_entries() {
        assert!(is_wanted("sosreport-h1-2024/proc/cmdline"));
        assert!(is_wanted("proc/cmdline"));
        assert!(is_wanted("snap/sys/devices/pci0000:00/0000:00:01.0/0000:1b:00.0/vendor"));
        assert!(!is_wanted("sosreport-h1/var/log/messages"));
        assert!(!is_wanted("sosreport-h1/sos_commands/block/lsblk"));
    }
}
