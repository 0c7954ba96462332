//! Writing an export: one read-only snapshot of the database, every exported table in turn, each
//! row written to the file as the database hands it over (never a whole table in memory).

use super::schema::{self, Kind, Table};
use super::{BackupError, Summary, EXPORTED, FORMAT, VERSION};
use crate::store::{Engine, Store};
use futures_util::TryStreamExt;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::io::Write;
use std::path::Path;

#[derive(Serialize)]
struct Header {
    format: &'static str,
    version: i64,
    schema: i64,
}

#[derive(Serialize)]
struct TableStart<'a> {
    table: &'a str,
    columns: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_id: Option<i64>,
}

#[derive(Serialize)]
struct TableEnd<'a> {
    end: &'a str,
    rows: u64,
}

#[derive(Serialize)]
struct Complete {
    complete: bool,
    tables: u64,
    rows: u64,
}

/// Writes the whole dataset to `path` (`-`: standard output). The file appears under its name
/// only once complete: it is written beside it as `NAME.partial` and renamed at the end.
pub async fn export_to_file(store: &Store, path: &Path) -> Result<Summary, BackupError> {
    let shown = path.display().to_string();
    let write_error = |source| BackupError::Write { path: shown.clone(), source };
    if path == Path::new("-") {
        let mut out = std::io::BufWriter::new(std::io::stdout());
        let summary = export(store, &mut out).await?;
        out.flush().map_err(write_error)?;
        return Ok(summary);
    }
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let file = std::fs::File::create(&partial).map_err(write_error)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    let written = async {
        let summary = export(store, &mut out).await?;
        let file = out.into_inner().map_err(|e| write_error(e.into_error()))?;
        file.sync_all().map_err(write_error)?;
        std::fs::rename(&partial, path).map_err(write_error)?;
        Ok(summary)
    };
    let result = written.await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Writes the whole dataset to `out` in the format of docs/EXPORT.md.
pub async fn export(store: &Store, out: &mut impl Write) -> Result<Summary, BackupError> {
    let engine = store.engine();
    // One snapshot for every table: writes made meanwhile are in none or all of them.
    let mut tx = match engine {
        Engine::Sqlite => store.pool().begin().await?,
        Engine::Postgres => store.pool().begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?,
    };
    let conn: &mut AnyConnection = &mut tx;
    schema::check_coverage(&schema::table_names(conn, engine).await?)?;
    let version: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut *conn)
        .await?;
    let written = |e: std::io::Error| BackupError::Write { path: "the export".into(), source: e };
    line(out, &Header { format: FORMAT, version: VERSION, schema: version }).map_err(written)?;
    let mut summary = Summary { tables: 0, rows: 0 };
    for name in EXPORTED {
        let table = schema::describe(conn, engine, name).await?;
        if let Some(c) = table.columns.iter().find(|c| matches!(c.kind, Kind::Other(_))) {
            return Err(BackupError::refused(format!(
                "column {name}.{} has a type the export cannot carry ({:?}): only whole numbers and text",
                c.name, c.kind
            )));
        }
        let last_id = match &table.counter {
            Some(counter) => Some(schema::read_counter(conn, engine, counter).await?),
            None => None,
        };
        let columns = table.columns.iter().map(|c| c.name.as_str()).collect();
        line(out, &TableStart { table: name, columns, last_id }).map_err(written)?;
        let rows = copy_rows(conn, engine, &table, out).await?;
        line(out, &TableEnd { end: name, rows }).map_err(written)?;
        summary.tables += 1;
        summary.rows += rows;
    }
    line(out, &Complete { complete: true, tables: summary.tables, rows: summary.rows }).map_err(written)?;
    tx.rollback().await?;
    Ok(summary)
}

/// Streams the table's rows, in key order, one JSON array a line.
async fn copy_rows(
    conn: &mut AnyConnection,
    engine: Engine,
    table: &Table,
    out: &mut impl Write,
) -> Result<u64, BackupError> {
    let columns = table.columns.iter().map(|c| schema::quote(&c.name)).collect::<Vec<_>>().join(", ");
    let sql =
        format!("SELECT {columns} FROM {} ORDER BY {}", schema::quote(&table.name), schema::order_by(engine, table));
    let mut rows = sqlx::query(&sql).fetch(&mut *conn);
    let mut n = 0;
    while let Some(row) = rows.try_next().await? {
        write_row(out, table, &row)?;
        n += 1;
    }
    Ok(n)
}

fn write_row(out: &mut impl Write, table: &Table, row: &AnyRow) -> Result<(), BackupError> {
    let written = |e: std::io::Error| BackupError::Write { path: "the export".into(), source: e };
    let unreadable = |column: &str, e: sqlx::Error| {
        BackupError::refused(format!("cannot read a value of {}.{column}: {e}", table.name))
    };
    out.write_all(b"[").map_err(written)?;
    for (i, column) in table.columns.iter().enumerate() {
        if i > 0 {
            out.write_all(b",").map_err(written)?;
        }
        match column.kind {
            Kind::Integer => match row.try_get::<Option<i64>, _>(i).map_err(|e| unreadable(&column.name, e))? {
                Some(v) => write!(out, "{v}").map_err(written)?,
                None => out.write_all(b"null").map_err(written)?,
            },
            Kind::Text => match row.try_get::<Option<&str>, _>(i).map_err(|e| unreadable(&column.name, e))? {
                Some(v) => serde_json::to_writer(&mut *out, v).map_err(|e| written(e.into()))?,
                None => out.write_all(b"null").map_err(written)?,
            },
            // Refused before the first row.
            Kind::Other(_) => out.write_all(b"null").map_err(written)?,
        }
    }
    out.write_all(b"]\n").map_err(written)
}

fn line(out: &mut impl Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}
