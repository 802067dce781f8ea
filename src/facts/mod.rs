//! Facts: what a snapshot says, as a typed tree with provenance.
//!
//! [`extract`] runs every parser (`parse`) and join (`derive`) over a [`Snapshot`] and returns
//! [`Facts`]: the tree rules read by path, the status of every logical source, and the problems
//! met. Nothing here reads files (the snapshot already holds them) or decides verdicts.

pub mod catalog;
pub mod derive;
pub mod ids;
pub mod parse;
pub mod text;
pub mod tree;

use serde::{Deserialize, Serialize};
use serde_json::json;

pub use tree::{Evidence, Fact, Lookup, Value};

use crate::snapshot::{Problem, Snapshot, SourceId, SourceStatus};

/// The status of one logical source, for reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceReport {
    /// The source.
    pub id: SourceId,
    /// Complete, partial or absent.
    #[serde(flatten)]
    pub status: SourceStatus,
    /// Files that held it.
    pub files: Vec<String>,
}

/// Everything known about one snapshot.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The tree.
    pub root: Fact,
    /// The host name for display.
    pub host: String,
    /// Every source's status.
    pub sources: Vec<SourceReport>,
    /// Problems met while reading and parsing.
    pub problems: Vec<Problem>,
}

/// Builds the facts of a snapshot.
pub fn extract(snap: &Snapshot) -> Facts {
    derive::build(snap)
}

impl Facts {
    /// Looks up a dotted path (`iommu.enabled`).
    pub fn lookup(&self, path: &str) -> Lookup<'_> {
        let parts: Vec<&str> = path.split('.').collect();
        self.root.lookup(&parts)
    }

    /// The tree and sources as JSON, for `gpu-preflight facts`.
    pub fn to_json(&self, provenance: bool) -> serde_json::Value {
        json!({
            "host": self.host,
            "sources": self.sources.iter().filter(|s| s.status != SourceStatus::Absent).collect::<Vec<_>>(),
            "absent_sources": self.sources.iter().filter(|s| s.status == SourceStatus::Absent).map(|s| s.id).collect::<Vec<_>>(),
            "problems": self.problems,
            "facts": self.root.to_json(provenance),
        })
    }
}

/// Every path in a fact tree in catalog form (`gpus[].aperture.size`), for the catalog test.
pub fn catalog_paths(fact: &Fact) -> Vec<String> {
    fn walk(f: &Fact, prefix: &str, out: &mut Vec<String>) {
        match &f.value {
            Value::Map(m) => {
                for (k, v) in &m.entries {
                    let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    out.push(p.clone());
                    walk(v, &p, out);
                }
            }
            Value::List(l) => {
                for item in &l.items {
                    if matches!(item.value, Value::Map(_)) {
                        walk(item, &format!("{prefix}[]"), out);
                    }
                }
            }
            Value::Conflict(obs) => {
                for o in obs {
                    walk(o, prefix, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(fact, "", &mut out);
    out.sort();
    out.dedup();
    out
}
