//! `gpu-preflight facts`: the fact tree of a snapshot, or the catalog of facts.

use std::io::Write;

use anyhow::{Context, Result, bail};
use serde_json::json;

use super::ExitStatus;
use super::args::FactsArgs;
use crate::facts::catalog::CATALOG;
use crate::snapshot::{Limits, Snapshot};

/// Runs `facts`.
pub(crate) fn run(args: &FactsArgs) -> Result<ExitStatus> {
    let value = if args.catalog {
        json!(
            CATALOG
                .iter()
                .map(|s| json!({ "path": s.path, "type": s.ty.as_str(), "meaning": s.doc, "sources": s.sources }))
                .collect::<Vec<_>>()
        )
    } else {
        let path = args.snapshot.as_ref().context("a snapshot path is required")?;
        let snap = Snapshot::open(path, &Limits::default())?;
        crate::facts::extract(&snap).to_json(args.provenance)
    };
    let text = match args.format.as_str() {
        "json" => serde_json::to_string_pretty(&value)? + "\n",
        "yaml" => serde_saphyr::to_string(&value).context("rendering YAML")?,
        other => bail!("--format: unknown format `{other}` (json, yaml)"),
    };
    std::io::stdout().lock().write_all(text.as_bytes()).context("writing to standard output")?;
    Ok(ExitStatus::Success)
}
