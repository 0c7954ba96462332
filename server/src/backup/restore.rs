//! Restoring an export into an empty database: the schema brought up to date first, then every
//! row in one transaction, ids as they were, id counters set where they stood. Any flaw in the
//! file (a bad line, a wrong type, a missing end, a row the database refuses) is named by its
//! line, and the transaction is rolled back: nothing is written.

use super::schema::{self, Column, Kind, Table};
use super::{BackupError, Summary, EXPORTED, FORMAT, REPLACED, VERSION};
use crate::store::Store;
use serde::Deserialize;
use serde_json::Value;
use sqlx::{AnyConnection, Connection};
use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::Path;

/// Rows inserted by one statement (fewer for wide tables: engines cap a statement's parameters).
const BATCH_VALUES: usize = 4000;
const BATCH_ROWS: usize = 250;

#[derive(Deserialize)]
struct Header {
    version: i64,
    schema: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableStart {
    table: String,
    columns: Vec<String>,
    #[serde(default)]
    last_id: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableEnd {
    end: String,
    rows: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Complete {
    complete: bool,
    tables: u64,
    rows: u64,
}

/// Restores the export in `path` into the database at `url`, creating and migrating it if new.
/// The file's first line is checked before the database is opened.
pub async fn restore_file(url: &str, path: &Path) -> Result<Summary, BackupError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| BackupError::Read { path: shown.clone(), source })?;
    let mut lines = Lines { input: std::io::BufReader::with_capacity(1 << 16, file), number: 0, text: String::new() };
    let header = lines.header()?;
    let store = Store::connect(url).await?;
    load(&store, header, lines).await
}

/// Restores the export read from `input` into `store`'s (empty, migrated) database.
pub async fn restore(store: &Store, input: impl BufRead) -> Result<Summary, BackupError> {
    let mut lines = Lines { input, number: 0, text: String::new() };
    let header = lines.header()?;
    load(store, header, lines).await
}

/// The file line by line, counting.
struct Lines<R> {
    input: R,
    number: u64,
    text: String,
}

impl<R: BufRead> Lines<R> {
    /// The next line's number and text (without its line break), or `None` at the end of the file.
    fn next(&mut self) -> Result<Option<(u64, &str)>, BackupError> {
        self.text.clear();
        self.number += 1;
        let read = self.input.read_line(&mut self.text).map_err(|e| {
            BackupError::refused(format!("line {}: cannot be read ({e}); an export is UTF-8 text", self.number))
        })?;
        if read == 0 {
            return Ok(None);
        }
        Ok(Some((self.number, self.text.trim_end_matches(['\n', '\r']))))
    }

    fn header(&mut self) -> Result<Header, BackupError> {
        let not_ours = || {
            BackupError::refused(format!(
                "line 1: not a Beacon export (its first line is {{\"format\": \"{FORMAT}\", \"version\": …, \"schema\": …}})"
            ))
        };
        let (_, line) = self.next()?.ok_or_else(not_ours)?;
        let value: Value = serde_json::from_str(line).map_err(|_| not_ours())?;
        if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
            return Err(not_ours());
        }
        let header: Header = serde_json::from_value(value)
            .map_err(|e| BackupError::refused(format!("line 1: the header is malformed: {e}")))?;
        if header.version > VERSION {
            return Err(BackupError::refused(format!(
                "line 1: the file is in export format version {}, newer than this Beacon reads ({VERSION}): \
                 restore it with a newer Beacon",
                header.version
            )));
        }
        if header.version < 1 {
            return Err(BackupError::refused(format!("line 1: unknown export format version {}", header.version)));
        }
        Ok(header)
    }
}

/// A value on its way into the database.
enum Cell {
    Null,
    Int(i64),
    Text(String),
}

/// The table being read: its columns in the file's order (kinds from this database's schema).
struct Loading {
    table: Table,
    columns: Vec<Column>,
    last_id: Option<i64>,
    rows: u64,
    batch: Vec<(u64, Vec<Cell>)>,
}

async fn load<R: BufRead>(store: &Store, header: Header, mut lines: Lines<R>) -> Result<Summary, BackupError> {
    let engine = store.engine();
    let ours = super::schema_version(store).await?;
    if header.schema > ours {
        return Err(BackupError::refused(format!(
            "line 1: the file is from a newer Beacon (schema version {}, this one is at {ours}): restore it with a newer Beacon",
            header.schema
        )));
    }
    let mut tx = store.write_tx().await.map_err(store_error)?;
    let conn: &mut AnyConnection = &mut tx;
    schema::check_coverage(&schema::table_names(conn, engine).await?)?;
    let mut tables = HashMap::new();
    for name in EXPORTED {
        tables.insert(*name, schema::describe(conn, engine, name).await?);
    }
    refuse_unless_empty(conn).await?;

    let mut seen = HashSet::new();
    let mut current: Option<Loading> = None;
    let mut summary = Summary { tables: 0, rows: 0 };
    loop {
        let Some((n, text)) = lines.next()? else {
            let inside = current.as_ref().map_or(String::new(), |l| format!(" inside table {}", l.table.name));
            return Err(BackupError::refused(format!(
                "line {}: the file ends before the export does{inside}: it is truncated",
                lines.number
            )));
        };
        let at = |message: String| BackupError::refused(format!("line {n}: {message}"));
        let value: Value = serde_json::from_str(text).map_err(|e| at(format!("not JSON ({e})")))?;
        match value {
            Value::Array(values) => {
                let Some(loading) = current.as_mut() else {
                    return Err(at("a row outside any table".into()));
                };
                let cells = cells(&loading.table.name, &loading.columns, values).map_err(at)?;
                loading.batch.push((n, cells));
                loading.rows += 1;
                if loading.batch.len() >= batch_rows(loading.columns.len()) {
                    insert_batch(conn, loading).await?;
                }
            }
            Value::Object(ref o) if o.contains_key("table") => {
                let start: TableStart = parse(value).map_err(at)?;
                if let Some(open) = &current {
                    return Err(at(format!("table {} starts before table {} ended", start.table, open.table.name)));
                }
                let Some(table) = tables.remove(start.table.as_str()) else {
                    return Err(at(if seen.contains(&start.table) {
                        format!("table {} appears twice", start.table)
                    } else {
                        format!("table '{}' is not part of a Beacon export", start.table)
                    }));
                };
                seen.insert(start.table.clone());
                let columns = file_columns(&table, &start.columns).map_err(at)?;
                if REPLACED.contains(&table.name.as_str()) {
                    sqlx::query(&format!("DELETE FROM {}", schema::quote(&table.name))).execute(&mut *conn).await?;
                }
                current = Some(Loading { table, columns, last_id: start.last_id, rows: 0, batch: Vec::new() });
            }
            Value::Object(ref o) if o.contains_key("end") => {
                let end: TableEnd = parse(value).map_err(at)?;
                let Some(mut loading) = current.take().filter(|l| l.table.name == end.end) else {
                    return Err(at(format!("the end of table {}, which is not the table being read", end.end)));
                };
                if loading.rows != end.rows {
                    return Err(at(format!(
                        "table {} ends after {} rows but says {}",
                        end.end, loading.rows, end.rows
                    )));
                }
                insert_batch(conn, &mut loading).await?;
                if let Some(counter) = &loading.table.counter {
                    let key = schema::quote(&loading.table.primary_key[0]);
                    let sql = format!("SELECT COALESCE(MAX({key}), 0) FROM {}", schema::quote(&loading.table.name));
                    let highest: i64 = sqlx::query_scalar(&sql).fetch_one(&mut *conn).await?;
                    schema::set_counter(conn, engine, counter, highest.max(loading.last_id.unwrap_or(0))).await?;
                }
                summary.tables += 1;
                summary.rows += loading.rows;
            }
            Value::Object(ref o) if o.contains_key("complete") => {
                let complete: Complete = parse(value).map_err(at)?;
                if let Some(open) = &current {
                    return Err(at(format!("the export ends inside table {}", open.table.name)));
                }
                if !complete.complete || (complete.tables, complete.rows) != (summary.tables, summary.rows) {
                    return Err(at(format!(
                        "the export says {} tables and {} rows, the file holds {} and {}",
                        complete.tables, complete.rows, summary.tables, summary.rows
                    )));
                }
                break;
            }
            _ => return Err(at("neither a row nor a table's start or end".into())),
        }
    }
    while let Some((n, text)) = lines.next()? {
        if !text.trim().is_empty() {
            return Err(BackupError::refused(format!("line {n}: text after the end of the export")));
        }
    }
    // The uptime rollups are not in the file: the first start counts them again.
    crate::store::forget_zone(&mut tx).await.map_err(store_error)?;
    store.commit_public(tx).await.map_err(store_error)?;
    Ok(summary)
}

fn store_error(e: crate::store::StoreError) -> BackupError {
    match e {
        crate::store::StoreError::Database(e) => BackupError::Database(e),
        e => BackupError::refused(e.to_string()),
    }
}

fn parse<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| format!("malformed: {e}"))
}

/// A restore writes only into a database without content of its own.
async fn refuse_unless_empty(conn: &mut AnyConnection) -> Result<(), BackupError> {
    for name in EXPORTED.iter().filter(|t| !REPLACED.contains(t)) {
        let sql = format!("SELECT 1 FROM {} LIMIT 1", schema::quote(name));
        if sqlx::query_scalar::<_, i64>(&sql).fetch_optional(&mut *conn).await?.is_some() {
            return Err(BackupError::refused(format!(
                "the database is not empty (table {name} has rows): restore into a new, empty database"
            )));
        }
    }
    Ok(())
}

/// The file's columns of `table`, each as this database has it.
fn file_columns(table: &Table, names: &[String]) -> Result<Vec<Column>, String> {
    let mut columns: Vec<Column> = Vec::with_capacity(names.len());
    for name in names {
        if columns.iter().any(|c| &c.name == name) {
            return Err(format!("table {}: column {name} is listed twice", table.name));
        }
        let column = table.column(name).ok_or_else(|| {
            format!("table {} has no column '{name}' in this database (is the file from a newer Beacon?)", table.name)
        })?;
        if let Kind::Other(t) = &column.kind {
            return Err(format!("column {}.{name} has a type a restore cannot fill ({t})", table.name));
        }
        columns.push(column.clone());
    }
    Ok(columns)
}

/// A row's values, checked against the kinds of their columns.
fn cells(table: &str, columns: &[Column], values: Vec<Value>) -> Result<Vec<Cell>, String> {
    if values.len() != columns.len() {
        return Err(format!("table {table}: {} values for {} columns", values.len(), columns.len()));
    }
    columns
        .iter()
        .zip(values)
        .map(|(column, value)| match (&column.kind, value) {
            (_, Value::Null) => Ok(Cell::Null),
            (Kind::Integer, Value::Number(n)) if n.as_i64().is_some() => Ok(Cell::Int(n.as_i64().unwrap_or_default())),
            (Kind::Text, Value::String(s)) => Ok(Cell::Text(s)),
            (kind, value) => {
                let expected = if *kind == Kind::Integer { "a whole number" } else { "text" };
                Err(format!("table {table}, column {}: expected {expected} or null, found {value}", column.name))
            }
        })
        .collect()
}

fn batch_rows(columns: usize) -> usize {
    (BATCH_VALUES / columns.max(1)).clamp(1, BATCH_ROWS)
}

/// Inserts the rows read so far. Each batch runs under a savepoint: when the database refuses
/// it, the rows are tried one by one to name the line at fault.
async fn insert_batch(conn: &mut AnyConnection, loading: &mut Loading) -> Result<(), BackupError> {
    if loading.batch.is_empty() {
        return Ok(());
    }
    let rows: Vec<&[Cell]> = loading.batch.iter().map(|(_, cells)| cells.as_slice()).collect();
    let mut savepoint = conn.begin().await?;
    let outcome = insert(&mut savepoint, &loading.table.name, &loading.columns, &rows).await;
    match outcome {
        Ok(()) => savepoint.commit().await?,
        Err(_) => {
            savepoint.rollback().await?;
            for (line, cells) in &loading.batch {
                if let Err(e) = insert(conn, &loading.table.name, &loading.columns, &[cells.as_slice()]).await {
                    return Err(BackupError::refused(format!(
                        "line {line}: table {}: the database refuses the row: {}",
                        loading.table.name,
                        refusal(&e)
                    )));
                }
            }
        }
    }
    loading.batch.clear();
    Ok(())
}

async fn insert(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[Column],
    rows: &[&[Cell]],
) -> Result<(), sqlx::Error> {
    let names = columns.iter().map(|c| schema::quote(&c.name)).collect::<Vec<_>>().join(", ");
    let width = columns.len();
    let tuples = (0..rows.len())
        .map(|r| format!("({})", crate::store::placeholders(r * width + 1, width)))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("INSERT INTO {} ({names}) VALUES {tuples}", schema::quote(table));
    let mut query = sqlx::query(&sql);
    for row in rows {
        for (column, cell) in columns.iter().zip(row.iter()) {
            query = match (cell, &column.kind) {
                (Cell::Int(v), _) => query.bind(*v),
                (Cell::Text(s), _) => query.bind(s.as_str()),
                (Cell::Null, Kind::Integer) => query.bind(None::<i64>),
                (Cell::Null, _) => query.bind(None::<String>),
            };
        }
    }
    query.execute(&mut *conn).await.map(|_| ())
}

/// What the database said, without the driver's wrapping.
fn refusal(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => db.message().to_string(),
        e => e.to_string(),
    }
}
