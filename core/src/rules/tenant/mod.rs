//! Tenant rules: each tenant's overlays on the canonical objects and its
//! field mappings between them and each system's API, as `tenants/` finds
//! them.

/// Which side of a mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Canonical,
    System,
}

/// Something wrong with a tenant's overlay or mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TenantIssue {
    /// The overlay defines a property the canonical object already has.
    RedefinesField { object: String, field: String },
    /// The effective schema accepts what the canonical one rejects.
    OverlayIncompatible { object: String, detail: String },
    /// The overlay names an object that is not a canonical subject.
    UnknownObject { object: String },
    /// A mapped field is not in its schema.
    FieldMissing {
        system: String,
        object: String,
        side: Side,
        field: String,
        schema: String,
    },
    /// The two fields of a mapping can hold no common type.
    TypeMismatch {
        system: String,
        object: String,
        canonical: String,
        canonical_types: Vec<String>,
        field: String,
        system_types: Vec<String>,
    },
    /// The mapping's system or schema is not there.
    SchemaMissing {
        system: String,
        object: String,
        schema: String,
        why: String,
    },
}

mod tenant_mapping_field_missing;
mod tenant_mapping_schema_missing;
mod tenant_mapping_type_mismatch;
mod tenant_overlay_incompatible;
mod tenant_overlay_redefines_field;
mod tenant_overlay_unknown_object;

crate::rules::rule_table!(
    /// Every tenant rule, sorted by id.
    TenantIssue;
    tenant_mapping_field_missing,
    tenant_mapping_schema_missing,
    tenant_mapping_type_mismatch,
    tenant_overlay_incompatible,
    tenant_overlay_redefines_field,
    tenant_overlay_unknown_object,
);
