//! The evaluation semantics as data: every row of the truth tables published in
//! `docs/rules.md`. The same rows drive a test (each row is evaluated by the real engine) and the
//! generated documentation (a test fails when the docs are stale), so the docs cannot lie.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::eval::{Ctx, Tri, eval};
use crate::facts::catalog::FactType;
use crate::facts::tree::{Evidence, Fact, MapBuilder, Value};
use crate::rules::cond::{Cmp, Cond, FactPath, Literal, Op, Operand, Quantifier, Scope};

/// One row: a fact state, a condition, the result.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// Which table.
    pub table: &'static str,
    /// The fact's state, in words.
    pub state: &'static str,
    /// The condition, as a rule author writes it.
    pub condition: &'static str,
    /// The result.
    pub expect: Tri,
}

const fn row(table: &'static str, state: &'static str, condition: &'static str, expect: Tri) -> Row {
    Row { table, state, condition, expect }
}

use Tri::{False as F, True as T, Unknown as U};

/// Every row.
pub const ROWS: &[Row] = &[
    row("Combinators", "a = true, b = true", "and: [a, b]", T),
    row("Combinators", "a = true, b = false", "and: [a, b]", F),
    row("Combinators", "a = true, b = unknown", "and: [a, b]", U),
    row("Combinators", "a = false, b = unknown", "and: [a, b]", F),
    row("Combinators", "a = unknown, b = unknown", "and: [a, b]", U),
    row("Combinators", "a = true, b = unknown", "or: [a, b]", T),
    row("Combinators", "a = false, b = false", "or: [a, b]", F),
    row("Combinators", "a = false, b = unknown", "or: [a, b]", U),
    row("Combinators", "a = unknown", "not: a", U),
    row("Combinators", "a = false", "not: a", T),
    row("Leaf operators", "value true", "eq: true", T),
    row("Leaf operators", "value false", "eq: true", F),
    row("Leaf operators", "key absent from a complete map", "eq: true", F),
    row("Leaf operators", "key absent from a complete map", "ne: true", T),
    row("Leaf operators", "key absent from a complete map", "exists: false", T),
    row("Leaf operators", "source absent (no evidence)", "exists: false", U),
    row("Leaf operators", "source absent (no evidence)", "eq: true", U),
    row("Leaf operators", "source absent (no evidence)", "ne: true", U),
    row("Leaf operators", "value unknown (cut record, hidden capability)", "eq: true", U),
    row("Leaf operators", "sources disagree (true vs false)", "eq: true", U),
    row("Leaf operators", "sources disagree (true vs false)", "eq: false", U),
    row("Maps", "map has the key", "has_key: k", T),
    row("Maps", "complete map without the key", "has_key: k", F),
    row("Maps", "complete map without the key", "not_has_key: k", T),
    row("Maps", "partial map without the key", "not_has_key: k", U),
    row("Maps", "source absent", "not_has_key: k", U),
    row("Lists", "complete [true, true]", "all: x", T),
    row("Lists", "complete [true, false]", "all: x", F),
    row("Lists", "complete [true, unknown]", "all: x", U),
    row("Lists", "complete [false, unknown]", "all: x", F),
    row("Lists", "complete []", "all: x", T),
    row("Lists", "partial [true]", "all: x", U),
    row("Lists", "partial [false]", "all: x", F),
    row("Lists", "complete [false, true]", "any: x", T),
    row("Lists", "complete [false, unknown]", "any: x", U),
    row("Lists", "complete []", "any: x", F),
    row("Lists", "partial [false]", "any: x", U),
    row("Lists", "complete [false, false]", "none: x", T),
    row("Lists", "complete [false, unknown]", "none: x", U),
    row("Lists", "partial [false]", "none: x", U),
    row("Lists", "partial [true]", "none: x", F),
    row("Lists", "list unknown (source absent)", "all: x", U),
    row("Lists", "list unknown (source absent)", "none: x", U),
    row("Counting", "complete [true, true]", "count: { where: x, eq: 2 }", T),
    row("Counting", "complete [true, unknown]", "count: { where: x, eq: 2 }", U),
    row("Counting", "complete [true, unknown]", "count: { where: x, gte: 3 }", F),
    row("Counting", "complete [true, unknown]", "count: { where: x, gte: 1 }", T),
    row("Counting", "partial [true]", "count: { where: x, gte: 1 }", T),
    row("Counting", "partial [true]", "count: { where: x, lte: 1 }", U),
    row("Counting", "partial [true]", "count: { where: x, eq: 0 }", F),
];

/// Rule-level outcomes (not a single condition): how findings get their status.
pub const STATUS_ROWS: &[(&str, &str)] = &[
    ("`for_each` list is complete and empty", "`not_applicable` (one finding, subject `host`)"),
    ("`for_each` list is partial and empty", "`unknown`"),
    ("`for_each` list is unknown (source absent)", "`unknown` (one finding, subject `host`)"),
    ("`applies_when` is false", "`not_applicable`"),
    ("`applies_when` is unknown", "`unknown`: not applicable needs positive evidence"),
    ("`check` is true", "`pass`"),
    ("`check` is false", "`fail`"),
    ("`check` is unknown", "`unknown`, with what was missing"),
    ("evaluation breaks (a parameter that does not convert)", "`error` (fails the gate)"),
    ("the rule is `manual`", "`manual` until an attestation answers it"),
    ("a failure matches a live waiver", "`waived`"),
];

fn ev() -> Evidence {
    Evidence { path: Arc::from("t"), line: 1, end_line: 1, excerpt: "t".into(), sha256: Arc::from("") }
}

fn b(v: bool) -> Fact {
    Fact::bool(v, ev())
}

fn item(flag: Fact) -> Fact {
    let mut m = MapBuilder::new();
    m.set("x", flag);
    m.build()
}

/// Builds the fact that a `state` text describes, under key `f` (and `a`, `b` for combinators).
fn facts_for(state: &str) -> Fact {
    let mut root = MapBuilder::new();
    root.partial("no source");
    let list = |items: Vec<Fact>, partial: bool| {
        Fact::list(items.into_iter().map(item).collect(), partial.then(|| "cut".to_string()))
    };
    let scalar = |s: &str| match s {
        "true" => Some(b(true)),
        "false" => Some(b(false)),
        "unknown" => Some(Fact::unknown("cut record")),
        _ => None,
    };
    if let Some(rest) = state.strip_prefix("a = ") {
        let mut parts = rest.split(", b = ");
        if let Some(f) = parts.next().and_then(scalar) {
            root.set("a", f);
        }
        if let Some(f) = parts.next().and_then(scalar) {
            root.set("b", f);
        }
        return root.build();
    }
    let parse_items = |s: &str| -> Vec<Fact> {
        s.trim_matches(['[', ']']).split(", ").filter(|x| !x.is_empty()).filter_map(scalar).collect()
    };
    let fact = match state {
        "value true" => Some(b(true)),
        "value false" => Some(b(false)),
        "key absent from a complete map" | "complete map without the key" => {
            root.set("m", MapBuilder::new().build());
            None
        }
        "map has the key" => {
            let mut m = MapBuilder::new();
            m.set("k", b(true));
            root.set("m", m.build());
            None
        }
        "partial map without the key" => {
            let mut m = MapBuilder::new();
            m.partial("cut");
            root.set("m", m.build());
            None
        }
        "value unknown (cut record, hidden capability)" => Some(Fact::unknown("capabilities hidden")),
        "sources disagree (true vs false)" => Some(Fact::new(Value::Conflict(vec![b(true), b(false)]), Vec::new())),
        s if s.starts_with("complete [") => Some(list(parse_items(&s["complete ".len()..]), false)),
        s if s.starts_with("partial [") => Some(list(parse_items(&s["partial ".len()..]), true)),
        _ => None,
    };
    if let Some(f) = fact {
        root.set("f", f);
    }
    root.build()
}

fn path(keys: &[&str], scope: Scope, ty: FactType) -> FactPath {
    FactPath { scope, keys: keys.iter().map(|k| (*k).to_string()).collect(), text: keys.join("."), ty }
}

fn lit(v: bool) -> Operand {
    Operand::Lit(vec![Literal::Bool(v)])
}

/// Builds the condition a row describes.
fn cond_for(r: &Row) -> Cond {
    let a = Cond::Leaf { fact: path(&["a"], Scope::Root, FactType::Bool), op: Op::Eq(lit(true)) };
    let bb = Cond::Leaf { fact: path(&["b"], Scope::Root, FactType::Bool), op: Op::Eq(lit(true)) };
    let on_map = r.table == "Maps" || r.state.contains("map");
    let target = if on_map && r.table != "Maps" {
        path(&["m", "f"], Scope::Root, FactType::Bool)
    } else {
        path(&["f"], Scope::Root, FactType::Bool)
    };
    let x = Cond::Leaf { fact: path(&["x"], Scope::Each, FactType::Bool), op: Op::Eq(lit(true)) };
    let list = path(&["f"], Scope::Root, FactType::List);
    let count = |cmp: Cmp, n: i64| Cond::Count {
        fact: list.clone(),
        filter: Some(Box::new(x.clone())),
        cmp,
        arg: Operand::Lit(vec![Literal::Int(n)]),
    };
    match r.condition {
        "and: [a, b]" => Cond::And(vec![a, bb]),
        "or: [a, b]" => Cond::Or(vec![a, bb]),
        "not: a" => Cond::Not(Box::new(a)),
        "eq: true" => Cond::Leaf { fact: target, op: Op::Eq(lit(true)) },
        "eq: false" => Cond::Leaf { fact: target, op: Op::Eq(lit(false)) },
        "ne: true" => Cond::Leaf { fact: target, op: Op::Ne(lit(true)) },
        "exists: false" => Cond::Leaf { fact: target, op: Op::Exists(false) },
        "has_key: k" => Cond::Leaf { fact: path(&["m"], Scope::Root, FactType::Map), op: Op::HasKey("k".into()) },
        "not_has_key: k" => {
            Cond::Leaf { fact: path(&["m"], Scope::Root, FactType::Map), op: Op::NotHasKey("k".into()) }
        }
        "all: x" => Cond::Quant { fact: list, q: Quantifier::All, cond: Box::new(x) },
        "any: x" => Cond::Quant { fact: list, q: Quantifier::Any, cond: Box::new(x) },
        "none: x" => Cond::Quant { fact: list, q: Quantifier::None, cond: Box::new(x) },
        "count: { where: x, eq: 2 }" => count(Cmp::Eq, 2),
        "count: { where: x, gte: 3 }" => count(Cmp::Gte, 3),
        "count: { where: x, gte: 1 }" => count(Cmp::Gte, 1),
        "count: { where: x, lte: 1 }" => count(Cmp::Lte, 1),
        "count: { where: x, eq: 0 }" => count(Cmp::Eq, 0),
        other => unreachable_row(other),
    }
}

fn unreachable_row(text: &str) -> Cond {
    // Only reachable if a row is added without a matching condition; the test then fails.
    Cond::Leaf { fact: path(&["no-such-row", text], Scope::Root, FactType::Bool), op: Op::Exists(true) }
}

/// Evaluates one row with the real engine.
pub fn evaluate_row(r: &Row) -> Tri {
    let root = facts_for(r.state);
    let params = BTreeMap::new();
    let mut ctx = Ctx { root: &root, item: None, each: Vec::new(), params: &params };
    eval(&cond_for(r), &mut ctx).tri
}

fn tri_text(t: Tri) -> &'static str {
    match t {
        Tri::True => "true",
        Tri::False => "false",
        Tri::Unknown => "unknown",
    }
}

/// The truth tables as Markdown, for `docs/rules.md`.
pub fn markdown() -> String {
    let mut out = String::new();
    let mut tables: Vec<&str> = ROWS.iter().map(|r| r.table).collect();
    tables.dedup();
    for t in tables {
        out.push_str(&format!("#### {t}\n\n| fact state | condition | result |\n|---|---|---|\n"));
        for r in ROWS.iter().filter(|r| r.table == t) {
            out.push_str(&format!("| {} | `{}` | {} |\n", r.state, r.condition, tri_text(r.expect)));
        }
        out.push('\n');
    }
    out.push_str("#### From results to statuses\n\n| situation | finding status |\n|---|---|\n");
    for (s, st) in STATUS_ROWS {
        out.push_str(&format!("| {s} | {st} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_holds() {
        let mut wrong = Vec::new();
        for r in ROWS {
            let got = evaluate_row(r);
            if got != r.expect {
                wrong
                    .push(format!("{} / {} / {}: expected {:?}, got {got:?}", r.table, r.state, r.condition, r.expect));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
