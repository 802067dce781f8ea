//! The fact tree: typed values that remember where they came from.
//!
//! Rules read facts by path (`kernel.cmdline.params`, `gpus[].aperture.size`). A path either
//! finds a [`Fact`], is *known absent* (a complete map without that key), or is *unknown* with a
//! reason (the source was absent, the record was cut, the capture lacked privileges, or two
//! sources disagree). That three-way answer is what lets the engine say `unknown` instead of
//! `pass` when evidence is missing. This module owns the tree and lookups; parsers and joins that
//! fill it live in `parse` and `derive`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Value as Json, json};

use crate::snapshot::SnapFile;
use crate::units::{Version, format_size};

/// Where a fact was read: a file, a line range and the text of those lines.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    /// Path relative to the snapshot root (or the bug-report file for its sections).
    pub path: Arc<str>,
    /// First line, 1-based; 0 for whole-file evidence (a sysfs attribute, a name).
    pub line: u32,
    /// Last line.
    pub end_line: u32,
    /// The text that proves it (one line, or a short block), control characters removed.
    pub excerpt: String,
    /// SHA-256 of the whole file, hex (empty for names and links).
    pub sha256: Arc<str>,
}

/// Longest excerpt kept per piece of evidence.
const MAX_EXCERPT: usize = 400;

impl Evidence {
    /// Evidence for lines `line..=end_line` of `file`, with `excerpt` as proof.
    pub fn lines(file: &SnapFile, line: u32, end_line: u32, excerpt: &str) -> Self {
        let (path, first) = file.located(line);
        let last = if end_line >= line { first + (end_line - line) } else { first };
        Self {
            path: Arc::from(path),
            line: first,
            end_line: last,
            excerpt: clean_excerpt(excerpt),
            sha256: Arc::from(file.sha256.as_str()),
        }
    }

    /// Evidence for a single line.
    pub fn line(file: &SnapFile, line: u32, excerpt: &str) -> Self {
        Self::lines(file, line, line, excerpt)
    }

    /// Evidence that is the whole (small) file, or the existence of a name.
    pub fn file(file: &SnapFile, excerpt: &str) -> Self {
        let (path, _) = file.located(0);
        Self {
            path: Arc::from(path),
            line: 0,
            end_line: 0,
            excerpt: clean_excerpt(excerpt),
            sha256: Arc::from(file.sha256.as_str()),
        }
    }

    /// `path:line` (or `path` for whole-file evidence).
    pub fn location(&self) -> String {
        match (self.line, self.end_line) {
            (0, _) => self.path.to_string(),
            (a, b) if b > a => format!("{}:{}-{}", self.path, a, b),
            (a, _) => format!("{}:{}", self.path, a),
        }
    }
}

/// Removes control characters (terminal escapes from a hostile snapshot) and bounds the length.
pub fn clean_excerpt(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c == '\n' || c == '\t' {
                c
            } else if c.is_control() {
                '\u{fffd}'
            } else {
                c
            }
        })
        .take(MAX_EXCERPT)
        .collect();
    if text.chars().count() > MAX_EXCERPT {
        out.push('…');
    }
    out.trim_end().to_string()
}

/// A value in the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// true / false.
    Bool(bool),
    /// An integer (counts, widths, NUMA nodes, group ids).
    Int(i64),
    /// Text.
    Str(String),
    /// A byte size (BARs, hugepages).
    Bytes(u64),
    /// A dotted version (driver, Fabric Manager, QEMU).
    Version(Version),
    /// A list.
    List(List),
    /// A map of named facts.
    Map(Map),
    /// Could not be determined; the reason says why.
    Unknown(String),
    /// Sources disagree; every observation is kept with its own evidence.
    Conflict(Vec<Fact>),
}

/// A list of facts, possibly known to be incomplete.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct List {
    /// The items.
    pub items: Vec<Fact>,
    /// Why the list may be missing items (truncated file, grep-filtered capture).
    pub partial: Option<String>,
}

/// A map of facts. A missing key means "known absent" unless the map is partial.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map {
    /// The entries.
    pub entries: BTreeMap<String, Fact>,
    /// Why keys may be missing.
    pub partial: Option<String>,
}

/// A value with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The value.
    pub value: Value,
    /// Where it was read.
    pub evidence: Vec<Evidence>,
}

/// The answer to "what is at this path?".
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup<'a> {
    /// A fact is there.
    Found(&'a Fact),
    /// Known not to be there (a complete map without the key), with the map's evidence.
    Absent(&'a [Evidence]),
    /// Cannot be known; why.
    Unknown(String, &'a [Evidence]),
}

impl Fact {
    /// A fact with evidence.
    pub fn new(value: Value, evidence: Vec<Evidence>) -> Self {
        Self { value, evidence }
    }
    /// A boolean.
    pub fn bool(b: bool, ev: Evidence) -> Self {
        Self::new(Value::Bool(b), vec![ev])
    }
    /// A string.
    pub fn str(s: impl Into<String>, ev: Evidence) -> Self {
        Self::new(Value::Str(s.into()), vec![ev])
    }
    /// An integer.
    pub fn int(i: i64, ev: Evidence) -> Self {
        Self::new(Value::Int(i), vec![ev])
    }
    /// A byte size.
    pub fn bytes(b: u64, ev: Evidence) -> Self {
        Self::new(Value::Bytes(b), vec![ev])
    }
    /// A version.
    pub fn version(v: Version, ev: Evidence) -> Self {
        Self::new(Value::Version(v), vec![ev])
    }
    /// An unknown value with the reason.
    pub fn unknown(reason: impl Into<String>) -> Self {
        Self::new(Value::Unknown(reason.into()), Vec::new())
    }
    /// An unknown value with the reason and the evidence that explains it.
    pub fn unknown_with(reason: impl Into<String>, evidence: Vec<Evidence>) -> Self {
        Self::new(Value::Unknown(reason.into()), evidence)
    }
    /// A complete map.
    pub fn map(entries: BTreeMap<String, Fact>) -> Self {
        Self::new(Value::Map(Map { entries, partial: None }), Vec::new())
    }
    /// A list.
    pub fn list(items: Vec<Fact>, partial: Option<String>) -> Self {
        Self::new(Value::List(List { items, partial }), Vec::new())
    }

    /// Builds one fact from several observations of the same thing: their common value with all
    /// evidence when they agree, a [`Value::Conflict`] when they do not, unknown when there are none.
    pub fn agree(observations: Vec<Fact>, none_reason: impl Into<String>) -> Self {
        let mut known: Vec<Fact> = observations.into_iter().filter(|f| !matches!(f.value, Value::Unknown(_))).collect();
        match known.len() {
            0 => Self::unknown(none_reason),
            1 => known.remove(0),
            _ => {
                if known.iter().all(|f| f.value == known[0].value) {
                    let evidence = known.iter().flat_map(|f| f.evidence.iter().cloned()).collect();
                    Self::new(known[0].value.clone(), evidence)
                } else {
                    Self::new(Value::Conflict(known), Vec::new())
                }
            }
        }
    }

    /// The map, if this is one.
    pub fn as_map(&self) -> Option<&Map> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The map, mutably.
    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match &mut self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The list items, if this is a list.
    pub fn as_list(&self) -> Option<&List> {
        match &self.value {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// A child by name (maps only).
    pub fn child(&self, key: &str) -> Option<&Fact> {
        self.as_map().and_then(|m| m.entries.get(key))
    }

    /// A string child, for joins in Rust code.
    pub fn str_at(&self, key: &str) -> Option<&str> {
        match &self.child(key)?.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Looks up a dotted path below this fact.
    pub fn lookup<'a>(&'a self, path: &[&str]) -> Lookup<'a> {
        let mut node = self;
        let mut i = 0;
        while i < path.len() {
            let key = path[i];
            match &node.value {
                // Keys may contain dots (`vfio_pci.ids`): try the longest joined key first.
                Value::Map(map) => match (i + 1..path.len())
                    .rev()
                    .find_map(|j| map.entries.get(&path[i..=j].join(".")).map(|c| (j, c)))
                    .or_else(|| map.entries.get(key).map(|c| (i, c)))
                {
                    Some((j, child)) => {
                        node = child;
                        i = j + 1;
                    }
                    None => {
                        return match &map.partial {
                            Some(why) => Lookup::Unknown(format!("`{}`: {why}", path[..=i].join(".")), &node.evidence),
                            None => Lookup::Absent(&node.evidence),
                        };
                    }
                },
                Value::Unknown(why) => return Lookup::Unknown(why.clone(), &node.evidence),
                Value::Conflict(_) => return Lookup::Unknown("sources disagree".into(), &node.evidence),
                _ => return Lookup::Unknown(format!("`{}` is not a map", path[..i].join(".")), &node.evidence),
            }
        }
        Lookup::Found(node)
    }

    /// Renders the value for humans and messages (`256GiB`, `550.90.07`, `[a, b]`).
    pub fn display(&self) -> String {
        display_value(&self.value)
    }

    /// The tree as plain JSON (values only), for `gpu-preflight facts`.
    pub fn to_json(&self, provenance: bool) -> Json {
        let plain = match &self.value {
            Value::Bool(b) => json!(b),
            Value::Int(i) => json!(i),
            Value::Str(s) => json!(s),
            Value::Bytes(b) => json!(format_size(*b)),
            Value::Version(v) => json!(v.as_str()),
            Value::Unknown(why) => json!({ "unknown": why }),
            Value::Conflict(obs) => {
                json!({ "conflict": obs.iter().map(|o| o.to_json(provenance)).collect::<Vec<_>>() })
            }
            Value::List(list) => {
                let items: Vec<Json> = list.items.iter().map(|f| f.to_json(provenance)).collect();
                match &list.partial {
                    Some(why) => json!({ "partial": why, "items": items }),
                    None => Json::Array(items),
                }
            }
            Value::Map(map) => {
                let mut obj = serde_json::Map::new();
                if let Some(why) = &map.partial {
                    obj.insert("_partial".into(), json!(why));
                }
                for (k, v) in &map.entries {
                    obj.insert(k.clone(), v.to_json(provenance));
                }
                Json::Object(obj)
            }
        };
        let leaf = !matches!(self.value, Value::Map(_) | Value::List(_));
        if provenance && leaf && !self.evidence.is_empty() {
            json!({ "value": plain, "from": self.evidence.iter().map(Evidence::location).collect::<Vec<_>>() })
        } else {
            plain
        }
    }
}

/// Renders a value for messages.
pub fn display_value(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Str(s) => s.clone(),
        Value::Bytes(b) => format_size(*b),
        Value::Version(v) => v.to_string(),
        Value::List(l) => {
            let parts: Vec<String> = l.items.iter().take(16).map(Fact::display).collect();
            let more = if l.items.len() > 16 { format!(", … {} more", l.items.len() - 16) } else { String::new() };
            format!("[{}{more}]", parts.join(", "))
        }
        Value::Map(m) => format!("{{{} keys}}", m.entries.len()),
        Value::Unknown(why) => format!("unknown ({why})"),
        Value::Conflict(obs) => {
            let parts: Vec<String> = obs.iter().map(Fact::display).collect();
            format!("conflicting ({})", parts.join(" vs "))
        }
    }
}

/// A small builder for maps, so parsers read as data.
#[derive(Debug, Default)]
pub struct MapBuilder {
    entries: BTreeMap<String, Fact>,
    partial: Option<String>,
    evidence: Vec<Evidence>,
}

impl MapBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a fact.
    pub fn set(&mut self, key: &str, fact: Fact) -> &mut Self {
        self.entries.insert(key.to_string(), fact);
        self
    }
    /// Adds a fact when there is one.
    pub fn set_opt(&mut self, key: &str, fact: Option<Fact>) -> &mut Self {
        if let Some(f) = fact {
            self.entries.insert(key.to_string(), f);
        }
        self
    }
    /// Marks the map as possibly missing keys.
    pub fn partial(&mut self, why: impl Into<String>) -> &mut Self {
        self.partial = Some(why.into());
        self
    }
    /// Evidence for the map as a whole (shown when a key is absent).
    pub fn evidence(&mut self, ev: Evidence) -> &mut Self {
        self.evidence.push(ev);
        self
    }
    /// The finished fact.
    pub fn build(self) -> Fact {
        Fact::new(Value::Map(Map { entries: self.entries, partial: self.partial }), self.evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(line: u32) -> Evidence {
        Evidence { path: Arc::from("proc/cmdline"), line, end_line: line, excerpt: "x".into(), sha256: Arc::from("") }
    }

    #[test]
    fn lookup_distinguishes_absent_from_unknown() {
        let mut params = MapBuilder::new();
        params.set("iommu", Fact::str("pt", ev(1)));
        let mut kernel = MapBuilder::new();
        kernel.set("params", params.build());
        let mut root = MapBuilder::new();
        root.set("kernel", kernel.build()).partial("no source provided this fact");
        let root = root.build();
        assert!(matches!(root.lookup(&["kernel", "params", "iommu"]), Lookup::Found(_)));
        assert!(matches!(root.lookup(&["kernel", "params", "pcie_acs_override"]), Lookup::Absent(_)));
        assert!(matches!(root.lookup(&["gpus"]), Lookup::Unknown(..)));
    }

    #[test]
    fn agree_keeps_conflicts() {
        let on = Fact::bool(true, ev(1));
        let off = Fact::bool(false, ev(2));
        assert!(matches!(Fact::agree(vec![on.clone(), on.clone()], "none").value, Value::Bool(true)));
        assert_eq!(Fact::agree(vec![on.clone(), on.clone()], "none").evidence.len(), 2);
        assert!(matches!(Fact::agree(vec![on, off], "none").value, Value::Conflict(_)));
        assert!(matches!(Fact::agree(vec![], "no evidence").value, Value::Unknown(_)));
    }

    #[test]
    fn excerpts_drop_control_characters() {
        assert_eq!(clean_excerpt("a\x1b[31mb"), "a\u{fffd}[31mb");
    }
}
