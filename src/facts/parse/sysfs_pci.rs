//! PCI device attributes from sysfs: `sys/bus/pci/devices/<BDF>/<attr>`.
//!
//! Each attribute file holds one value (`0x10de`, `32.0 GT/s PCIe`, `16`, `-1`); `driver` and
//! `iommu_group` are links (or one-line files naming the target) whose last component is the
//! name. `resource` holds one `start end flags` line per resource (kernel `resource_show`).

use std::collections::BTreeMap;

use crate::facts::tree::Evidence;
use crate::snapshot::SnapFile;

/// The attributes of one device, raw text with evidence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SysfsDevice {
    /// Attribute name → (trimmed value, evidence).
    pub attrs: BTreeMap<String, (String, Evidence)>,
    /// Parsed `resource` lines, when present.
    pub resources: Vec<Resource>,
}

/// One line of the `resource` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Index (0-5 BARs, 6 ROM, 7+ bridge windows).
    pub index: u32,
    /// Start address.
    pub start: u64,
    /// End address.
    pub end: u64,
    /// Flags.
    pub flags: u64,
    /// Evidence.
    pub evidence: Evidence,
}

/// `IORESOURCE_MEM`.
pub const IORESOURCE_MEM: u64 = 0x200;
/// `IORESOURCE_PREFETCH`.
pub const IORESOURCE_PREFETCH: u64 = 0x2000;
/// `IORESOURCE_MEM_64`.
pub const IORESOURCE_MEM_64: u64 = 0x0010_0000;
/// `IORESOURCE_UNSET`.
pub const IORESOURCE_UNSET: u64 = 0x2000_0000;
/// `IORESOURCE_DISABLED`.
pub const IORESOURCE_DISABLED: u64 = 0x1000_0000;

impl Resource {
    /// True when the BAR exists (some size or flags).
    pub fn present(&self) -> bool {
        self.flags != 0 || self.end != 0
    }
    /// Size in bytes (0 when absent).
    pub fn size(&self) -> u64 {
        if self.end >= self.start && self.present() { self.end - self.start + 1 } else { 0 }
    }
    /// True when no address was assigned.
    pub fn unassigned(&self) -> bool {
        self.flags & IORESOURCE_UNSET != 0 || (self.start == 0 && self.present())
    }
}

/// Groups the sysfs files of the `pci-sysfs` source by device.
pub fn parse<'a>(files: impl Iterator<Item = &'a SnapFile>) -> BTreeMap<String, SysfsDevice> {
    let mut devices: BTreeMap<String, SysfsDevice> = BTreeMap::new();
    for file in files {
        let mut parts = file.path.rsplitn(3, '/');
        let (Some(attr), Some(bdf)) = (parts.next(), parts.next()) else { continue };
        let Some(bdf) = super::lspci::normalise_bdf(bdf) else { continue };
        let text = file.text();
        let dev = devices.entry(bdf).or_default();
        if attr == "resource" {
            for (n, line) in crate::facts::text::numbered(&text) {
                let nums: Vec<u64> = line
                    .split_whitespace()
                    .filter_map(|w| u64::from_str_radix(w.trim_start_matches("0x"), 16).ok())
                    .collect();
                if let [start, end, flags] = nums[..] {
                    dev.resources.push(Resource {
                        index: n - 1,
                        start,
                        end,
                        flags,
                        evidence: Evidence::line(file, n, line),
                    });
                }
            }
            continue;
        }
        let value = match attr {
            "driver" | "iommu_group" => text.trim().rsplit('/').next().unwrap_or("").to_string(),
            _ => text.lines().next().unwrap_or("").trim().to_string(),
        };
        let evidence = match attr {
            "driver" | "iommu_group" => Evidence::file(file, &format!("{} -> {}", file.path, text.trim())),
            _ => Evidence::file(file, &value),
        };
        dev.attrs.insert(attr.to_string(), (value, evidence));
    }
    devices
}

/// Parses a sysfs link speed: `32.0 GT/s PCIe` (5.7+) or `16 GT/s` (older kernels).
pub fn link_speed(text: &str) -> Option<f64> {
    let t = text.trim();
    let num = t.split_whitespace().next()?;
    if !t.contains("GT/s") {
        return None;
    }
    num.parse().ok()
}
