//! Writing answers: a table, JSON, JSON lines or CSV, on stdout, one record at a time.
//!
//! Lists are written as their items arrive: JSON as an array opened before the first item and closed after the
//! last, JSON lines and CSV row by row, tables in blocks of [`TABLE_BLOCK`] rows. So an export of any length
//! holds one page (or date window) of records in memory, never the whole list. Columns are `--columns` or the
//! fields the description lists for the record's model (those holding one value: lists and objects are shown
//! only when named); `--custom-fields` adds the archive's `_…` fields found on the first record. JSON and
//! JSON lines carry every field as sent, custom ones included, unless `--columns` picks some.

use std::io::{self, Write};

use alfadocs::description::API;
use alfadocs_runtime::description::{Response, Type};
use clap::ValueEnum;
use clap::builder::PossibleValue;
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value};

/// Rows per table block: a table must know its rows to size its columns.
pub const TABLE_BLOCK: usize = 100;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An aligned table, for reading on a terminal.
    Table,
    /// One JSON document (a list as an array).
    Json,
    /// One compact JSON document per line, one per record.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[Self::Table, Self::Json, Self::Jsonl, Self::Csv]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(match self {
            Self::Table => "table",
            Self::Json => "json",
            Self::Jsonl => "jsonl",
            Self::Csv => "csv",
        }))
    }
}

/// Which columns to show.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// `--columns`, when given.
    pub chosen: Option<Vec<String>>,
    /// `--custom-fields`.
    pub custom_fields: bool,
}

/// Writes the records of one answer.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    columns: Columns,
    /// The record model's one-value fields, the default columns.
    model_columns: Vec<String>,
    /// The columns in use, fixed by the first record.
    header: Option<Vec<String>>,
    csv: Option<csv::Writer<W>>,
    rows: Vec<Vec<String>>,
    written: usize,
}

impl<W: Write> Writer<W> {
    /// A writer for the answers of an operation whose response is `response`.
    pub fn new(out: W, format: Format, columns: Columns, response: &Response) -> Self {
        let model_columns = match response {
            Response::Json { ty: Type::Model(name) | Type::List(Type::Model(name)), .. } => API
                .model(name)
                .map(|model| {
                    model
                        .fields
                        .iter()
                        .filter(|field| !matches!(field.ty, Type::List(_) | Type::Map(_) | Type::Model(_) | Type::Json))
                        .map(|field| field.wire_name.to_owned())
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        Self { out, format, columns, model_columns, header: None, csv: None, rows: Vec::new(), written: 0 }
    }

    /// Writes one item of a list.
    ///
    /// # Errors
    /// The output's I/O error (a closed pipe among them).
    pub fn item(&mut self, item: &Value) -> io::Result<()> {
        let first = self.written == 0;
        self.written += 1;
        match self.format {
            Format::Json => {
                let text = serde_json::to_string_pretty(&self.picked(item)).map_err(io::Error::other)?;
                let indented = text.replace('\n', "\n  ");
                write!(self.out, "{}  {indented}", if first { "[\n" } else { ",\n" })
            }
            Format::Jsonl => {
                let picked = self.picked(item);
                // serde_json's conversion keeps the output's own I/O error, so a closed pipe stays a closed pipe.
                serde_json::to_writer(&mut self.out, &picked).map_err(io::Error::from)?;
                self.out.write_all(b"\n")
            }
            Format::Csv | Format::Table => {
                self.fix_header(item);
                let header = self.header.as_deref().unwrap_or_default();
                let row = header.iter().map(|column| cell(item.get(column.as_str()))).collect();
                self.row(row)
            }
        }
    }

    /// Whether any item was written.
    pub fn has_written(&self) -> bool {
        self.written > 0
    }

    /// Ends a list: closes the JSON array, writes the last table block.
    ///
    /// # Errors
    /// The output's I/O error.
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json if self.written == 0 => self.out.write_all(b"[]\n")?,
            Format::Json => self.out.write_all(b"\n]\n")?,
            Format::Jsonl => {}
            Format::Csv => {
                if let Some(mut csv) = self.csv.take() {
                    csv.flush()?;
                }
            }
            Format::Table => self.flush_table()?,
        }
        self.out.flush()
    }

    /// Writes one record (a read, a create, an update), or nothing for `null`.
    ///
    /// # Errors
    /// The output's I/O error.
    pub fn single(mut self, value: &Value) -> io::Result<()> {
        if value.is_null() {
            return Ok(());
        }
        match self.format {
            Format::Json => {
                let picked = self.picked(value);
                serde_json::to_writer_pretty(&mut self.out, &picked).map_err(io::Error::from)?;
                self.out.write_all(b"\n")?;
            }
            Format::Jsonl => {
                let picked = self.picked(value);
                serde_json::to_writer(&mut self.out, &picked).map_err(io::Error::from)?;
                self.out.write_all(b"\n")?;
            }
            Format::Csv => return self.item(value).and_then(|()| self.finish()),
            Format::Table => {
                let mut table = new_table();
                table.set_header(["field", "value"]);
                match self.picked(value) {
                    Value::Object(fields) => {
                        for (key, field) in &fields {
                            table.add_row([key.clone(), cell(Some(field))]);
                        }
                    }
                    other => {
                        table.add_row(["value".to_owned(), cell(Some(&other))]);
                    }
                }
                writeln!(self.out, "{table}")?;
            }
        }
        self.out.flush()
    }

    /// The record with only the chosen columns, in their order, when `--columns` was given.
    fn picked(&self, value: &Value) -> Value {
        match (&self.columns.chosen, value) {
            (Some(columns), Value::Object(fields)) => {
                let mut picked = Map::new();
                for column in columns {
                    picked.insert(column.clone(), fields.get(column).cloned().unwrap_or(Value::Null));
                }
                Value::Object(picked)
            }
            _ => value.clone(),
        }
    }

    /// Chooses the columns on the first record; they are kept for the rest.
    fn fix_header(&mut self, first: &Value) {
        if self.header.is_some() {
            return;
        }
        let mut header = match &self.columns.chosen {
            Some(columns) => columns.clone(),
            None if !self.model_columns.is_empty() => self.model_columns.clone(),
            None => first
                .as_object()
                .map(|fields| fields.keys().cloned().collect())
                .unwrap_or_else(|| vec!["value".to_owned()]),
        };
        if self.columns.custom_fields {
            if let Some(fields) = first.as_object() {
                header.extend(
                    fields
                        .keys()
                        .filter(|key| key.starts_with('_') && !header.contains(key))
                        .cloned()
                        .collect::<Vec<_>>(),
                );
            }
        }
        self.header = Some(header);
    }

    fn row(&mut self, row: Vec<String>) -> io::Result<()> {
        if self.format == Format::Csv {
            if self.written == 1 {
                let header = self.header.as_deref().unwrap_or_default();
                self.out.write_all(&csv_line(header)?)?;
            }
            return self.out.write_all(&csv_line(&row)?);
        }
        self.rows.push(row);
        if self.rows.len() >= TABLE_BLOCK { self.flush_table() } else { Ok(()) }
    }

    fn flush_table(&mut self) -> io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut table = new_table();
        table.set_header(self.header.clone().unwrap_or_default());
        for row in self.rows.drain(..) {
            table.add_row(row);
        }
        writeln!(self.out, "{table}")
    }
}

/// One CSV record, quoted where needed, with its line end.
fn csv_line(record: &[String]) -> io::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(record).map_err(io::Error::other)?;
    writer.into_inner().map_err(|error| io::Error::other(error.to_string()))
}

fn new_table() -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    // A terminal that reports no usable width (a pty without a size) would wrap every cell to one letter.
    if table.width().is_some_and(|width| width < 40) {
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
    table
}

/// A value as one cell: text as it is, nothing for `null` or a missing field, other values as compact JSON.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alfadocs_runtime::description::Envelope;
    use serde_json::json;

    const PATIENTS: Response = Response::Json { envelope: Envelope::Page, ty: Type::Model("Patient") };

    fn written(format: Format, columns: Columns, items: &[Value]) -> String {
        let mut out = Vec::new();
        let mut writer = Writer::new(&mut out, format, columns, &PATIENTS);
        for item in items {
            writer.item(item).unwrap();
        }
        writer.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lists_in_each_format() {
        let items = [json!({"id": 1, "lastName": "Rossi, A", "_code": "x"}), json!({"id": 2, "lastName": null})];
        let json_text = written(Format::Json, Columns::default(), &items);
        assert_eq!(serde_json::from_str::<Value>(&json_text).unwrap(), json!(items));
        assert_eq!(written(Format::Json, Columns::default(), &[]), "[]\n");
        let lines = written(Format::Jsonl, Columns::default(), &items);
        assert_eq!(lines.lines().map(|line| serde_json::from_str::<Value>(line).unwrap()).collect::<Vec<_>>(), items);
        let chosen = Columns { chosen: Some(vec!["lastName".into(), "_code".into()]), custom_fields: false };
        let csv_text = written(Format::Csv, chosen, &items);
        assert_eq!(csv_text, "lastName,_code\n\"Rossi, A\",x\n,\n");
        let custom = written(Format::Csv, Columns { chosen: None, custom_fields: true }, &items);
        let header = custom.lines().next().unwrap();
        assert!(header.starts_with("id,firstName,lastName,") && header.ends_with(",_code"), "{header}");
        let table = written(Format::Table, Columns::default(), &items);
        assert!(table.contains("Rossi, A") && table.contains("lastName"), "{table}");
    }
}
