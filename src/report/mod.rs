//! The report: the model ([`model`]), how it is assembled from evaluated hosts, the gate
//! decision, and the renderers ([`render`]). Renderers read only the model; nothing here
//! evaluates rules or reads snapshots.

pub mod baseline;
pub mod fleet;
pub mod model;
pub mod render;

pub use model::*;

use crate::engine::Finding;
use crate::facts::{Facts, Value};
use crate::rules::{Check, Plan, RuleSet, Severity};
use crate::snapshot::Snapshot;

/// Sort order of findings: worst status, then highest severity, then rule and subject.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.status
            .cmp(&b.status)
            .then(b.severity.cmp(&a.severity))
            .then(a.rule_id.cmp(&b.rule_id))
            .then(a.subject.cmp(&b.subject))
    });
}

/// Assembles one host's report.
pub fn host_report(snap: &Snapshot, facts: &Facts, mut findings: Vec<Finding>) -> HostReport {
    sort_findings(&mut findings);
    let role = match facts.lookup("host.role") {
        crate::facts::Lookup::Found(f) => match &f.value {
            Value::Str(s) => s.clone(),
            _ => "unknown".into(),
        },
        _ => "unknown".into(),
    };
    let mut devices = Vec::new();
    for (list, kind) in [("gpus", "gpu"), ("nvswitches", "nvswitch")] {
        if let crate::facts::Lookup::Found(f) = facts.lookup(list)
            && let Some(l) = f.as_list()
        {
            for d in &l.items {
                let get = |k: &str| d.child(k).map_or_else(|| "-".to_string(), super::facts::tree::Fact::display);
                devices.push(DeviceSummary {
                    bdf: get("bdf"),
                    kind: kind.into(),
                    model: d
                        .child("model")
                        .or(d.child("pci_id"))
                        .map_or_else(|| "unknown".into(), super::facts::tree::Fact::display),
                    driver: d.child("driver").map_or_else(|| "none".into(), super::facts::tree::Fact::display),
                    iommu_group: get("iommu_group"),
                    numa_node: get("numa_node"),
                });
            }
        }
    }
    let (nvlink, iommu_groups) = views(facts);
    HostReport {
        nvlink,
        iommu_groups,
        host: facts.host.clone(),
        role,
        snapshot: SnapshotInfo {
            path: snap.origin.clone(),
            format: serde_json::to_value(snap.format)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            layout: serde_json::to_value(snap.layout)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            digest: snap.digest(),
            collected_at: snap.manifest.as_ref().map(|m| m.collected_at.clone()),
            files: snap
                .files()
                .iter()
                .filter(|f| !f.sha256.is_empty())
                .map(|f| EvidenceFile {
                    path: f.path.clone(),
                    size: f.size,
                    sha256: f.sha256.clone(),
                    truncated: f.truncated,
                })
                .collect(),
        },
        sources: facts.sources.clone(),
        problems: facts.problems.clone(),
        counts: Counts::of(&findings),
        findings,
        devices,
    }
}

/// The pictures' data: the NVLink matrix and the IOMMU groups of GPUs and NVSwitches.
fn views(facts: &Facts) -> (Option<NvlinkMatrix>, Vec<GroupView>) {
    use crate::facts::Lookup;
    let nvlink = match (facts.lookup("nvlink.gpu_count"), facts.lookup("nvlink.pairs")) {
        (Lookup::Found(n), Lookup::Found(pairs)) => match (&n.value, pairs.as_list()) {
            (Value::Int(n), Some(list)) if *n > 0 && *n <= 64 => {
                let n = *n as usize;
                let mut cells = vec![vec!["?".to_string(); n]; n];
                for (i, row) in cells.iter_mut().enumerate() {
                    row[i] = "X".into();
                }
                for p in &list.items {
                    let idx = |k: &str| match p.child(k).map(|f| &f.value) {
                        Some(Value::Int(v)) => usize::try_from(*v).ok().filter(|v| *v < n),
                        _ => None,
                    };
                    if let (Some(a), Some(b), Some(link)) = (idx("a"), idx("b"), p.str_at("link")) {
                        cells[a][b] = link.to_string();
                        cells[b][a] = link.to_string();
                    }
                }
                Some(NvlinkMatrix {
                    gpus: (0..n).map(|i| format!("GPU{i}")).collect(),
                    complete: list.partial.is_none(),
                    cells,
                })
            }
            _ => None,
        },
        _ => None,
    };
    let mut groups: std::collections::BTreeMap<String, GroupView> = std::collections::BTreeMap::new();
    for list in ["gpus", "nvswitches"] {
        let Lookup::Found(f) = facts.lookup(list) else { continue };
        let Some(items) = f.as_list() else { continue };
        for dev in &items.items {
            let Some(group) = dev.child("iommu_group").map(crate::facts::Fact::display) else { continue };
            let Some(members) = dev.child("group_members").and_then(|m| m.as_list()) else { continue };
            let view =
                groups.entry(group.clone()).or_insert_with(|| GroupView { id: group.clone(), members: Vec::new() });
            for m in &members.items {
                let bdf = m.str_at("bdf").unwrap_or("?").to_string();
                if view.members.iter().any(|x| x.bdf == bdf) {
                    continue;
                }
                let pci_id = m.str_at("pci_id").unwrap_or("");
                let class = m.str_at("class").unwrap_or("");
                let kind = if pci_id == "10de:22a3" || pci_id == "10de:1af1" {
                    "nvswitch"
                } else if pci_id.starts_with("10de:") && crate::facts::ids::is_gpu_class(class) {
                    "gpu"
                } else if matches!(m.child("is_bridge").map(|f| &f.value), Some(Value::Bool(true))) {
                    "bridge"
                } else if matches!(m.child("same_device").map(|f| &f.value), Some(Value::Bool(true))) {
                    "function"
                } else {
                    "other"
                };
                let driver = m.child("driver").map_or_else(|| "none".to_string(), crate::facts::Fact::display);
                view.members.push(GroupMember { bdf, kind: kind.into(), driver });
            }
        }
    }
    (nvlink, groups.into_values().collect())
}

/// Options that shape the gate.
#[derive(Debug, Clone, Copy)]
pub struct GateOptions {
    /// Fail on failures at or above this severity.
    pub fail_on: Severity,
    /// Count unknowns at or above `fail_on` too.
    pub fail_on_unknown: bool,
}

/// The report's header: everything known before any host is scanned (hosts and footer empty).
pub fn header(rules: &RuleSet, plan: &Plan, gate: GateOptions, scanned_at: String) -> Report {
    let rule_info = plan
        .entries
        .iter()
        .map(|e| RuleInfo {
            id: e.rule.id.clone(),
            name: e.rule.name.clone(),
            title: e.rule.title.clone(),
            topic: e.rule.topic.clone(),
            severity: e.severity,
            description: e.rule.description.clone(),
            remediation: e.rule.remediation.clone(),
            references: e.rule.references.clone(),
            controls: e.rule.controls.clone(),
            kind: if matches!(e.rule.check, Check::Manual { .. }) { "manual".into() } else { "automated".into() },
        })
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool { name: "gpu-preflight".into(), version: crate::VERSION.into() },
        scanned_at,
        profile: plan.profile.clone(),
        tenancy: plan.tenancy.as_str().into(),
        fail_on: gate.fail_on,
        fail_on_unknown: gate.fail_on_unknown,
        digests: Digests {
            rule_pack: rules.digest.clone(),
            effective_config: plan.digest.clone(),
            config_file: plan.config.as_ref().map(|(p, s)| FileDigest { path: p.clone(), sha256: s.clone() }),
            waivers_file: None,
            baseline_file: None,
        },
        effective_config: plan.effective.clone(),
        rules: rule_info,
        hosts: Vec::new(),
        unreadable: Vec::new(),
        waiver_notes: Vec::new(),
        summary: Counts::default(),
        gate: Gate { passed: true, reasons: Vec::new() },
        fleet: FleetSummary::default(),
    }
}

/// Assembles a whole report in memory and decides the gate.
pub fn build(
    rules: &RuleSet,
    plan: &Plan,
    hosts: Vec<HostReport>,
    unreadable: Vec<Unreadable>,
    gate: GateOptions,
    scanned_at: String,
) -> Report {
    let mut report = header(rules, plan, gate, scanned_at);
    report.hosts = hosts;
    report.unreadable = unreadable;
    refresh(&mut report);
    report
}

/// Recomputes the footer (counts, gate, fleet tallies) from the hosts a report holds.
pub fn refresh(report: &mut Report) {
    let mut acc = fleet::Accumulator::for_report(report);
    for h in &report.hosts {
        acc.add(h);
    }
    let footer = acc.finish(std::mem::take(&mut report.unreadable), std::mem::take(&mut report.waiver_notes));
    footer.apply(report);
}
