//! What each change is about, as a client meets it ([`Target`]): the
//! usage index answers who uses it. Where a change could reach more than
//! one element, the target is the widest of them (a new required request
//! property concerns every sender of the object that holds it, not only
//! those who sent the property): a finding may name a user it does not
//! break, never leave out one it does.

use crate::model::target::{FieldPath, Target};

use super::schema::field_path;
use super::{BodyChange, Change, ChangeKind, Delta, Direction, ParameterChange, Root};

impl Change {
    /// `None` for a change no client meets as such: a component schema
    /// removed (its effects on operations are changes of their own), a
    /// webhook (called by the provider, not by its clients).
    pub fn target(&self) -> Option<Target> {
        if matches!(
            self.kind,
            ChangeKind::ComponentSchemaRemoved { .. } | ChangeKind::Webhook { .. }
        ) {
            return None;
        }
        Some(self.target_of_operation())
    }

    fn target_of_operation(&self) -> Target {
        if self.operation.is_none() {
            return Target::Api;
        }
        let response = |field: FieldPath| Target::Response {
            status: self.status.clone(),
            field,
        };
        match &self.kind {
            ChangeKind::ParameterRemoved { location, name, .. }
            | ChangeKind::Parameter {
                location,
                name,
                change: ParameterChange::Deprecated { .. } | ParameterChange::Sunset { .. },
            } => Target::Parameter {
                location: location.clone(),
                name: name.clone(),
            },
            ChangeKind::Parameter {
                location,
                name,
                change: ParameterChange::Required { now },
            } => {
                if *now {
                    // Callers that did not send it break.
                    Target::Operation
                } else {
                    Target::Parameter {
                        location: location.clone(),
                        name: name.clone(),
                    }
                }
            }
            ChangeKind::RequestBody(BodyChange::Removed) => Target::Request(FieldPath::default()),
            ChangeKind::MediaType { .. }
            | ChangeKind::MediaTypeRenamed { .. }
            | ChangeKind::MediaTypeSchema { .. }
                if self.direction == Some(Direction::Response) =>
            {
                response(FieldPath::default())
            }
            ChangeKind::Response { .. } => response(FieldPath::default()),
            ChangeKind::ResponseHeader { name, .. } => Target::ResponseHeader {
                status: self.status.clone(),
                name: name.clone(),
            },
            ChangeKind::Keyword(k) => match &k.place.root {
                Root::Parameter { location, name } => Target::Parameter {
                    location: location.clone(),
                    name: name.clone(),
                },
                Root::Header { name } => Target::ResponseHeader {
                    status: self.status.clone(),
                    name: name.clone(),
                },
                Root::Body => {
                    let field = field_path(&k.place.path);
                    match self.direction {
                        Some(Direction::Response) => response(field),
                        Some(Direction::Request) => {
                            // A property that appears or becomes required
                            // concerns whoever sends the object without it.
                            let presence = matches!(
                                k.delta,
                                Delta::PropertyAdded { .. } | Delta::Required { now: true, .. }
                            );
                            let field = if presence { field.parent() } else { field };
                            if field.is_root() {
                                Target::Operation
                            } else {
                                Target::Request(field)
                            }
                        }
                        None => Target::Operation,
                    }
                }
            },
            // Operations added or removed, their attributes, parameters
            // added, request bodies added or required, security, callbacks:
            // every call of the operation.
            _ => Target::Operation,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diff::DiffOptions;
    use crate::load::{Contract, Document, NoFiles};
    use crate::model::target::Target;

    fn api(body: &str) -> Contract {
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      parameters:\n        - {{name: limit, in: query, schema: {{type: integer, maximum: 10}}}}\n      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: array, items: {{$ref: '#/components/schemas/A'}}}}}}}}}}\ncomponents:\n  schemas:\n    A:\n{body}"
        );
        let doc = Document::parse("api.yaml".into(), yaml.into_bytes()).unwrap();
        Contract::from_root(doc, &mut NoFiles).unwrap()
    }

    fn targets(base: &str, revision: &str) -> Vec<String> {
        let mut out: Vec<String> =
            crate::diff::openapi(&api(base), &api(revision), &DiffOptions::default())
                .iter()
                .filter_map(|c| c.target())
                .map(|t| match t {
                    Target::Request(f) => format!("request {f}"),
                    Target::Response { status, field } => {
                        format!("response {} {field}", status.unwrap_or_default())
                    }
                    other => format!("{other:?}"),
                })
                .collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn a_property_change_concerns_that_field_on_each_side() {
        let base = "      type: object\n      properties:\n        lines: {type: array, items: {type: object, properties: {sku: {type: string, maxLength: 9}}}}\n";
        let revision = base.replace("maxLength: 9", "maxLength: 5");
        assert_eq!(
            targets(base, &revision),
            ["request lines[].sku", "response 200 [].lines[].sku"]
        );
    }

    #[test]
    fn a_new_required_request_property_concerns_whoever_sends_its_object() {
        let base = "      type: object\n      properties:\n        o: {type: object, properties: {a: {type: string}}}\n";
        let revision = "      type: object\n      properties:\n        o: {type: object, properties: {a: {type: string}, b: {type: string}}, required: [b]}\n";
        let found = targets(base, revision);
        assert!(found.contains(&"request o".to_owned()), "{found:?}");
    }

    #[test]
    fn branches_and_maps_are_read_as_data() {
        let base = "      type: object\n      properties:\n        m: {type: object, additionalProperties: {type: string, maxLength: 9}}\n        u: {oneOf: [{type: object, properties: {x: {type: string, maxLength: 9}}}, {type: integer}]}\n";
        let revision = base.replace("maxLength: 9", "maxLength: 5");
        let found = targets(base, &revision);
        assert!(found.contains(&"request m.*".to_owned()), "{found:?}");
        assert!(found.contains(&"request u.x".to_owned()), "{found:?}");
    }

    #[test]
    fn a_parameter_change_concerns_the_parameter() {
        let body = "      type: object\n";
        let revision = Contract::from_root(
            Document::parse(
                "api.yaml".into(),
                api(body)
                    .document(crate::load::DocId(0))
                    .text
                    .replace("maximum: 10", "maximum: 5")
                    .into_bytes(),
            )
            .unwrap(),
            &mut NoFiles,
        )
        .unwrap();
        let found: Vec<Target> =
            crate::diff::openapi(&api(body), &revision, &DiffOptions::default())
                .iter()
                .filter_map(crate::diff::Change::target)
                .collect();
        assert_eq!(
            found,
            [Target::Parameter {
                location: "query".to_owned(),
                name: "limit".to_owned()
            }]
        );
    }
}
