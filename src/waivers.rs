//! Waivers and attestations (`--waivers FILE`): accepted risks and human answers to manual rules.
//!
//! ```yaml
//! waivers:
//!   - rule: PF-ISO-001
//!     hosts: ["pve-*"]              # optional glob patterns (default: every host)
//!     subjects: ["0000:1b:00.0"]   # optional devices (default: every subject)
//!     justification: single-tenant lab host, tracked for removal
//!     approver: jane.doe@example.com
//!     ticket: SEC-1234
//!     expires: 2027-01-31
//! attestations:
//!   - rule: PF-NET-001
//!     hosts: ["*"]
//!     statement: tenant VLANs are isolated on the ToR switches
//!     attested_by: net-team@example.com
//!     date: 2026-11-01
//!     evidence: https://wiki.example.com/net/segmentation-2026
//!     expires: 2027-05-01
//! ```
//! A live waiver turns a failure into `waived`; a live attestation turns `manual` into `pass`.
//! Expired or unused entries never apply and are reported. The file validates like rule files:
//! every problem at once, with `file:line:col`.

use jiff::civil::Date;

use crate::diag::{Code, Diagnostic, Pos, Sink};
use crate::engine::{Exception, Finding, Status};
use crate::report::WaiverNote;
use crate::yaml::{self, Fields, Kind, Node};

/// One waiver.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiver {
    /// Rule id.
    pub rule: String,
    /// Host glob patterns (empty: every host).
    pub hosts: Vec<String>,
    /// Subjects (empty: every subject).
    pub subjects: Vec<String>,
    /// Why the risk is accepted.
    pub justification: String,
    /// Who approved.
    pub approver: String,
    /// Tracking ticket.
    pub ticket: Option<String>,
    /// Last day it applies.
    pub expires: Date,
    /// Where it is written.
    pub pos: Pos,
}

/// One attestation.
#[derive(Debug, Clone, PartialEq)]
pub struct Attestation {
    /// Rule id (a manual rule).
    pub rule: String,
    /// Host glob patterns.
    pub hosts: Vec<String>,
    /// What was verified.
    pub statement: String,
    /// Who attests.
    pub attested_by: String,
    /// When.
    pub date: Date,
    /// Evidence link.
    pub evidence: Option<String>,
    /// Last day it applies.
    pub expires: Date,
    /// Where it is written.
    pub pos: Pos,
}

/// A parsed waivers file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Exceptions {
    /// Waivers.
    pub waivers: Vec<Waiver>,
    /// Attestations.
    pub attestations: Vec<Attestation>,
    /// Path.
    pub path: String,
    /// SHA-256 of the file.
    pub sha256: String,
}

impl Exceptions {
    /// Replaces exact host names (no `*` or `?`) with their redacted form, so the scopes written
    /// for the real hosts match snapshots collected with `--redact`.
    pub fn hash_hosts(&mut self, hash: &dyn Fn(&str) -> String) {
        let rewrite = |hosts: &mut Vec<String>| {
            for h in hosts.iter_mut() {
                if !h.contains(['*', '?']) {
                    *h = hash(h);
                }
            }
        };
        for w in &mut self.waivers {
            rewrite(&mut w.hosts);
        }
        for a in &mut self.attestations {
            rewrite(&mut a.hosts);
        }
    }
}

fn date(node: &Node, what: &str, sink: &mut Sink<'_>) -> Option<Date> {
    let text = node.scalar_text()?;
    match text.trim().parse::<Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            sink.error(node.pos, Code::BadDate, format!("`{what}` must be a date like 2027-01-31, not `{text}`"));
            None
        }
    }
}

fn required_text(f: &mut Fields<'_>, key: &'static str, sink: &mut Sink<'_>) -> Option<String> {
    let (s, pos) = f.require_str(key, sink)?;
    if s.trim().is_empty() {
        sink.error(pos, Code::BadValue, format!("`{key}` must not be empty"));
        return None;
    }
    Some(s.trim().to_string())
}

/// Parses and validates a waivers file. `known_rules` checks rule ids.
pub fn parse(path: &str, text: &str, known_rules: &[&str]) -> Result<Exceptions, Vec<Diagnostic>> {
    let node = yaml::parse(path, text).map_err(|d| vec![d])?;
    let mut sink = Sink::new(path, text);
    let mut out = Exceptions {
        path: path.to_string(),
        sha256: crate::snapshot::sha256_hex(text.as_bytes()),
        ..Exceptions::default()
    };
    let check_rule = |id: &str, pos: Pos, sink: &mut Sink<'_>| {
        if !known_rules.contains(&id) {
            let hint = crate::diag::suggest(id, known_rules.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            sink.error(pos, Code::UnknownRule, format!("no rule `{id}`{hint}"));
        }
    };
    if let Some(mut top) = Fields::new(&node, "waivers file", &mut sink) {
        for (key, is_waiver) in [("waivers", true), ("attestations", false)] {
            let Some(list) = top.get(key) else { continue };
            let Kind::Seq(items) = &list.kind else {
                sink.error(list.pos, Code::WrongType, format!("`{key}` must be a list"));
                continue;
            };
            for item in items {
                let Some(mut f) = Fields::new(item, if is_waiver { "waiver" } else { "attestation" }, &mut sink) else {
                    continue;
                };
                let rule = f.require_str("rule", &mut sink).map(|(r, pos)| {
                    check_rule(r, pos, &mut sink);
                    r.to_string()
                });
                let hosts: Vec<String> = f.opt_str_list("hosts", &mut sink).into_iter().map(|(s, _)| s).collect();
                if is_waiver {
                    let subjects = f.opt_str_list("subjects", &mut sink).into_iter().map(|(s, _)| s).collect();
                    let justification = required_text(&mut f, "justification", &mut sink);
                    let approver = required_text(&mut f, "approver", &mut sink);
                    let ticket = f.opt_str("ticket", &mut sink).map(|(s, _)| s.to_string());
                    let expires = f.require("expires", &mut sink).and_then(|n| date(n, "expires", &mut sink));
                    f.finish(&mut sink);
                    if let (Some(rule), Some(justification), Some(approver), Some(expires)) =
                        (rule, justification, approver, expires)
                    {
                        out.waivers.push(Waiver {
                            rule,
                            hosts,
                            subjects,
                            justification,
                            approver,
                            ticket,
                            expires,
                            pos: item.pos,
                        });
                    }
                } else {
                    let statement = required_text(&mut f, "statement", &mut sink);
                    let attested_by = required_text(&mut f, "attested_by", &mut sink);
                    let when = f.require("date", &mut sink).and_then(|n| date(n, "date", &mut sink));
                    let evidence = f.opt_str("evidence", &mut sink).map(|(s, _)| s.to_string());
                    let expires = f.require("expires", &mut sink).and_then(|n| date(n, "expires", &mut sink));
                    f.finish(&mut sink);
                    if let (Some(rule), Some(statement), Some(attested_by), Some(date), Some(expires)) =
                        (rule, statement, attested_by, when, expires)
                    {
                        out.attestations.push(Attestation {
                            rule,
                            hosts,
                            statement,
                            attested_by,
                            date,
                            evidence,
                            expires,
                            pos: item.pos,
                        });
                    }
                }
            }
        }
        top.finish(&mut sink);
    }
    if sink.is_clean() { Ok(out) } else { Err(sink.diagnostics) }
}

/// `*` and `?` glob match.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

fn host_matches(patterns: &[String], host: &str) -> bool {
    patterns.is_empty() || patterns.iter().any(|p| glob(p, host))
}

/// Applies waivers and attestations to one host's findings (as of `today`); returns notes about
/// expired entries that matched. Unused entries are reported by [`unused`] after all hosts.
pub fn apply(ex: &Exceptions, host: &str, findings: &mut [Finding], today: Date, used: &mut [bool]) -> Vec<WaiverNote> {
    let mut notes = Vec::new();
    for f in findings.iter_mut() {
        match f.status {
            Status::Fail => {
                for (i, w) in ex.waivers.iter().enumerate() {
                    let subject_ok = w.subjects.is_empty() || w.subjects.iter().any(|s| glob(s, &f.subject));
                    if w.rule != f.rule_id || !host_matches(&w.hosts, host) || !subject_ok {
                        continue;
                    }
                    used[i] = true;
                    if w.expires < today {
                        notes.push(WaiverNote {
                            rule: w.rule.clone(),
                            note: "expired".into(),
                            detail: format!(
                                "{}:{}: waiver for {} on {host} ({}) expired on {}; the failure stands",
                                ex.path, w.pos.line, f.subject, w.approver, w.expires
                            ),
                        });
                        continue;
                    }
                    f.status = Status::Waived;
                    f.exception = Some(Exception {
                        kind: "waiver".into(),
                        justification: w.justification.clone(),
                        approver: w.approver.clone(),
                        reference: w.ticket.clone(),
                        expires: w.expires.to_string(),
                    });
                    break;
                }
            }
            Status::Manual => {
                let offset = ex.waivers.len();
                for (i, a) in ex.attestations.iter().enumerate() {
                    if a.rule != f.rule_id || !host_matches(&a.hosts, host) {
                        continue;
                    }
                    used[offset + i] = true;
                    if a.expires < today {
                        notes.push(WaiverNote {
                            rule: a.rule.clone(),
                            note: "expired".into(),
                            detail: format!(
                                "{}:{}: attestation by {} for {host} expired on {}; the rule stays manual",
                                ex.path, a.pos.line, a.attested_by, a.expires
                            ),
                        });
                        continue;
                    }
                    f.status = Status::Pass;
                    f.message = format!("attested by {} on {}: {}", a.attested_by, a.date, a.statement);
                    f.exception = Some(Exception {
                        kind: "attestation".into(),
                        justification: a.statement.clone(),
                        approver: a.attested_by.clone(),
                        reference: a.evidence.clone(),
                        expires: a.expires.to_string(),
                    });
                    break;
                }
            }
            _ => {}
        }
    }
    notes
}

/// Notes for entries that matched nothing on any host.
pub fn unused(ex: &Exceptions, used: &[bool]) -> Vec<WaiverNote> {
    let mut notes = Vec::new();
    for (i, w) in ex.waivers.iter().enumerate() {
        if !used[i] {
            notes.push(WaiverNote {
                rule: w.rule.clone(),
                note: "unused".into(),
                detail: format!("{}:{}: waiver matched no failure (fixed? remove it)", ex.path, w.pos.line),
            });
        }
    }
    for (i, a) in ex.attestations.iter().enumerate() {
        if !used[ex.waivers.len() + i] {
            notes.push(WaiverNote {
                rule: a.rule.clone(),
                note: "unused".into(),
                detail: format!("{}:{}: attestation matched no manual finding", ex.path, a.pos.line),
            });
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "waivers:\n  - rule: PF-ISO-001\n    hosts: [\"pve-*\"]\n    justification: lab host\n    approver: jane\n    ticket: SEC-1\n    expires: 2027-01-31\nattestations:\n  - rule: PF-NET-001\n    statement: VLANs isolated\n    attested_by: net\n    date: 2026-11-01\n    expires: 2027-05-01\n";

    #[test]
    fn parses_and_validates() {
        let ex = parse("w.yaml", FILE, &["PF-ISO-001", "PF-NET-001"]).expect("valid");
        assert_eq!(ex.waivers.len(), 1);
        assert_eq!(ex.attestations.len(), 1);
        let errs = parse(
            "w.yaml",
            &FILE.replace("expires: 2027-01-31", "expires: soon").replace("    approver: jane\n", ""),
            &["PF-ISO-001", "PF-NET-001"],
        )
        .expect_err("invalid");
        let codes: Vec<&str> = errs.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.contains(&"bad-date") && codes.contains(&"missing-key"), "{codes:?}");
        let errs = parse("w.yaml", FILE, &["PF-ISO-002", "PF-NET-001"]).expect_err("unknown rule");
        assert!(errs[0].message.contains("did you mean `PF-ISO-002`"));
    }

    #[test]
    fn globs() {
        assert!(glob("pve-*", "pve-01"));
        assert!(glob("gpu-h200-0?", "gpu-h200-01"));
        assert!(!glob("pve-*", "gpu-01"));
        assert!(glob("*", ""));
    }
}
