//! Generated documentation: the fact catalog, the rule reference, the truth tables and the
//! status presentation table, produced from the same tables the code runs on. `docs/*.md` hold
//! these between `<!-- BEGIN GENERATED: name -->` / `<!-- END GENERATED: name -->` markers; a test
//! fails when they are stale (`UPDATE_DOCS=1 cargo test --test docs` rewrites them).

use std::fmt::Write as _;

use crate::facts::catalog::CATALOG;
use crate::report::render::status::PRESENTATION;
use crate::rules::{Check, RuleSet, controls};

/// `docs/facts.md` body: every fact with its type, meaning and sources.
pub fn facts() -> String {
    let mut out = String::from("| fact | type | meaning | sources |\n|---|---|---|---|\n");
    for s in CATALOG.iter() {
        let _ = writeln!(out, "| `{}` | {} | {} | {} |", s.path, s.ty.as_str(), s.doc.replace('|', "\\|"), s.sources);
    }
    out
}

/// The rule reference: one section per rule, from the rule files.
pub fn rules(set: &RuleSet) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| id | name | topic | severity | checks |\n|---|---|---|---|---|");
    for r in &set.rules {
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} | {} | {} |",
            r.id,
            r.id.to_lowercase(),
            r.name,
            r.topic,
            r.severity,
            r.title
        );
    }
    for r in &set.rules {
        let _ = writeln!(out, "\n### {}\n\n**{}** · topic `{}` · severity `{}`", r.id, r.name, r.topic, r.severity);
        if !r.tenancy_severity.is_empty() {
            let t: Vec<String> = r.tenancy_severity.iter().map(|(k, v)| format!("{}: `{v}`", k.as_str())).collect();
            let _ = write!(out, " ({})", t.join(", "));
        }
        if let Some(f) = &r.for_each {
            let _ = write!(out, " · one finding per item of `{f}`");
        }
        let kind = if matches!(r.check, Check::Manual { .. }) { "manual (attestation)" } else { "automated" };
        let _ = writeln!(out, " · {kind}\n");
        let _ = writeln!(out, "**What it checks.** {}\n", r.title);
        let _ = writeln!(out, "**Why it matters.** {}\n", r.description);
        let _ = writeln!(out, "**How to fix.** {}\n", r.remediation);
        let _ = writeln!(out, "**References.**\n");
        for reference in &r.references {
            let _ = writeln!(out, "- {reference}");
        }
        let _ = writeln!(out, "\n**Controls.**\n");
        for (fw, ids) in &r.controls {
            let named: Vec<String> =
                ids.iter().map(|id| format!("{id} ({})", controls::title(fw, id).unwrap_or("?"))).collect();
            let _ = writeln!(out, "- {}: {}", controls::framework_name(fw), named.join("; "));
        }
        if let Check::Manual { attest } = &r.check {
            let _ = writeln!(out, "\n**Attestation needed.** {attest}");
        }
        if !r.params.is_empty() {
            let _ = writeln!(out, "\n**Parameters.**\n");
            for (k, v) in &r.params {
                let _ = writeln!(out, "- `{k}`: `{}`", crate::rules::profile::node_json(v));
            }
        }
        let _ = writeln!(out, "\nSource: `{}`", r.origin.path);
    }
    out
}

/// The status presentation table for `docs/outputs.md`.
pub fn statuses() -> String {
    let mut out = String::from("| status | table | SARIF | JUnit | Markdown |\n|---|---|---|---|---|\n");
    for p in PRESENTATION {
        let table = if p.table_row {
            format!("row `{}`", p.label)
        } else {
            format!("counted (`{}` rows with --verbose)", p.label)
        };
        let md = if p.markdown_listed { "listed" } else { "counted" };
        let _ = writeln!(
            out,
            "| `{}` | {table} | {} | `{}` | {md} |",
            p.status.as_str(),
            p.sarif,
            p.junit.replace('|', "\\|")
        );
    }
    out
}

/// Replaces the generated block `name` inside `doc`. Returns `None` when the markers are missing.
pub fn splice(doc: &str, name: &str, content: &str) -> Option<String> {
    let begin = format!("<!-- BEGIN GENERATED: {name} -->");
    let end = format!("<!-- END GENERATED: {name} -->");
    let b = doc.find(&begin)? + begin.len();
    let e = doc[b..].find(&end)? + b;
    Some(format!("{}\n{}{}", &doc[..b], content, &doc[e..]))
}
