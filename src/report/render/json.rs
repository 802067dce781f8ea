//! JSON: the report model as is, pretty-printed, with `schema_version`.

use std::io::Write;

use crate::report::Report;

/// Writes the report as JSON.
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}
