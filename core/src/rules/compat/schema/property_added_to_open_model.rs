use crate::diff::{Change, Check};
use crate::findings::Level;
use crate::rules::compat::schema::{found, place, say};
use crate::rules::{Family, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a property declared in an open content model (no
    /// `additionalProperties: false`), where old data could already carry that
    /// name with any value. (Confluent's STRICT policy.)
    ///
    /// ## Why is it breaking?
    /// Old data may hold a member of that name with another type; readers on
    /// the new schema reject it. Close the model, or declare the property with
    /// a schema that accepts what was allowed. Under the `backward` and `full`
    /// modes this fails the check; under
    /// `forward` it is listed at `info` as a changelog entry.
    ///
    /// ## Example
    /// base `{"properties": {"foo": {}}}` → revision `{"properties": {"foo":
    /// {}, "bar": {"type": "number"}}}`: `{"bar": "x"}` is rejected now.
    RULE: Rule<Change> = ("property-added-to-open-model", Level::Error, Family::Schema, check)
}

fn check(change: &Change) -> Option<String> {
    let c = found(change, Check::Backward, &["properties"])?;
    (c.open_model).then(|| {
        say(
            c,
            &format!(
                "{} is declared now, with a schema, where any value was allowed",
                place(c)
            ),
        )
    })
}
