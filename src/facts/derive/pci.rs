//! PCI devices: lspci and sysfs merged per BDF, and the bus topology between them.
//!
//! Each field is observed by one or both sources; observations that agree are merged with all
//! their evidence, observations that differ become a conflict (unknown to rules). A field lspci
//! could not show (non-root capabilities, a cut record, a one-line listing) is unknown with that
//! reason, never absent.

use std::collections::{BTreeMap, BTreeSet};

use crate::facts::catalog::ACS_BITS;
use crate::facts::parse::lspci::{self, Lspci, RegionState};
use crate::facts::parse::sysfs_pci::{self, IORESOURCE_MEM, IORESOURCE_MEM_64, IORESOURCE_PREFETCH, SysfsDevice};
use crate::facts::tree::{Evidence, Fact, MapBuilder, Value};
use crate::snapshot::{SnapFile, Snapshot, SourceId};

/// One merged BAR.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Region number, when known.
    pub region: Option<u32>,
    /// Size.
    pub size: Option<u64>,
    /// Address.
    pub address: Option<u64>,
    /// 64-bit.
    pub is64: bool,
    /// Prefetchable.
    pub prefetchable: bool,
    /// Memory (not I/O).
    pub memory: bool,
    /// State.
    pub state: RegionState,
    /// Where.
    pub evidence: Evidence,
}

/// One merged device, with what joins need and its fact map.
#[derive(Debug, Clone)]
pub struct PciDev {
    /// `dddd:bb:dd.f`.
    pub bdf: String,
    /// Domain number.
    pub domain: u32,
    /// Bus number.
    pub bus: u32,
    /// `vendor:device` when known.
    pub pci_id: Option<String>,
    /// Vendor id when known.
    pub vendor: Option<String>,
    /// Device id when known.
    pub device: Option<String>,
    /// Class code when known.
    pub class: Option<String>,
    /// Header type 1.
    pub is_bridge: bool,
    /// PCIe port type.
    pub port_type: Option<String>,
    /// Secondary..=subordinate bus for bridges.
    pub bus_range: Option<(u32, u32)>,
    /// Driver when known (`None` also when unknown; see the fact for the difference).
    pub driver: Option<String>,
    /// IOMMU group when known.
    pub group: Option<u32>,
    /// BARs.
    pub bars: Vec<Bar>,
    /// The device's fact map.
    pub fact: Fact,
}

/// All devices and what is known about the list itself.
#[derive(Debug, Clone, Default)]
pub struct Pci {
    /// Devices in BDF order.
    pub devices: Vec<PciDev>,
    /// Why the list may be incomplete.
    pub partial: Option<String>,
    /// Why the set of NVIDIA functions (not their details) may be incomplete.
    pub nvidia_partial: Option<String>,
    /// True when lspci or sysfs was present.
    pub present: bool,
    /// Group membership from the sysfs tree or lspci: group → BDFs.
    pub groups: BTreeMap<u32, Vec<(String, Evidence)>>,
    /// True when group membership is known (sysfs tree present, or lspci prints groups).
    pub groups_known: bool,
}

impl Pci {
    /// The device at a BDF.
    pub fn get(&self, bdf: &str) -> Option<&PciDev> {
        self.devices.iter().find(|d| d.bdf == bdf)
    }

    /// The nearest bridge whose bus range holds `dev`'s bus.
    pub fn parent(&self, dev: &PciDev) -> Option<&PciDev> {
        self.devices
            .iter()
            .filter(|b| b.bdf != dev.bdf && b.domain == dev.domain)
            .filter_map(|b| b.bus_range.map(|r| (b, r)))
            .filter(|(_, (sec, sub))| *sec <= dev.bus && dev.bus <= *sub)
            .min_by_key(|(_, (sec, sub))| sub - sec)
            .map(|(b, _)| b)
    }

    /// Ports above `dev`, nearest first.
    pub fn upstream(&self, dev: &PciDev) -> Vec<&PciDev> {
        let mut out = Vec::new();
        let mut cur = dev;
        while let Some(p) = self.parent(cur) {
            if out.iter().any(|o: &&PciDev| o.bdf == p.bdf) || out.len() > 16 {
                break;
            }
            out.push(p);
            cur = p;
        }
        out
    }
}

/// Why a field lspci could have shown is unknown for this record.
fn detail_gap(l: Option<&(lspci::Device, &SnapFile)>, summary_only: bool) -> Option<String> {
    match l {
        None => Some("no lspci record for this device".into()),
        Some(_) if summary_only => Some("the lspci capture is a one-line listing without details (-vv)".into()),
        Some((d, _)) if d.truncated => Some("the lspci record is cut off".into()),
        Some(_) => None,
    }
}

fn caps_gap(l: Option<&(lspci::Device, &SnapFile)>, summary_only: bool) -> Option<String> {
    detail_gap(l, summary_only).or_else(|| match l {
        Some((d, _)) if d.caps_hidden.is_some() => {
            Some("lspci ran without root: `Capabilities: <access denied>`, so link, ACS and FLR are hidden".into())
        }
        _ => None,
    })
}

fn generation(gts: f64) -> i64 {
    match gts {
        g if g >= 60.0 => 6,
        g if g >= 30.0 => 5,
        g if g >= 15.0 => 4,
        g if g >= 7.5 => 3,
        g if g >= 4.5 => 2,
        _ => 1,
    }
}

/// Builds the merged device list.
pub fn build(snap: &Snapshot) -> Pci {
    let lspci_file = snap.first(SourceId::Lspci);
    let parsed: Lspci = lspci_file.map(|f| lspci::parse(&f.text())).unwrap_or_default();
    let mut records: BTreeMap<String, (lspci::Device, &SnapFile)> = BTreeMap::new();
    if let Some(file) = lspci_file {
        for d in parsed.devices {
            records.entry(d.bdf.clone()).or_insert((d, file));
        }
    }
    let lspci_prints_groups = records.values().any(|(d, _)| !d.iommu_groups.is_empty());
    let sysfs = sysfs_pci::parse(snap.source_files(SourceId::PciSysfs));
    let tree_groups = crate::facts::parse::iommu_groups::from_sysfs(snap.source_files(SourceId::IommuGroups));
    let tree_present = snap.has(SourceId::IommuGroups);
    let mut group_of: BTreeMap<String, (u32, Evidence)> = BTreeMap::new();
    for (id, members) in &tree_groups {
        for m in members {
            group_of.insert(m.bdf.clone(), (*id, m.evidence.clone()));
        }
    }

    let mut pci = Pci { present: lspci_file.is_some() || snap.has(SourceId::PciSysfs), ..Pci::default() };
    if parsed.summary_only {
        pci.partial = Some("the lspci capture is a one-line listing; details are unknown".into());
        // Which NVIDIA functions exist is still known when the listing was not filtered (it
        // shows the host bridge) or was filtered for NVIDIA (`lspci -nn | grep -i nvidia`).
        let nvidia_filter = parsed.filter.as_deref().map(|f| {
            let f = f.to_ascii_lowercase();
            f.contains("grep") && (f.contains("nvidia") || f.contains("10de"))
        });
        let unfiltered =
            records.values().any(|(d, _)| d.class_code.as_deref() == Some("0600") || d.class_name == "Host bridge");
        pci.nvidia_partial = match nvidia_filter {
            Some(true) => None,
            Some(false) => Some(format!(
                "the lspci listing was filtered (`{}`); NVIDIA devices may be missing",
                parsed.filter.as_deref().unwrap_or("")
            )),
            None if unfiltered => None,
            None => Some(
                "the lspci capture is a one-line listing that may have been filtered; devices may be missing".into(),
            ),
        };
    }
    if lspci_file.is_some_and(|f| f.truncated) {
        pci.partial = Some("the lspci capture was cut at the read bound; devices may be missing".into());
        pci.nvidia_partial = pci.partial.clone();
    }
    let bdfs: BTreeSet<String> = records.keys().chain(sysfs.keys()).cloned().collect();
    for bdf in bdfs {
        let l = records.get(&bdf);
        let s = sysfs.get(&bdf);
        let dev = device(&bdf, l, s, parsed.summary_only, group_of.get(&bdf), tree_present, lspci_prints_groups);
        pci.devices.push(dev);
    }
    // Group membership: the sysfs tree when present, else what lspci printed.
    if tree_present {
        pci.groups_known = true;
        for (id, members) in tree_groups {
            pci.groups.insert(id, members.into_iter().map(|m| (m.bdf, m.evidence)).collect());
        }
    } else if let Some(listing) = snap.first(SourceId::IommuGroupListing) {
        // A pasted listing (the sysfs loop, ls-iommu): an unexpanded glob means no groups at all.
        let parsed_listing = crate::facts::parse::iommu_groups::from_listing(listing);
        pci.groups_known = true;
        for (id, members) in parsed_listing.groups {
            pci.groups.insert(id, members.into_iter().map(|m| (m.bdf, m.evidence)).collect());
        }
    } else if lspci_prints_groups && !parsed.summary_only {
        pci.groups_known = true;
        for (bdf, (d, f)) in &records {
            if let Some((g, n, t)) = d.iommu_groups.first() {
                pci.groups.entry(*g).or_default().push((bdf.clone(), Evidence::line(f, *n, t)));
            }
        }
    }
    pci
}

fn obs_str(value: Option<String>, ev: Option<Evidence>) -> Option<Fact> {
    Some(Fact::str(value?, ev?))
}

#[allow(clippy::too_many_lines)]
fn device(
    bdf: &str,
    l: Option<&(lspci::Device, &SnapFile)>,
    s: Option<&SysfsDevice>,
    summary_only: bool,
    tree_group: Option<&(u32, Evidence)>,
    tree_present: bool,
    lspci_prints_groups: bool,
) -> PciDev {
    let mut m = MapBuilder::new();
    let header_ev = l.map(|(d, f)| Evidence::lines(f, d.lines.0, d.lines.0, &d.header));
    if let Some(ev) = &header_ev {
        m.evidence(ev.clone());
    }
    let attr = |name: &str| s.and_then(|s| s.attrs.get(name));
    let hexattr = |name: &str| attr(name).map(|(v, e)| (v.trim_start_matches("0x").to_ascii_lowercase(), e.clone()));

    m.set("bdf", Fact::new(Value::Str(bdf.to_string()), header_ev.iter().cloned().collect()));

    let vendor = Fact::agree(
        [
            obs_str(l.and_then(|(d, _)| d.vendor_id.clone()), header_ev.clone()),
            hexattr("vendor").map(|(v, e)| Fact::str(v, e)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        "lspci was run without -nn and sysfs ids were not collected",
    );
    let device_id = Fact::agree(
        [
            obs_str(l.and_then(|(d, _)| d.device_id.clone()), header_ev.clone()),
            hexattr("device").map(|(v, e)| Fact::str(v, e)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        "lspci was run without -nn and sysfs ids were not collected",
    );
    let (vendor_s, device_s) = match (&vendor.value, &device_id.value) {
        (Value::Str(v), Value::Str(d)) => (Some(v.clone()), Some(d.clone())),
        (Value::Str(v), _) => (Some(v.clone()), None),
        _ => (None, None),
    };
    let pci_id = match (&vendor_s, &device_s) {
        (Some(v), Some(d)) => {
            let ev: Vec<Evidence> = vendor
                .evidence
                .iter()
                .chain(&device_id.evidence)
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            Fact::new(Value::Str(format!("{v}:{d}")), ev)
        }
        _ => Fact::unknown("numeric vendor:device id not known (lspci without -nn, no sysfs ids)"),
    };
    m.set("vendor_id", vendor).set("device_id", device_id).set("pci_id", pci_id);

    let class = Fact::agree(
        [
            obs_str(l.and_then(|(d, _)| d.class_code.clone()), header_ev.clone()),
            hexattr("class").map(|(v, e)| Fact::str(v.chars().take(4).collect::<String>(), e)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        "class code not shown (lspci without -nn)",
    );
    let class_s = match &class.value {
        Value::Str(c) => Some(c.clone()),
        _ => None,
    };
    m.set("class", class);
    if let Some((d, _)) = l {
        if let Some(ev) = &header_ev {
            m.set("class_name", Fact::str(d.class_name.clone(), ev.clone()));
            m.set("name", Fact::str(d.name.clone(), ev.clone()));
        }
        if let Some((mods, n, t)) = &d.modules {
            let ev = Evidence::line(l.map(|x| x.1).expect("record"), *n, t);
            m.set("modules", Fact::list(mods.iter().map(|x| Fact::str(x.clone(), ev.clone())).collect(), None));
        }
    }

    // Driver: present, known none, or unknown.
    let gap = detail_gap(l, summary_only);
    let mut driver_obs: Vec<(Option<String>, Vec<Evidence>)> = Vec::new();
    if let Some((d, f)) = l {
        match &d.driver {
            Some((name, n, t)) => driver_obs.push((Some(name.clone()), vec![Evidence::line(f, *n, t)])),
            None if gap.is_none() => {
                driver_obs.push((None, vec![Evidence::lines(f, d.lines.0, d.lines.1, &d.header)]));
            }
            None => {}
        }
    }
    if let Some(sd) = s {
        match sd.attrs.get("driver") {
            Some((name, e)) => driver_obs.push((Some(name.clone()), vec![e.clone()])),
            // Only a whole device directory (it has `vendor`) shows that no driver link exists;
            // a bug report copies single attribute files, which cannot carry the link.
            None if sd.attrs.contains_key("vendor") => {
                let any = sd.attrs.get("vendor").map(|(_, e)| e.clone());
                driver_obs.push((None, any.into_iter().collect()));
            }
            None => {}
        }
    }
    let driver = merge_optional(
        &mut m,
        "driver",
        driver_obs,
        gap.as_deref().unwrap_or("no lspci details or sysfs for this device"),
        false,
    );

    let numa = Fact::agree(
        [
            l.and_then(|(d, f)| d.numa_node.as_ref().map(|(v, n, t)| Fact::int(*v, Evidence::line(f, *n, t)))),
            attr("numa_node").and_then(|(v, e)| v.parse::<i64>().ok().map(|v| Fact::int(v, e.clone()))),
        ]
        .into_iter()
        .flatten()
        .collect(),
        "NUMA node not shown",
    );
    m.set("numa_node", numa);

    // IOMMU group: lspci lines, sysfs link, group tree.
    let mut group_obs: Vec<(Option<String>, Vec<Evidence>)> = Vec::new();
    if let Some((d, f)) = l {
        for (g, n, t) in &d.iommu_groups {
            group_obs.push((Some(g.to_string()), vec![Evidence::line(f, *n, t)]));
        }
        if d.iommu_groups.is_empty() && lspci_prints_groups && gap.is_none() {
            group_obs.push((None, vec![Evidence::lines(f, d.lines.0, d.lines.1, &d.header)]));
        }
    }
    if let Some((g, e)) = attr("iommu_group") {
        group_obs.push((Some(g.clone()), vec![e.clone()]));
    }
    match tree_group {
        Some((g, e)) => group_obs.push((Some(g.to_string()), vec![e.clone()])),
        None if tree_present => group_obs.push((None, Vec::new())),
        None => {}
    }
    let group = merge_optional(
        &mut m,
        "iommu_group",
        group_obs,
        "IOMMU group not known (no sysfs groups, lspci does not show them)",
        true,
    )
    .and_then(|g| g.parse().ok());

    // Bridge, port type, bus range.
    let bus_range = l.and_then(|(d, _)| d.bus.as_ref().map(|b| (b.secondary, b.subordinate)));
    let is_bridge = bus_range.is_some() || class_s.as_deref().is_some_and(|c| c == "0604" || c == "0609");
    if class_s.is_some() || bus_range.is_some() {
        let ev = header_ev.clone().or_else(|| attr("class").map(|(_, e)| e.clone()));
        m.set("is_bridge", Fact::new(Value::Bool(is_bridge), ev.into_iter().collect()));
    } else {
        m.set("is_bridge", Fact::unknown("class not known"));
    }
    let port_type = l.and_then(|(d, f)| d.express.as_ref().map(|(k, n, t)| (port_kind(k), Evidence::line(f, *n, t))));
    if let Some((kind, ev)) = &port_type {
        m.set("port_type", Fact::str(kind.clone(), ev.clone()));
    } else if let Some(why) = caps_gap(l, summary_only) {
        m.set("port_type", Fact::unknown(why));
    }

    // FLR.
    let caps = caps_gap(l, summary_only);
    let mut flr_obs = Vec::new();
    if let Some((d, f)) = l
        && let Some((v, n, t)) = &d.flr
    {
        flr_obs.push(Fact::bool(*v, Evidence::line(f, *n, t)));
    }
    if let Some((v, e)) = attr("reset_method") {
        let methods: Vec<Fact> = v.split_whitespace().map(|x| Fact::str(x, e.clone())).collect();
        flr_obs.push(Fact::bool(v.split_whitespace().any(|x| x == "flr"), e.clone()));
        m.set("reset_method", Fact::list(methods, None));
    }
    m.set(
        "flr",
        Fact::agree(
            flr_obs,
            caps.clone().unwrap_or_else(|| "no FLReset in DevCap and no reset_method in sysfs".into()),
        ),
    );

    // BARs: lspci regions, else sysfs resource lines.
    let mut bars: Vec<Bar> = Vec::new();
    if let Some((d, f)) = l
        && !d.regions.is_empty()
    {
        for r in d.regions.iter().filter(|r| r.memory) {
            bars.push(Bar {
                region: r.index,
                size: r.size,
                address: r.address,
                is64: r.is64,
                prefetchable: r.prefetchable,
                memory: r.memory,
                state: r.state,
                evidence: Evidence::line(f, r.line, &r.text),
            });
        }
    } else if let Some(sd) = s {
        for r in sd.resources.iter().filter(|r| r.index <= 5 && r.present() && r.flags & IORESOURCE_MEM != 0) {
            bars.push(Bar {
                region: Some(r.index),
                size: Some(r.size()),
                address: (!r.unassigned()).then_some(r.start),
                is64: r.flags & IORESOURCE_MEM_64 != 0,
                prefetchable: r.flags & IORESOURCE_PREFETCH != 0,
                memory: true,
                state: if r.unassigned() { RegionState::Unassigned } else { RegionState::Assigned },
                evidence: r.evidence.clone(),
            });
        }
    }
    if bars.is_empty() && gap.is_some() && s.is_none_or(|x| x.resources.is_empty()) {
        m.set("bars", Fact::unknown(gap.clone().unwrap_or_default()));
    } else {
        m.set("bars", Fact::list(bars.iter().map(bar_fact).collect(), None));
    }

    // Link.
    let mut link = MapBuilder::new();
    let lcap = l.and_then(|(d, f)| d.link_cap.as_ref().map(|x| (x, f)));
    let lsta = l.and_then(|(d, f)| d.link_status.as_ref().map(|x| (x, f)));
    let sys_speed = |name: &str| {
        attr(name).and_then(|(v, e)| sysfs_pci::link_speed(v).map(|g| Fact::int(generation(g), e.clone())))
    };
    let sys_width = |name: &str| attr(name).and_then(|(v, e)| v.parse::<i64>().ok().map(|w| Fact::int(w, e.clone())));
    let link_gap = caps.clone().unwrap_or_else(|| "no PCIe link capability shown".into());
    let lf = |x: Option<(&lspci::Link, &&SnapFile)>, speed: bool| {
        x.and_then(|(k, f)| {
            let ev = Evidence::line(f, k.line, &k.text);
            if speed {
                k.speed_gts.map(|g| Fact::int(generation(g), ev))
            } else {
                k.width.map(|w| Fact::int(i64::from(w), ev))
            }
        })
    };
    link.set(
        "max_generation",
        Fact::agree([lf(lcap, true), sys_speed("max_link_speed")].into_iter().flatten().collect(), link_gap.clone()),
    );
    link.set(
        "max_width",
        Fact::agree([lf(lcap, false), sys_width("max_link_width")].into_iter().flatten().collect(), link_gap.clone()),
    );
    link.set(
        "generation",
        Fact::agree(
            [lf(lsta, true), sys_speed("current_link_speed")].into_iter().flatten().collect(),
            link_gap.clone(),
        ),
    );
    link.set(
        "width",
        Fact::agree([lf(lsta, false), sys_width("current_link_width")].into_iter().flatten().collect(), link_gap),
    );
    m.set("link", link.build());

    // ACS.
    m.set("acs", acs_fact(l, caps.as_deref()));
    if let Some((d, f)) = l {
        let rebar: Vec<Fact> = d
            .rebar
            .iter()
            .map(|r| {
                let ev = Evidence::line(f, r.line, &r.text);
                let mut b = MapBuilder::new();
                b.evidence(ev.clone());
                b.set("bar", Fact::int(i64::from(r.bar), ev.clone()));
                if let Some(c) = r.current {
                    b.set("current", Fact::bytes(c, ev.clone()));
                }
                if let Some(mx) = r.max_supported {
                    b.set("max", Fact::bytes(mx, ev));
                }
                b.build()
            })
            .collect();
        match &caps {
            Some(why) => m.set("rebar", Fact::unknown(why.clone())),
            None => m.set("rebar", Fact::list(rebar, None)),
        };
    }

    let (domain, bus) = parse_bus(bdf);
    PciDev {
        bdf: bdf.to_string(),
        domain,
        bus,
        pci_id: match (&vendor_s, &device_s) {
            (Some(v), Some(d)) => Some(format!("{v}:{d}")),
            _ => None,
        },
        vendor: vendor_s,
        device: device_s,
        class: class_s,
        is_bridge,
        port_type: port_type.map(|p| p.0),
        bus_range,
        driver,
        group,
        bars,
        fact: m.build(),
    }
}

/// Merges "value or known-none" observations into the map. Returns the agreed value.
fn merge_optional(
    m: &mut MapBuilder,
    key: &str,
    obs: Vec<(Option<String>, Vec<Evidence>)>,
    unknown: &str,
    int: bool,
) -> Option<String> {
    let value = |v: &str| match v.parse::<i64>() {
        Ok(i) if int => Value::Int(i),
        _ => Value::Str(v.to_string()),
    };
    if obs.is_empty() {
        m.set(key, Fact::unknown(unknown));
        return None;
    }
    let first = obs[0].0.clone();
    if obs.iter().all(|(v, _)| *v == first) {
        let evidence: Vec<Evidence> = obs.into_iter().flat_map(|(_, e)| e).collect();
        match &first {
            Some(v) => {
                m.set(key, Fact::new(value(v), evidence));
            }
            None => {
                // Known none: the key stays absent.
            }
        }
        first
    } else {
        let facts = obs
            .into_iter()
            .map(|(v, e)| Fact::new(v.as_deref().map_or_else(|| Value::Str("(none)".into()), value), e))
            .collect();
        m.set(key, Fact::new(Value::Conflict(facts), Vec::new()));
        None
    }
}

fn port_kind(kind: &str) -> String {
    match kind {
        "Root Port" => "root-port",
        "Downstream Port" => "downstream-port",
        "Upstream Port" => "upstream-port",
        "Endpoint" => "endpoint",
        "Legacy Endpoint" => "legacy-endpoint",
        "Root Complex Integrated Endpoint" => "rc-endpoint",
        "Root Complex Event Collector" => "rc-event-collector",
        other if other.starts_with("PCI-Express to PCI") => "pcie-to-pci-bridge",
        other => return other.to_ascii_lowercase().replace(' ', "-"),
    }
    .to_string()
}

fn bar_fact(b: &Bar) -> Fact {
    let ev = b.evidence.clone();
    let mut m = MapBuilder::new();
    m.evidence(ev.clone());
    if let Some(r) = b.region {
        m.set("region", Fact::int(i64::from(r), ev.clone()));
    }
    if let Some(sz) = b.size {
        m.set("size", Fact::bytes(sz, ev.clone()));
    } else {
        m.set("size", Fact::unknown_with("size not shown", vec![ev.clone()]));
    }
    if let Some(a) = b.address {
        m.set("address", Fact::int(i64::try_from(a).unwrap_or(i64::MAX), ev.clone()));
    }
    m.set("is64", Fact::bool(b.is64, ev.clone()));
    m.set("prefetchable", Fact::bool(b.prefetchable, ev.clone()));
    m.set("state", Fact::str(b.state.as_str(), ev));
    m.build()
}

fn acs_fact(l: Option<&(lspci::Device, &SnapFile)>, gap: Option<&str>) -> Fact {
    if let Some(why) = gap {
        return Fact::unknown(why);
    }
    let Some((d, f)) = l else { return Fact::unknown("no lspci record") };
    let mut m = MapBuilder::new();
    match &d.acs {
        None => {
            let ev = Evidence::lines(
                f,
                d.lines.0,
                d.lines.1,
                &format!("{} (no Access Control Services capability)", d.header),
            );
            m.evidence(ev.clone());
            m.set("present", Fact::bool(false, ev.clone()));
            m.set("isolating", Fact::bool(false, ev));
        }
        Some(acs) => {
            let cap_ev = acs.cap_line.as_ref().map_or_else(
                || Evidence::line(f, acs.line, "Access Control Services"),
                |(n, t)| Evidence::line(f, *n, t),
            );
            let ctl_ev = acs.ctl_line.as_ref().map_or_else(|| cap_ev.clone(), |(n, t)| Evidence::line(f, *n, t));
            m.evidence(ctl_ev.clone());
            m.set("present", Fact::bool(true, cap_ev.clone()));
            let mut cap = MapBuilder::new();
            let mut ctl = MapBuilder::new();
            for bit in ACS_BITS {
                if let Some(v) = acs.cap.get(bit) {
                    cap.set(bit, Fact::bool(*v, cap_ev.clone()));
                }
                if let Some(v) = acs.ctl.get(bit) {
                    ctl.set(bit, Fact::bool(*v, ctl_ev.clone()));
                }
            }
            let needed = ["SrcValid", "ReqRedir", "CmpltRedir", "UpstreamFwd"];
            // As the kernel's pci_acs_flags_enabled(): a feature missing from ACSCap is
            // hard-wired (it cannot be turned off), so only capable bits must be enabled.
            let isolating = if acs.ctl_line.is_some() && acs.cap_line.is_some() {
                let enabled = |b: &&str| acs.cap.get(*b) != Some(&true) || acs.ctl.get(*b) == Some(&true);
                Fact::bool(needed.iter().all(enabled), ctl_ev)
            } else if acs.ctl_line.is_some() {
                Fact::bool(needed.iter().all(|b| acs.ctl.get(*b) == Some(&true)), ctl_ev)
            } else {
                Fact::unknown("no ACSCtl line")
            };
            m.set("cap", cap.build()).set("ctl", ctl.build()).set("isolating", isolating);
        }
    }
    m.build()
}

fn parse_bus(bdf: &str) -> (u32, u32) {
    let mut parts = bdf.split(':');
    let domain = parts.next().and_then(|d| u32::from_str_radix(d, 16).ok()).unwrap_or(0);
    let bus = parts.next().and_then(|b| u32::from_str_radix(b, 16).ok()).unwrap_or(0);
    (domain, bus)
}

/// True when some 64-bit memory BAR sits above 4 GiB; false when 64-bit BARs exist and all sit
/// below; unknown otherwise.
pub fn mmio_above_4g(pci: &Pci) -> Fact {
    const FOUR_G: u64 = 1 << 32;
    let placed: Vec<&Bar> =
        pci.devices.iter().flat_map(|d| &d.bars).filter(|b| b.is64 && b.memory && b.address.is_some()).collect();
    if let Some(high) = placed.iter().find(|b| b.address.is_some_and(|a| a >= FOUR_G)) {
        return Fact::bool(true, high.evidence.clone());
    }
    match placed.iter().max_by_key(|b| b.address) {
        Some(highest) => Fact::bool(false, highest.evidence.clone()),
        None if pci.present => Fact::unknown("no 64-bit BAR has an address in the snapshot"),
        None => Fact::unknown("no lspci or PCI sysfs in the snapshot"),
    }
}
