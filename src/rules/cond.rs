//! Conditions: the `check:` and `applies_when:` language, validated against the fact catalog.
//!
//! A condition is a YAML mapping. A leaf names a fact and one operator
//! (`{ fact: iommu.enabled, eq: true }`); collections take a quantifier with a nested condition in
//! which `each.` names the current element (`{ fact: item.upstream_ports, all: { fact:
//! each.acs.isolating, eq: true } }`); `and`, `or` and `not` combine. Validation resolves every
//! path to its catalog type, checks that the operator applies to it, and parses literals by that
//! type (`256GiB` for bytes, `550.90.07` for versions), so a rule that loads cannot misread a fact.

use regex::Regex;

use crate::diag::{Code, Pos, Sink, suggest};
use crate::facts::catalog::{self, FactType};
use crate::units::{Version, parse_size};
use crate::yaml::{Kind, Node};

/// Leaf operators.
pub const LEAF_OPS: &[&str] = &[
    "exists",
    "eq",
    "ne",
    "in",
    "not_in",
    "matches",
    "gt",
    "gte",
    "lt",
    "lte",
    "has_key",
    "not_has_key",
    "contains",
    "not_contains",
];
/// Collection operators.
pub const COLLECTION_OPS: &[&str] = &["all", "any", "none", "count"];
/// Combinators.
pub const COMBINATORS: &[&str] = &["and", "or", "not"];
/// Comparison operators allowed inside `count`.
pub const COUNT_OPS: &[&str] = &["eq", "ne", "gt", "gte", "lt", "lte"];

/// Where a fact path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The fact tree root.
    Root,
    /// The `for_each` item.
    Item,
    /// The element of the enclosing quantifier, `depth` levels up (0 = innermost).
    Each,
}

/// A validated fact path.
#[derive(Debug, Clone, PartialEq)]
pub struct FactPath {
    /// Where it starts.
    pub scope: Scope,
    /// Keys below the scope.
    pub keys: Vec<String>,
    /// As written (`item.aperture.size`).
    pub text: String,
    /// The catalog type.
    pub ty: FactType,
}

/// A literal, typed by the fact it is compared with.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// Boolean.
    Bool(bool),
    /// Integer.
    Int(i64),
    /// String.
    Str(String),
    /// Bytes.
    Bytes(u64),
    /// Version.
    Version(Version),
}

impl Literal {
    /// Human form (`256GiB`).
    pub fn display(&self) -> String {
        match self {
            Literal::Bool(b) => b.to_string(),
            Literal::Int(i) => i.to_string(),
            Literal::Str(s) => s.clone(),
            Literal::Bytes(b) => crate::units::format_size(*b),
            Literal::Version(v) => v.to_string(),
        }
    }
}

/// The right-hand side of an operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// Literal value(s).
    Lit(Vec<Literal>),
    /// A rule parameter, optionally indexed by a fact (`{ param: min_aperture, key: item.pci_id }`).
    Param {
        /// Parameter name.
        name: String,
        /// Index fact for map-valued parameters.
        key: Option<FactPath>,
        /// The type the value must convert to.
        ty: FactType,
    },
    /// Another fact.
    Fact(FactPath),
}

/// A leaf operator with its operand.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// `exists: true|false`.
    Exists(bool),
    /// `eq`.
    Eq(Operand),
    /// `ne`.
    Ne(Operand),
    /// `in` (a list, or the keys of a map-valued parameter).
    In(Operand),
    /// `not_in`.
    NotIn(Operand),
    /// `matches` (regex).
    Matches(Pattern),
    /// `gt`.
    Gt(Operand),
    /// `gte`.
    Gte(Operand),
    /// `lt`.
    Lt(Operand),
    /// `lte`.
    Lte(Operand),
    /// `has_key`.
    HasKey(String),
    /// `not_has_key`.
    NotHasKey(String),
    /// `contains`.
    Contains(Operand),
    /// `not_contains`.
    NotContains(Operand),
}

/// A compiled, size-limited regular expression.
#[derive(Debug, Clone)]
pub struct Pattern(pub Regex);

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

/// Quantifiers over lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    /// Every element.
    All,
    /// At least one.
    Any,
    /// No element.
    None,
}

/// A numeric comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// ==
    Eq,
    /// !=
    Ne,
    /// >
    Gt,
    /// >=
    Gte,
    /// <
    Lt,
    /// <=
    Lte,
}

impl Cmp {
    fn from_name(name: &str) -> Option<Cmp> {
        Some(match name {
            "eq" => Cmp::Eq,
            "ne" => Cmp::Ne,
            "gt" => Cmp::Gt,
            "gte" => Cmp::Gte,
            "lt" => Cmp::Lt,
            "lte" => Cmp::Lte,
            _ => return None,
        })
    }
    /// Applies the comparison to an ordering of left against right.
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Cmp::Eq => ord == Equal,
            Cmp::Ne => ord != Equal,
            Cmp::Gt => ord == Greater,
            Cmp::Gte => ord != Less,
            Cmp::Lt => ord == Less,
            Cmp::Lte => ord != Greater,
        }
    }
    /// The operator's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Cmp::Eq => "eq",
            Cmp::Ne => "ne",
            Cmp::Gt => "gt",
            Cmp::Gte => "gte",
            Cmp::Lt => "lt",
            Cmp::Lte => "lte",
        }
    }
}

/// A validated condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// All must hold.
    And(Vec<Cond>),
    /// One must hold.
    Or(Vec<Cond>),
    /// Negation.
    Not(Box<Cond>),
    /// A fact and an operator.
    Leaf {
        /// The fact.
        fact: FactPath,
        /// The operator.
        op: Op,
    },
    /// A quantifier over a list.
    Quant {
        /// The list.
        fact: FactPath,
        /// Which quantifier.
        q: Quantifier,
        /// The condition on each element.
        cond: Box<Cond>,
    },
    /// Counting list elements (optionally those matching `filter`).
    Count {
        /// The list.
        fact: FactPath,
        /// Only count elements where this holds.
        filter: Option<Box<Cond>>,
        /// Comparison.
        cmp: Cmp,
        /// Against.
        arg: Operand,
    },
}

/// What validation needs to know about the rule around a condition.
pub struct Env<'a> {
    /// The catalog path of the `for_each` list (`gpus`), if any.
    pub item: Option<String>,
    /// Declared parameter names.
    pub params: &'a [String],
    /// Catalog paths of enclosing quantifier lists, innermost last.
    pub each: Vec<String>,
}

impl Env<'_> {
    /// Resolves a written path to a [`FactPath`], reporting unknown facts.
    pub fn path(&self, text: &str, pos: Pos, sink: &mut Sink<'_>) -> Option<FactPath> {
        let (scope, rest, prefix) =
            if let Some(rest) = text.strip_prefix("item.").or(if text == "item" { Some("") } else { None }) {
                let Some(item) = &self.item else {
                    sink.error(pos, Code::UnknownFact, format!("`{text}` uses `item.` but the rule has no `for_each`"));
                    return None;
                };
                (Scope::Item, rest, format!("{item}[]"))
            } else if let Some(rest) = text.strip_prefix("each.").or(if text == "each" { Some("") } else { None }) {
                let Some(list) = self.each.last() else {
                    sink.error(
                        pos,
                        Code::UnknownFact,
                        format!("`{text}` uses `each.` outside `all`, `any`, `none` or `count`"),
                    );
                    return None;
                };
                (Scope::Each, rest, format!("{list}[]"))
            } else {
                (Scope::Root, text, String::new())
            };
        let keys: Vec<String> =
            if rest.is_empty() { Vec::new() } else { rest.split('.').map(str::to_string).collect() };
        let full = match (prefix.is_empty(), rest.is_empty()) {
            (true, _) => rest.to_string(),
            (false, true) => prefix.clone(),
            (false, false) => format!("{prefix}.{rest}"),
        };
        if keys.is_empty() && scope == Scope::Root {
            sink.error(pos, Code::UnknownFact, "empty fact path");
            return None;
        }
        let ty = if keys.is_empty() {
            // `each` itself: an element of a string list, or a map.
            let parent = catalog::find(prefix.trim_end_matches("[]"));
            match parent.map(|p| p.ty) {
                Some(FactType::StrList) => FactType::Str,
                _ => FactType::Object,
            }
        } else {
            match catalog::find(&full) {
                Some(spec) => spec.ty,
                None => {
                    let hint = suggest(&full, catalog::paths())
                        .map(|s| format!(" (did you mean `{}`?)", unscope(s, &prefix, text)))
                        .unwrap_or_default();
                    sink.error(pos, Code::UnknownFact, format!("unknown fact `{text}` (catalog path `{full}`){hint}; see `gpu-preflight facts --catalog` or docs/facts.md"));
                    return None;
                }
            }
        };
        Some(FactPath { scope, keys, text: text.to_string(), ty })
    }
}

fn unscope(catalog_path: &str, prefix: &str, written: &str) -> String {
    if !prefix.is_empty()
        && let Some(rest) = catalog_path.strip_prefix(prefix)
    {
        let scope = written.split('.').next().unwrap_or("item");
        return format!("{scope}{rest}");
    }
    catalog_path.to_string()
}

/// Validates a condition node.
pub fn parse(node: &Node, env: &mut Env<'_>, sink: &mut Sink<'_>) -> Option<Cond> {
    let Kind::Map(entries) = &node.kind else {
        sink.error(node.pos, Code::WrongType, format!("a condition must be a mapping, found {}", node.type_name()));
        return None;
    };
    // Combinators stand alone.
    if let [(key, value)] = entries.as_slice()
        && COMBINATORS.contains(&key.name.as_str())
    {
        return match key.name.as_str() {
            "not" => parse(value, env, sink).map(|c| Cond::Not(Box::new(c))),
            name => {
                let Kind::Seq(items) = &value.kind else {
                    sink.error(
                        value.pos,
                        Code::WrongType,
                        format!("`{name}` takes a list of conditions, found {}", value.type_name()),
                    );
                    return None;
                };
                if items.is_empty() {
                    sink.error(value.pos, Code::BadValue, format!("`{name}` needs at least one condition"));
                    return None;
                }
                let parsed: Vec<Option<Cond>> = items.iter().map(|i| parse(i, env, sink)).collect();
                let conds: Option<Vec<Cond>> = parsed.into_iter().collect();
                let conds = conds?;
                Some(if name == "and" { Cond::And(conds) } else { Cond::Or(conds) })
            }
        };
    }
    let mut fact_node = None;
    let mut ops = Vec::new();
    let all_ops: Vec<&str> =
        LEAF_OPS.iter().chain(COLLECTION_OPS).chain(COMBINATORS).copied().chain(["fact"]).collect();
    for (key, value) in entries {
        match key.name.as_str() {
            "fact" => fact_node = Some(value),
            name if LEAF_OPS.contains(&name) || COLLECTION_OPS.contains(&name) => ops.push((key, value)),
            name if COMBINATORS.contains(&name) => {
                sink.error(
                    key.pos,
                    Code::UnknownOperator,
                    format!("`{name}` must be the only key of its condition; wrap the others in a list"),
                );
            }
            name => {
                let hint = suggest(name, all_ops.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                sink.error(
                    key.pos,
                    Code::UnknownOperator,
                    format!(
                        "unknown operator `{name}`{hint}; operators: {}, {}, {}",
                        LEAF_OPS.join(", "),
                        COLLECTION_OPS.join(", "),
                        COMBINATORS.join(", ")
                    ),
                );
            }
        }
    }
    let Some(fact_node) = fact_node else {
        sink.error(node.pos, Code::MissingKey, "a condition needs `fact:` (or is one of `and`, `or`, `not`)");
        return None;
    };
    let Some(fact_text) = fact_node.as_str() else {
        sink.error(fact_node.pos, Code::WrongType, "`fact` must be a dotted path");
        return None;
    };
    let (op_key, op_value) = match ops.as_slice() {
        [one] => *one,
        [] => {
            sink.error(
                node.pos,
                Code::MissingKey,
                format!("condition on `{fact_text}` needs an operator: {}", LEAF_OPS.join(", ")),
            );
            return None;
        }
        [_, second, ..] => {
            sink.error(second.0.pos, Code::UnknownOperator, "one operator per condition; combine several with `and:`");
            return None;
        }
    };
    let fact = env.path(fact_text, fact_node.pos, sink)?;
    let name = op_key.name.as_str();
    if COLLECTION_OPS.contains(&name) {
        return collection(name, op_key.pos, op_value, fact, env, sink);
    }
    leaf(name, op_key.pos, op_value, fact, env, sink)
}

fn type_error(sink: &mut Sink<'_>, pos: Pos, op: &str, fact: &FactPath, allowed: &str) {
    sink.error(
        pos,
        Code::OperatorType,
        format!("`{op}` does not apply to `{}`, a {}; `{op}` takes {allowed}", fact.text, fact.ty.as_str()),
    );
}

fn leaf(name: &str, pos: Pos, value: &Node, fact: FactPath, env: &Env<'_>, sink: &mut Sink<'_>) -> Option<Cond> {
    use FactType::*;
    let scalar = matches!(fact.ty, Bool | Int | Str | Bytes | Version | Date);
    let ordered = matches!(fact.ty, Int | Bytes | Version | Date);
    let op = match name {
        "exists" => match value.kind {
            Kind::Bool(b) => Op::Exists(b),
            _ => {
                sink.error(value.pos, Code::WrongType, "`exists` takes true or false");
                return None;
            }
        },
        "eq" | "ne" => {
            if !scalar {
                type_error(sink, pos, name, &fact, "a bool, int, string, bytes or version fact");
                return None;
            }
            let o = operand(value, fact.ty, false, env, sink)?;
            if name == "eq" { Op::Eq(o) } else { Op::Ne(o) }
        }
        "in" | "not_in" => {
            if !scalar {
                type_error(sink, pos, name, &fact, "a scalar fact");
                return None;
            }
            let o = operand(value, fact.ty, true, env, sink)?;
            if name == "in" { Op::In(o) } else { Op::NotIn(o) }
        }
        "gt" | "gte" | "lt" | "lte" => {
            if !ordered {
                type_error(sink, pos, name, &fact, "an int, bytes, version or date fact");
                return None;
            }
            let o = operand(value, fact.ty, false, env, sink)?;
            match name {
                "gt" => Op::Gt(o),
                "gte" => Op::Gte(o),
                "lt" => Op::Lt(o),
                _ => Op::Lte(o),
            }
        }
        "matches" => {
            if fact.ty != Str {
                type_error(sink, pos, name, &fact, "a string fact");
                return None;
            }
            let Some(pattern) = value.as_str() else {
                sink.error(value.pos, Code::WrongType, "`matches` takes a regular expression string");
                return None;
            };
            match regex::RegexBuilder::new(pattern).size_limit(1 << 20).dfa_size_limit(1 << 20).build() {
                Ok(re) => Op::Matches(Pattern(re)),
                Err(e) => {
                    sink.error(
                        value.pos,
                        Code::BadRegex,
                        format!("bad regular expression: {}", crate::diag::one_line(&e.to_string())),
                    );
                    return None;
                }
            }
        }
        "has_key" | "not_has_key" => {
            if !matches!(fact.ty, Map | Object) {
                type_error(sink, pos, name, &fact, "a map fact");
                return None;
            }
            let Some(key) = value.scalar_text() else {
                sink.error(value.pos, Code::WrongType, format!("`{name}` takes a key name"));
                return None;
            };
            let key = if fact.text.contains("cmdline.params") {
                crate::facts::parse::cmdline::normalise_key(&key)
            } else {
                key
            };
            if name == "has_key" { Op::HasKey(key) } else { Op::NotHasKey(key) }
        }
        "contains" | "not_contains" => {
            if fact.ty != StrList {
                type_error(sink, pos, name, &fact, "a string-list fact");
                return None;
            }
            let o = operand(value, Str, false, env, sink)?;
            if name == "contains" { Op::Contains(o) } else { Op::NotContains(o) }
        }
        _ => return None,
    };
    Some(Cond::Leaf { fact, op })
}

fn collection(
    name: &str,
    pos: Pos,
    value: &Node,
    fact: FactPath,
    env: &mut Env<'_>,
    sink: &mut Sink<'_>,
) -> Option<Cond> {
    if !matches!(fact.ty, FactType::List | FactType::StrList) {
        type_error(sink, pos, name, &fact, "a list fact");
        return None;
    }
    let list_path = catalog_path(&fact, env);
    if name == "count" {
        let Kind::Map(entries) = &value.kind else {
            sink.error(value.pos, Code::WrongType, "`count` takes a mapping: `{ where: <condition>, gte: 1 }`");
            return None;
        };
        let mut filter = None;
        let mut cmp = None;
        for (k, v) in entries {
            if k.name == "where" {
                env.each.push(list_path.clone());
                filter = parse(v, env, sink).map(Box::new);
                env.each.pop();
            } else if let Some(c) = Cmp::from_name(&k.name) {
                if cmp.is_some() {
                    sink.error(k.pos, Code::UnknownOperator, "`count` takes one comparison");
                }
                cmp = operand(v, FactType::Int, false, env, sink).map(|o| (c, o));
            } else {
                let hint = suggest(&k.name, COUNT_OPS.iter().copied().chain(["where"]))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                sink.error(
                    k.pos,
                    Code::UnknownOperator,
                    format!(
                        "unknown key `{}` in `count`{hint}; expected `where` and one of {}",
                        k.name,
                        COUNT_OPS.join(", ")
                    ),
                );
            }
        }
        let Some((cmp, arg)) = cmp else {
            sink.error(
                value.pos,
                Code::MissingKey,
                format!("`count` needs a comparison: one of {}", COUNT_OPS.join(", ")),
            );
            return None;
        };
        return Some(Cond::Count { fact, filter, cmp, arg });
    }
    if fact.ty != FactType::List && !matches!(value.kind, Kind::Map(_)) {
        type_error(sink, pos, name, &fact, "a list of maps");
        return None;
    }
    env.each.push(list_path);
    let inner = parse(value, env, sink);
    env.each.pop();
    let q = match name {
        "all" => Quantifier::All,
        "any" => Quantifier::Any,
        _ => Quantifier::None,
    };
    Some(Cond::Quant { fact, q, cond: Box::new(inner?) })
}

/// The catalog path of a validated fact (`item.upstream_ports` → `gpus[].upstream_ports`).
fn catalog_path(fact: &FactPath, env: &Env<'_>) -> String {
    let prefix = match fact.scope {
        Scope::Root => String::new(),
        Scope::Item => format!("{}[]", env.item.clone().unwrap_or_default()),
        Scope::Each => format!("{}[]", env.each.last().cloned().unwrap_or_default()),
    };
    match (prefix.is_empty(), fact.keys.is_empty()) {
        (true, _) => fact.keys.join("."),
        (false, true) => prefix,
        (false, false) => format!("{prefix}.{}", fact.keys.join(".")),
    }
}

/// Parses an operand: a literal (or list), `{ param: … }` or `{ fact: … }`.
fn operand(node: &Node, ty: FactType, list: bool, env: &Env<'_>, sink: &mut Sink<'_>) -> Option<Operand> {
    match &node.kind {
        Kind::Map(entries) => {
            let get = |k: &str| entries.iter().find(|(key, _)| key.name == k).map(|(_, v)| v);
            for (k, _) in entries {
                if !matches!(k.name.as_str(), "param" | "key" | "fact") {
                    sink.error(k.pos, Code::UnknownKey, format!("unknown key `{}` in an operand; use `{{ param: NAME }}`, `{{ param: NAME, key: FACT }}` or `{{ fact: PATH }}`", k.name));
                }
            }
            if let Some(p) = get("param") {
                let Some(name) = p.as_str() else {
                    sink.error(p.pos, Code::WrongType, "`param` takes a parameter name");
                    return None;
                };
                if !env.params.iter().any(|x| x == name) {
                    let hint = suggest(name, env.params.iter().map(String::as_str))
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    sink.error(
                        p.pos,
                        Code::UnknownParam,
                        format!("parameter `{name}` is not declared in `params`{hint}"),
                    );
                    return None;
                }
                let key = match get("key") {
                    Some(k) => {
                        let Some(text) = k.as_str() else {
                            sink.error(k.pos, Code::WrongType, "`key` takes a fact path");
                            return None;
                        };
                        Some(env.path(text, k.pos, sink)?)
                    }
                    None => None,
                };
                return Some(Operand::Param { name: name.to_string(), key, ty });
            }
            if let Some(f) = get("fact") {
                let Some(text) = f.as_str() else {
                    sink.error(f.pos, Code::WrongType, "`fact` takes a dotted path");
                    return None;
                };
                let path = env.path(text, f.pos, sink)?;
                if path.ty != ty {
                    sink.error(
                        f.pos,
                        Code::OperatorType,
                        format!("cannot compare a {} with `{text}`, a {}", ty.as_str(), path.ty.as_str()),
                    );
                    return None;
                }
                return Some(Operand::Fact(path));
            }
            sink.error(node.pos, Code::MissingKey, "an operand mapping needs `param` or `fact`");
            None
        }
        Kind::Seq(items) => {
            if !list {
                sink.error(node.pos, Code::WrongType, "a list is only allowed with `in` / `not_in`");
                return None;
            }
            let lits: Option<Vec<Literal>> = items.iter().map(|i| literal(i, ty, sink)).collect();
            Some(Operand::Lit(lits?))
        }
        _ => {
            if list {
                sink.error(node.pos, Code::WrongType, "`in` / `not_in` take a list or `{ param: NAME }`");
                return None;
            }
            Some(Operand::Lit(vec![literal(node, ty, sink)?]))
        }
    }
}

/// Converts a YAML scalar to a literal of the fact's type, reporting a diagnostic on failure.
pub fn literal(node: &Node, ty: FactType, sink: &mut Sink<'_>) -> Option<Literal> {
    match convert(node, ty) {
        Ok(l) => Some(l),
        Err((code, msg)) => {
            sink.error(node.pos, code, msg);
            None
        }
    }
}

/// Converts a YAML scalar to a literal of a type.
pub fn convert(node: &Node, ty: FactType) -> Result<Literal, (Code, String)> {
    let text = node.scalar_text();
    match (ty, &node.kind) {
        (FactType::Bool, Kind::Bool(b)) => Ok(Literal::Bool(*b)),
        (FactType::Bool, _) => Err((Code::WrongType, format!("expected true or false, found {}", node.type_name()))),
        (FactType::Int, Kind::Int(i)) => Ok(Literal::Int(*i)),
        (FactType::Int, _) => Err((Code::WrongType, format!("expected an integer, found {}", node.type_name()))),
        (FactType::Bytes, Kind::Int(i)) => {
            u64::try_from(*i).map(Literal::Bytes).map_err(|_| (Code::BadSize, "a size cannot be negative".into()))
        }
        (FactType::Bytes, Kind::Str(s)) => parse_size(s)
            .map(Literal::Bytes)
            .ok_or_else(|| (Code::BadSize, format!("`{s}` is not a byte size (examples: 256GiB, 128G, 64MiB)"))),
        (FactType::Version, _) => match text.as_deref().and_then(Version::parse) {
            Some(v) => Ok(Literal::Version(v)),
            None => Err((
                Code::BadVersion,
                format!("`{}` is not a dotted version such as 550.90.07", text.unwrap_or_default()),
            )),
        },
        (FactType::Date, _) => match text.as_deref().filter(|t| is_iso_date(t)) {
            Some(t) => Ok(Literal::Str(t.to_string())),
            None => {
                Err((Code::WrongType, format!("`{}` is not a date in the form YYYY-MM-DD", text.unwrap_or_default())))
            }
        },
        (FactType::Str | FactType::StrList, Kind::Str(_) | Kind::Int(_) | Kind::Float(_) | Kind::Bool(_)) => {
            Ok(Literal::Str(text.unwrap_or_default()))
        }
        (_, _) => Err((Code::WrongType, format!("expected a {} value, found {}", ty.as_str(), node.type_name()))),
    }
}

/// `YYYY-MM-DD` with a real month and day, so that text order is date order.
fn is_iso_date(text: &str) -> bool {
    jiff::civil::Date::strptime("%Y-%m-%d", text).is_ok() && text.len() == 10
}

impl Op {
    /// The operand, if the operator has one.
    pub fn operand(&self) -> Option<&Operand> {
        match self {
            Op::Eq(o) | Op::Ne(o) | Op::In(o) | Op::NotIn(o) | Op::Gt(o) | Op::Gte(o) | Op::Lt(o) | Op::Lte(o) => {
                Some(o)
            }
            Op::Contains(o) | Op::NotContains(o) => Some(o),
            Op::Exists(_) | Op::Matches(_) | Op::HasKey(_) | Op::NotHasKey(_) => None,
        }
    }
}

fn operand_reads_item(o: &Operand) -> bool {
    match o {
        Operand::Lit(_) => false,
        Operand::Param { key, .. } => key.as_ref().is_some_and(|k| k.scope == Scope::Item),
        Operand::Fact(f) => f.scope == Scope::Item,
    }
}

/// Whether a condition reads the `for_each` item anywhere (its facts or operands).
pub fn reads_item(cond: &Cond) -> bool {
    match cond {
        Cond::And(v) | Cond::Or(v) => v.iter().any(reads_item),
        Cond::Not(c) => reads_item(c),
        Cond::Leaf { fact, op } => fact.scope == Scope::Item || op.operand().is_some_and(operand_reads_item),
        Cond::Quant { fact, cond, .. } => fact.scope == Scope::Item || reads_item(cond),
        Cond::Count { fact, filter, arg, .. } => {
            fact.scope == Scope::Item || filter.as_deref().is_some_and(reads_item) || operand_reads_item(arg)
        }
    }
}

/// The conjuncts of a condition that do not read the `for_each` item: when one of them is false,
/// the whole condition is false for every item, so it can be decided before the list is read.
pub fn host_conjuncts(cond: &Cond) -> Vec<&Cond> {
    match cond {
        Cond::And(v) => v.iter().flat_map(host_conjuncts).collect(),
        c if !reads_item(c) => vec![c],
        _ => Vec::new(),
    }
}

/// Every fact path a condition reads, for documentation and "what evidence does this need".
pub fn facts_read(cond: &Cond, out: &mut Vec<String>) {
    match cond {
        Cond::And(v) | Cond::Or(v) => v.iter().for_each(|c| facts_read(c, out)),
        Cond::Not(c) => facts_read(c, out),
        Cond::Leaf { fact, .. } => out.push(fact.text.clone()),
        Cond::Quant { fact, cond, .. } => {
            out.push(fact.text.clone());
            facts_read(cond, out);
        }
        Cond::Count { fact, filter, .. } => {
            out.push(fact.text.clone());
            if let Some(f) = filter {
                facts_read(f, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, item: Option<&str>) -> (Option<Cond>, Vec<String>) {
        let node = crate::yaml::parse("t.yaml", text).expect("yaml");
        let mut sink = Sink::new("t.yaml", text);
        let params = vec!["min_aperture".to_string(), "drivers".to_string()];
        let mut env = Env { item: item.map(str::to_string), params: &params, each: Vec::new() };
        let c = parse(&node, &mut env, &mut sink);
        (c, sink.diagnostics.iter().map(crate::diag::Diagnostic::headline).collect())
    }

    #[test]
    fn typed_literals() {
        let (c, errs) = check("{ fact: item.aperture.size, gte: 256GiB }", Some("gpus"));
        assert!(errs.is_empty(), "{errs:?}");
        assert!(
            matches!(c, Some(Cond::Leaf { op: Op::Gte(Operand::Lit(ref l)), .. }) if l[0] == Literal::Bytes(256 << 30))
        );
        let (_, errs) = check("{ fact: item.aperture.size, gte: lots }", Some("gpus"));
        assert!(errs[0].contains("error[bad-size]"), "{errs:?}");
    }

    #[test]
    fn unknown_operator_and_fact_are_reported_with_hints() {
        let (_, errs) = check("{ fact: iommu.enabled, eqq: true }", None);
        assert!(
            errs[0].contains("t.yaml:1:24: error[unknown-operator]: unknown operator `eqq` (did you mean `eq`?)"),
            "{errs:?}"
        );
        let (_, errs) = check("{ fact: iommu.enabeld, eq: true }", None);
        assert!(errs[0].contains("did you mean `iommu.enabled`"), "{errs:?}");
    }

    #[test]
    fn operator_must_fit_type() {
        let (_, errs) = check("{ fact: iommu.enabled, gte: 1 }", None);
        assert!(errs[0].contains("error[operator-type]"), "{errs:?}");
        let (_, errs) = check("{ fact: kernel.cmdline.raw, has_key: x }", None);
        assert!(errs[0].contains("error[operator-type]"), "{errs:?}");
    }

    #[test]
    fn quantifiers_bind_each() {
        let (c, errs) =
            check("{ fact: item.upstream_ports, all: { fact: each.acs.isolating, eq: true } }", Some("gpus"));
        assert!(errs.is_empty(), "{errs:?}");
        assert!(matches!(c, Some(Cond::Quant { q: Quantifier::All, .. })));
        let (_, errs) = check("{ fact: each.bdf, eq: x }", None);
        assert!(errs[0].contains("outside"), "{errs:?}");
    }

    #[test]
    fn params_and_combinators() {
        let (c, errs) = check(
            "{ and: [ { fact: item.pci_id, in: { param: min_aperture } }, { not: { fact: item.driver, in: { param: drivers } } } ] }",
            Some("gpus"),
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert!(matches!(c, Some(Cond::And(_))));
        let (_, errs) = check("{ fact: item.driver, in: { param: driverz } }", Some("gpus"));
        assert!(errs[0].contains("error[unknown-param]") && errs[0].contains("did you mean `drivers`"), "{errs:?}");
    }

    #[test]
    fn count_needs_a_comparison() {
        let (c, errs) = check("{ fact: gpus, count: { where: { fact: each.driver, eq: vfio-pci }, gte: 1 } }", None);
        assert!(errs.is_empty(), "{errs:?}");
        assert!(matches!(c, Some(Cond::Count { cmp: Cmp::Gte, .. })));
        let (_, errs) = check("{ fact: gpus, count: { where: { fact: each.driver, eq: x } } }", None);
        assert!(errs[0].contains("needs a comparison"), "{errs:?}");
    }

    #[test]
    fn two_operators_are_rejected() {
        let (_, errs) = check("{ fact: iommu.enabled, eq: true, ne: false }", None);
        assert!(errs[0].contains("one operator per condition"), "{errs:?}");
    }
}
