//! `gpu-preflight report`: re-render saved JSON results (scan once, render many).

use anyhow::{Context, Result, bail};

use super::args::ReportArgs;
use super::{ExitStatus, output};
use crate::report::{Report, SCHEMA_VERSION};

/// Largest JSON result read.
const MAX_RESULT_BYTES: u64 = 1 << 30;

/// Reads one saved result.
pub(crate) fn read(path: &std::path::Path) -> Result<Report> {
    let meta = std::fs::metadata(path).with_context(|| format!("{}: cannot read", path.display()))?;
    if meta.len() > MAX_RESULT_BYTES {
        bail!("{}: {} bytes is larger than the {MAX_RESULT_BYTES}-byte limit", path.display(), meta.len());
    }
    let file = std::fs::File::open(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let value: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(file))
        .with_context(|| format!("{}: not a JSON result", path.display()))?;
    let version = value.get("schema_version").and_then(serde_json::Value::as_u64);
    if version != Some(u64::from(SCHEMA_VERSION)) {
        bail!(
            "{}: schema_version {:?} is not {SCHEMA_VERSION} (written by another gpu-preflight version?)",
            path.display(),
            version
        );
    }
    serde_json::from_value(value).with_context(|| format!("{}: not a gpu-preflight result", path.display()))
}

/// Runs `report`.
pub(crate) fn run(args: &ReportArgs) -> Result<ExitStatus> {
    let formats = output::formats(&args.format)?;
    if args.results.len() != 1 {
        bail!("report takes one RESULT.json");
    }
    let report = read(&args.results[0])?;
    let to_file = args.output.is_some() || args.output_dir.is_some();
    let options = output::options(&args.render, output::color(args.color, to_file), args.verbose);
    output::write(
        &report,
        &formats,
        args.output.as_deref(),
        args.output_dir.as_deref(),
        &options,
        args.render.sign.as_deref(),
    )?;
    Ok(if report.gate.passed { ExitStatus::Success } else { ExitStatus::GateFailed })
}
