//! Markdown for pull-request comments: the gate, counts per host, and the findings that need a
//! person (fail, error, unknown, manual, waived). Every string from a snapshot is escaped so it
//! cannot inject Markdown, links or HTML into the comment.

use std::io::Write;

use super::Sink;
use super::status::of;
use crate::engine::{Finding, Status};
use crate::report::fleet::Footer;
use crate::report::{HostReport, Report};

/// Escapes text for a Markdown table cell or paragraph.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '|' | '~' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The most hosts whose findings a fleet comment lists.
pub const MAX_DETAILED: usize = 50;

/// Keeps each host's counts and listed findings (not passes), and writes the summary at the end:
/// the gate comes first in a pull-request comment.
pub struct MarkdownSink<'w> {
    report: Report,
    out: Box<dyn Write + 'w>,
    fleet: bool,
    detailed: usize,
}

impl<'w> MarkdownSink<'w> {
    /// A Markdown sink; `hosts_expected` above one makes it a fleet comment.
    pub fn new(report: Report, hosts_expected: usize, out: Box<dyn Write + 'w>) -> Self {
        Self { report, out, fleet: hosts_expected > 1, detailed: 0 }
    }
}

impl Sink for MarkdownSink<'_> {
    fn host(&mut self, host: &HostReport) -> std::io::Result<()> {
        // A fleet comment details only failing hosts, and at most MAX_DETAILED (+1 to say so).
        let failing = host.counts.get(Status::Fail) + host.counts.get(Status::Error) > 0;
        let keep = !self.fleet || (failing && self.detailed <= MAX_DETAILED);
        if self.fleet && failing {
            self.detailed += 1;
        }
        // Only what the comment shows: status, severity, rule, subject, message.
        let listed = host
            .findings
            .iter()
            .filter(|f| keep && of(f.status).markdown_listed)
            .map(|f| Finding {
                evidence: Vec::new(),
                missing: Vec::new(),
                remediation: String::new(),
                controls: Default::default(),
                title: String::new(),
                exception: None,
                ..f.clone()
            })
            .collect();
        self.report.hosts.push(HostReport {
            findings: listed,
            sources: Vec::new(),
            devices: Vec::new(),
            iommu_groups: Vec::new(),
            nvlink: None,
            snapshot: crate::report::SnapshotInfo { files: Vec::new(), ..host.snapshot.clone() },
            ..host.clone()
        });
        Ok(())
    }

    fn finish(self: Box<Self>, footer: &Footer) -> std::io::Result<()> {
        let Self { mut report, mut out, .. } = *self;
        footer.clone().apply(&mut report);
        write(&report, &mut *out)?;
        out.flush()
    }
}

/// Writes the Markdown summary.
fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let gate = if report.gate.passed { "✅ passed" } else { "❌ failed" };
    writeln!(out, "## gpu-preflight: gate {gate}\n")?;
    writeln!(
        out,
        "Profile `{}` ({} tenancy), fail on `{}`{}; rule pack `{}`.\n",
        escape(&report.profile),
        report.tenancy,
        report.fail_on,
        if report.fail_on_unknown { " and unknowns" } else { "" },
        &report.digests.rule_pack[..12.min(report.digests.rule_pack.len())]
    )?;
    writeln!(
        out,
        "| host | role | fail | error | unknown | manual | waived | pass | n/a |\n|---|---|---|---|---|---|---|---|---|"
    )?;
    for h in &report.hosts {
        let c = &h.counts;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            escape(&h.host),
            escape(&h.role),
            c.get(Status::Fail),
            c.get(Status::Error),
            c.get(Status::Unknown),
            c.get(Status::Manual),
            c.get(Status::Waived),
            c.get(Status::Pass),
            c.get(Status::NotApplicable)
        )?;
    }
    for u in &report.unreadable {
        writeln!(out, "| {} | unreadable: {} | | | | | | | |", escape(&u.path), escape(&u.error))?;
    }
    // A fleet's comment details the hosts that fail or err, at most MAX_DETAILED of them.
    let fleet = report.hosts.len() > 1;
    let more = report.fleet.hosts.iter().filter(|h| h.counts.fail + h.counts.error > 0).count() > MAX_DETAILED;
    let mut detailed = 0;
    for h in &report.hosts {
        let listed: Vec<_> = h.findings.iter().filter(|f| of(f.status).markdown_listed).collect();
        if listed.is_empty() || (fleet && h.counts.get(Status::Fail) + h.counts.get(Status::Error) == 0) {
            continue;
        }
        detailed += 1;
        if detailed > MAX_DETAILED {
            break;
        }
        writeln!(
            out,
            "\n### {}\n\n| status | severity | rule | subject | finding |\n|---|---|---|---|---|",
            escape(&h.host)
        )?;
        for f in listed {
            writeln!(
                out,
                "| {} | {} | `{}` {} | {} | {} |",
                of(f.status).label,
                f.severity,
                f.rule_id,
                escape(&f.rule_name),
                escape(&f.subject),
                escape(&f.message)
            )?;
        }
    }
    if !report.waiver_notes.is_empty() {
        writeln!(out, "\n**Waivers and attestations that did not apply:**\n")?;
        for n in &report.waiver_notes {
            writeln!(out, "- `{}` {}: {}", escape(&n.rule), escape(&n.note), escape(&n.detail))?;
        }
    }
    if more {
        writeln!(
            out,
            "\nOnly the first {MAX_DETAILED} failing hosts are detailed: the JSON, SARIF and HTML reports have them all."
        )?;
    }
    if !report.gate.passed {
        writeln!(out, "\n**Why the gate failed:**\n")?;
        for r in &report.gate.reasons {
            writeln!(out, "- {}", escape(r))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(super::escape("a|b <script>[x](y) *z*\n`c`"), "a\\|b &lt;script\\>\\[x\\](y) \\*z\\* \\`c\\`");
    }
}
