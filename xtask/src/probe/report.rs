//! The Markdown report: templates, statuses, kinds and counts — nothing a record holds, so that it can be
//! attached to a public issue.

use std::fmt::Write as _;
use std::time::Duration;

use alfadocs_codegen::ir::{Api, Method as IrMethod, Provenance, Shape, Template};

use super::propose::Proposal;
use super::session::{Findings, Outcome, Traffic, Writes, outcome_line};
use super::writes::unplanned;

/// What the report says about the run itself.
#[derive(Debug, Clone)]
pub struct Run {
    /// The API's origin and base path (no credentials, no query).
    pub base_url: String,
    /// The spec and overlays, as given.
    pub inputs: Vec<String>,
    /// The budget.
    pub budget: Duration,
    /// How long it took.
    pub elapsed: Duration,
    /// Attempts and statuses.
    pub traffic: Traffic,
    /// Where the proposal was written, if it has actions.
    pub overlay_file: Option<String>,
}

fn provenance(provenance: Option<Provenance>) -> &'static str {
    match provenance {
        Some(Provenance::Seen) => "seen",
        Some(Provenance::Inferred) => "inferred",
        Some(Provenance::Guessed) => "guessed",
        None => "unrecorded",
    }
}

/// Renders the report.
pub fn render(api: &Api, run: &Run, findings: &Findings, proposal: &Proposal) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# AlfaDocs probe report\n");
    let _ = writeln!(out, "- API: {}", run.base_url);
    let _ = writeln!(out, "- spec and overlays: {}", run.inputs.join(" + "));
    let _ = writeln!(out, "- budget: {} s; ran {:.1} s", run.budget.as_secs(), run.elapsed.as_secs_f64());
    let statuses: Vec<String> =
        run.traffic.statuses.iter().map(|(status, count)| format!("{status} ×{count}")).collect();
    let _ = writeln!(
        out,
        "- requests: {} attempts (retries included); answers {}; no answer ×{}",
        run.traffic.attempts,
        if statuses.is_empty() { "none".to_owned() } else { statuses.join(", ") },
        run.traffic.unanswered()
    );
    let backed_off =
        run.traffic.statuses.iter().filter(|(status, _)| matches!(status, 429 | 503)).map(|(_, n)| n).sum::<u64>();
    if backed_off > 0 {
        let _ = writeln!(
            out,
            "- the server asked to slow down {backed_off} times (429/503): the client backed off and retried"
        );
    }
    let not_checked: Vec<&str> = findings
        .operations
        .iter()
        .filter(|checked| matches!(checked.outcome, Outcome::Unfinished | Outcome::NotChecked))
        .map(|checked| checked.id.as_str())
        .collect();
    if findings.complete {
        let _ = writeln!(out, "- **complete**: every GET operation was reached");
    } else {
        let _ = writeln!(
            out,
            "- **partial**: the budget ran out; not checked: {} (run again with a larger `--budget`)",
            not_checked.join(", ")
        );
    }
    let writes = api.operations().filter(|(_, operation)| operation.method != IrMethod::Get).count();
    let _ = match &findings.writes {
        Writes::NotAsked => writeln!(
            out,
            "- writes: none sent ({writes} write operations not checked; `--allow-writes --test-archive` sends them to a test archive)"
        ),
        Writes::Refused(why) => writeln!(out, "- writes: asked for and not sent: {why}"),
        Writes::Sent => {
            let never: Vec<&str> = unplanned(api).iter().map(|operation| operation.id.as_str()).collect();
            writeln!(
                out,
                "- writes: sent to the named test archive (creates, then changes and deletes of the probe's own records); never sent: {}; records left in it (created, with no delete operation): {}",
                if never.is_empty() { "none".to_owned() } else { never.join(", ") },
                left_behind(api, findings)
            )
        }
    };
    let _ = writeln!(out, "\nNo value, name or identifier of any record is written here.\n");

    let _ = writeln!(out, "## Paths\n");
    let _ = writeln!(out, "| operation | spec path | provenance | result | tried before |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for checked in &findings.operations {
        let tried: Vec<String> = checked.tried.iter().map(|(path, status)| format!("`{path}`: {status}")).collect();
        let _ = writeln!(
            out,
            "| `{}` | `{} {}` | {} | {} | {} |",
            checked.id,
            checked.method,
            checked.path,
            provenance(checked.provenance),
            outcome_line(&checked.outcome).replace('|', "\\|"),
            tried.join("; ")
        );
    }
    if !findings.envelopes.is_empty() {
        let _ = writeln!(out, "\n## Envelopes that differ\n");
        for mismatch in &findings.envelopes {
            let _ = writeln!(out, "- `{}`: no `{}` key; {}", mismatch.operation, mismatch.expected, mismatch.found);
        }
    }

    let _ = writeln!(out, "\n## Shapes\n");
    let _ = writeln!(
        out,
        "Per field, the JSON kinds seen with counts; \"refused\" counts values the client's reader for the spec's type does not take.\n"
    );
    for model in &api.models {
        let Some(stats) = findings.shapes.models.get(&model.name) else { continue };
        let _ = writeln!(out, "### {} ({} records)\n", model.name, stats.records);
        if !stats.not_objects.is_empty() {
            let kinds: Vec<String> =
                stats.not_objects.iter().map(|(kind, n)| format!("{} ×{n}", kind.label())).collect();
            let _ = writeln!(out, "Not objects where a record was expected: {}\n", kinds.join(", "));
        }
        let _ = writeln!(out, "| field | spec type | kinds seen | refused | outside the enum |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for field in &model.fields {
            let Some(seen) = stats.fields.get(&field.wire_name) else { continue };
            let mut outside: Vec<String> =
                seen.outside_enum.iter().map(|(value, n)| format!("`{value}` ×{n}")).collect();
            if seen.outside_enum_hidden > 0 {
                outside.push(format!("{} not shown", seen.outside_enum_hidden));
            }
            let _ = writeln!(
                out,
                "| `{}` | `{}` | {} | {} | {} |",
                field.wire_name,
                field.ty,
                seen.kinds_text(),
                seen.refused,
                outside.join(", ")
            );
        }
        for (name, seen) in &stats.unknown {
            let _ = writeln!(out, "| `{name}` | **not in the spec** | {} | | |", seen.kinds_text());
        }
        let never = findings.shapes.never_seen(model);
        if !never.is_empty() {
            let _ = writeln!(
                out,
                "\nSpec fields never seen: {}",
                never.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
            );
        }
        if stats.unnamed_keys > 0 {
            let _ = writeln!(out, "\nKeys not in the spec that are not names (not shown): {}", stats.unnamed_keys);
        }
        if stats.custom_field_keys > 0 {
            let _ = writeln!(out, "\nCustom fields (`_` keys, names not shown): {} values", stats.custom_field_keys);
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "## Proposed overlay actions ({})\n", proposal.actions.len());
    match &run.overlay_file {
        Some(file) => {
            let _ = writeln!(
                out,
                "Written to `{file}`. Review them, then regenerate with them on top of ours:\n\n```sh\ncargo xtask codegen --overlay alfadocs-overlay.yaml --overlay {file}\n```\n"
            );
        }
        None => {
            let _ = writeln!(out, "None: nothing seen differs from the spec in a way an action can state.\n");
        }
    }
    for action in &proposal.actions {
        let _ = writeln!(out, "- `{}`: {}", action.target, action.description);
    }
    if !proposal.by_hand.is_empty() {
        let _ = writeln!(out, "\n## Differences to settle by hand\n");
        for note in &proposal.by_hand {
            let _ = writeln!(out, "- {note}");
        }
    }
    out
}

/// The creates that answered whose collection has no delete: what the probe left in the test archive.
fn left_behind(api: &Api, findings: &Findings) -> String {
    let deletable: Vec<&Template> = api
        .operations()
        .filter_map(|(_, operation)| match &operation.shape {
            Shape::Delete(collection) => Some(&collection.path),
            _ => None,
        })
        .collect();
    let left: Vec<&str> = api
        .operations()
        .filter_map(|(_, operation)| match &operation.shape {
            Shape::Create(collection) if !deletable.contains(&&collection.path) => Some(operation.id.as_str()),
            _ => None,
        })
        .filter(|id| findings.operations.iter().any(|c| c.id == *id && matches!(c.outcome, Outcome::Answered { .. })))
        .collect();
    if left.is_empty() { "none".to_owned() } else { format!("one by each of {}", left.join(", ")) }
}
