//! Stage 3: named repair rules that make the vendor document valid OpenAPI 3.0 without changing the wire.
//!
//! Each rule matches a quirk by its *shape* (never by operation name), so it works on any document — the
//! fixtures under `tests/fixtures/rules/<name>.yaml` prove it — and records every place it changed in the
//! [`Report`]. The rules run in the order of [`REPAIRS`], and the order matters:
//!
//! 1. `date-type` before `nonstandard-format`: it reads the PHP date patterns (`Y-m-d`) to choose
//!    `format: date` or a local date-time; `nonstandard-format` would otherwise delete them as unknown formats.
//!    `local-date-time` then turns the vendor's own `format: date-time` into the same local form (the form is
//!    written by one function of that rule, which `date-type` calls).
//! 2. `bool-type`: independent of the others.
//! 3. `api-key-header-param` before the other parameter rules (they need not look at a parameter that goes)
//!    and before `archive-wide-auth` (it may add the security scheme that rule then requires).
//! 4. `archive-path-param` before `path-param-not-in-template`: a parameter `archive` next to a template
//!    `{archiveId}` is a misnamed path parameter, not a query parameter.
//! 5. `path-param-not-in-template`, then `comma-separated-arrays`, which looks at query parameters only —
//!    including those the previous rule moved to the query.
//! 6. `archive-wide-auth`, once the security schemes are final.
//! 7. `nonstandard-format`, after every rule that reads or writes formats.
//! 8. `example-types` last, once every schema's type is final (`nonstandard-format` may add an example).

pub mod examples;
pub mod params;
pub mod security;
pub mod types;
pub mod walk;

use serde_json::Value;

use crate::error::Result;
use crate::report::{Report, Rule};
use crate::source::SourceMap;

/// What every repair rule's function looks like.
type Apply = fn(&mut Value, &SourceMap, &mut Report) -> Result<()>;

/// One repair rule and the function that applies it.
pub struct Repair {
    /// The rule.
    pub rule: &'static Rule,
    apply: Apply,
}

/// The repair rules with their functions, in the order they run: the one registry.
pub static REPAIRS: &[Repair] = &[
    Repair { rule: &types::date_type::RULE, apply: types::date_type::apply },
    Repair { rule: &types::local_date_time::RULE, apply: types::local_date_time::apply },
    Repair { rule: &types::bool_type::RULE, apply: types::bool_type::apply },
    Repair { rule: &params::api_key_header_param::RULE, apply: params::api_key_header_param::apply },
    Repair { rule: &params::archive_path_param::RULE, apply: params::archive_path_param::apply },
    Repair { rule: &params::path_param_not_in_template::RULE, apply: params::path_param_not_in_template::apply },
    Repair { rule: &params::comma_separated_arrays::RULE, apply: params::comma_separated_arrays::apply },
    Repair { rule: &security::archive_wide_auth::RULE, apply: security::archive_wide_auth::apply },
    Repair { rule: &types::nonstandard_format::RULE, apply: types::nonstandard_format::apply },
    Repair { rule: &examples::example_types::RULE, apply: examples::example_types::apply },
];

/// The repair rules, in the order they run.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    REPAIRS.iter().map(|repair| repair.rule)
}

/// Runs every repair rule on `document`, in order; `source` locates the errors a rule finds.
pub fn repair(document: &mut Value, source: &SourceMap, report: &mut Report) -> Result<()> {
    for repair in REPAIRS {
        (repair.apply)(document, source, report)?;
    }
    Ok(())
}
