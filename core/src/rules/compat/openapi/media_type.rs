use crate::diff::{Change, ChangeKind, Direction};
use crate::findings::Level;
use crate::rules::{Family, Hit, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags media types of a request body or a response added, removed or
    /// renamed, and a media type that gained or lost its schema. A response
    /// whose one media type is replaced by another is `renamed`:
    /// `generalized` when the new one is the base of the old one's structured
    /// suffix (`application/problem+json` → `application/json`), `specialized`
    /// the other way round.
    ///
    /// ## Why is it breaking?
    /// A client sending a request body in a removed media type is rejected; one
    /// reading a response in a removed media type gets something it cannot
    /// parse. A new schema on a request media type constrains what was free.
    ///
    /// ## Example
    /// base: `content: {application/json: …, application/xml: …}` → revision:
    /// `content: {application/json: …}` in a request body.
    RULE: Rule<Change> = ("media-type", Family::OpenApi, check, [
        ("request-body-media-type-added", Level::Info),
        ("request-body-media-type-removed", Level::Error),
        ("request-body-media-type-schema-added", Level::Error),
        ("request-body-media-type-schema-removed", Level::Info),
        ("response-body-media-type-schema-added", Level::Info),
        ("response-body-media-type-schema-removed", Level::Warning),
        ("response-media-type-added", Level::Info),
        ("response-media-type-name-changed", Level::Info),
        ("response-media-type-name-generalized", Level::Error),
        ("response-media-type-name-specialized", Level::Info),
        ("response-media-type-removed", Level::Error),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let place = match (change.direction?, change.status.as_deref()) {
        (Direction::Request, _) => "request body".to_owned(),
        (Direction::Response, Some(status)) => format!("`{status}` response"),
        (Direction::Response, None) => "response".to_owned(),
    };
    let prefix = match change.direction? {
        Direction::Request => "request-body",
        Direction::Response => "response",
    };
    match &change.kind {
        ChangeKind::MediaType { name, added } => Some(if *added {
            Hit::new(
                format!("{prefix}-media-type-added"),
                format!("the media type `{name}` was added to the {place}"),
            )
        } else {
            Hit::new(
                format!("{prefix}-media-type-removed"),
                format!("the media type `{name}` was removed from the {place}"),
            )
        }),
        ChangeKind::MediaTypeSchema { name, added } => {
            let prefix = match change.direction? {
                Direction::Request => "request-body",
                Direction::Response => "response-body",
            };
            Some(if *added {
                Hit::new(
                    format!("{prefix}-media-type-schema-added"),
                    format!("the media type `{name}` of the {place} got a schema"),
                )
            } else {
                Hit::new(
                    format!("{prefix}-media-type-schema-removed"),
                    format!("the media type `{name}` of the {place} lost its schema"),
                )
            })
        }
        ChangeKind::MediaTypeRenamed { before, after } => {
            let kind = if suffix_base(before) == Some(after.as_str()) {
                "generalized"
            } else if suffix_base(after) == Some(before.as_str()) {
                "specialized"
            } else {
                "changed"
            };
            Some(Hit::new(
                format!("{prefix}-media-type-name-{kind}"),
                format!("the media type of the {place} was changed from `{before}` to `{after}`"),
            ))
        }
        _ => None,
    }
}

/// `application/problem+json` → `application/json`.
fn suffix_base(media_type: &str) -> Option<&'static str> {
    // With parameters (`;q=1`) it is another media type altogether.
    if media_type.contains(';') {
        return None;
    }
    let (_, suffix) = media_type.trim().rsplit_once('+')?;
    match suffix {
        "json" => Some("application/json"),
        "xml" => Some("application/xml"),
        _ => None,
    }
}
