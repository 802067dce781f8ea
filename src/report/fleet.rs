//! Everything a report says *after* its hosts (counts, the gate, the fleet tallies), computed one
//! host at a time so that a scan of 10,000 snapshots never holds them all in memory.

use std::collections::BTreeMap;

use super::{
    Counts, FleetSummary, Gate, GateOptions, HostReport, HostSummary, Report, StatusCounts, Unreadable, WaiverNote,
    status_letter,
};
use crate::engine::Status;

/// What follows the hosts in a report.
#[derive(Debug, Clone, Default)]
pub struct Footer {
    /// Snapshots that could not be read.
    pub unreadable: Vec<Unreadable>,
    /// Waivers that did not apply.
    pub waiver_notes: Vec<WaiverNote>,
    /// Counts over all hosts.
    pub summary: Counts,
    /// The gate.
    pub gate: Gate,
    /// Per host and per rule tallies.
    pub fleet: FleetSummary,
}

impl Footer {
    /// Puts the footer into a report (whose `hosts` are whatever the caller kept).
    pub fn apply(self, report: &mut Report) {
        report.unreadable = self.unreadable;
        report.waiver_notes = self.waiver_notes;
        report.summary = self.summary;
        report.gate = self.gate;
        report.fleet = self.fleet;
    }

    /// The footer a complete in-memory report already carries.
    pub fn of(report: &Report) -> Footer {
        Footer {
            unreadable: report.unreadable.clone(),
            waiver_notes: report.waiver_notes.clone(),
            summary: report.summary.clone(),
            gate: report.gate.clone(),
            fleet: report.fleet.clone(),
        }
    }
}

/// Tallies hosts as they are evaluated.
#[derive(Debug)]
pub struct Accumulator {
    options: GateOptions,
    /// Rule id → index of its topic in `fleet.topics`.
    topic_of: BTreeMap<String, usize>,
    summary: Counts,
    reasons: Vec<String>,
    fleet: FleetSummary,
}

impl Accumulator {
    /// Starts with the gate options and the rules' topics (rule id → topic).
    pub fn new(options: GateOptions, rule_topics: BTreeMap<String, String>) -> Self {
        let mut summary = Counts::default();
        for s in Status::ALL {
            summary.by_status.insert(s.as_str().to_string(), 0);
        }
        let mut topics: Vec<String> = rule_topics.values().cloned().collect();
        topics.sort();
        topics.dedup();
        let topic_of = rule_topics
            .into_iter()
            .map(|(id, t)| {
                let i = topics.iter().position(|x| *x == t).unwrap_or(0);
                (id, i)
            })
            .collect();
        let fleet = FleetSummary { topics, ..FleetSummary::default() };
        Self { options, topic_of, summary, reasons: Vec::new(), fleet }
    }

    /// For a report's header: its rules' topics and gate options.
    pub fn for_report(report: &Report) -> Self {
        let topics = report.rules.iter().map(|r| (r.id.clone(), r.topic.clone())).collect();
        Self::new(GateOptions { fail_on: report.fail_on, fail_on_unknown: report.fail_on_unknown }, topics)
    }

    /// Adds one host.
    pub fn add(&mut self, h: &HostReport) {
        self.summary.add(&h.counts);
        let mut count = |pred: &dyn Fn(&crate::engine::Finding) -> bool, what: &str| {
            let n = h.findings.iter().filter(|f| pred(f)).count();
            if n > 0 {
                self.reasons.push(format!("{}: {n} {what}", h.host));
            }
        };
        let fail_on = self.options.fail_on;
        count(&|f| f.status == Status::Error && !f.in_baseline, "rule error(s)");
        count(
            &|f| f.status == Status::Fail && !f.in_baseline && f.severity >= fail_on,
            &format!("failure(s) at or above {fail_on}"),
        );
        if self.options.fail_on_unknown {
            count(
                &|f| f.status == Status::Unknown && f.severity >= fail_on,
                &format!("unknown(s) at or above {fail_on}"),
            );
        }
        for p in &h.problems {
            if p.code == crate::snapshot::ProblemCode::Stale {
                self.reasons.push(format!("{}: {}", h.host, p.message));
            }
        }
        let mut worst_by_topic: Vec<Option<Status>> = vec![None; self.fleet.topics.len()];
        for f in &h.findings {
            *self
                .fleet
                .rules
                .entry(f.rule_id.clone())
                .or_default()
                .entry(f.status.as_str().to_string())
                .or_default() += 1;
            if let Some(&i) = self.topic_of.get(&f.rule_id) {
                let slot = &mut worst_by_topic[i];
                // Status orders worst first.
                if slot.is_none_or(|w| f.status < w) {
                    *slot = Some(f.status);
                }
            }
        }
        let worst =
            h.findings.iter().filter(|f| matches!(f.status, Status::Fail | Status::Error)).map(|f| f.severity).max();
        self.fleet.hosts.push(HostSummary {
            host: h.host.clone(),
            path: h.snapshot.path.clone(),
            role: h.role.clone(),
            worst,
            counts: StatusCounts::of(&h.counts),
            topics: worst_by_topic.iter().map(|s| s.map_or('-', status_letter)).collect(),
        });
    }

    /// The footer, with the snapshots that could not be read and the waiver notes.
    pub fn finish(mut self, unreadable: Vec<Unreadable>, waiver_notes: Vec<WaiverNote>) -> Footer {
        let mut reasons: Vec<String> =
            unreadable.iter().map(|u| format!("snapshot {} could not be read: {}", u.path, u.error)).collect();
        reasons.append(&mut self.reasons);
        Footer {
            unreadable,
            waiver_notes,
            summary: self.summary,
            gate: Gate { passed: reasons.is_empty(), reasons },
            fleet: self.fleet,
        }
    }
}
