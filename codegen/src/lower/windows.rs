//! The vendor's capped date ranges, read from its own words so that a new cap in a new spec is picked up.

use crate::ir::{Api, DateWindow, DefaultRange, Envelope, Param, ParamLocation, Response, Type};
use crate::report::{Report, Rule, Stage};

/// Lists that refuse long date ranges are split into windows the vendor accepts.
pub static DATE_WINDOWS: Rule = Rule {
    name: "date-windows",
    stage: Stage::Lower,
    code: file!(),
    summary: "a list whose description caps its date range (\"maximum … range … N days\") splits any range into N-day \
              windows and yields each item once; the range it covers when given none (\"the last N calendar days\", \
              \"from current date to Sunday +N days\") is recorded for the fake",
    evidence: "Get appointments: \"The maximum datetime range is 30 days\"; bills and transactions: \"a maximum time \
               range of 31 days\"; RobyJB and the Deno bridge both chunk by 30 days",
};

/// The window of a list operation, if its description caps the range and it has start and end date filters.
pub(super) fn date_window(
    id: &str,
    description: Option<&str>,
    params: &[Param],
    response: &Response,
    report: &mut Report,
) -> Option<DateWindow> {
    if !matches!(response, Response::Json { envelope: Envelope::List, .. }) {
        return None;
    }
    let description = description?;
    let max_days = max_range_days(description)?;
    let date_param = |needle: &str| {
        params.iter().find(|param| {
            param.location == ParamLocation::Query
                && param.ty == Type::Date
                && !param.required
                && param.wire_name.to_ascii_lowercase().contains(needle)
        })
    };
    let (start, end) = (date_param("start")?, date_param("end")?);
    report.touched(&DATE_WINDOWS, id);
    Some(DateWindow {
        max_days,
        start_param: start.rust_name.clone(),
        end_param: end.rust_name.clone(),
        start_wire: start.wire_name.clone(),
        end_wire: end.wire_name.clone(),
        default: default_range(description),
        dedupe_by: None,
    })
}

/// Decides, once the models are final, which field each windowed list's items are told apart by: an optional
/// integer `id` (every field of a received model is optional).
pub(super) fn dedupe_keys(api: &mut Api) {
    let models = &api.models;
    for op in api.groups.iter_mut().flat_map(|group| group.operations.iter_mut()) {
        let Some(window) = &mut op.window else { continue };
        let Response::Json { ty: Type::Model(name), .. } = &op.response else { continue };
        let item = models.iter().find(|model| &model.name == name);
        window.dedupe_by = item
            .and_then(|model| {
                model.fields.iter().find(|field| field.rust_name == "id" && field.ty == Type::Int && !field.required)
            })
            .map(|field| field.rust_name.clone());
    }
}

/// The range a description says the list covers when given no dates.
fn default_range(description: &str) -> Option<DefaultRange> {
    let lower = description.to_ascii_lowercase();
    let days_after = |needle: &str| -> Option<u32> {
        let rest = &lower[lower.find(needle)? + needle.len()..];
        rest.trim_start().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok().filter(|n| *n > 0)
    };
    if let Some(days) = days_after("the last") {
        return Some(DefaultRange::LastDays(days));
    }
    days_after("to sunday +").map(DefaultRange::TodayToSundayPlus)
}

/// The N of "maximum … range … N days" in a description.
fn max_range_days(description: &str) -> Option<u32> {
    let lower = description.to_ascii_lowercase();
    let after_maximum = &lower[lower.find("maximum")?..];
    let after_range = &after_maximum[after_maximum.find("range")?..];
    let words: Vec<&str> = after_range.split(|c: char| c.is_whitespace() || c == '.' || c == ',').collect();
    (0..words.len()).find_map(|i| {
        let unit = match words.get(i + 1) {
            Some(&"calendar") => words.get(i + 2).copied(),
            other => other.copied(),
        };
        if unit == Some("days") { words[i].parse().ok().filter(|n| *n > 0) } else { None }
    })
}

#[cfg(test)]
mod tests {
    use super::{DefaultRange, default_range, max_range_days};

    #[test]
    fn reads_the_vendor_sentences() {
        assert_eq!(max_range_days("Get a list of appointments. The maximum datetime range is 30 days."), Some(30));
        assert_eq!(max_range_days("You can filter bills using a maximum time range of 31 days."), Some(31));
        assert_eq!(max_range_days("limited to the last 31 calendar days"), None);
        assert_eq!(max_range_days("The maximum range is 0 days."), None);
        assert_eq!(max_range_days("maximum range is 30 days"), Some(30));
        assert_eq!(max_range_days("maximum range of 31 calendar days"), Some(31));
    }

    #[test]
    fn reads_the_default_ranges() {
        let bills = "By default, the list of bills is limited to the last 31 calendar days.";
        assert_eq!(default_range(bills), Some(DefaultRange::LastDays(31)));
        let appointments =
            "The default Date filter is from current date to Sunday +14 days. The maximum datetime range is 30 days.";
        assert_eq!(default_range(appointments), Some(DefaultRange::TodayToSundayPlus(14)));
        assert_eq!(default_range("The maximum range is 30 days."), None);
    }
}
