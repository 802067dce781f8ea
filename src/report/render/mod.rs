//! Renderers: one module per output format, each reading only the [`Report`] model and writing
//! only to the writer it is given. [`Format`] is matched in exactly one place, [`render`].
//! How each status appears in each format is one table, [`status::PRESENTATION`].

pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod status;
pub mod table;

use std::io::Write;

use crate::report::Report;

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
}

impl Default for Options {
    fn default() -> Self {
        Self { color: false, verbose: false, width: 140, sarif_passes: false, template_dir: None }
    }
}

/// Writes a report in a format.
pub fn render(report: &Report, format: Format, options: &Options, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Table => table::render(report, options, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, options, out),
        Format::Junit => junit::render(report, out),
        Format::Markdown => markdown::render(report, out),
        Format::Html => html::render(report, options.template_dir.as_deref(), out),
    }
}
