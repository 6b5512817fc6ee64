//! Writing answers: a table, JSON, JSON lines or CSV, on stdout, one record at a time.
//!
//! Lists are written as their items arrive: JSON as an array opened before the first item and closed after the
//! last, JSON lines and CSV row by row, tables in blocks of [`TABLE_BLOCK`] rows. So an export of any length
//! holds one page (or date window) of records in memory, never the whole list. Columns are `--columns` or the
//! fields the description lists for the record's model (those holding one value: lists and objects are shown
//! only when named); `--custom-fields` adds the archive's `_…` fields found on the first record. JSON and
//! JSON lines carry every field as sent, custom ones included, unless `--columns` picks some.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use alfadocs::description::API;
use alfadocs_runtime::description::{Response, Type};
use clap::ValueEnum;
use clap::builder::PossibleValue;
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value};

use crate::cells::{Cell, Header, Record};

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
    out: Out<W>,
    columns: Columns,
    /// The record model's one-value fields, the default columns.
    model_columns: Vec<String>,
    /// The columns of a table or CSV, fixed by the first record.
    header: Option<Header>,
    written: usize,
}

/// The output of each format.
enum Out<W: Write> {
    Json(W),
    Jsonl(W),
    /// One `csv::Writer` for the whole list (it quotes each field and buffers the rows; boxed, as it is large),
    /// and the text of the last non-text cell.
    Csv(Box<csv::Writer<W>>, String),
    /// The rows of the block not yet written.
    Table(W, Vec<Vec<String>>),
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
        let out = match format {
            Format::Json => Out::Json(out),
            Format::Jsonl => Out::Jsonl(out),
            // Flexible: a record's length is the header's anyway, and none is an error to report.
            Format::Csv => Out::Csv(Box::new(csv::WriterBuilder::new().flexible(true).from_writer(out)), String::new()),
            Format::Table => Out::Table(out, Vec::new()),
        };
        Self { out, columns, model_columns, header: None, written: 0 }
    }

    /// Writes one item of a list.
    ///
    /// # Errors
    /// The output's I/O error (a closed pipe among them).
    pub fn item<R: Record>(&mut self, item: &R) -> io::Result<()> {
        let first = self.written == 0;
        self.written += 1;
        match &mut self.out {
            Out::Json(out) => {
                let text =
                    serde_json::to_string_pretty(&picked(&self.columns, &*item.value()?)).map_err(io::Error::other)?;
                let indented = text.replace('\n', "\n  ");
                write!(out, "{}  {indented}", if first { "[\n" } else { ",\n" })
            }
            Out::Jsonl(out) => {
                // serde_json's conversion keeps the output's own I/O error, so a closed pipe stays a closed pipe.
                serde_json::to_writer(&mut *out, &picked(&self.columns, &*item.value()?)).map_err(io::Error::from)?;
                out.write_all(b"\n")
            }
            Out::Csv(csv, cell_text) => {
                let header = fixed(&mut self.header, &self.columns, &self.model_columns, item)?;
                if first {
                    csv.write_record(header.names()).map_err(csv_error)?;
                }
                for cell in item.cells(header)? {
                    match &cell {
                        Cell::Empty => csv.write_field(b""),
                        Cell::Text(text) => csv.write_field(text.as_bytes()),
                        Cell::Json(_) => {
                            cell_text.clear();
                            write!(cell_text, "{cell}").map_err(io::Error::other)?;
                            csv.write_field(cell_text.as_bytes())
                        }
                    }
                    .map_err(csv_error)?;
                }
                csv.write_record(None::<&[u8]>).map_err(csv_error)
            }
            Out::Table(out, rows) => {
                let header = fixed(&mut self.header, &self.columns, &self.model_columns, item)?;
                rows.push(item.cells(header)?.iter().map(ToString::to_string).collect());
                if rows.len() >= TABLE_BLOCK { flush_table(out, header, rows) } else { Ok(()) }
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
    pub fn finish(self) -> io::Result<()> {
        match self.out {
            Out::Json(mut out) => {
                out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
                out.flush()
            }
            Out::Jsonl(mut out) => out.flush(),
            Out::Csv(mut csv, _) => csv.flush(),
            Out::Table(mut out, mut rows) => {
                if let Some(header) = &self.header {
                    flush_table(&mut out, header, &mut rows)?;
                }
                out.flush()
            }
        }
    }

    /// Writes one record (a read, a create, an update), or nothing for `null`.
    ///
    /// # Errors
    /// The output's I/O error.
    pub fn single(mut self, value: &Value) -> io::Result<()> {
        if value.is_null() {
            return Ok(());
        }
        match &mut self.out {
            Out::Json(out) => {
                serde_json::to_writer_pretty(&mut *out, &picked(&self.columns, value)).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
                out.flush()
            }
            Out::Jsonl(out) => {
                serde_json::to_writer(&mut *out, &picked(&self.columns, value)).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
                out.flush()
            }
            Out::Csv(..) => self.item(value).and_then(|()| self.finish()),
            Out::Table(out, _) => {
                let mut table = new_table();
                table.set_header(["field", "value"]);
                match picked(&self.columns, value).as_ref() {
                    Value::Object(fields) => {
                        for (key, field) in fields {
                            table.add_row([key.clone(), Cell::of(Some(field)).to_string()]);
                        }
                    }
                    other => {
                        table.add_row(["value".to_owned(), Cell::of(Some(other)).to_string()]);
                    }
                }
                writeln!(out, "{table}")?;
                out.flush()
            }
        }
    }
}

/// The record with only the chosen columns, in their order, when `--columns` was given.
fn picked<'a>(columns: &Columns, value: &'a Value) -> Cow<'a, Value> {
    match (&columns.chosen, value) {
        (Some(columns), Value::Object(fields)) => {
            let mut picked = Map::new();
            for column in columns {
                picked.insert(column.clone(), fields.get(column).cloned().unwrap_or(Value::Null));
            }
            Cow::Owned(Value::Object(picked))
        }
        _ => Cow::Borrowed(value),
    }
}

/// The header, chosen on the `first` record when there is none yet; kept for the rest.
fn fixed<'h, R: Record>(
    header: &'h mut Option<Header>,
    columns: &Columns,
    model_columns: &[String],
    first: &R,
) -> io::Result<&'h Header> {
    let chosen = match header.take() {
        Some(chosen) => chosen,
        None => Header::new(first_columns(columns, model_columns, first)?),
    };
    Ok(header.insert(chosen))
}

/// The columns of a table or CSV, chosen on the first record: `--columns`, else the model's, else the first
/// record's fields; `--custom-fields` adds the first record's `_…` fields.
fn first_columns<R: Record>(columns: &Columns, model_columns: &[String], first: &R) -> io::Result<Vec<String>> {
    let needs_fields = columns.custom_fields || (columns.chosen.is_none() && model_columns.is_empty());
    let value = if needs_fields { Some(first.value()?) } else { None };
    let fields = value.as_deref().and_then(Value::as_object);
    let mut header = match &columns.chosen {
        Some(columns) => columns.clone(),
        None if !model_columns.is_empty() => model_columns.to_vec(),
        None => fields.map(|fields| fields.keys().cloned().collect()).unwrap_or_else(|| vec!["value".to_owned()]),
    };
    if columns.custom_fields {
        if let Some(fields) = fields {
            header.extend(
                fields.keys().filter(|key| key.starts_with('_') && !header.contains(key)).cloned().collect::<Vec<_>>(),
            );
        }
    }
    Ok(header)
}

/// Writes the table block of `rows`, emptied.
fn flush_table(out: &mut impl Write, header: &Header, rows: &mut Vec<Vec<String>>) -> io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut table = new_table();
    table.set_header(header.names());
    for row in rows.drain(..) {
        table.add_row(row);
    }
    writeln!(out, "{table}")
}

/// A CSV error as the I/O error it holds (a closed pipe stays a closed pipe).
fn csv_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
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
