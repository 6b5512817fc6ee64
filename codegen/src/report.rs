//! What the run did: which rules fired and where, which overlay actions applied, and what matched nothing.
//!
//! A correction that stops matching after a vendor update is a warning here, never silence: the maintainer
//! regenerating the client is the one who has to notice that the vendor fixed (or moved) something.

use std::fmt::Write as _;

/// The stage a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Runs on the raw document and makes it valid OpenAPI 3.0.
    Repair,
    /// Runs while lowering to the IR: vendor wire formats, envelopes, pagination, windows.
    Lower,
}

impl Stage {
    /// The stage's name in reports and the rule catalogue.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Repair => "repair",
            Stage::Lower => "lower",
        }
    }
}

/// A named rule: one vendor quirk, handled in one place.
#[derive(Debug)]
pub struct Rule {
    /// Kebab-case name, also the name of its fixture (`tests/fixtures/rules/<name>.yaml`).
    pub name: &'static str,
    /// The stage it runs in.
    pub stage: Stage,
    /// The file that defines and applies it, relative to the repository root (`file!()` where it is defined).
    pub code: &'static str,
    /// What it matches and what it changes, in one sentence.
    pub summary: &'static str,
    /// Why: the evidence that the vendor really behaves so.
    pub evidence: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct RuleRecord {
    rule: &'static Rule,
    places: Vec<String>,
}

/// One overlay action and how many nodes its target matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRecord {
    /// The action's JSONPath target.
    pub target: String,
    /// The action's description (its evidence).
    pub description: String,
    /// How many nodes the target matched.
    pub matched: usize,
}

/// Everything the run did that a maintainer should see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    rules: Vec<RuleRecord>,
    actions: Vec<ActionRecord>,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Rule {}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Declares that `rule` ran, so that it is listed (and warned about) even if it touched nothing.
    pub fn ran(&mut self, rule: &'static Rule) {
        if !self.rules.iter().any(|record| record.rule.name == rule.name) {
            self.rules.push(RuleRecord { rule, places: Vec::new() });
        }
    }

    /// Records that `rule` changed the place `place` (a JSON pointer, or `operationId`/`Model.field`).
    pub fn touched(&mut self, rule: &'static Rule, place: impl Into<String>) {
        self.ran(rule);
        if let Some(record) = self.rules.iter_mut().find(|record| record.rule.name == rule.name) {
            record.places.push(place.into());
        }
    }

    /// Records one overlay action.
    pub fn action(&mut self, record: ActionRecord) {
        self.actions.push(record);
    }

    /// The places `rule` touched, in the order it touched them.
    pub fn places(&self, rule_name: &str) -> &[String] {
        self.rules.iter().find(|record| record.rule.name == rule_name).map_or(&[], |record| record.places.as_slice())
    }

    /// The names of the rules that ran, with how many places each touched.
    pub fn rule_counts(&self) -> Vec<(&'static str, usize)> {
        self.rules.iter().map(|record| (record.rule.name, record.places.len())).collect()
    }

    /// The overlay actions, in document order.
    pub fn actions(&self) -> &[ActionRecord] {
        &self.actions
    }

    /// Rules and overlay actions that matched nothing: stale corrections, or a vendor that fixed its document.
    pub fn warnings(&self) -> Vec<String> {
        let rules = self.rules.iter().filter(|record| record.places.is_empty()).map(|record| {
            format!(
                "rule `{}` ({}) matched nothing: {}",
                record.rule.name,
                record.rule.stage.label(),
                record.rule.summary
            )
        });
        let actions = self
            .actions
            .iter()
            .filter(|action| action.matched == 0)
            .map(|action| format!("overlay action on `{}` matched nothing: {}", action.target, action.description));
        rules.chain(actions).collect()
    }

    /// The report as the terminal shows it.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "rules:");
        for record in &self.rules {
            let _ = writeln!(
                out,
                "  {:<7} {:<32} {:>4} place(s)",
                record.rule.stage.label(),
                record.rule.name,
                record.places.len()
            );
        }
        let applied = self.actions.iter().filter(|action| action.matched > 0).count();
        let _ = writeln!(out, "overlay: {applied} of {} action(s) applied", self.actions.len());
        for action in &self.actions {
            let _ = writeln!(out, "  {:>3} × {}", action.matched, action.target);
        }
        for warning in self.warnings() {
            let _ = writeln!(out, "warning: {warning}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static FIRES: Rule =
        Rule { name: "fires", stage: Stage::Repair, code: file!(), summary: "a rule that fires", evidence: "a test" };
    static SILENT: Rule = Rule {
        name: "silent",
        stage: Stage::Lower,
        code: file!(),
        summary: "a rule that never fires",
        evidence: "a test",
    };

    #[test]
    fn rules_and_actions_that_match_nothing_are_warnings() {
        let mut report = Report::new();
        report.touched(&FIRES, "/paths/~1a");
        report.touched(&FIRES, "/paths/~1b");
        report.ran(&SILENT);
        report.action(ActionRecord { target: "$.a".into(), description: "applies".into(), matched: 2 });
        report.action(ActionRecord { target: "$.b".into(), description: "stale".into(), matched: 0 });
        assert_eq!(report.rule_counts(), vec![("fires", 2), ("silent", 0)]);
        assert_eq!(
            report.warnings(),
            vec![
                "rule `silent` (lower) matched nothing: a rule that never fires".to_string(),
                "overlay action on `$.b` matched nothing: stale".to_string(),
            ]
        );
        assert!(report.render().contains("overlay: 1 of 2 action(s) applied"));
    }
}
