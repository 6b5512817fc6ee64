//! The two runs' reports side by side: which named rules and overlay actions fire differently on the new
//! document.
//!
//! This is for the maintainer, not the release note. A repair rule that stops firing usually means the vendor
//! fixed its document (the rule may go); one that newly fires means a known quirk spread to new places; an
//! overlay action that stops matching is a stale correction — the vendor moved or fixed what it targeted, and
//! the overlay must follow, or the correction is silently lost.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::report::{ActionRecord, Report};

/// A rule or overlay action that fires differently on the new document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleChange {
    /// The rule touched nothing in the old document and touches something in the new one.
    RuleNewlyFires {
        /// The rule's name.
        rule: String,
        /// How many places it touches now.
        new_places: usize,
        /// The places, sorted.
        added_places: Vec<String>,
    },
    /// The rule touched something in the old document and nothing in the new one.
    RuleStoppedFiring {
        /// The rule's name.
        rule: String,
        /// How many places it touched.
        old_places: usize,
        /// The places, sorted.
        removed_places: Vec<String>,
    },
    /// The rule fires on both, at different places.
    RulePlacesChanged {
        /// The rule's name.
        rule: String,
        /// How many places it touched.
        old_places: usize,
        /// How many it touches now.
        new_places: usize,
        /// Places only the new run touched, sorted.
        added_places: Vec<String>,
        /// Places only the old run touched, sorted.
        removed_places: Vec<String>,
    },
    /// The overlay action matched nothing in the old document and matches now.
    ActionNewlyMatches {
        /// The action's JSONPath target.
        target: String,
        /// The action's description.
        description: String,
        /// How many nodes it matches now.
        new_matched: usize,
    },
    /// The overlay action matched in the old document and matches nothing in the new one: a stale correction.
    ActionStale {
        /// The action's JSONPath target.
        target: String,
        /// The action's description.
        description: String,
        /// How many nodes it matched.
        old_matched: usize,
    },
    /// The overlay action matches a different number of nodes.
    ActionMatchCountChanged {
        /// The action's JSONPath target.
        target: String,
        /// The action's description.
        description: String,
        /// How many nodes it matched.
        old_matched: usize,
        /// How many it matches now.
        new_matched: usize,
    },
}

impl RuleChange {
    /// One line for reports.
    pub fn message(&self) -> String {
        match self {
            RuleChange::RuleNewlyFires { rule, new_places, .. } => {
                format!("rule `{rule}` now fires ({new_places} place(s)); it matched nothing in the old document")
            }
            RuleChange::RuleStoppedFiring { rule, old_places, .. } => format!(
                "rule `{rule}` no longer fires (it touched {old_places} place(s)): the vendor may have fixed the quirk"
            ),
            RuleChange::RulePlacesChanged { rule, old_places, new_places, added_places, removed_places } => format!(
                "rule `{rule}`: {old_places} → {new_places} place(s) (+{}, -{})",
                added_places.len(),
                removed_places.len()
            ),
            RuleChange::ActionNewlyMatches { target, new_matched, .. } => {
                format!(
                    "overlay action on `{target}` now matches {new_matched} node(s); it matched nothing in the old document"
                )
            }
            RuleChange::ActionStale { target, old_matched, .. } => format!(
                "overlay action on `{target}` matches nothing any more (it matched {old_matched}): a stale correction to update"
            ),
            RuleChange::ActionMatchCountChanged { target, old_matched, new_matched, .. } => {
                format!("overlay action on `{target}`: {old_matched} → {new_matched} node(s)")
            }
        }
    }

    /// The places added and removed, for reports that list them.
    pub fn places(&self) -> (&[String], &[String]) {
        match self {
            RuleChange::RuleNewlyFires { added_places, .. } => (added_places, &[]),
            RuleChange::RuleStoppedFiring { removed_places, .. } => (&[], removed_places),
            RuleChange::RulePlacesChanged { added_places, removed_places, .. } => (added_places, removed_places),
            _ => (&[], &[]),
        }
    }
}

/// Compares two reports: rules by name, overlay actions by target and description (and occurrence, should one
/// overlay hold the same action twice).
pub(super) fn compare(old: &Report, new: &Report) -> Vec<RuleChange> {
    let mut changes = Vec::new();
    let names: BTreeSet<&str> = old.rule_counts().into_iter().chain(new.rule_counts()).map(|(name, _)| name).collect();
    for name in names {
        let before: BTreeSet<&String> = old.places(name).iter().collect();
        let after: BTreeSet<&String> = new.places(name).iter().collect();
        let added: Vec<String> = after.difference(&before).map(|place| (*place).clone()).collect();
        let removed: Vec<String> = before.difference(&after).map(|place| (*place).clone()).collect();
        let (old_places, new_places) = (old.places(name).len(), new.places(name).len());
        let rule = name.to_owned();
        let change = match (old_places, new_places) {
            (0, 0) => None,
            (0, _) => Some(RuleChange::RuleNewlyFires { rule, new_places, added_places: added }),
            (_, 0) => Some(RuleChange::RuleStoppedFiring { rule, old_places, removed_places: removed }),
            _ if old_places != new_places || !added.is_empty() || !removed.is_empty() => {
                Some(RuleChange::RulePlacesChanged {
                    rule,
                    old_places,
                    new_places,
                    added_places: added,
                    removed_places: removed,
                })
            }
            _ => None,
        };
        changes.extend(change);
    }
    let old_actions = keyed(old.actions());
    let new_actions = keyed(new.actions());
    let keys: BTreeSet<&(String, String, usize)> = old_actions.keys().chain(new_actions.keys()).collect();
    for key in keys {
        let (target, description, _) = key.clone();
        let old_matched = old_actions.get(key).copied().unwrap_or(0);
        let new_matched = new_actions.get(key).copied().unwrap_or(0);
        let change = match (old_matched, new_matched) {
            (0, 0) => None,
            (0, _) => Some(RuleChange::ActionNewlyMatches { target, description, new_matched }),
            (_, 0) => Some(RuleChange::ActionStale { target, description, old_matched }),
            _ if old_matched != new_matched => {
                Some(RuleChange::ActionMatchCountChanged { target, description, old_matched, new_matched })
            }
            _ => None,
        };
        changes.extend(change);
    }
    changes
}

/// Actions by (target, description, occurrence) → nodes matched.
fn keyed(actions: &[ActionRecord]) -> BTreeMap<(String, String, usize), usize> {
    let mut out = BTreeMap::new();
    for action in actions {
        let mut occurrence = 0;
        while out.contains_key(&(action.target.clone(), action.description.clone(), occurrence)) {
            occurrence += 1;
        }
        out.insert((action.target.clone(), action.description.clone(), occurrence), action.matched);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Rule, Stage};

    static QUIRK: Rule =
        Rule { name: "quirk", stage: Stage::Repair, code: file!(), summary: "a quirk", evidence: "a test" };
    static FIXED: Rule =
        Rule { name: "fixed", stage: Stage::Repair, code: file!(), summary: "fixed by the vendor", evidence: "a test" };
    static SPREAD: Rule =
        Rule { name: "spread", stage: Stage::Lower, code: file!(), summary: "spreads", evidence: "a test" };

    #[test]
    fn rules_and_actions_that_fire_differently() {
        let mut old = Report::new();
        old.ran(&QUIRK);
        old.touched(&FIXED, "/a");
        old.touched(&SPREAD, "/b");
        old.action(ActionRecord { target: "$.x".into(), description: "x".into(), matched: 1 });
        old.action(ActionRecord { target: "$.y".into(), description: "y".into(), matched: 0 });
        old.action(ActionRecord { target: "$.z".into(), description: "z".into(), matched: 2 });
        let mut new = Report::new();
        new.touched(&QUIRK, "/q");
        new.ran(&FIXED);
        new.touched(&SPREAD, "/b");
        new.touched(&SPREAD, "/c");
        new.action(ActionRecord { target: "$.x".into(), description: "x".into(), matched: 0 });
        new.action(ActionRecord { target: "$.y".into(), description: "y".into(), matched: 3 });
        new.action(ActionRecord { target: "$.z".into(), description: "z".into(), matched: 2 });
        assert_eq!(
            compare(&old, &new),
            vec![
                RuleChange::RuleStoppedFiring {
                    rule: "fixed".into(),
                    old_places: 1,
                    removed_places: vec!["/a".into()]
                },
                RuleChange::RuleNewlyFires { rule: "quirk".into(), new_places: 1, added_places: vec!["/q".into()] },
                RuleChange::RulePlacesChanged {
                    rule: "spread".into(),
                    old_places: 1,
                    new_places: 2,
                    added_places: vec!["/c".into()],
                    removed_places: vec![],
                },
                RuleChange::ActionStale { target: "$.x".into(), description: "x".into(), old_matched: 1 },
                RuleChange::ActionNewlyMatches { target: "$.y".into(), description: "y".into(), new_matched: 3 },
            ]
        );
    }
}
