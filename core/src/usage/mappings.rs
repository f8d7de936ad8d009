//! Tenant field mappings as evidence of use: a mapping of a system's
//! schema (`crm.yaml#/components/schemas/Account`) reads and writes the
//! system fields it names (`BillingAddress.city`) wherever an operation's
//! request or response holds that schema (`records[].BillingAddress.city`
//! in `GET /accounts`).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::config::Config;
use crate::findings::{Evidence, UserKind};
use crate::fixtures::operations::Table;
use crate::load::{Contract, NodeRef};
use crate::model::target::{FieldPath, Step};
use crate::tenants::{Tenant, schema_node};

use super::sources::UsageError;
use super::{Element, Usage, Who};

/// How deep below a body the mapped schema is looked for.
const MAX_DEPTH: usize = 16;

impl Usage {
    /// The uses the tenants' field mappings show.
    pub fn add_mappings(&mut self, config: &Config) -> Result<(), UsageError> {
        let mut contracts: BTreeMap<String, Option<Contract>> = BTreeMap::new();
        for entry in &config.tenants {
            let tenant = Tenant::read(&entry.name, &config.resolve(&entry.file))
                .map_err(|e| UsageError::Input(e.to_string()))?;
            let who = Who {
                kind: UserKind::Tenant,
                name: tenant.name.clone(),
            };
            for mapping in &tenant.mappings {
                let contract = contracts
                    .entry(mapping.system.clone())
                    .or_insert_with(|| system_contract(config, &mapping.system));
                // A mapping that names no schema of the contract is the
                // tenant check's finding, not a use.
                let Some(contract) = contract.as_ref() else {
                    continue;
                };
                let Ok((wanted, _)) = schema_node(contract, &mapping.schema, config) else {
                    continue;
                };
                for (operation, place, prefixes) in places(contract, &wanted) {
                    for (canonical, field) in &mapping.fields {
                        let evidence = Evidence {
                            via: "mapping".to_owned(),
                            name: format!("{} {canonical} → {field}", mapping.object),
                            file: tenant.document.display_path(),
                            line: tenant
                                .document
                                .position(&mapping.at.push("fields").push(canonical))
                                .line,
                        };
                        let field = FieldPath::parse(field);
                        let elements = prefixes.iter().map(|prefix| {
                            let mut steps = prefix.0.clone();
                            steps.extend(field.0.iter().cloned());
                            place.element(FieldPath(steps))
                        });
                        self.declare(&mapping.system, &operation, &who, elements, &evidence);
                    }
                }
            }
        }
        Ok(())
    }
}

fn system_contract(config: &Config, system: &str) -> Option<Contract> {
    let subject = config
        .system(system)
        .and_then(|s| config.subject(&s.contract))?;
    Contract::load(&config.resolve(Path::new(&subject.file))).ok()
}

/// A body of an operation: what it sends, or a response of a status.
#[derive(Clone, Copy)]
enum Place {
    Request,
    Response(Option<u16>),
}

impl Place {
    fn element(self, field: FieldPath) -> Element {
        match self {
            Place::Request => Element::RequestField(field),
            Place::Response(status) => Element::ResponseField { status, field },
        }
    }
}

/// Every body of every operation that holds `wanted`, with the paths it
/// is at in that body.
fn places(contract: &Contract, wanted: &NodeRef) -> Vec<(String, Place, Vec<FieldPath>)> {
    let mut out = Vec::new();
    for operation in Table::of(contract).operations() {
        let bodies = operation
            .body_schemas(contract)
            .into_iter()
            .map(|(status, schema)| {
                let place = match status {
                    None => Place::Request,
                    Some(status) => Place::Response(status.parse().ok()),
                };
                (place, schema)
            });
        for (place, schema) in bodies {
            let mut found = Vec::new();
            let mut stack = HashSet::new();
            find(
                contract,
                &schema,
                wanted,
                FieldPath::default(),
                0,
                &mut stack,
                &mut found,
            );
            if !found.is_empty() {
                out.push((operation.name(), place, found));
            }
        }
    }
    out
}

/// The paths below `node` at which `wanted` is reached (through `$ref`s,
/// properties, items, maps and `allOf`/`anyOf`/`oneOf` members).
fn find(
    contract: &Contract,
    node: &NodeRef,
    wanted: &NodeRef,
    path: FieldPath,
    depth: usize,
    stack: &mut HashSet<NodeRef>,
    out: &mut Vec<FieldPath>,
) {
    let Some((at, value)) = contract.dereference(node) else {
        return;
    };
    if &at == wanted {
        out.push(path);
        return;
    }
    if depth > MAX_DEPTH || !stack.insert(at.clone()) {
        return;
    }
    let mut next = |child: NodeRef, path: FieldPath| {
        find(contract, &child, wanted, path, depth + 1, stack, out);
    };
    if let Some(Value::Object(properties)) = value.get("properties") {
        for name in properties.keys() {
            next(
                at.push("properties").push(name),
                path.push(Step::Name(name.clone())),
            );
        }
    }
    if value.get("items").is_some_and(Value::is_object) {
        next(at.push("items"), path.push(Step::Items));
    }
    if value
        .get("additionalProperties")
        .is_some_and(Value::is_object)
    {
        next(at.push("additionalProperties"), path.push(Step::AnyName));
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = value.get(keyword) {
            for index in 0..members.len() {
                next(at.push(keyword).push_index(index), path.clone());
            }
        }
    }
    stack.remove(&at);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Evidence;

    #[test]
    fn a_mapped_field_is_used_wherever_an_operation_holds_the_mapped_schema() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let config = Config::read(&root.join("accord.yaml")).unwrap();
        let mut usage = Usage::default();
        usage.add_mappings(&config).unwrap();
        let city = |operation: &str, status: u16, path: &str| -> Vec<(String, Evidence)> {
            usage
                .users(
                    "crm",
                    operation,
                    &Element::ResponseField {
                        status: Some(status),
                        field: FieldPath::parse(path),
                    },
                )
                .into_iter()
                .map(|(who, e)| (who.name.clone(), e.clone()))
                .collect()
        };
        // The account is the whole answer of one operation and the items
        // of another's `records`.
        let one = city("GET /accounts/{accountId}", 200, "BillingAddress.city");
        let listed = city("GET /accounts", 200, "records[].BillingAddress.city");
        for users in [&one, &listed] {
            let acme = users.iter().find(|(name, _)| name == "acme").expect("acme");
            assert_eq!(acme.1.via, "mapping");
            assert_eq!(
                acme.1.name,
                "account billing_address.city → BillingAddress.city"
            );
            assert!(
                acme.1.file.ends_with("contracts/tenants/acme.yaml"),
                "{}",
                acme.1.file
            );
        }
        // A field no mapping names is not used by one.
        assert!(city("GET /accounts/{accountId}", 200, "OwnerId").is_empty());
    }
}
