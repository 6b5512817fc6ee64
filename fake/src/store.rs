//! The in-memory records: one table of integer-keyed records per collection, and single records (the
//! practice, the key's context) by model name.
//!
//! Records are JSON objects in the repaired document's types (numbers as numbers, dates as `YYYY-MM-DD`,
//! local date-times as `YYYY-MM-DD HH:MM:SS`); how they are written on the wire is `dialect`'s business. A
//! nested record keeps its parent's id in a field named like the parent's path parameter (`patientId`), as the
//! vendor's own records do.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One record.
pub type Record = Map<String, Value>;

/// The records of one collection, by id.
#[derive(Debug, Clone, Default)]
pub struct Table {
    next_id: i64,
    records: BTreeMap<i64, Record>,
}

impl Table {
    /// Stores `record` under a new id (also written into its `id` field) and returns the id.
    pub fn insert(&mut self, mut record: Record) -> i64 {
        self.next_id = self.next_id.max(self.records.keys().next_back().copied().unwrap_or(0)) + 1;
        let id = self.next_id;
        record.insert("id".to_owned(), Value::from(id));
        self.records.insert(id, record);
        id
    }

    /// The record `id`.
    pub fn get(&self, id: i64) -> Option<&Record> {
        self.records.get(&id)
    }

    /// The record `id`, to change.
    pub fn get_mut(&mut self, id: i64) -> Option<&mut Record> {
        self.records.get_mut(&id)
    }

    /// Removes the record `id`.
    pub fn remove(&mut self, id: i64) -> Option<Record> {
        self.records.remove(&id)
    }

    /// Every record, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Record> {
        self.records.values()
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        self.records.len()
    }
}

/// Every record of the fake.
#[derive(Debug, Clone, Default)]
pub struct Store {
    tables: BTreeMap<String, Table>,
    singles: BTreeMap<String, Record>,
}

impl Store {
    /// The table of the collection `name` (created empty if new).
    pub fn table(&mut self, name: &str) -> &mut Table {
        self.tables.entry(name.to_owned()).or_default()
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
