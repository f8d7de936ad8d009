//! Event contracts (`kind: event`): the envelope's fields, the type's
//! name (`domain.entity.action`), retention and replay metadata.

use serde_json::Value;

use super::resolve::{keyword, properties};
use super::{Found, LintIssue, normalise};
use crate::load::Contract;

/// The envelope's fields, each by the names it goes by.
pub const ENVELOPE: &[(&str, &[&str])] = &[
    ("event id", &["event_id", "eventid", "id"]),
    ("type", &["type", "event_type", "eventtype"]),
    ("tenant id", &["tenant_id", "tenantid", "tenant"]),
    ("correlation id", &["correlation_id", "correlationid"]),
    (
        "occurred-at",
        &["occurred_at", "occurredat", "time", "timestamp"],
    ),
];

/// `billing.invoice.issued`: three or more lower-case dot-separated words.
pub fn type_name_ok(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            p.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

pub fn lint(contract: &Contract, subject: Option<&str>) -> Vec<Found> {
    let root = contract.root_node();
    let mut out = Vec::new();
    let found = properties(contract, &root);
    let names: Vec<String> = found.iter().map(|(n, _, _)| normalise(n)).collect();
    for (field, aliases) in ENVELOPE {
        if !aliases.iter().any(|a| names.contains(&normalise(a))) {
            out.push(Found {
                issue: LintIssue::EventEnvelopeFieldMissing {
                    field: (*field).to_owned(),
                },
                node: root.clone(),
                operation: None,
                path: None,
            });
        }
    }
    // The type's own value (`const`), else the subject's name.
    let typed = found
        .iter()
        .find(|(n, _, _)| n == "type")
        .and_then(|(_, node, value)| {
            value
                .get("const")
                .and_then(Value::as_str)
                .map(|c| (c.to_owned(), node.clone()))
        });
    let (name, node) = match (typed, subject) {
        (Some((name, node)), _) => (name, node),
        (None, Some(subject)) if subject.contains('.') => (subject.to_owned(), root.clone()),
        _ => (String::new(), root.clone()),
    };
    if !name.is_empty() && !type_name_ok(&name) {
        out.push(Found {
            issue: LintIssue::EventTypeName { name },
            node,
            operation: None,
            path: None,
        });
    }
    if keyword(contract, &root, "x-retention").is_none() {
        out.push(Found {
            issue: LintIssue::EventRetentionMissing,
            node: root,
            operation: None,
            path: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_domain_entity_action() {
        assert!(type_name_ok("billing.invoice.issued"));
        assert!(type_name_ok("sales.order.status_changed"));
        assert!(!type_name_ok("InvoiceIssued"));
        assert!(!type_name_ok("invoice.issued"));
        assert!(!type_name_ok("Billing.Invoice.Issued"));
    }
}
