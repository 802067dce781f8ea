//! The terminal table: per host, problems first (worst status, highest severity), then the fix
//! for each failing rule; passes and not-applicable are counted, and listed with `--verbose`.

use std::io::Write;

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};

use super::Options;
use super::status::{of, terminal_safe};
use crate::engine::Status;
use crate::report::Report;
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

/// Writes the table.
pub fn render(report: &Report, options: &Options, out: &mut dyn Write) -> std::io::Result<()> {
    let paint = |cell: Cell, color: Color| if options.color { cell.fg(color) } else { cell };
    for host in &report.hosts {
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
                    paint(Cell::new(of(f.status).label), status_color(f.status)),
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
    }
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
