//! Governance rules: the domain's conventions on every contract (`accord
//! lint`, and inside `accord check`). `lint/` finds what they judge;
//! `accord.yaml`'s `lint` section sets their levels and exceptions.

/// Something a governance rule judges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LintIssue {
    OperationIdMissing,
    OperationIdDuplicate {
        id: String,
        first: String,
    },
    SuccessResponseMissing,
    ErrorResponseMissing,
    ErrorNotProblemDetails {
        status: String,
        why: String,
    },
    PaginationMissing,
    SecurityMissing {
        explicitly_public: bool,
    },
    PathSegmentCase {
        segment: String,
    },
    PathCollectionSingular {
        segment: String,
    },
    /// A templated path with the shape of an earlier one (`first`), its
    /// parameters named differently.
    PathAmbiguous {
        first: String,
    },
    InfoVersionNotSemver {
        version: String,
    },
    SunsetMissing {
        what: String,
    },
    OwnerMissing {
        subject: String,
    },
    RateLimitUndocumented {
        missing: String,
    },
    IdempotencyKeyMissing {
        header: String,
    },
    CorrelationIdMissing {
        header: String,
        side: &'static str,
    },
    TenantIdentificationMissing {
        how: String,
    },
    ApiVersionMissing {
        how: String,
    },
    PropertyCase {
        property: String,
        case: &'static str,
    },
    CanonicalRedefined {
        schema: String,
        canonical: String,
        shared: usize,
    },
    PiiMarkingLost {
        property: String,
        canonical: String,
    },
    EventEnvelopeFieldMissing {
        field: String,
    },
    EventTypeName {
        name: String,
    },
    EventRetentionMissing,
}

mod api_version_missing;
mod canonical_schema_redefined;
mod correlation_id_missing;
mod error_response_not_problem_details;
mod event_envelope_field_missing;
mod event_retention_missing;
mod event_type_name;
mod idempotency_key_missing;
mod info_version_not_semver;
mod list_pagination_missing;
mod operation_error_response_missing;
mod operation_id_duplicate;
mod operation_id_missing;
mod operation_security_missing;
mod operation_success_response_missing;
mod path_ambiguous;
mod path_collection_singular;
mod path_segment_case;
mod pii_marking_lost;
mod property_case;
mod rate_limit_undocumented;
mod subject_owner_missing;
mod sunset_missing;
mod tenant_identification_missing;

crate::rules::rule_table!(
    /// Every lint rule, sorted by id.
    LintIssue;
    api_version_missing,
    canonical_schema_redefined,
    correlation_id_missing,
    error_response_not_problem_details,
    event_envelope_field_missing,
    event_retention_missing,
    event_type_name,
    idempotency_key_missing,
    info_version_not_semver,
    list_pagination_missing,
    operation_error_response_missing,
    operation_id_duplicate,
    operation_id_missing,
    operation_security_missing,
    operation_success_response_missing,
    path_ambiguous,
    path_collection_singular,
    path_segment_case,
    pii_marking_lost,
    property_case,
    rate_limit_undocumented,
    subject_owner_missing,
    sunset_missing,
    tenant_identification_missing,
);
