//! Renderers: one module per output format, each reading only the [`Report`] model and writing
//! only to the writer it is given. [`Format`] is matched in exactly one place, [`sink`].
//! How each status appears in each format is one table, [`status::PRESENTATION`].
//!
//! Every renderer is a [`Sink`]: it gets the report's header, then each host as it is scanned,
//! then the footer. JSON, SARIF, JUnit and the table write each host as it comes, so a fleet of
//! 10,000 hosts is never held in memory; Markdown keeps only what it lists, and the HTML report
//! keeps the fleet tallies plus the hosts it details (the worst ones).

pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod status;
pub mod table;

use std::io::Write;

use crate::report::fleet::Footer;
use crate::report::{HostReport, Report};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Terminal table.
    Table,
    /// JSON result (re-readable by `report`).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
    /// Markdown summary.
    Markdown,
    /// Self-contained HTML audit report.
    Html,
}

impl Format {
    /// Every format with its name and file extension.
    pub const ALL: &'static [(Format, &'static str, &'static str)] = &[
        (Format::Table, "table", "txt"),
        (Format::Json, "json", "json"),
        (Format::Sarif, "sarif", "sarif"),
        (Format::Junit, "junit", "junit.xml"),
        (Format::Markdown, "markdown", "md"),
        (Format::Html, "html", "html"),
    ];

    /// Parses a name.
    pub fn parse(name: &str) -> Option<Format> {
        Self::ALL.iter().find(|(_, n, _)| *n == name).map(|(f, _, _)| *f)
    }

    /// The name.
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(f, _, _)| *f == self).map_or("", |(_, n, _)| n)
    }

    /// File extension for `--output-dir`.
    pub fn extension(self) -> &'static str {
        Self::ALL.iter().find(|(f, _, _)| *f == self).map_or("", |(_, _, e)| e)
    }
}

/// Rendering options that do not change verdicts.
#[derive(Debug, Clone)]
pub struct Options {
    /// Colour (terminal only; never when `NO_COLOR` is set).
    pub color: bool,
    /// Show passing and not-applicable findings in the table.
    pub verbose: bool,
    /// Table width in columns.
    pub width: u16,
    /// Include passing and not-applicable results in SARIF (`kind: pass` / `notApplicable`).
    pub sarif_passes: bool,
    /// A directory whose templates override the embedded HTML templates.
    pub template_dir: Option<std::path::PathBuf>,
    /// How many hosts the scan will report (a fleet gets one table line per host).
    pub hosts_expected: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self { color: false, verbose: false, width: 140, sarif_passes: false, template_dir: None, hosts_expected: 1 }
    }
}

/// A renderer fed one host at a time.
pub trait Sink {
    /// Renders (or keeps) one host.
    fn host(&mut self, host: &HostReport) -> std::io::Result<()>;
    /// Renders what follows the hosts, and flushes.
    fn finish(self: Box<Self>, footer: &Footer) -> std::io::Result<()>;
}

/// The header of a report: every field but the hosts (cheap to keep in each sink).
pub fn header_of(report: &Report) -> Report {
    Report {
        schema_version: report.schema_version,
        tool: report.tool.clone(),
        scanned_at: report.scanned_at.clone(),
        profile: report.profile.clone(),
        tenancy: report.tenancy.clone(),
        fail_on: report.fail_on,
        fail_on_unknown: report.fail_on_unknown,
        digests: report.digests.clone(),
        effective_config: report.effective_config.clone(),
        rules: report.rules.clone(),
        hosts: Vec::new(),
        unreadable: Vec::new(),
        waiver_notes: Vec::new(),
        summary: crate::report::Counts::default(),
        gate: crate::report::Gate::default(),
        fleet: crate::report::FleetSummary::default(),
    }
}

/// A sink for one format, writing to `out`.
pub fn sink<'w>(
    header: &Report,
    format: Format,
    options: &Options,
    out: Box<dyn Write + 'w>,
) -> std::io::Result<Box<dyn Sink + 'w>> {
    let header = header_of(header);
    Ok(match format {
        Format::Table => Box::new(table::TableSink::new(header, options.clone(), out)),
        Format::Json => Box::new(json::JsonSink::new(&header, out)?),
        Format::Sarif => Box::new(sarif::SarifSink::new(header, options.clone(), out)?),
        Format::Junit => Box::new(junit::JunitSink::new(header, out)?),
        Format::Markdown => Box::new(markdown::MarkdownSink::new(header, options.hosts_expected, out)),
        Format::Html => Box::new(html::HtmlSink::new(header, options.template_dir.clone(), out)),
    })
}

/// Writes a whole in-memory report in a format.
pub fn render(report: &Report, format: Format, options: &Options, out: &mut dyn Write) -> std::io::Result<()> {
    let mut s = sink(report, format, options, Box::new(out))?;
    for h in &report.hosts {
        s.host(h)?;
    }
    s.finish(&Footer::of(report))
}

/// Pretty JSON of a value, indented to sit `depth` levels deep in a pretty document.
pub(crate) fn pretty_at(value: &impl serde::Serialize, depth: usize) -> std::io::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    Ok(text.replace('\n', &format!("\n{}", "  ".repeat(depth))))
}
