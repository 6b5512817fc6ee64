//! Repair rules of the security family: who authenticates.

use serde_json::{Value, json};

use super::walk;
use crate::error::Result;
use crate::report::{Report, Rule, Stage};
use crate::source::SourceMap;

/// Operations that declare no security get the document's API key requirement.
pub mod archive_wide_auth {
    use super::*;

    /// The rule.
    pub static RULE: Rule = Rule {
        name: "archive-wide-auth",
        stage: Stage::Repair,
        code: file!(),
        summary: "when the document has security schemes but no top-level `security`, an operation without \
                  `security` gets the API key requirement (`[{apiKey: []}]`, the first `apiKey` scheme, else the \
                  first scheme); an explicit `security` (even `[]`) is kept",
        evidence: "The 1.1.1 reference page shows `Authorizations: apiKey` on every operation except Get free slots, \
                   Update a patient and Get a care plan entry, yet lists the required X-Api-Key header on those too; \
                   an API key belongs to an archive and the API has no anonymous access.",
    };

    /// Applies the rule to `document`.
    pub fn apply(document: &mut Value, _source: &SourceMap, report: &mut Report) -> Result<()> {
        report.ran(&RULE);
        if document.get("security").is_some_and(|security| security.as_array().is_some_and(|list| !list.is_empty())) {
            // Operations without their own `security` already inherit the document's.
            return Ok(());
        }
        let Some(schemes) = document.pointer("/components/securitySchemes").and_then(Value::as_object) else {
            return Ok(());
        };
        let scheme = schemes
            .iter()
            .find(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("apiKey"))
            .or_else(|| schemes.iter().next())
            .map(|(name, _)| name.clone());
        let Some(scheme) = scheme else { return Ok(()) };
        for operation in walk::operations(document) {
            if let Some(Value::Object(fields)) = document.pointer_mut(&operation.pointer)
                && !fields.contains_key("security")
            {
                fields.insert("security".to_owned(), json!([{ scheme.clone(): [] }]));
                report.touched(&RULE, operation.pointer.clone());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(document: &mut Value) -> Vec<String> {
        let mut report = Report::new();
        archive_wide_auth::apply(document, &SourceMap::new("spec.yaml"), &mut report).unwrap();
        report.places("archive-wide-auth").to_vec()
    }

    #[test]
    fn a_top_level_requirement_already_covers_every_operation() {
        let mut document = json!({
            "security": [{"key": []}],
            "paths": {"/a": {"get": {}}},
            "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}}
        });
        let before = document.clone();
        assert!(run(&mut document).is_empty());
        assert_eq!(document, before);
    }

    #[test]
    fn without_schemes_there_is_nothing_to_require() {
        let mut document = json!({"paths": {"/a": {"get": {}}}});
        assert!(run(&mut document).is_empty());
        assert_eq!(document, json!({"paths": {"/a": {"get": {}}}}));
    }

    #[test]
    fn the_first_api_key_scheme_is_required() {
        let mut document = json!({
            "paths": {"/a": {"get": {}}},
            "components": {"securitySchemes": {"oauth": {"type": "oauth2"}, "key": {"type": "apiKey"}}}
        });
        assert_eq!(run(&mut document), ["/paths/~1a/get"]);
        assert_eq!(document["paths"]["/a"]["get"]["security"], json!([{"key": []}]));
    }
}
