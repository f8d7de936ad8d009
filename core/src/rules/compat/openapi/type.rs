use crate::diff::{Change, Delta, Direction, KeywordChange, Root, Types};
use crate::model::schema::TypeSet;
use crate::rules::{Family, Hit, declare_rule};

use super::{Described, keyword, place_id};
use crate::findings::Level;

declare_rule! {
    /// ## What it does
    /// Flags a change of a schema's `type` or `format`. A change that accepts
    /// every value the old type did (`integer` → `number`, `int32` → `int64`, a
    /// type removed) is `generalized`; the reverse is `specialized`. Where values
    /// travel as text (headers, parameters, XML and form bodies) a change between
    /// `string` and a scalar type is `compatible`.
    ///
    /// ## Why is it breaking?
    /// In a request, a narrower or different type rejects values clients send; a
    /// generalized one does not. In a response, a generalized or different type
    /// sends values clients cannot parse; a specialized one does not.
    ///
    /// ## Example
    /// base: `{type: integer}` → revision: `{type: string}` on a request property.
    RULE: Rule<Change> = ("type", Family::OpenApi, check, [
        ("request-body-type-changed", Level::Error),
        ("request-body-type-compatible", Level::Info),
        ("request-body-type-generalized"),
        ("request-parameter-property-type-changed", Level::Warning),
        ("request-parameter-property-type-generalized"),
        ("request-parameter-property-type-specialized"),
        ("request-parameter-type-changed", Level::Error),
        ("request-parameter-type-generalized"),
        ("request-property-type-changed", Level::Error),
        ("request-property-type-compatible", Level::Info),
        ("request-property-type-generalized"),
        ("response-body-type-changed", Level::Error),
        ("response-body-type-compatible", Level::Info),
        ("response-body-type-generalized"),
        ("response-body-type-specialized"),
        ("response-header-type-changed", Level::Error),
        ("response-header-type-compatible", Level::Info),
        ("response-header-type-generalized"),
        ("response-header-type-specialized"),
        ("response-property-type-changed", Level::Error),
        ("response-property-type-compatible", Level::Info),
        ("response-property-type-generalized"),
        ("response-property-type-specialized"),
    ])
}

fn check(change: &Change) -> Option<Hit> {
    let (k, prefix) = keyword(change)?;
    let Delta::Type {
        before,
        after,
        items_cover,
    } = &k.delta
    else {
        return None;
    };
    let place = Described(change, &k.place);
    let (b, a) = (before.describe(), after.describe());
    // Header values and non-JSON bodies travel as text, where `5` and
    // `"5"` are the same bytes.
    let textual = matches!(k.place.root, Root::Header { .. })
        || (k.place.root == Root::Body
            && change.media_type.as_deref().is_some_and(|m| !is_json(m)));
    let parameter = matches!(k.place.root, Root::Parameter { .. });
    let response = change.direction == Some(Direction::Response);
    let suffix = if textual && scalar_as_text(before, after) {
        "type-compatible"
    } else if !before.unknown.is_empty() || !after.unknown.is_empty() {
        "type-changed"
    } else if (parameter && *items_cover && scalar_to_form_array(k, before, after))
        || (parameter && k.place.is_root() && text_widened(before, after))
        || accepts_all(after, before, response)
    {
        "type-generalized"
    } else if accepts_all(before, after, false) || (parameter && text_narrowed(before, after)) {
        "type-specialized"
    } else {
        "type-changed"
    };
    let id = place_id(&RULE, k, prefix, suffix);
    // Where oasdiff has no id for the kind, the change is plainly a change.
    let id = if RULE.meta(&id).is_some() {
        id
    } else {
        place_id(&RULE, k, prefix, "type-changed")
    };
    Some(Hit::new(
        id,
        format!("the type of {place} was changed from `{b}` to `{a}`"),
    ))
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// `string` on one side and a scalar on the other, or an object sent as
/// text: the same text on the wire.
fn scalar_as_text(before: &Types, after: &Types) -> bool {
    let scalar = TypeSet::INTEGER
        .union(TypeSet::NUMBER)
        .union(TypeSet::BOOLEAN);
    let string = |t: &Types| t.set == TypeSet::STRING;
    let loose = |t: &Types| !t.set.is_empty() && scalar.union(TypeSet::OBJECT).contains(t.set);
    (string(before) && loose(after)) || (string(after) && loose(before))
}

/// A parameter's text that was any string must now read as a number or a
/// boolean.
fn text_narrowed(before: &Types, after: &Types) -> bool {
    let scalar = TypeSet::INTEGER
        .union(TypeSet::NUMBER)
        .union(TypeSet::BOOLEAN);
    before.set == TypeSet::STRING
        && before.format.is_none()
        && !after.set.is_empty()
        && scalar.contains(after.set)
}

/// A parameter that read a number or a boolean now reads any string: its
/// value is text in the URL or the header, and every value clients sent
/// still is one. (Object parameters may travel as JSON, so this holds for
/// the parameter itself, not its properties.)
fn text_widened(before: &Types, after: &Types) -> bool {
    text_narrowed(after, before)
}

/// `number` includes `integer`.
fn with_integers(set: TypeSet) -> TypeSet {
    if set.contains(TypeSet::NUMBER) {
        set.union(TypeSet::INTEGER)
    } else {
        set
    }
}

/// A query parameter that became an array of what it was: in the default
/// `form` style with `explode`, `?id=1` still reads as a one-element array.
fn scalar_to_form_array(k: &KeywordChange, before: &Types, after: &Types) -> bool {
    matches!(&k.place.root, Root::Parameter { location, .. } if location == "query")
        && k.place.is_root()
        && after.set == TypeSet::ARRAY
        && !before.set.is_empty()
        && !before.set.contains(TypeSet::ARRAY)
}

/// Whether a schema of type `wide` accepts every value one of type
/// `narrow` does, formats included. `strict` (what clients read): an
/// unconstrained type or a dropped format counts as a change, not a
/// generalization, as oasdiff counts it.
fn accepts_all(wide: &Types, narrow: &Types, strict: bool) -> bool {
    if strict && (wide.set.is_empty() || wide.format != narrow.format) {
        return false;
    }
    if wide.set.is_empty() {
        return wide.format.is_none() || wide.format == narrow.format;
    }
    if narrow.set.is_empty() || !with_integers(wide.set).contains(narrow.set) {
        return false;
    }
    match (&wide.format, &narrow.format) {
        (None, _) => true,
        (Some(w), Some(n)) => w == n || format_includes(w, n),
        (Some(_), None) => false,
    }
}

fn format_includes(wide: &str, narrow: &str) -> bool {
    matches!(
        (wide, narrow),
        ("int64", "int32")
            | ("double", "float")
            | ("number", "int32" | "int64" | "float" | "double")
    )
}
