use crate::diff::{Change, ChangeKind};
use crate::findings::Level;
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Lists a schema removed from `components.schemas`.
    ///
    /// ## Why it matters
    /// Whatever used it was changed too, and is reported where it is used;
    /// but SDKs generated from the spec lose the type, and code naming it no
    /// longer compiles. A changelog entry.
    ///
    /// ## Example
    /// base: `components: {schemas: {LegacyAccount: …}}` → revision: without
    /// `LegacyAccount`.
    RULE: Rule<Change> = ("api-schema-removed", Level::Info, Family::OpenApi, check)
}

fn check(change: &Change) -> Option<String> {
    match &change.kind {
        ChangeKind::ComponentSchemaRemoved { name } => Some(format!(
            "the schema `{name}` was removed from the components"
        )),
        _ => None,
    }
}
