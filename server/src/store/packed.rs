//! Many small rows read as one: the database joins each row's columns (as text) and the rows into
//! a single string, which is split here. sqlx's SQLite driver hands each row of a result from the
//! database's thread to ours one at a time, with a wake-up each; the largest reads of a render (the
//! components of `/`, their uptime, the incidents of their days: thousands of rows on a large
//! page) cost more in those hand-overs than in the database. `string_agg` with `ORDER BY` is the
//! same on SQLite (3.44 on) and PostgreSQL.
//!
//! Rows are parted by ASCII's record separator and columns by its unit separator: no text that
//! Beacon stores holds a control character (`app::domain::validate`), so a column with one is
//! reported as corrupt rather than misread.

use super::{Result, StoreError};
use sqlx::any::AnyArguments;
use sqlx::query::QueryScalar;
use sqlx::Any;

const ROW: &str = "\u{1e}";
const FIELD: &str = "\u{1f}";

/// `SELECT` of `columns` (SQL expressions; NULL reads as an empty string) over `rest` (`FROM …
/// WHERE …`, whose own parameters start at `$3`), rows ordered by `order`.
pub(crate) fn select(columns: &[&str], rest: &str, order: &str) -> String {
    let line =
        columns.iter().map(|c| format!("COALESCE(CAST({c} AS TEXT), '')")).collect::<Vec<_>>().join(" || $2 || ");
    format!("SELECT string_agg({line}, $1 ORDER BY {order}) {rest}")
}

/// The query of [`select`]'s SQL with its separators bound as `$1` and `$2`; bind the rest next.
pub(crate) fn query(sql: &str) -> QueryScalar<'_, Any, Option<String>, AnyArguments<'_>> {
    sqlx::query_scalar(sql).bind(ROW).bind(FIELD)
}

/// The rows of a packed read, each as its `width` columns.
pub(crate) fn rows(packed: &Option<String>, width: usize) -> impl Iterator<Item = Result<Vec<&str>>> {
    packed.as_deref().unwrap_or_default().split(ROW).filter(|row| !row.is_empty()).map(move |row| {
        let columns: Vec<&str> = row.split(FIELD).collect();
        match columns.len() == width {
            true => Ok(columns),
            false => Err(StoreError::Corrupt(format!("a row of {} columns where {width} were read", columns.len()))),
        }
    })
}

/// A whole number column.
pub(crate) fn number(column: &str) -> Result<i64> {
    column.parse().map_err(|_| StoreError::Corrupt(format!("'{column}' is not a number")))
}

/// A column that may be NULL (read as empty).
pub(crate) fn optional(column: &str) -> Option<&str> {
    (!column.is_empty()).then_some(column)
}
