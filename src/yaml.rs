//! A spanned YAML tree, and helpers to validate it field by field.
//!
//! Every user-written file (rule, profile, config, waivers) is first parsed by serde-saphyr into
//! this raw [`Node`] tree, which keeps the line and column of every key and value. Validators then
//! walk the tree and report *all* problems at once through a [`Sink`], instead of stopping at
//! the first as `#[serde(deny_unknown_fields)]` would. This module does not know any format: it
//! owns the tree and the generic checks (unknown keys, types).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::{Code, Diagnostic, Pos, Sink, suggest};

/// Largest YAML file we accept (rules and configs are small; this bounds hostile input).
pub const MAX_YAML_BYTES: usize = 4 * 1024 * 1024;

/// A YAML value with the position it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: Kind,
    /// Where it starts.
    pub pos: Pos,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `~`, `null` or an empty value.
    Null,
    /// `true` / `false` (strict spelling only).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (plain or quoted).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key text.
    pub name: String,
    /// Where the key is written.
    pub pos: Pos,
}

impl Node {
    /// A short name of the value's type, for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) => "an integer",
            Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }

    /// The string value, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar rendered as text (strings, numbers, booleans); `None` for null and collections.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            Kind::Str(s) => Some(s.clone()),
            Kind::Int(i) => Some(i.to_string()),
            Kind::Float(f) => Some(f.to_string()),
            Kind::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The mapping entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.kind {
            Kind::Map(m) => Some(m),
            _ => None,
        }
    }
}

/// Parses YAML text into a spanned tree. Syntax errors become one diagnostic with position.
pub fn parse(file: &str, text: &str) -> Result<Node, Diagnostic> {
    let mut sink = Sink::new(file, text);
    if text.len() > MAX_YAML_BYTES {
        sink.error(Pos::default(), Code::Io, format!("file is {} bytes; the limit is {MAX_YAML_BYTES}", text.len()));
        return Err(sink.diagnostics.remove(0));
    }
    let options = serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_depth: 64,
            max_nodes: 200_000,
        },
    };
    match serde_saphyr::from_str_with_options::<Spanned<RawKind>>(text, options) {
        Ok(spanned) => Ok(convert(spanned)),
        Err(err) => {
            let pos = err.location().map(|l| Pos::new(l.line() as u32, l.column() as u32)).unwrap_or_default();
            let message = plain_message(&err.without_snippet().to_string());
            sink.error(pos, Code::YamlSyntax, message);
            Err(sink.diagnostics.remove(0))
        }
    }
}

/// Strips serde-saphyr's own "error: line L column C:" prefix and snippet, keeping the cause.
fn plain_message(text: &str) -> String {
    let first = text.lines().next().unwrap_or(text).trim();
    let first = first.strip_prefix("error:").unwrap_or(first).trim();
    // The parser's advice to its own API user and the position (shown separately) are noise here.
    let first = first.split(", set DuplicateKeyPolicy").next().unwrap_or(first);
    let first = match first.rfind(" at line ") {
        Some(i) if first[i..].contains("column") => &first[..i],
        _ => first,
    };
    // "line 2 column 22: mismatched bracket" -> "mismatched bracket"
    if let Some(rest) = first.strip_prefix("line ")
        && let Some(idx) = rest.find(": ")
    {
        return rest[idx + 2..].to_string();
    }
    first.to_string()
}

fn pos_of<T>(s: &Spanned<T>) -> Pos {
    Pos::new(s.referenced.line() as u32, s.referenced.column() as u32)
}

fn convert(raw: Spanned<RawKind>) -> Node {
    let pos = pos_of(&raw);
    let kind = match raw.value {
        RawKind::Null => Kind::Null,
        RawKind::Bool(b) => Kind::Bool(b),
        RawKind::Int(i) => Kind::Int(i),
        RawKind::Float(f) => Kind::Float(f),
        RawKind::Str(s) => Kind::Str(s),
        RawKind::Seq(items) => Kind::Seq(items.into_iter().map(convert).collect()),
        RawKind::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key { pos: pos_of(&k), name: k.value };
                    (key, convert(v))
                })
                .collect(),
        ),
    };
    Node { kind, pos }
}

/// The shape serde-saphyr fills; children are `Spanned` so every node keeps its position.
enum RawKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawKind>>),
    Map(Vec<(Spanned<String>, Spanned<RawKind>)>),
}

impl<'de> Deserialize<'de> for RawKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawKind;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawKind, E> {
        Ok(RawKind::Null)
    }
    fn visit_none<E>(self) -> Result<RawKind, E> {
        Ok(RawKind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawKind, D::Error> {
        RawKind::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawKind, E> {
        Ok(RawKind::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawKind, E> {
        Ok(RawKind::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawKind, E> {
        i64::try_from(v).map(RawKind::Int).map_err(|_| E::custom("integer too large"))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawKind, E> {
        i64::try_from(v).map(RawKind::Int).map_err(|_| E::custom("integer too large"))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawKind, E> {
        i64::try_from(v).map(RawKind::Int).map_err(|_| E::custom("integer too large"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawKind, E> {
        Ok(RawKind::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawKind, E> {
        Ok(RawKind::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawKind, E> {
        Ok(RawKind::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<RawKind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = a.next_element::<Spanned<RawKind>>()? {
            items.push(item);
        }
        Ok(RawKind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<RawKind, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = a.next_key::<Spanned<KeyText>>()? {
            let value = a.next_value::<Spanned<RawKind>>()?;
            let key = Spanned { value: key.value.0, referenced: key.referenced, defined: key.defined };
            entries.push((key, value));
        }
        Ok(RawKind::Map(entries))
    }
}

/// A mapping key of any scalar type, kept as text (`10de:2335`, `80`, `true`).
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<KeyText, E> {
                Ok(KeyText(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyText, E> {
                Ok(KeyText(String::new()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads the fields of one mapping, remembering which keys were used, so that
/// [`Fields::finish`] can report every unknown key with a "did you mean" hint.
pub struct Fields<'n> {
    node: &'n Node,
    entries: &'n [(Key, Node)],
    known: Vec<&'static str>,
    what: &'static str,
}

impl<'n> Fields<'n> {
    /// Starts reading `node` as a mapping named `what` (for messages). Reports and returns
    /// `None` when `node` is not a mapping.
    pub fn new(node: &'n Node, what: &'static str, sink: &mut Sink<'_>) -> Option<Self> {
        match &node.kind {
            Kind::Map(entries) => Some(Self { node, entries, known: Vec::new(), what }),
            _ => {
                sink.error(node.pos, Code::WrongType, format!("{what} must be a mapping, found {}", node.type_name()));
                None
            }
        }
    }

    /// The position of the mapping itself.
    pub fn pos(&self) -> Pos {
        self.node.pos
    }

    /// An optional field.
    pub fn get(&mut self, key: &'static str) -> Option<&'n Node> {
        self.known.push(key);
        self.entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
    }

    /// A required field; reports when missing.
    pub fn require(&mut self, key: &'static str, sink: &mut Sink<'_>) -> Option<&'n Node> {
        let found = self.get(key);
        if found.is_none() {
            sink.error(self.node.pos, Code::MissingKey, format!("{} is missing `{key}`", self.what));
        }
        found
    }

    /// A required string field.
    pub fn require_str(&mut self, key: &'static str, sink: &mut Sink<'_>) -> Option<(&'n str, Pos)> {
        let node = self.require(key, sink)?;
        expect_str(node, key, sink).map(|s| (s, node.pos))
    }

    /// An optional string field.
    pub fn opt_str(&mut self, key: &'static str, sink: &mut Sink<'_>) -> Option<(&'n str, Pos)> {
        let node = self.get(key)?;
        expect_str(node, key, sink).map(|s| (s, node.pos))
    }

    /// An optional list of strings (a single string is accepted as a one-item list).
    pub fn opt_str_list(&mut self, key: &'static str, sink: &mut Sink<'_>) -> Vec<(String, Pos)> {
        match self.get(key) {
            None => Vec::new(),
            Some(node) => str_list(node, key, sink),
        }
    }

    /// Reports every key that no `get`/`require` asked for.
    pub fn finish(self, sink: &mut Sink<'_>) {
        for (key, _) in self.entries {
            if !self.known.contains(&key.name.as_str()) {
                let hint = suggest(&key.name, self.known.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                let mut expected = self.known.clone();
                expected.sort_unstable();
                expected.dedup();
                sink.error(
                    key.pos,
                    Code::UnknownKey,
                    format!(
                        "unknown key `{}` in {}{hint}; expected one of: {}",
                        key.name,
                        self.what,
                        expected.join(", ")
                    ),
                );
            }
        }
    }
}

/// A string value, or a wrong-type diagnostic.
pub fn expect_str<'n>(node: &'n Node, what: &str, sink: &mut Sink<'_>) -> Option<&'n str> {
    match &node.kind {
        Kind::Str(s) => Some(s),
        _ => {
            sink.error(node.pos, Code::WrongType, format!("`{what}` must be a string, found {}", node.type_name()));
            None
        }
    }
}

/// A list of strings (or one string), or a wrong-type diagnostic.
pub fn str_list(node: &Node, what: &str, sink: &mut Sink<'_>) -> Vec<(String, Pos)> {
    match &node.kind {
        Kind::Str(s) => vec![(s.clone(), node.pos)],
        Kind::Seq(items) => items
            .iter()
            .filter_map(|item| match item.scalar_text() {
                Some(text) => Some((text, item.pos)),
                None => {
                    sink.error(
                        item.pos,
                        Code::WrongType,
                        format!("items of `{what}` must be strings, found {}", item.type_name()),
                    );
                    None
                }
            })
            .collect(),
        _ => {
            sink.error(
                node.pos,
                Code::WrongType,
                format!("`{what}` must be a list of strings, found {}", node.type_name()),
            );
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let node = parse("x.yaml", "id: A\ncheck:\n  fact: a.b\n  gte: 256GiB\n").expect("valid");
        let map = node.as_map().expect("map");
        assert_eq!(map[1].0.name, "check");
        assert_eq!(map[1].0.pos, Pos::new(2, 1));
        let inner = map[1].1.as_map().expect("map");
        assert_eq!(inner[1].0.name, "gte");
        assert_eq!(inner[1].0.pos, Pos::new(4, 3));
        assert_eq!(inner[1].1.as_str(), Some("256GiB"));
    }

    #[test]
    fn duplicate_key_message_is_plain() {
        let err = parse("t.yaml", "a: 1\na: 2\n").expect_err("duplicate");
        assert_eq!(err.message, "duplicate mapping key: a");
        assert_eq!(err.pos.line, 2);
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse("r.yaml", "id: A\ncheck: {fact: a, eq: [1,2}\n").expect_err("broken");
        assert_eq!(err.code, Code::YamlSyntax);
        assert_eq!(err.pos.line, 2);
        assert!(err.headline().starts_with("r.yaml:2:"), "{}", err.headline());
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        let err = parse("r.yaml", "a: 1\na: 2\n").expect_err("dup");
        assert!(err.message.contains("duplicate"), "{}", err.message);
    }

    #[test]
    fn yes_is_a_string_not_a_boolean() {
        let node = parse("r.yaml", "a: yes\nb: true\nc: 10de:2335\n").expect("valid");
        let map = node.as_map().expect("map");
        assert_eq!(map[0].1.kind, Kind::Str("yes".into()));
        assert_eq!(map[1].1.kind, Kind::Bool(true));
        assert_eq!(map[2].1.kind, Kind::Str("10de:2335".into()));
    }

    #[test]
    fn unknown_keys_all_reported() {
        let text = "id: A\nnmae: x\ntitel: y\n";
        let node = parse("r.yaml", text).expect("valid");
        let mut sink = Sink::new("r.yaml", text);
        let mut fields = Fields::new(&node, "rule", &mut sink).expect("map");
        fields.get("id");
        fields.get("name");
        fields.get("title");
        fields.finish(&mut sink);
        assert_eq!(sink.diagnostics.len(), 2);
        assert!(sink.diagnostics[0].message.contains("did you mean `name`"));
        assert!(sink.diagnostics[1].message.contains("did you mean `title`"));
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 { "a".to_string() } else { format!("l{}", i - 1) };
            text.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(parse("bomb.yaml", &text).is_err());
    }
}
