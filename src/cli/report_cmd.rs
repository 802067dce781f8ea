//! `gpu-preflight report`: re-render saved JSON results (scan once, render many).

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};

use super::args::ReportArgs;
use super::output::Outputs;
use super::{ExitStatus, output};
use crate::report::fleet::Accumulator;
use crate::report::{Report, SCHEMA_VERSION, WaiverNote};

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

/// Runs `report`: one result re-rendered, or several merged (`--merge`) one shard at a time.
pub(crate) fn run(args: &ReportArgs) -> Result<ExitStatus> {
    let formats = output::formats(&args.render.format)?;
    if args.results.len() > 1 && !args.merge {
        bail!("{} results given: add --merge to merge them into one report", args.results.len());
    }
    let first = read(&args.results[0])?;
    let header = crate::report::render::header_of(&first);
    let mut options = output::options(&args.render);
    options.hosts_expected = if args.merge { usize::MAX } else { first.hosts.len() };
    let mut outputs = Outputs::open(&header, &formats, &args.render, &options)?;
    let mut acc = Accumulator::for_report(&header);
    let mut unreadable = Vec::new();
    let mut notes: Vec<WaiverNote> = Vec::new();
    let mut unused_in: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut shard = Some(first);
    for path in &args.results {
        let report = match shard.take() {
            Some(r) => r,
            None => {
                let r = read(path)?;
                compatible(&header, &r, path)?;
                r
            }
        };
        for h in &report.hosts {
            acc.add(h);
            outputs.host(h)?;
        }
        unreadable.extend(report.unreadable);
        for n in report.waiver_notes {
            if n.note == "unused" {
                *unused_in.entry((n.rule.clone(), n.detail.clone())).or_default() += 1;
            }
            if !notes.contains(&n) {
                notes.push(n);
            }
        }
    }
    // A waiver is unused only if no shard used it.
    notes.retain(|n| {
        n.note != "unused" || unused_in.get(&(n.rule.clone(), n.detail.clone())) == Some(&args.results.len())
    });
    let footer = acc.finish(unreadable, notes);
    let passed = footer.gate.passed;
    outputs.finish(&footer)?;
    Ok(if passed { ExitStatus::Success } else { ExitStatus::GateFailed })
}

/// Shards merge only when the same rules decided them the same way.
fn compatible(first: &crate::report::Report, other: &crate::report::Report, path: &std::path::Path) -> Result<()> {
    let same = first.digests.rule_pack == other.digests.rule_pack
        && first.digests.effective_config == other.digests.effective_config
        && first.fail_on == other.fail_on
        && first.fail_on_unknown == other.fail_on_unknown
        && first.digests.waivers_file.as_ref().map(|w| &w.sha256)
            == other.digests.waivers_file.as_ref().map(|w| &w.sha256);
    if !same {
        bail!(
            "{}: scanned with another rule pack, profile, configuration, waivers file or gate than the first result; shards must be scanned alike to merge",
            path.display()
        );
    }
    Ok(())
}
