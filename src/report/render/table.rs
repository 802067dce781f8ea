//! The terminal table: per host, problems first (worst status, highest severity), then the fix
//! for each failing rule; passes and not-applicable are counted, and listed with `--verbose`.

use std::io::Write;

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};

use super::status::{of, terminal_safe};
use super::{Options, Sink};
use crate::engine::Status;
use crate::report::HostReport;
use crate::report::Report;
use crate::report::fleet::Footer;
use crate::rules::Severity;

fn status_color(s: Status) -> Color {
    match s {
        Status::Error | Status::Fail => Color::Red,
        Status::Unknown | Status::Manual => Color::Yellow,
        Status::Waived => Color::Cyan,
        Status::Pass => Color::Green,
        Status::NotApplicable => Color::DarkGrey,
    }
}

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Critical | Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low | Severity::Info => Color::Reset,
    }
}

/// Streams the table: each host's table as it comes (one line per host for a fleet, unless
/// `--verbose`), then unreadable snapshots, waiver notes, the fleet summary and the gate.
pub struct TableSink<'w> {
    report: Report,
    options: Options,
    out: Box<dyn Write + 'w>,
}

impl<'w> TableSink<'w> {
    /// A table sink.
    pub fn new(report: Report, options: Options, out: Box<dyn Write + 'w>) -> Self {
        Self { report, options, out }
    }
}

/// Above this many hosts, each host gets one line unless `--verbose`.
pub const FLEET_LINES: usize = 5;

impl Sink for TableSink<'_> {
    fn host(&mut self, host: &HostReport) -> std::io::Result<()> {
        if self.options.hosts_expected > FLEET_LINES && !self.options.verbose {
            return host_line(host, &mut *self.out);
        }
        host_block(&self.report, host, &self.options, &mut *self.out)
    }

    fn finish(self: Box<Self>, footer: &Footer) -> std::io::Result<()> {
        let Self { mut report, mut out, .. } = *self;
        footer.clone().apply(&mut report);
        tail(&report, &mut *out)?;
        out.flush()
    }
}

fn host_line(host: &HostReport, out: &mut dyn Write) -> std::io::Result<()> {
    let c = &host.counts;
    let worst = host
        .findings
        .iter()
        .filter(|f| matches!(f.status, Status::Fail | Status::Error))
        .map(|f| f.severity)
        .max()
        .map_or_else(|| "-".to_string(), |s| s.to_string());
    writeln!(
        out,
        "{:<32} {:<11} worst {:<8} {} fail, {} error, {} unknown, {} manual, {} waived  {}",
        terminal_safe(&host.host),
        host.role,
        worst,
        c.get(Status::Fail),
        c.get(Status::Error),
        c.get(Status::Unknown),
        c.get(Status::Manual),
        c.get(Status::Waived),
        terminal_safe(&host.snapshot.path)
    )
}

fn host_block(report: &Report, host: &HostReport, options: &Options, out: &mut dyn Write) -> std::io::Result<()> {
    let paint = |cell: Cell, color: Color| if options.color { cell.fg(color) } else { cell };
    writeln!(
        out,
        "{} ({}) — profile {}, {} tenancy — snapshot {}",
        terminal_safe(&host.host),
        host.role,
        report.profile,
        report.tenancy,
        terminal_safe(&host.snapshot.path)
    )?;
    let rows: Vec<_> = host.findings.iter().filter(|f| options.verbose || of(f.status).table_row).collect();
    if rows.is_empty() {
        writeln!(out, "  no failures, unknowns or manual checks")?;
    } else {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(options.width);
        if options.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(vec!["Status", "Severity", "Rule", "Subject", "Finding"]);
        for f in rows {
            table.add_row(vec![
                paint(
                    Cell::new(if f.in_baseline {
                        format!("{} (known)", of(f.status).label)
                    } else {
                        of(f.status).label.to_string()
                    }),
                    status_color(f.status),
                ),
                paint(Cell::new(f.severity.as_str()), severity_color(f.severity)),
                Cell::new(format!("{} {}", f.rule_id, f.rule_name)),
                Cell::new(terminal_safe(&f.subject)),
                Cell::new(terminal_safe(&f.message)),
            ]);
        }
        writeln!(out, "{table}")?;
    }
    let c = &host.counts;
    writeln!(
        out,
        "  {} fail, {} error, {} unknown, {} manual, {} waived, {} pass, {} not applicable",
        c.get(Status::Fail),
        c.get(Status::Error),
        c.get(Status::Unknown),
        c.get(Status::Manual),
        c.get(Status::Waived),
        c.get(Status::Pass),
        c.get(Status::NotApplicable)
    )?;
    let mut fixes: Vec<(&str, &str)> = host
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .map(|f| (f.rule_id.as_str(), f.remediation.as_str()))
        .collect();
    fixes.dedup_by_key(|(id, _)| *id);
    fixes.sort_unstable();
    fixes.dedup();
    if !fixes.is_empty() {
        writeln!(out, "\nHow to fix:")?;
        for (id, fix) in fixes {
            writeln!(out, "  {id}: {}", terminal_safe(&fix.replace('\n', "\n    ")))?;
        }
    }
    let notes: Vec<_> = host.problems.iter().collect();
    if !notes.is_empty() {
        writeln!(out, "\nEvidence notes:")?;
        for p in notes {
            writeln!(out, "  [{}] {}", p.code.as_str(), terminal_safe(&p.message))?;
        }
    }
    writeln!(out)?;
    Ok(())
}

fn fleet_summary(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let fleet = &report.fleet;
    if fleet.hosts.len() <= 1 {
        return Ok(());
    }
    let failed = fleet.hosts.iter().filter(|h| h.worst.is_some_and(|w| w >= report.fail_on)).count();
    writeln!(out, "Fleet: {} hosts scanned, {failed} with failures at or above {}", fleet.hosts.len(), report.fail_on)?;
    let mut rules: Vec<(&String, u64, u64)> = fleet
        .rules
        .iter()
        .map(|(id, by)| (id, by.get("fail").copied().unwrap_or(0), by.get("unknown").copied().unwrap_or(0)))
        .filter(|(_, f, u)| *f > 0 || *u > 0)
        .collect();
    rules.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    for (id, fails, unknowns) in rules.iter().take(15) {
        writeln!(out, "  {id:<14} {fails:>6} fail  {unknowns:>6} unknown")?;
    }
    writeln!(out)
}

fn tail(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    fleet_summary(report, out)?;
    for u in &report.unreadable {
        writeln!(out, "UNREADABLE {}: {}", terminal_safe(&u.path), terminal_safe(&u.error))?;
    }
    if !report.waiver_notes.is_empty() {
        writeln!(out, "Waivers and attestations that did not apply:")?;
        for n in &report.waiver_notes {
            writeln!(out, "  {} {}: {}", n.rule, n.note, terminal_safe(&n.detail))?;
        }
        writeln!(out)?;
    }
    if report.gate.passed {
        writeln!(
            out,
            "Gate: PASSED (fail on {}{})",
            report.fail_on,
            if report.fail_on_unknown { ", unknowns count" } else { "" }
        )?;
    } else {
        writeln!(
            out,
            "Gate: FAILED (fail on {}{})",
            report.fail_on,
            if report.fail_on_unknown { ", unknowns count" } else { "" }
        )?;
        for r in &report.gate.reasons {
            writeln!(out, "  - {}", terminal_safe(r))?;
        }
    }
    Ok(())
}
