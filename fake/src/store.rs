//! The in-memory records: one table of integer-keyed records per collection, and single records (the
//! practice, the key's context) by model name.
//!
//! Records are JSON objects in the repaired document's types (numbers as numbers, dates as `YYYY-MM-DD`,
//! local date-times as `YYYY-MM-DD HH:MM:SS`); how they are written on the wire is `dialect`'s business. A
//! nested record keeps its parent's id in a field named like the parent's path parameter (`patientId`), as the
//! vendor's own records do. Each table indexes its records by those fields, so a parent's children are found
//! without reading the whole table; the index changes with every insert, update and removal.

use std::collections::{BTreeMap, BTreeSet};

use alfadocs_runtime::description::ApiDescription;
use serde_json::{Map, Value};

/// One record.
pub type Record = Map<String, Value>;

/// The records of one collection, by id.
#[derive(Debug, Clone, Default)]
pub struct Table {
    next_id: i64,
    records: BTreeMap<i64, Record>,
    /// The ids of the records under each parent, by the field naming the parent (`patientId` → 12 → ids).
    by_parent: BTreeMap<&'static str, BTreeMap<i64, BTreeSet<i64>>>,
}

impl Table {
    /// An empty table whose records are indexed by the parent fields `parents`.
    fn new(parents: &[&'static str]) -> Self {
        Self { by_parent: parents.iter().map(|field| (*field, BTreeMap::new())).collect(), ..Self::default() }
    }

    /// Stores `record` under a new id (also written into its `id` field) and returns the id.
    pub fn insert(&mut self, mut record: Record) -> i64 {
        self.next_id = self.next_id.max(self.records.keys().next_back().copied().unwrap_or(0)) + 1;
        let id = self.next_id;
        record.insert("id".to_owned(), Value::from(id));
        self.index(id, &record);
        self.records.insert(id, record);
        id
    }

    /// The record `id`.
    pub fn get(&self, id: i64) -> Option<&Record> {
        self.records.get(&id)
    }

    /// Changes the record `id` as `change` says (its parents too); the record as changed.
    pub fn update(&mut self, id: i64, change: impl FnOnce(&mut Record)) -> Option<&Record> {
        let mut record = self.records.remove(&id)?;
        self.unindex(id, &record);
        change(&mut record);
        self.index(id, &record);
        Some(self.records.entry(id).or_insert(record))
    }

    /// Removes the record `id`.
    pub fn remove(&mut self, id: i64) -> Option<Record> {
        let record = self.records.remove(&id)?;
        self.unindex(id, &record);
        Some(record)
    }

    /// Every record, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Record> {
        self.records.values()
    }

    /// The records whose field `parent` is `id`, by id; `None` when the table does not index `parent`.
    pub fn under(&self, parent: &str, id: i64) -> Option<impl Iterator<Item = &Record>> {
        let ids = self.by_parent.get(parent)?.get(&id);
        Some(ids.into_iter().flatten().filter_map(|id| self.records.get(id)))
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    fn index(&mut self, id: i64, record: &Record) {
        for (field, parents) in &mut self.by_parent {
            if let Some(parent) = record.get(*field).and_then(Value::as_i64) {
                parents.entry(parent).or_default().insert(id);
            }
        }
    }

    fn unindex(&mut self, id: i64, record: &Record) {
        for (field, parents) in &mut self.by_parent {
            let Some(parent) = record.get(*field).and_then(Value::as_i64) else { continue };
            if let Some(ids) = parents.get_mut(&parent) {
                ids.remove(&id);
                if ids.is_empty() {
                    parents.remove(&parent);
                }
            }
        }
    }
}

/// Every record of the fake.
#[derive(Debug, Clone, Default)]
pub struct Store {
    tables: BTreeMap<String, Table>,
    singles: BTreeMap<String, Record>,
    /// The parent fields of each collection, from every path it is reached through.
    parents: BTreeMap<&'static str, Vec<&'static str>>,
}

impl Store {
    /// An empty store for the collections of `api`, each indexed by the parents its paths name.
    pub fn new(api: &ApiDescription) -> Self {
        let mut parents: BTreeMap<&'static str, Vec<&'static str>> = BTreeMap::new();
        for collection in api.operations().filter_map(|(_, operation)| operation.shape.collection()) {
            let fields = parents.entry(collection.name).or_default();
            for param in collection.parent_params {
                if !fields.contains(param) {
                    fields.push(param);
                }
            }
        }
        Self { parents, ..Self::default() }
    }

    /// The table of the collection `name` (created empty if new).
    pub fn table(&mut self, name: &str) -> &mut Table {
        let parents = &self.parents;
        self.tables
            .entry(name.to_owned())
            .or_insert_with(|| Table::new(parents.get(name).map_or(&[][..], Vec::as_slice)))
    }

    /// The table of the collection `name`, if it has ever held a record.
    pub fn existing(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// The single record of the model `model` (the practice, the key's context).
    pub fn single(&self, model: &str) -> Option<&Record> {
        self.singles.get(model)
    }

    /// Sets the single record of `model`.
    pub fn set_single(&mut self, model: &str, record: Record) {
        self.singles.insert(model.to_owned(), record);
    }

    /// How many records each collection holds, by name.
    pub fn counts(&self) -> BTreeMap<String, usize> {
        self.tables.iter().map(|(name, table)| (name.clone(), table.len())).collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn record(value: Value) -> Record {
        value.as_object().cloned().unwrap_or_default()
    }

    fn numbers(table: &Table, patient: i64) -> Vec<i64> {
        table.under("patientId", patient).unwrap().filter_map(|record| record["id"].as_i64()).collect()
    }

    #[test]
    fn the_parent_index_follows_inserts_updates_and_removals() {
        let mut table = Table::new(&["patientId"]);
        let first = table.insert(record(json!({"patientId": 1, "number": "1"})));
        let second = table.insert(record(json!({"patientId": 2, "number": "2"})));
        let third = table.insert(record(json!({"patientId": 1, "number": "3"})));
        assert_eq!(numbers(&table, 1), [first, third]);
        table.update(third, |record| {
            record.insert("patientId".to_owned(), json!(2));
        });
        assert_eq!((numbers(&table, 1), numbers(&table, 2)), (vec![first], vec![second, third]));
        table.remove(second);
        assert_eq!(numbers(&table, 2), [third]);
        table.update(first, |record| {
            record.remove("patientId");
        });
        assert_eq!(numbers(&table, 1), Vec::<i64>::new());
        assert!(table.under("appointmentId", 1).is_none());
    }
}
