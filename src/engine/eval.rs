//! Three-valued evaluation of one condition against facts.
//!
//! Every result is [`Tri`]: true, false or unknown, and carries the evidence behind it, the
//! deciding value and what it was compared with (for messages), and for unknowns the reasons.
//! The truth tables are in `docs/rules.md`; each row has a test below.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::facts::tree::{Evidence, Fact, Lookup, Value, display_value};
use crate::rules::cond::{Cmp, Cond, FactPath, Literal, Op, Operand, Quantifier, Scope};
use crate::yaml::{Kind, Node};

/// A three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Cannot be decided from the evidence.
    Unknown,
}

impl std::ops::Not for Tri {
    type Output = Tri;
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

impl Tri {
    /// `and` of two values.
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::True,
        }
    }
    /// `or` of two values.
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::False,
        }
    }
    fn from(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }
}

/// The result of evaluating a condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The truth.
    pub tri: Tri,
    /// Evidence behind it.
    pub evidence: Vec<Evidence>,
    /// The deciding fact's value, for messages.
    pub value: Option<String>,
    /// What it was compared with.
    pub expected: Option<String>,
    /// Why it is unknown.
    pub missing: Vec<String>,
    /// Why evaluation broke (a parameter that does not convert).
    pub error: Option<String>,
}

impl Outcome {
    fn new(tri: Tri, evidence: Vec<Evidence>) -> Self {
        Self { tri, evidence, value: None, expected: None, missing: Vec::new(), error: None }
    }
    fn unknown(why: String, evidence: Vec<Evidence>) -> Self {
        Self { missing: vec![why], ..Self::new(Tri::Unknown, evidence) }
    }
    fn error(why: String) -> Self {
        Self { error: Some(why), ..Self::new(Tri::Unknown, Vec::new()) }
    }
}

/// What a condition is evaluated against.
pub struct Ctx<'a> {
    /// The fact tree.
    pub root: &'a Fact,
    /// The `for_each` item.
    pub item: Option<&'a Fact>,
    /// Quantifier elements, innermost last.
    pub each: Vec<&'a Fact>,
    /// Effective parameters.
    pub params: &'a BTreeMap<String, Node>,
}

impl<'a> Ctx<'a> {
    /// Looks up a validated path.
    pub fn lookup(&self, path: &FactPath) -> Lookup<'a> {
        let base = match path.scope {
            Scope::Root => Some(self.root),
            Scope::Item => self.item,
            Scope::Each => self.each.last().copied(),
        };
        let Some(base) = base else {
            return Lookup::Unknown(format!("`{}` has no scope here", path.text), &[]);
        };
        let keys: Vec<&str> = path.keys.iter().map(String::as_str).collect();
        base.lookup(&keys)
    }
}

/// Evaluates a condition.
pub fn eval(cond: &Cond, ctx: &mut Ctx<'_>) -> Outcome {
    match cond {
        Cond::Not(c) => {
            let mut o = eval(c, ctx);
            o.tri = !o.tri;
            o
        }
        Cond::And(cs) => combine(&cs.iter().map(|c| eval(c, ctx)).collect::<Vec<_>>(), true),
        Cond::Or(cs) => combine(&cs.iter().map(|c| eval(c, ctx)).collect::<Vec<_>>(), false),
        Cond::Leaf { fact, op } => leaf(fact, op, ctx),
        Cond::Quant { fact, q, cond } => quantify(fact, *q, cond, ctx),
        Cond::Count { fact, filter, cmp, arg } => count(fact, filter.as_deref(), *cmp, arg, ctx),
    }
}

/// `and` (all = true) or `or` (all = false) of outcomes.
fn combine(outcomes: &[Outcome], all: bool) -> Outcome {
    let decisive = if all { Tri::False } else { Tri::True };
    if let Some(o) = outcomes.iter().find(|o| o.tri == decisive && o.error.is_none()) {
        return o.clone();
    }
    if let Some(o) = outcomes.iter().find(|o| o.error.is_some()) {
        return o.clone();
    }
    let tri = outcomes
        .iter()
        .fold(if all { Tri::True } else { Tri::False }, |acc, o| if all { acc.and(o.tri) } else { acc.or(o.tri) });
    let mut out = Outcome::new(tri, Vec::new());
    for o in outcomes {
        out.evidence.extend(o.evidence.iter().cloned());
        out.missing.extend(o.missing.iter().cloned());
        if out.value.is_none() {
            out.value.clone_from(&o.value);
            out.expected.clone_from(&o.expected);
        }
    }
    out
}

fn conflict_reason(path: &str, obs: &[Fact]) -> String {
    let parts: Vec<String> = obs
        .iter()
        .map(|o| {
            let at = o.evidence.first().map(Evidence::location).unwrap_or_default();
            format!("{} ({at})", o.display())
        })
        .collect();
    format!("sources disagree about `{path}`: {}", parts.join(" vs "))
}

fn leaf(path: &FactPath, op: &Op, ctx: &Ctx<'_>) -> Outcome {
    match ctx.lookup(path) {
        Lookup::Unknown(why, ev) => Outcome::unknown(format!("`{}`: {why}", path.text), ev.to_vec()),
        Lookup::Absent(ev) => {
            let tri = match op {
                Op::Exists(want) => Tri::from(!want),
                Op::Ne(_) | Op::NotIn(_) | Op::NotContains(_) | Op::NotHasKey(_) => Tri::True,
                _ => Tri::False,
            };
            let mut o = Outcome::new(tri, ev.to_vec());
            o.value = Some("absent".into());
            o.expected = expected_text(op, ctx);
            o
        }
        Lookup::Found(fact) => match &fact.value {
            Value::Unknown(why) => Outcome::unknown(format!("`{}`: {why}", path.text), fact.evidence.clone()),
            Value::Conflict(obs) => {
                let ev = obs.iter().flat_map(|o| o.evidence.iter().cloned()).collect();
                Outcome::unknown(conflict_reason(&path.text, obs), ev)
            }
            value => apply(op, value, fact, path, ctx),
        },
    }
}

fn expected_text(op: &Op, ctx: &Ctx<'_>) -> Option<String> {
    let operand = match op {
        Op::Eq(o)
        | Op::Ne(o)
        | Op::In(o)
        | Op::NotIn(o)
        | Op::Gt(o)
        | Op::Gte(o)
        | Op::Lt(o)
        | Op::Lte(o)
        | Op::Contains(o)
        | Op::NotContains(o) => o,
        Op::Matches(p) => return Some(format!("/{}/", p.0.as_str())),
        Op::HasKey(k) | Op::NotHasKey(k) => return Some(k.clone()),
        Op::Exists(b) => return Some(if *b { "present".into() } else { "absent".into() }),
    };
    match resolve(operand, ctx, true) {
        Resolved::Values(v) => Some(v.iter().map(Literal::display).collect::<Vec<_>>().join(", ")),
        _ => None,
    }
}

enum Resolved {
    Values(Vec<Literal>),
    Unknown(String, Vec<Evidence>),
    Error(String),
}

fn resolve(operand: &Operand, ctx: &Ctx<'_>, keys_of_map: bool) -> Resolved {
    match operand {
        Operand::Lit(v) => Resolved::Values(v.clone()),
        Operand::Fact(path) => match ctx.lookup(path) {
            Lookup::Found(f) => match literal_of(&f.value) {
                Some(l) => Resolved::Values(vec![l]),
                None => Resolved::Unknown(format!("`{}`: {}", path.text, display_value(&f.value)), f.evidence.clone()),
            },
            Lookup::Absent(ev) => Resolved::Unknown(format!("`{}` is absent", path.text), ev.to_vec()),
            Lookup::Unknown(why, ev) => Resolved::Unknown(format!("`{}`: {why}", path.text), ev.to_vec()),
        },
        Operand::Param { name, key, ty } => {
            let Some(node) = ctx.params.get(name) else {
                return Resolved::Error(format!("parameter `{name}` has no value"));
            };
            let node = match key {
                Some(kp) => {
                    let k = match ctx.lookup(kp) {
                        Lookup::Found(f) => match &f.value {
                            Value::Str(s) => s.clone(),
                            Value::Int(i) => i.to_string(),
                            other => {
                                return Resolved::Unknown(
                                    format!("`{}`: {}", kp.text, display_value(other)),
                                    f.evidence.clone(),
                                );
                            }
                        },
                        Lookup::Absent(ev) => {
                            return Resolved::Unknown(format!("`{}` is absent", kp.text), ev.to_vec());
                        }
                        Lookup::Unknown(why, ev) => {
                            return Resolved::Unknown(format!("`{}`: {why}", kp.text), ev.to_vec());
                        }
                    };
                    let Kind::Map(entries) = &node.kind else {
                        return Resolved::Error(format!(
                            "parameter `{name}` is not a map, so it cannot be indexed by `{}`",
                            kp.text
                        ));
                    };
                    match entries.iter().find(|(ek, _)| ek.name.eq_ignore_ascii_case(&k)) {
                        Some((_, v)) => v,
                        None => {
                            return Resolved::Unknown(format!("parameter `{name}` has no entry for `{k}`"), Vec::new());
                        }
                    }
                }
                None => node,
            };
            let leaves: Vec<&Node> = match &node.kind {
                Kind::Seq(items) => items.iter().collect(),
                Kind::Map(entries) if keys_of_map => {
                    return Resolved::Values(entries.iter().map(|(k, _)| Literal::Str(k.name.clone())).collect());
                }
                _ => vec![node],
            };
            let mut out = Vec::new();
            for l in leaves {
                match crate::rules::cond::convert(l, *ty) {
                    Ok(v) => out.push(v),
                    Err((_, msg)) => return Resolved::Error(format!("parameter `{name}`: {msg}")),
                }
            }
            Resolved::Values(out)
        }
    }
}

fn literal_of(value: &Value) -> Option<Literal> {
    Some(match value {
        Value::Bool(b) => Literal::Bool(*b),
        Value::Int(i) => Literal::Int(*i),
        Value::Str(s) => Literal::Str(s.clone()),
        Value::Bytes(b) => Literal::Bytes(*b),
        Value::Version(v) => Literal::Version(v.clone()),
        _ => return None,
    })
}

fn order(value: &Value, lit: &Literal) -> Option<Ordering> {
    match (value, lit) {
        (Value::Bool(a), Literal::Bool(b)) => Some(a.cmp(b)),
        (Value::Int(a), Literal::Int(b)) => Some(a.cmp(b)),
        (Value::Str(a), Literal::Str(b)) => Some(a.as_str().cmp(b.as_str())),
        (Value::Bytes(a), Literal::Bytes(b)) => Some(a.cmp(b)),
        (Value::Version(a), Literal::Version(b)) => Some(a.cmp(b)),
        (Value::Str(a), Literal::Version(b)) => crate::units::Version::parse(a).map(|a| a.cmp(b)),
        (Value::Version(a), Literal::Str(b)) => crate::units::Version::parse(b).map(|b| a.cmp(&b)),
        _ => None,
    }
}

fn apply(op: &Op, value: &Value, fact: &Fact, path: &FactPath, ctx: &Ctx<'_>) -> Outcome {
    let mut o = Outcome::new(Tri::False, fact.evidence.clone());
    o.value = Some(display_value(value));
    o.expected = expected_text(op, ctx);
    let operand = match op {
        Op::Exists(want) => {
            o.tri = Tri::from(*want);
            return o;
        }
        Op::Matches(p) => {
            o.tri = match value {
                Value::Str(s) => Tri::from(p.0.is_match(s)),
                _ => Tri::False,
            };
            return o;
        }
        Op::HasKey(k) | Op::NotHasKey(k) => {
            let Value::Map(m) = value else { return Outcome::error(format!("`{}` is not a map", path.text)) };
            let found = m.entries.get(k);
            let has = match (found, &m.partial) {
                (Some(_), _) => Tri::True,
                (None, Some(why)) => {
                    return Outcome::unknown(
                        format!("`{}` may be incomplete: {why}", path.text),
                        fact.evidence.clone(),
                    );
                }
                (None, None) => Tri::False,
            };
            if let Some(f) = found {
                o.evidence = f.evidence.clone();
                o.value = Some(format!("{k}={}", f.display()));
            } else {
                o.value = Some(format!("no {k}"));
            }
            o.tri = if matches!(op, Op::HasKey(_)) { has } else { !has };
            return o;
        }
        Op::Eq(x)
        | Op::Ne(x)
        | Op::In(x)
        | Op::NotIn(x)
        | Op::Gt(x)
        | Op::Gte(x)
        | Op::Lt(x)
        | Op::Lte(x)
        | Op::Contains(x)
        | Op::NotContains(x) => x,
    };
    let values = match resolve(operand, ctx, matches!(op, Op::In(_) | Op::NotIn(_))) {
        Resolved::Values(v) => v,
        Resolved::Unknown(why, mut ev) => {
            ev.extend(fact.evidence.iter().cloned());
            return Outcome::unknown(why, ev);
        }
        Resolved::Error(e) => return Outcome::error(e),
    };
    let cmp_first =
        |c: Cmp| -> Option<Tri> { values.first().and_then(|l| order(value, l)).map(|ord| Tri::from(c.holds(ord))) };
    let tri = match op {
        Op::Eq(_) => cmp_first(Cmp::Eq),
        Op::Ne(_) => cmp_first(Cmp::Ne),
        Op::Gt(_) => cmp_first(Cmp::Gt),
        Op::Gte(_) => cmp_first(Cmp::Gte),
        Op::Lt(_) => cmp_first(Cmp::Lt),
        Op::Lte(_) => cmp_first(Cmp::Lte),
        Op::In(_) | Op::NotIn(_) => {
            let hit = values.iter().any(|l| order(value, l) == Some(Ordering::Equal));
            Some(if matches!(op, Op::In(_)) { Tri::from(hit) } else { Tri::from(!hit) })
        }
        Op::Contains(_) | Op::NotContains(_) => {
            let Value::List(list) = value else { return Outcome::error(format!("`{}` is not a list", path.text)) };
            let target = values.first();
            let hit = list.items.iter().find(|i| target.is_some_and(|t| order(&i.value, t) == Some(Ordering::Equal)));
            if let Some(h) = hit {
                o.evidence = h.evidence.clone();
            }
            let t = match (hit, &list.partial) {
                (Some(_), _) => Tri::True,
                (None, Some(why)) => {
                    return Outcome::unknown(
                        format!("`{}` may be incomplete: {why}", path.text),
                        fact.evidence.clone(),
                    );
                }
                (None, None) => Tri::False,
            };
            Some(if matches!(op, Op::Contains(_)) { t } else { !t })
        }
        _ => None,
    };
    match tri {
        Some(t) => {
            o.tri = t;
            o
        }
        None => Outcome::error(format!(
            "cannot compare `{}` ({}) with {}",
            path.text,
            display_value(value),
            o.expected.clone().unwrap_or_default()
        )),
    }
}

fn list_of<'a>(path: &FactPath, ctx: &Ctx<'a>) -> Result<(&'a crate::facts::tree::List, &'a Fact), Box<Outcome>> {
    match ctx.lookup(path) {
        Lookup::Found(f) => match &f.value {
            Value::List(l) => Ok((l, f)),
            Value::Unknown(why) => {
                Err(Box::new(Outcome::unknown(format!("`{}`: {why}", path.text), f.evidence.clone())))
            }
            Value::Conflict(obs) => Err(Box::new(Outcome::unknown(conflict_reason(&path.text, obs), Vec::new()))),
            other => Err(Box::new(Outcome::error(format!("`{}` is not a list: {}", path.text, display_value(other))))),
        },
        Lookup::Absent(ev) => Err(Box::new(Outcome::unknown(format!("`{}` is absent", path.text), ev.to_vec()))),
        Lookup::Unknown(why, ev) => Err(Box::new(Outcome::unknown(format!("`{}`: {why}", path.text), ev.to_vec()))),
    }
}

/// Most evidence items kept for a quantifier that holds for every element.
const MAX_EVIDENCE: usize = 12;

fn quantify(path: &FactPath, q: Quantifier, cond: &Cond, ctx: &mut Ctx<'_>) -> Outcome {
    let (list, fact) = match list_of(path, ctx) {
        Ok(x) => x,
        Err(o) => return *o,
    };
    let mut outcomes = Vec::with_capacity(list.items.len());
    for item in &list.items {
        ctx.each.push(item);
        outcomes.push(eval(cond, ctx));
        ctx.each.pop();
    }
    if let Some(o) = outcomes.iter().find(|o| o.error.is_some()) {
        return o.clone();
    }
    // The element that decides: a counterexample for all/none, a witness for any.
    let decisive = match q {
        Quantifier::All => Tri::False,
        Quantifier::Any | Quantifier::None => Tri::True,
    };
    if let Some(o) = outcomes.iter().find(|o| o.tri == decisive) {
        let mut out = o.clone();
        out.tri = if q == Quantifier::Any { Tri::True } else { Tri::False };
        return out;
    }
    let unknowns: Vec<&Outcome> = outcomes.iter().filter(|o| o.tri == Tri::Unknown).collect();
    if !unknowns.is_empty() {
        let mut out = Outcome::new(Tri::Unknown, Vec::new());
        for u in unknowns {
            out.evidence.extend(u.evidence.iter().cloned());
            out.missing.extend(u.missing.iter().cloned());
        }
        return out;
    }
    if let Some(why) = &list.partial {
        return Outcome::unknown(
            format!("`{}` may be incomplete ({why}), so no element is not proof", path.text),
            fact.evidence.clone(),
        );
    }
    let mut out = Outcome::new(if q == Quantifier::Any { Tri::False } else { Tri::True }, fact.evidence.clone());
    for o in outcomes.iter().take(MAX_EVIDENCE) {
        out.evidence.extend(o.evidence.iter().cloned());
    }
    out.value = Some(format!("{} element(s)", list.items.len()));
    out
}

fn count(path: &FactPath, filter: Option<&Cond>, cmp: Cmp, arg: &Operand, ctx: &mut Ctx<'_>) -> Outcome {
    let (list, fact) = match list_of(path, ctx) {
        Ok(x) => x,
        Err(o) => return *o,
    };
    let (mut yes, mut maybe) = (0i64, 0i64);
    let mut evidence = fact.evidence.clone();
    let mut missing = Vec::new();
    for item in &list.items {
        let t = match filter {
            None => Tri::True,
            Some(f) => {
                ctx.each.push(item);
                let o = eval(f, ctx);
                ctx.each.pop();
                if let Some(e) = o.error {
                    return Outcome::error(e);
                }
                if o.tri == Tri::Unknown {
                    missing.extend(o.missing);
                }
                if o.tri == Tri::True && evidence.len() < MAX_EVIDENCE {
                    evidence.extend(o.evidence);
                }
                o.tri
            }
        };
        match t {
            Tri::True => yes += 1,
            Tri::Unknown => maybe += 1,
            Tri::False => {}
        }
        if filter.is_none() && evidence.len() < MAX_EVIDENCE {
            evidence.extend(item.evidence.iter().cloned());
        }
    }
    let target = match resolve(arg, ctx, false) {
        Resolved::Values(v) => match v.first() {
            Some(Literal::Int(n)) => *n,
            _ => return Outcome::error("count needs an integer".into()),
        },
        Resolved::Unknown(why, ev) => return Outcome::unknown(why, ev),
        Resolved::Error(e) => return Outcome::error(e),
    };
    let low = yes;
    let high = if list.partial.is_some() { i64::MAX } else { yes + maybe };
    let holds = |n: i64| cmp.holds(n.cmp(&target));
    // True if every possible count satisfies it, false if none does.
    let tri = if low == high {
        Tri::from(holds(low))
    } else {
        let candidates = [low, high, target, target.saturating_add(1), target.saturating_sub(1)];
        let in_range: Vec<i64> = candidates.into_iter().filter(|n| *n >= low && *n <= high).collect();
        if in_range.iter().all(|n| holds(*n)) && holds(low) && holds(high) {
            Tri::True
        } else if in_range.iter().all(|n| !holds(*n)) && !holds(low) && !holds(high) {
            Tri::False
        } else {
            Tri::Unknown
        }
    };
    let mut o = Outcome::new(tri, evidence);
    o.value = Some(if low == high {
        low.to_string()
    } else if high == i64::MAX {
        format!("at least {low}")
    } else {
        format!("{low} to {high}")
    });
    o.expected = Some(format!("{} {target}", cmp.as_str()));
    if tri == Tri::Unknown {
        o.missing = missing;
        if let Some(why) = &list.partial {
            o.missing.push(format!("`{}` may be incomplete: {why}", path.text));
        }
    }
    o
}
