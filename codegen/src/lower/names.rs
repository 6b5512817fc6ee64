//! Rust names for the spec's names: one place decides them, so emission and spec-diff agree.

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves; a field or argument with one of these names gets a trailing underscore.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else", "enum", "extern",
    "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut",
    "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A snake_case identifier for a field, argument or method (`italianFiscalCode` → `italian_fiscal_code`).
pub fn snake(name: &str) -> String {
    let mut out = name.trim_start_matches('_').to_snake_case();
    if out.is_empty() {
        out.push_str("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'n');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// The module (and file) name of a generated struct or enum (`CarePlan` → `care_plan`).
pub fn module(type_name: &str) -> String {
    type_name.to_snake_case()
}

/// The name of the `static` describing an operation (`getAppointments` → `GET_APPOINTMENTS`).
pub fn shouty(name: &str) -> String {
    name.to_shouty_snake_case()
}

/// A kebab-case word for a command line (`Appointment Booking Reasons` → `appointment-booking-reasons`).
pub fn kebab(name: &str) -> String {
    let out = name.to_kebab_case();
    if out.is_empty() { "default".to_owned() } else { out }
}

/// An UpperCamelCase identifier for a type or variant (`in_care` → `InCare`, `Phone numbers` → `PhoneNumbers`).
pub fn pascal(name: &str) -> String {
    let mut out = name.to_upper_camel_case();
    if out.is_empty() {
        out.push_str("Empty");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("italianFiscalCode"), "italian_fiscal_code");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("_sampleCustomField"), "sample_custom_field");
        assert_eq!(pascal("in_care"), "InCare");
        assert_eq!(pascal("inPractice"), "InPractice");
        assert_eq!(pascal("tk2"), "Tk2");
        assert_eq!(pascal("0039"), "V0039");
    }
}
