//! Markdown for pull-request comments: the gate, counts per host, and the findings that need a
//! person (fail, error, unknown, manual, waived). Every string from a snapshot is escaped so it
//! cannot inject Markdown, links or HTML into the comment.

use std::io::Write;

use super::Sink;
use super::status::of;
use crate::engine::Status;
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

/// Keeps each host's counts and listed findings (not passes), and writes the summary at the end:
/// the gate comes first in a pull-request comment.
pub struct MarkdownSink<'w> {
    report: Report,
    out: Box<dyn Write + 'w>,
}

impl<'w> MarkdownSink<'w> {
    /// A Markdown sink.
    pub fn new(report: Report, out: Box<dyn Write + 'w>) -> Self {
        Self { report, out }
    }
}

impl Sink for MarkdownSink<'_> {
    fn host(&mut self, host: &HostReport) -> std::io::Result<()> {
        let listed = host.findings.iter().filter(|f| of(f.status).markdown_listed).cloned().collect();
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
        let Self { mut report, mut out } = *self;
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
    for h in &report.hosts {
        let listed: Vec<_> = h.findings.iter().filter(|f| of(f.status).markdown_listed).collect();
        if listed.is_empty() {
            continue;
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
