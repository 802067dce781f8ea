//! `lspci -nnvv` / `-vvv` / `-nnDvvv[xxxx]` and plain `lspci` listings.
//!
//! One record per device: the header line (BDF, class, name, numeric ids when `-nn`), then
//! fields. Indentation is not relied on (people paste trimmed output), prompts and hex dumps are
//! skipped, and every value keeps its line. What the capture could not show is kept as such:
//! `Capabilities: <access denied>` (non-root) means link, ACS and FLR are *hidden*, not absent;
//! a record cut off at the end of the file is *truncated*.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::facts::text::{is_prompt, numbered};
use crate::units::parse_size;

/// One lspci record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Device {
    /// Domain-qualified BDF (`0000:1b:00.0`).
    pub bdf: String,
    /// First and last line of the record.
    pub lines: (u32, u32),
    /// The header line.
    pub header: String,
    /// Class code (`0302`) when printed (`-nn`).
    pub class_code: Option<String>,
    /// Class name (`3D controller`).
    pub class_name: String,
    /// Vendor id (`10de`) when printed.
    pub vendor_id: Option<String>,
    /// Device id (`2335`) when printed.
    pub device_id: Option<String>,
    /// The device name as printed.
    pub name: String,
    /// Revision.
    pub revision: Option<String>,
    /// `Subsystem:` ids and line.
    pub subsystem: Option<(Option<String>, u32, String)>,
    /// `Physical Slot:`.
    pub slot: Option<(String, u32)>,
    /// `Control:` memory decode and bus master bits.
    pub control: Option<Control>,
    /// `NUMA node:`.
    pub numa_node: Option<(i64, u32, String)>,
    /// `IOMMU group:` lines (more than one is a broken capture).
    pub iommu_groups: Vec<(u32, u32, String)>,
    /// Memory and I/O regions.
    pub regions: Vec<Region>,
    /// `Bus: primary=…, secondary=…, subordinate=…` for bridges.
    pub bus: Option<BusNumbers>,
    /// PCI Express capability: port type and line.
    pub express: Option<(String, u32, String)>,
    /// `LnkCap:`.
    pub link_cap: Option<Link>,
    /// `LnkSta:`.
    pub link_status: Option<Link>,
    /// `FLReset+/-` from `DevCap`.
    pub flr: Option<(bool, u32, String)>,
    /// Access Control Services capability.
    pub acs: Option<Acs>,
    /// Physical Resizable BAR entries.
    pub rebar: Vec<Rebar>,
    /// `Capabilities: <access denied>` line, when the capture was not run as root.
    pub caps_hidden: Option<u32>,
    /// `Kernel driver in use:`.
    pub driver: Option<(String, u32, String)>,
    /// `Kernel modules:`.
    pub modules: Option<(Vec<String>, u32, String)>,
    /// True when the record has field lines (not a one-line listing).
    pub verbose: bool,
    /// True when the record is cut off (end of a truncated capture).
    pub truncated: bool,
}

/// `Control:` bits that matter for passthrough diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    /// `Mem+`.
    pub memory: bool,
    /// `BusMaster+`.
    pub bus_master: bool,
    /// The line.
    pub line: u32,
    /// Its text.
    pub text: String,
}

/// What a region's address says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionState {
    /// An address was assigned.
    Assigned,
    /// `<unassigned>`: the kernel found no space.
    Unassigned,
    /// `[disabled]`: assigned but decoding off (no driver enabled the device).
    Disabled,
    /// `<ignored>`.
    Ignored,
    /// `[virtual]`: an SR-IOV or firmware-provided region.
    Virtual,
}

impl RegionState {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            RegionState::Assigned => "assigned",
            RegionState::Unassigned => "unassigned",
            RegionState::Disabled => "disabled",
            RegionState::Ignored => "ignored",
            RegionState::Virtual => "virtual",
        }
    }
}

/// One BAR as lspci shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Config-space region number (`Region 2:`); `None` in plain `lspci -v` output.
    pub index: Option<u32>,
    /// Memory (true) or I/O ports (false).
    pub memory: bool,
    /// Address when assigned.
    pub address: Option<u64>,
    /// Size.
    pub size: Option<u64>,
    /// 64-bit.
    pub is64: bool,
    /// Prefetchable.
    pub prefetchable: bool,
    /// State.
    pub state: RegionState,
    /// Line.
    pub line: u32,
    /// Text.
    pub text: String,
}

/// Bridge bus numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusNumbers {
    /// Primary bus.
    pub primary: u32,
    /// Secondary bus.
    pub secondary: u32,
    /// Subordinate bus.
    pub subordinate: u32,
    /// Line.
    pub line: u32,
    /// Text.
    pub text: String,
}

/// A link capability or status.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Speed in GT/s.
    pub speed_gts: Option<f64>,
    /// Width in lanes.
    pub width: Option<u32>,
    /// lspci marked speed or width `(downgraded)`.
    pub downgraded: bool,
    /// Line.
    pub line: u32,
    /// Text.
    pub text: String,
}

/// ACS capability and control bits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Acs {
    /// Capability header line.
    pub line: u32,
    /// `ACSCap:` bits.
    pub cap: BTreeMap<String, bool>,
    /// `ACSCap:` line and text.
    pub cap_line: Option<(u32, String)>,
    /// `ACSCtl:` bits.
    pub ctl: BTreeMap<String, bool>,
    /// `ACSCtl:` line and text.
    pub ctl_line: Option<(u32, String)>,
}

/// One Resizable BAR entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebar {
    /// BAR number.
    pub bar: u32,
    /// Current size.
    pub current: Option<u64>,
    /// Largest supported size.
    pub max_supported: Option<u64>,
    /// Line.
    pub line: u32,
    /// Text.
    pub text: String,
}

/// A parsed capture.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lspci {
    /// Records in file order.
    pub devices: Vec<Device>,
    /// True when no record had field lines (`lspci` or `lspci | grep …`).
    pub summary_only: bool,
    /// True when any record had `Capabilities: <access denied>`.
    pub caps_hidden: bool,
    /// The filter of a pasted `lspci … | grep PATTERN` prompt line (the text after the pipe).
    pub filter: Option<String>,
}

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:([0-9a-fA-F]{4,8}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])\s+(.+)$").expect("header regex")
});
static IDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]").expect("ids regex"));
static REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:Region (\d+): )?(Memory|I/O ports) at (\S+)(?: \((32|64)-bit, (non-prefetchable|prefetchable)\))?(.*)$",
    )
    .expect("region regex")
});
static SIZE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[size=([0-9]+[KMGTP]?)\]").expect("size regex"));
static BUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"primary=([0-9a-fA-F]+), secondary=([0-9a-fA-F]+), subordinate=([0-9a-fA-F]+)").expect("bus regex")
});
static SPEED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"Speed ([0-9.]+)GT/s").expect("speed regex"));
static WIDTH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"Width x([0-9]+)").expect("width regex"));
static UNKNOWN_DEVICE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" Device ([0-9a-fA-F]{4})\b").expect("device regex"));

/// Vendor ids by the vendor names lspci prints (pci.ids `vendor` lines).
fn vendor_by_name(name: &str) -> Option<&'static str> {
    [
        ("NVIDIA Corporation", "10de"),
        ("Mellanox Technologies", "15b3"),
        ("Intel Corporation", "8086"),
        ("Advanced Micro Devices, Inc. [AMD]", "1022"),
        ("Red Hat, Inc.", "1b36"),
    ]
    .into_iter()
    .find(|(n, _)| name.starts_with(n))
    .map(|(_, id)| id)
}

/// Class codes by the class names lspci prints (pci.ids `C` section).
fn class_by_name(name: &str) -> Option<&'static str> {
    [
        ("3D controller", "0302"),
        ("VGA compatible controller", "0300"),
        ("Bridge", "0680"),
        ("PCI bridge", "0604"),
        ("Host bridge", "0600"),
        ("Audio device", "0403"),
        ("Ethernet controller", "0200"),
        ("Non-Volatile memory controller", "0108"),
    ]
    .into_iter()
    .find(|(n, _)| name == *n)
    .map(|(_, c)| c)
}

static REBAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^BAR (\d+): current size: ([0-9]+[KMGTP]?B?), supported: (.*)$").expect("rebar regex")
});

/// Normalises a BDF to `dddd:bb:dd.f`, lower case. Eight-digit domains (nvidia-smi) shrink when they fit.
/// Only the first word is read (`1b:00.0 3D controller` gives `0000:1b:00.0`).
pub fn normalise_bdf(text: &str) -> Option<String> {
    let word = text.split_whitespace().next()?;
    let (rest, func) = word.rsplit_once('.')?;
    if !matches!(func.as_bytes(), [b'0'..=b'7']) {
        return None;
    }
    let hex =
        |s: &str, min: usize, max: usize| (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit());
    let (domain, bus, dev) = match rest.split(':').collect::<Vec<_>>().as_slice() {
        [bus, dev] => ("0000", *bus, *dev),
        [domain, bus, dev] => (*domain, *bus, *dev),
        _ => return None,
    };
    if !hex(domain, 4, 8) || !hex(bus, 2, 2) || !hex(dev, 2, 2) {
        return None;
    }
    let domain = u32::from_str_radix(domain, 16).ok()?;
    Some(format!("{domain:04x}:{}:{}.{func}", bus.to_ascii_lowercase(), dev.to_ascii_lowercase()))
}

/// Parses an lspci capture.
pub fn parse(text: &str) -> Lspci {
    let mut out = Lspci::default();
    let mut current: Option<Device> = None;
    let mut in_devcap = false;
    let mut in_acs = false;
    let mut in_rebar = false;
    let mut last_nonempty = 0u32;
    let mut last_line_text = "";
    let mut last_was_blank_after_record = false;
    for (n, raw) in numbered(text) {
        let line = raw.trim();
        if line.is_empty() {
            if let Some(dev) = current.as_mut() {
                dev.lines.1 = last_nonempty.max(dev.lines.0);
                last_was_blank_after_record = true;
            }
            continue;
        }
        if is_prompt(raw) && !raw.starts_with(['\t', ' ']) {
            if line.contains("lspci")
                && let Some((_, filter)) = line.split_once('|')
            {
                out.filter = Some(filter.trim().to_string());
            }
            continue;
        }
        if let Some(caps) = HEADER.captures(line)
            && !raw.starts_with('\t')
            && !looks_like_hexdump(line)
        {
            if let Some(mut dev) = current.take() {
                dev.lines.1 = last_nonempty;
                out.devices.push(dev);
            }
            current = Some(header(&caps, n, line));
            in_devcap = false;
            in_acs = false;
            in_rebar = false;
            last_nonempty = n;
            last_line_text = line;
            last_was_blank_after_record = false;
            continue;
        }
        let Some(dev) = current.as_mut() else { continue };
        if looks_like_hexdump(line) {
            continue;
        }
        last_was_blank_after_record = false;
        last_nonempty = n;
        last_line_text = line;
        dev.verbose = true;
        field(dev, n, line, &mut in_devcap, &mut in_acs, &mut in_rebar);
    }
    if let Some(mut dev) = current.take() {
        dev.lines.1 = last_nonempty;
        let closed = last_was_blank_after_record
            || last_line_text.starts_with("Kernel driver in use:")
            || last_line_text.starts_with("Kernel modules:");
        if dev.verbose && !closed {
            dev.truncated = true;
        }
        out.devices.push(dev);
    }
    out.summary_only = !out.devices.is_empty() && out.devices.iter().all(|d| !d.verbose);
    out.caps_hidden = out.devices.iter().any(|d| d.caps_hidden.is_some());
    out
}

fn looks_like_hexdump(line: &str) -> bool {
    let mut parts = line.split_whitespace();
    let Some(first) = parts.next() else { return false };
    first.len() >= 3
        && first.ends_with(':')
        && first[..first.len() - 1].chars().all(|c| c.is_ascii_hexdigit())
        && parts.clone().count() >= 4
        && parts.all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()))
}

fn header(caps: &regex::Captures<'_>, n: u32, line: &str) -> Device {
    let domain = caps.get(1).and_then(|m| u32::from_str_radix(m.as_str(), 16).ok()).unwrap_or(0);
    let bdf = format!("{domain:04x}:{}:{}.{}", caps[2].to_ascii_lowercase(), caps[3].to_ascii_lowercase(), &caps[4]);
    let rest = &caps[5];
    let (class_part, name_part) = rest.split_once(": ").unwrap_or((rest, ""));
    let (class_name, class_code): (String, Option<String>) = match class_part.rfind(" [") {
        Some(i) if class_part.ends_with(']') => {
            let code = &class_part[i + 2..class_part.len() - 1];
            if code.len() == 4 && code.chars().all(|c| c.is_ascii_hexdigit()) {
                (class_part[..i].to_string(), Some(code.to_ascii_lowercase()))
            } else {
                (class_part.to_string(), None)
            }
        }
        _ => (class_part.to_string(), None),
    };
    let ids = IDS.captures_iter(name_part).last();
    // Without -nn, lspci still names the vendor, and prints "Device 2335" when its pci.ids does
    // not know the model: both are numeric facts, unlike model names, which are never matched.
    let vendor_id =
        ids.as_ref().map(|c| c[1].to_ascii_lowercase()).or_else(|| vendor_by_name(name_part).map(str::to_string));
    let device_id = ids.as_ref().map(|c| c[2].to_ascii_lowercase()).or_else(|| {
        UNKNOWN_DEVICE.captures(name_part).filter(|_| vendor_id.is_some()).map(|c| c[1].to_ascii_lowercase())
    });
    let class_code = class_code.or_else(|| class_by_name(&class_name).map(str::to_string));
    let mut name = name_part.to_string();
    if let Some(m) = ids.as_ref().and_then(|c| c.get(0)) {
        name = format!("{}{}", &name_part[..m.start()], &name_part[m.end()..]);
    }
    let revision = name.find("(rev ").and_then(|i| name[i + 5..].split(')').next().map(str::to_string));
    if let Some(i) = name.find(" (rev ") {
        name.truncate(i);
    }
    if let Some(i) = name.find(" (prog-if ") {
        name.truncate(i);
    }
    Device {
        bdf,
        lines: (n, n),
        header: line.to_string(),
        class_code: class_code.map(|c| c.to_string()),
        class_name,
        vendor_id,
        device_id,
        name: name.trim().to_string(),
        revision,
        ..Device::default()
    }
}

fn flag(text: &str, name: &str) -> Option<bool> {
    text.split_whitespace().find_map(|w| {
        let w = w.trim_end_matches(',');
        if w == format!("{name}+") {
            Some(true)
        } else if w == format!("{name}-") {
            Some(false)
        } else {
            None
        }
    })
}

fn bits(text: &str) -> BTreeMap<String, bool> {
    text.split_whitespace()
        .filter_map(|w| {
            let (name, on) = if let Some(n) = w.strip_suffix('+') {
                (n, true)
            } else if let Some(n) = w.strip_suffix('-') {
                (n, false)
            } else {
                return None;
            };
            (!name.is_empty() && name.chars().all(char::is_alphanumeric)).then(|| (name.to_string(), on))
        })
        .collect()
}

fn link(n: u32, line: &str, rest: &str) -> Link {
    Link {
        speed_gts: SPEED.captures(rest).and_then(|c| c[1].parse().ok()),
        width: WIDTH.captures(rest).and_then(|c| c[1].parse().ok()),
        downgraded: rest.contains("(downgraded)"),
        line: n,
        text: line.to_string(),
    }
}

fn field(dev: &mut Device, n: u32, line: &str, in_devcap: &mut bool, in_acs: &mut bool, in_rebar: &mut bool) {
    let text = line.to_string();
    if let Some(rest) = line.strip_prefix("Capabilities:") {
        *in_devcap = false;
        *in_acs = false;
        *in_rebar = false;
        let rest = rest.trim();
        if rest.starts_with("<access denied>") {
            dev.caps_hidden = Some(n);
        } else if let Some(idx) = rest.find("Express (") {
            let after = &rest[idx..];
            let kind = after.split_once(") ").map_or("", |(_, k)| k);
            let kind = kind.split(',').next().unwrap_or("").trim();
            let kind = kind.split(" (").next().unwrap_or(kind).trim();
            dev.express = Some((kind.to_string(), n, text));
        } else if rest.contains("Access Control Services") {
            *in_acs = true;
            dev.acs = Some(Acs { line: n, ..Acs::default() });
        } else if rest.contains("Physical Resizable BAR") {
            *in_rebar = true;
        }
        return;
    }
    if let Some(rest) = line.strip_prefix("DevCap:") {
        *in_devcap = true;
        if let Some(v) = flag(rest, "FLReset") {
            dev.flr = Some((v, n, text));
        }
        return;
    }
    if line.starts_with("DevCtl:") {
        *in_devcap = false;
        return;
    }
    if *in_devcap && dev.flr.is_none() {
        if let Some(v) = flag(line, "FLReset") {
            dev.flr = Some((v, n, text));
        }
        return;
    }
    if *in_acs {
        if let Some(rest) = line.strip_prefix("ACSCap:") {
            if let Some(acs) = dev.acs.as_mut() {
                acs.cap = bits(rest);
                acs.cap_line = Some((n, text));
            }
            return;
        }
        if let Some(rest) = line.strip_prefix("ACSCtl:") {
            if let Some(acs) = dev.acs.as_mut() {
                acs.ctl = bits(rest);
                acs.ctl_line = Some((n, text));
            }
            return;
        }
    }
    if *in_rebar && let Some(c) = REBAR.captures(line) {
        let supported: Vec<u64> = c[3].split_whitespace().filter_map(parse_size).collect();
        dev.rebar.push(Rebar {
            bar: c[1].parse().unwrap_or(0),
            current: parse_size(&c[2]),
            max_supported: supported.iter().copied().max(),
            line: n,
            text,
        });
        return;
    }
    if let Some(rest) = line.strip_prefix("LnkCap:") {
        dev.link_cap = Some(link(n, line, rest));
    } else if let Some(rest) = line.strip_prefix("LnkSta:") {
        dev.link_status = Some(link(n, line, rest));
    } else if let Some(rest) = line.strip_prefix("Subsystem:") {
        let ids = IDS
            .captures_iter(rest)
            .last()
            .map(|c| format!("{}:{}", c[1].to_ascii_lowercase(), c[2].to_ascii_lowercase()));
        dev.subsystem = Some((ids, n, text));
    } else if let Some(rest) = line.strip_prefix("Physical Slot:") {
        dev.slot = Some((rest.trim().to_string(), n));
    } else if let Some(rest) = line.strip_prefix("Control:") {
        dev.control = Some(Control {
            memory: flag(rest, "Mem").unwrap_or(false),
            bus_master: flag(rest, "BusMaster").unwrap_or(false),
            line: n,
            text,
        });
    } else if let Some(rest) = line.strip_prefix("NUMA node:") {
        if let Ok(v) = rest.trim().parse() {
            dev.numa_node = Some((v, n, text));
        }
    } else if let Some(rest) = line.strip_prefix("IOMMU group:") {
        if let Ok(v) = rest.trim().parse() {
            dev.iommu_groups.push((v, n, text));
        }
    } else if let Some(rest) = line.strip_prefix("Kernel driver in use:") {
        dev.driver = Some((rest.trim().to_string(), n, text));
    } else if let Some(rest) = line.strip_prefix("Kernel modules:") {
        let mods = rest.split(',').map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect();
        dev.modules = Some((mods, n, text));
    } else if line.starts_with("Bus:") {
        if let Some(c) = BUS.captures(line) {
            let hex = |s: &str| u32::from_str_radix(s, 16).unwrap_or(0);
            dev.bus =
                Some(BusNumbers { primary: hex(&c[1]), secondary: hex(&c[2]), subordinate: hex(&c[3]), line: n, text });
        }
    } else if let Some(c) = REGION.captures(line) {
        dev.regions.push(region(&c, n, line));
    }
}

fn region(c: &regex::Captures<'_>, n: u32, line: &str) -> Region {
    let addr_text = &c[3];
    let flags = c.get(6).map_or("", |m| m.as_str());
    let address = u64::from_str_radix(addr_text, 16).ok();
    let state = if addr_text.contains("unassigned") {
        RegionState::Unassigned
    } else if addr_text.contains("ignored") || flags.contains("<ignored>") {
        RegionState::Ignored
    } else if flags.contains("[virtual]") {
        RegionState::Virtual
    } else if flags.contains("[disabled]") {
        RegionState::Disabled
    } else if address.is_some() {
        RegionState::Assigned
    } else {
        RegionState::Unassigned
    };
    Region {
        index: c.get(1).and_then(|m| m.as_str().parse().ok()),
        memory: &c[2] == "Memory",
        address: if matches!(state, RegionState::Unassigned | RegionState::Ignored) { None } else { address },
        size: SIZE.captures(flags).and_then(|s| parse_size(&s[1])),
        is64: c.get(4).is_some_and(|m| m.as_str() == "64"),
        prefetchable: c.get(5).is_some_and(|m| m.as_str() == "prefetchable"),
        state,
        line: n,
        text: line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H200: &str = "1b:00.0 3D controller [0302]: NVIDIA Corporation GH100 [H200 SXM 141GB] [10de:2335] (rev a1)
\tSubsystem: NVIDIA Corporation Device [10de:18be]
\tControl: I/O- Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr+ Stepping- SERR+ FastB2B- DisINTx+
\tNUMA node: 0
\tIOMMU group: 41
\tRegion 0: Memory at 9e000000 (32-bit, non-prefetchable) [size=16M]
\tRegion 2: Memory at 228000000000 (64-bit, prefetchable) [size=256G]
\tRegion 4: Memory at 22a000000000 (64-bit, prefetchable) [size=32M]
\tCapabilities: [78] Express (v2) Endpoint, MSI 00
\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0, Latency L0s unlimited, L1 <64us
\t\t\tExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset+ SlotPowerLimit 0W
\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-
\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+ FLReset-
\t\tLnkCap:\tPort #0, Speed 32GT/s, Width x16, ASPM not supported
\t\tLnkSta:\tSpeed 16GT/s (downgraded), Width x16
\tCapabilities: [bcc v1] Physical Resizable BAR
\t\tBAR 2: current size: 256GB, supported: 64MB 128MB 256MB 256GB
\tKernel driver in use: vfio-pci
\tKernel modules: nvidiafb, nouveau, nvidia_drm, nvidia

00:01.0 PCI bridge [0604]: Intel Corporation Device [8086:352a] (rev 04) (prog-if 00 [Normal decode])
\tBus: primary=00, secondary=1b, subordinate=1b, sec-latency=0
\tCapabilities: [40] Express (v2) Root Port (Slot+), MSI 00
\tCapabilities: [220 v1] Access Control Services
\t\tACSCap:\tSrcValid+ TransBlk+ ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- DirectTrans-
\t\tACSCtl:\tSrcValid+ TransBlk- ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- DirectTrans-
\tKernel driver in use: pcieport

";

    #[test]
    fn parses_a_gpu_record() {
        let p = parse(H200);
        assert_eq!(p.devices.len(), 2);
        let g = &p.devices[0];
        assert_eq!(g.bdf, "0000:1b:00.0");
        assert_eq!(g.class_code.as_deref(), Some("0302"));
        assert_eq!(g.vendor_id.as_deref(), Some("10de"));
        assert_eq!(g.device_id.as_deref(), Some("2335"));
        assert_eq!(g.name, "NVIDIA Corporation GH100 [H200 SXM 141GB]");
        assert_eq!(g.revision.as_deref(), Some("a1"));
        assert_eq!(g.regions.len(), 3);
        let big = &g.regions[1];
        assert_eq!((big.index, big.size, big.is64, big.prefetchable), (Some(2), Some(256 << 30), true, true));
        assert_eq!(big.address, Some(0x2280_0000_0000));
        assert_eq!(g.flr.as_ref().map(|f| f.0), Some(true), "FLReset from DevCap, not DevCtl");
        assert_eq!(g.link_cap.as_ref().and_then(|l| l.width), Some(16));
        assert!(g.link_status.as_ref().is_some_and(|l| l.downgraded && l.speed_gts == Some(16.0)));
        assert_eq!(g.rebar[0].current, Some(256 << 30));
        assert_eq!(g.driver.as_ref().map(|d| d.0.as_str()), Some("vfio-pci"));
        assert_eq!(g.express.as_ref().map(|e| e.0.as_str()), Some("Endpoint"));
        assert!(!g.truncated);
        let b = &p.devices[1];
        assert_eq!(b.express.as_ref().map(|e| e.0.as_str()), Some("Root Port"));
        assert_eq!(b.bus.as_ref().map(|x| x.secondary), Some(0x1b));
        let acs = b.acs.as_ref().expect("acs");
        assert_eq!(acs.ctl.get("ReqRedir"), Some(&true));
        assert_eq!(acs.ctl.get("TransBlk"), Some(&false));
    }

    #[test]
    fn region_states() {
        let p = parse(
            "01:00.0 3D controller: NVIDIA Corporation Device 3182 (rev a1)\nRegion 1: Memory at <unassigned> (64-bit, prefetchable) [size=128G]\nRegion 0: Memory at de000000 (64-bit, non-prefetchable) [disabled] [size=32M]\nRegion 3: Memory at <ignored> (32-bit, non-prefetchable)\nMemory at 2000000000 (64-bit, prefetchable) [size=64M]\nKernel modules: nvidia\n",
        );
        let d = &p.devices[0];
        assert_eq!(d.vendor_id.as_deref(), Some("10de"), "vendor from its pci.ids name");
        assert_eq!(d.device_id.as_deref(), Some("3182"), "old pci.ids prints the numeric id");
        let states: Vec<RegionState> = d.regions.iter().map(|r| r.state).collect();
        assert_eq!(
            states,
            vec![RegionState::Unassigned, RegionState::Disabled, RegionState::Ignored, RegionState::Assigned]
        );
        assert_eq!(d.regions[3].index, None);
        assert!(!d.truncated);
    }

    #[test]
    fn truncated_last_record_and_hidden_caps() {
        let p = parse(
            "bd:00.0 Bridge [0680]: NVIDIA Corporation GH100 [H100 NVSwitch] [10de:22a3] (rev a1)\n\tIOMMU group: 82\n\tCapabilities: <access denied>\n\nc1:00.0 3D controller [0302]: NVIDIA Corporation GA100 [10de:20b0]\n\tCapabilities: [60] Express (v2) Endpoint, MSI 00\n\t\tDevSta:\tCorrErr-\n",
        );
        assert!(p.caps_hidden);
        assert!(p.devices[0].caps_hidden.is_some());
        assert!(!p.devices[0].truncated);
        assert!(p.devices[1].truncated);
    }

    #[test]
    fn prompts_and_summaries() {
        let p = parse(
            "[root@rhel_ai ~]# lspci -nn | grep NVIDIA\n0000:0c:00.0 3D controller [0302]: NVIDIA Corporation GH100 [H100 SXM5 80GB] [10de:2330] (rev a1)\n\n[root@rhel_ai ~]# \n",
        );
        assert_eq!(p.devices.len(), 1);
        assert!(p.summary_only);
    }

    #[test]
    fn hexdump_lines_are_ignored() {
        let p = parse(
            "0000:1b:00.0 3D controller [0302]: NVIDIA Corporation Device [10de:2335] (rev a1)\n\tKernel driver in use: nvidia\n00: de 10 35 23 06 04 10 00 a1 00 02 03 00 00 00 00\n10: 00 00 00 9e 00 00 00 00 00 00 00 00 00 00 00 00\n\n",
        );
        assert_eq!(p.devices.len(), 1);
    }

    #[test]
    fn bdf_normalisation() {
        assert_eq!(normalise_bdf("00000001:1B:00.0").as_deref(), Some("0001:1b:00.0"));
        assert_eq!(normalise_bdf("1b:00.0").as_deref(), Some("0000:1b:00.0"));
        assert_eq!(normalise_bdf("garbage"), None);
    }
}
