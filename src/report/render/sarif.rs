//! SARIF 2.1.0 for GitHub code scanning and other SARIF readers.
//!
//! Every result has a physical location: the evidence file, as the snapshot path given on the
//! command line joined with the file's path inside it, with a line region when known (so
//! annotations land on the snapshot file committed to a repository). Evidence inside an archive
//! cannot be annotated: the location is the archive itself and the inner path is a property.
//! Results without evidence point at the snapshot's manifest (or first evidence file).
//! `partialFingerprints` hash rule id, host and subject, never line numbers, so alerts survive
//! re-collection. Statuses map per [`super::status::PRESENTATION`]; waived failures carry
//! `suppressions`; passes and not-applicable appear only with `--sarif-passes`.
//! GitHub accepts at most 25,000 results per run: larger reports are split into several runs,
//! each with its own `automationDetails.id`.

use std::io::Write;

use serde_json::{Value, json};

use std::collections::BTreeMap;

use super::{Options, Sink};
use crate::engine::{Finding, Status};
use crate::report::fleet::Footer;
use crate::report::{HostReport, Report, RuleInfo};
use crate::rules::Severity;

/// GitHub's per-run result limit.
pub const MAX_RESULTS_PER_RUN: usize = 25_000;

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The result fingerprint: stable across runs and line shifts.
pub fn fingerprint(rule: &str, host: &str, subject: &str) -> String {
    crate::snapshot::sha256_hex(format!("{rule}\0{host}\0{subject}").as_bytes())
}

fn rule_descriptor(r: &RuleInfo) -> Value {
    let mut tags = vec![json!("security"), json!(r.topic)];
    for (fw, ids) in &r.controls {
        for id in ids {
            tags.push(json!(format!("{fw}/{id}")));
        }
    }
    let refs: String = r.references.iter().map(|u| format!("- {u}\n")).collect();
    let markdown = format!(
        "**Why it matters.** {}\n\n**How to fix.** {}\n\n**References.**\n{refs}",
        r.description, r.remediation
    );
    let text = format!(
        "Why it matters: {}\n\nHow to fix: {}\n\nReferences: {}",
        r.description,
        r.remediation,
        r.references.join(" ")
    );
    json!({
        "id": r.id,
        "name": r.name,
        "shortDescription": { "text": r.title },
        "fullDescription": { "text": r.description },
        "help": { "text": text, "markdown": markdown },
        "helpUri": r.references.first().cloned().unwrap_or_else(|| "https://docs.kernel.org/driver-api/vfio.html".into()),
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": {
            "security-severity": r.severity.score(),
            "problem.severity": match r.severity { Severity::Critical | Severity::High => "error", Severity::Medium => "warning", _ => "recommendation" },
            "precision": "high",
            "tags": tags,
            "topic": r.topic,
        }
    })
}

/// The URI of a file in a snapshot, as the user named the snapshot.
fn uri(host: &HostReport, path: &str) -> (String, Option<String>) {
    let base = host.snapshot.path.trim_end_matches('/');
    let base = base.strip_prefix("./").unwrap_or(base);
    match host.snapshot.format.as_str() {
        "directory" => (format!("{base}/{path}"), None),
        // A bug-report section's evidence already names the log file itself.
        "bug-report" => (base.to_string(), None),
        _ => (base.to_string(), Some(path.to_string())),
    }
}

fn location(host: &HostReport, f: &Finding) -> Value {
    let ev = f.evidence.first();
    let (path, line, end, snippet) = match ev {
        Some(e) => (e.path.to_string(), e.line, e.end_line, e.excerpt.clone()),
        None => {
            let fallback = host
                .snapshot
                .files
                .iter()
                .find(|x| x.path == crate::snapshot::manifest::FILE_NAME)
                .or_else(|| host.snapshot.files.first())
                .map(|x| x.path.clone());
            match fallback {
                Some(p) => (p, 0, 0, String::new()),
                None => (String::new(), 0, 0, String::new()),
            }
        }
    };
    let (mut u, inner) =
        if path.is_empty() { (host.snapshot.path.trim_end_matches('/').to_string(), None) } else { uri(host, &path) };
    if u.starts_with('/') {
        u = format!("file://{u}");
    }
    let mut physical = json!({ "artifactLocation": { "uri": u } });
    if line > 0 && inner.is_none() {
        let mut region = json!({ "startLine": line, "endLine": end.max(line) });
        if !snippet.is_empty() {
            region["snippet"] = json!({ "text": snippet });
        }
        physical["region"] = region;
    }
    let mut loc = json!({ "physicalLocation": physical });
    if let Some(inner) = inner {
        loc["properties"] = json!({ "archiveEntry": inner, "line": line });
    }
    loc
}

fn result(host: &HostReport, f: &Finding, rule_index: usize) -> Value {
    let (kind, lvl) = match f.status {
        Status::Fail | Status::Waived => ("fail", level(f.severity)),
        Status::Error => ("fail", "error"),
        Status::Unknown | Status::Manual => ("review", "none"),
        Status::Pass => ("pass", "none"),
        Status::NotApplicable => ("notApplicable", "none"),
    };
    let mut text = format!("{}: {}", host.host, f.message);
    if !f.missing.is_empty() {
        text.push_str(&format!(" (missing evidence: {})", f.missing.join("; ")));
    }
    let mut r = json!({
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "kind": kind,
        "level": lvl,
        "message": { "text": text },
        "locations": [location(host, f)],
        "partialFingerprints": { "gpuPreflight/v1": fingerprint(&f.rule_id, &host.host, &f.subject) },
        "properties": {
            "host": host.host,
            "subject": f.subject,
            "status": f.status.as_str(),
            "severity": f.severity.as_str(),
        },
    });
    let related: Vec<Value> = f
        .evidence
        .iter()
        .skip(1)
        .take(9)
        .enumerate()
        .map(|(i, extra)| {
            let mut loc = location(host, &Finding { evidence: vec![extra.clone()], ..f.clone() });
            loc["id"] = json!(i + 1);
            loc
        })
        .collect();
    if !related.is_empty() {
        r["relatedLocations"] = json!(related);
    }
    if let (Status::Waived, Some(ex)) = (f.status, &f.exception) {
        r["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": format!("{} (approved by {}, {}expires {})", ex.justification, ex.approver, ex.reference.as_ref().map(|t| format!("{t}, ")).unwrap_or_default(), ex.expires),
        }]);
    }
    r
}

/// Streams SARIF: the rules up front, each host's results as they come, a new run (same tool,
/// `automationDetails.id` ending `/part-N/`) whenever a run reaches [`MAX_RESULTS_PER_RUN`], and
/// the invocation (gate, unreadable snapshots, waiver notes) last.
pub struct SarifSink<'w> {
    header: Report,
    options: Options,
    index: BTreeMap<String, usize>,
    out: Box<dyn Write + 'w>,
    run_results: usize,
    part: usize,
    per_run: usize,
}

impl<'w> SarifSink<'w> {
    /// Writes the document head and opens the first run.
    pub fn new(header: Report, options: Options, mut out: Box<dyn Write + 'w>) -> std::io::Result<Self> {
        out.write_all(b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [")?;
        let index = header.rules.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        // `GPU_PREFLIGHT_SARIF_MAX_RESULTS` can lower the per-run limit (to test splitting, or for
        // a consumer stricter than GitHub); it never raises it.
        let per_run = std::env::var("GPU_PREFLIGHT_SARIF_MAX_RESULTS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|n| *n > 0)
            .map_or(MAX_RESULTS_PER_RUN, |n| n.min(MAX_RESULTS_PER_RUN));
        let mut sink = Self { header, options, index, out, run_results: 0, part: 0, per_run };
        sink.open_run()?;
        Ok(sink)
    }

    fn open_run(&mut self) -> std::io::Result<()> {
        let rules: Vec<Value> = self.header.rules.iter().map(rule_descriptor).collect();
        let tool = json!({ "driver": {
            "name": "gpu-preflight",
            "version": self.header.tool.version,
            "semanticVersion": self.header.tool.version,
            "rules": rules,
        }});
        let automation = json!({ "id": format!("gpu-preflight/{}/part-{}/", self.header.profile, self.part) });
        write!(
            self.out,
            "{}\n    {{\n      \"tool\": {},\n      \"automationDetails\": {},\n      \"results\": [",
            if self.part == 0 { "" } else { "," },
            super::pretty_at(&tool, 3)?,
            super::pretty_at(&automation, 3)?
        )?;
        self.run_results = 0;
        Ok(())
    }

    fn close_run(&mut self, invocation: &Value) -> std::io::Result<()> {
        if self.run_results > 0 {
            self.out.write_all(b"\n      ")?;
        }
        write!(self.out, "],\n      \"invocations\": [\n        {}\n      ]\n    }}", super::pretty_at(invocation, 4)?)
    }
}

impl Sink for SarifSink<'_> {
    fn host(&mut self, host: &HostReport) -> std::io::Result<()> {
        let shown =
            |f: &&Finding| self.options.sarif_passes || !matches!(f.status, Status::Pass | Status::NotApplicable);
        let results: Vec<Value> = host
            .findings
            .iter()
            .filter(shown)
            .map(|f| {
                let mut r = result(host, f, self.index.get(&f.rule_id).copied().unwrap_or(0));
                if self.header.digests.baseline_file.is_some() {
                    r["baselineState"] = json!(if f.in_baseline { "unchanged" } else { "new" });
                }
                r
            })
            .collect();
        for r in results {
            if self.run_results == self.per_run {
                self.close_run(&json!({ "executionSuccessful": true }))?;
                self.part += 1;
                self.open_run()?;
            }
            let sep = if self.run_results == 0 { "" } else { "," };
            write!(self.out, "{sep}\n        {}", super::pretty_at(&r, 4)?)?;
            self.run_results += 1;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, footer: &Footer) -> std::io::Result<()> {
        let mut notifications: Vec<Value> = footer
            .unreadable
            .iter()
            .map(|u| json!({ "level": "error", "message": { "text": format!("snapshot {} could not be read: {}", u.path, u.error) } }))
            .collect();
        notifications.extend(footer.waiver_notes.iter().map(|w| json!({ "level": "warning", "message": { "text": format!("{} waiver note ({}): {}", w.rule, w.note, w.detail) } })));
        let invocation = json!({
            "executionSuccessful": true,
            "toolExecutionNotifications": notifications,
            "properties": {
                "gate": if footer.gate.passed { "passed" } else { "failed" },
                "profile": self.header.profile,
                "scannedAt": self.header.scanned_at,
            },
        });
        self.close_run(&invocation)?;
        self.out.write_all(b"\n  ]\n}\n")?;
        self.out.flush()
    }
}
