//! Two versions of one contract → findings: the OpenAPI engine for API
//! documents, the JSON Schema engine (under a compatibility mode) for
//! schemas. What `diff`, `register` and `check` share.

use crate::diff::{self, DiffOptions, Mode, Sides};
use crate::findings::{Finding, Level};
use crate::load::{Contract, ContractKind};
use crate::rules;

/// BASE and REVISION are different kinds of contract.
#[derive(Debug, thiserror::Error)]
#[error(
    "{base} is {base_kind} but {revision} is {revision_kind}: compare two versions of the same kind of contract"
)]
pub struct KindMismatch {
    pub base: String,
    pub base_kind: String,
    pub revision: String,
    pub revision_kind: String,
}

/// The findings of `revision` against `base`. `mode` says what a JSON
/// Schema must stay compatible with; OpenAPI rules know their directions.
pub fn contracts(
    base: &Contract,
    revision: &Contract,
    mode: Mode,
    options: &DiffOptions,
) -> Result<Vec<Finding>, KindMismatch> {
    let sides = Sides { base, revision };
    match (&base.kind, &revision.kind) {
        (ContractKind::OpenApi { .. }, ContractKind::OpenApi { .. }) => {
            let changes = diff::openapi(base, revision, options);
            Ok(rules::compat::openapi::judge(&changes, sides))
        }
        (ContractKind::JsonSchema { .. }, ContractKind::JsonSchema { .. }) => {
            let changes = diff::jsonschema(base, revision, mode);
            Ok(rules::judge(rules::compat::schema::RULES, &changes, sides))
        }
        (b, r) => Err(KindMismatch {
            base: base.root().display_path(),
            base_kind: b.describe(),
            revision: revision.root().display_path(),
            revision_kind: r.describe(),
        }),
    }
}

/// Whether any finding breaks (is at `error`).
pub fn breaks(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.level == Level::Error)
}
