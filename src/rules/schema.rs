//! The JSON Schema of rule files (`gpu-preflight rules schema`), generated from the same tables
//! the validator uses (operators, topics, frameworks, severities), so the two cannot drift.
//! Editors use it for completion; the loader remains the authority (it also checks fact paths
//! and types against the catalog, which a schema cannot express).

use serde_json::{Value, json};

use super::cond::{COLLECTION_OPS, COMBINATORS, COUNT_OPS, LEAF_OPS};
use super::model::{FRAMEWORKS, Severity, TOPICS};

fn operand() -> Value {
    json!({ "oneOf": [
        { "type": ["string", "number", "boolean"] },
        { "type": "array", "items": { "type": ["string", "number", "boolean"] } },
        { "type": "object", "properties": { "param": { "type": "string" }, "key": { "type": "string" } }, "required": ["param"], "additionalProperties": false },
        { "type": "object", "properties": { "fact": { "type": "string" } }, "required": ["fact"], "additionalProperties": false },
    ]})
}

/// The schema.
pub fn schema() -> Value {
    let severities: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
    let mut leaf_props = serde_json::Map::new();
    leaf_props.insert("fact".into(), json!({ "type": "string", "description": "A fact path (see `gpu-preflight facts --catalog`); `item.` is the for_each item, `each.` the quantified element." }));
    for op in LEAF_OPS {
        let v = match *op {
            "exists" => json!({ "type": "boolean" }),
            "matches" => {
                json!({ "type": "string", "description": "A regular expression (linear time, size-limited)." })
            }
            "has_key" | "not_has_key" => json!({ "type": "string" }),
            _ => operand(),
        };
        leaf_props.insert((*op).into(), v);
    }
    for op in COLLECTION_OPS {
        let v = if *op == "count" {
            let mut p = serde_json::Map::new();
            p.insert("where".into(), json!({ "$ref": "#/$defs/condition" }));
            for c in COUNT_OPS {
                p.insert((*c).into(), operand());
            }
            json!({ "type": "object", "properties": p, "additionalProperties": false })
        } else {
            json!({ "$ref": "#/$defs/condition" })
        };
        leaf_props.insert((*op).into(), v);
    }
    let one_operator: Vec<Value> =
        LEAF_OPS.iter().chain(COLLECTION_OPS).map(|op| json!({ "required": ["fact", op] })).collect();
    let combinators: Vec<Value> = COMBINATORS
        .iter()
        .map(|c| {
            let inner = if *c == "not" {
                json!({ "$ref": "#/$defs/condition" })
            } else {
                json!({ "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/condition" } })
            };
            json!({ "type": "object", "properties": { *c: inner }, "required": [c], "additionalProperties": false })
        })
        .collect();
    let mut conditions = combinators;
    conditions.push(
        json!({ "type": "object", "properties": leaf_props, "oneOf": one_operator, "additionalProperties": false }),
    );
    let controls: serde_json::Map<String, Value> = FRAMEWORKS
        .iter()
        .map(|f| ((*f).to_string(), json!({ "type": "array", "items": { "type": "string" } })))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gpu-preflight.dev/schemas/rule.json",
        "title": "gpu-preflight rule",
        "type": "object",
        "required": ["id", "name", "title", "topic", "severity", "controls", "description", "remediation", "references", "message"],
        "oneOf": [ { "required": ["check"] }, { "required": ["manual"] } ],
        "additionalProperties": false,
        "properties": {
            "id": { "type": "string", "pattern": "^[A-Z][A-Z0-9]*-[A-Z0-9]+-[A-Z0-9-]+$", "description": "Stable id, equal to the file stem: PF-AREA-NNN for built-in rules, SITE-AREA-NNN for a site's own." },
            "name": { "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "description": "Kebab-case, named after the violation." },
            "title": { "type": "string", "description": "What it checks, one line." },
            "topic": { "enum": TOPICS },
            "severity": { "enum": severities },
            "tenancy_severity": { "type": "object", "properties": { "single": { "enum": severities }, "multi": { "enum": severities } }, "additionalProperties": false },
            "controls": { "type": "object", "properties": controls, "additionalProperties": false },
            "description": { "type": "string", "description": "Why it matters." },
            "remediation": { "type": "string", "description": "How to fix: exact files and commands." },
            "references": { "type": "array", "minItems": 1, "items": { "type": "string" } },
            "params": { "type": "object", "description": "Parameters with default values; profiles and --config override them." },
            "for_each": { "type": "string", "description": "A top-level list fact (gpus, nvswitches, pci.devices, …): one finding per item." },
            "subject": { "type": "string" },
            "applies_when": { "$ref": "#/$defs/condition" },
            "check": { "$ref": "#/$defs/condition" },
            "manual": { "type": "string", "description": "What a person must attest (the OS cannot prove it)." },
            "message": { "type": "string", "description": "Failure message; placeholders {{ value }}, {{ expected }}, {{ item.… }}, {{ param.… }}, {{ host }}." },
            "pass_message": { "type": "string" }
        },
        "$defs": { "condition": { "oneOf": conditions } }
    })
}
