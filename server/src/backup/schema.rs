//! The schema as the database itself describes it (`PRAGMA table_info` on SQLite,
//! `information_schema` on PostgreSQL): tables, their columns with a kind, primary keys and id
//! counters. The only place in the backup that knows the two engines apart.

use super::{BackupError, EXPORTED, SKIPPED};
use crate::store::Engine;
use sqlx::AnyConnection;

/// What a column holds, as far as the file is concerned. Every time is a BIGINT of UTC
/// milliseconds and every flag a BIGINT 0/1 on both engines, so two kinds carry everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    Integer,
    Text,
    /// Anything else (a BLOB, say): refused if an exported table ever has one.
    Other(String),
}

impl Kind {
    fn of_declared(declared: &str) -> Kind {
        let t = declared.to_ascii_lowercase();
        if t.contains("int") {
            Kind::Integer
        } else if t.contains("text") || t.contains("char") || t.contains("clob") {
            Kind::Text
        } else {
            Kind::Other(declared.to_string())
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Column {
    pub name: String,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub(super) struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    /// Where the table's id counter lives (the row of sqlite_sequence, or the sequence behind
    /// PostgreSQL's identity column), when its single integer key is handed out automatically.
    pub counter: Option<String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// `name` as an SQL identifier (names come from the schema, quoted all the same).
pub(super) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The names of the tables in the database (without the engine's own).
pub(super) async fn table_names(conn: &mut AnyConnection, engine: Engine) -> Result<Vec<String>, BackupError> {
    let sql = match engine {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
    };
    Ok(sqlx::query_scalar(sql).fetch_all(&mut *conn).await?)
}

/// Every table of the schema is either exported or deliberately skipped, and every listed one
/// exists: otherwise a backup would lose data without a word.
pub(super) fn check_coverage(names: &[String]) -> Result<(), BackupError> {
    let known = |n: &str| EXPORTED.contains(&n) || SKIPPED.iter().any(|(s, _)| *s == n);
    if let Some(unknown) = names.iter().find(|n| !known(n)) {
        return Err(BackupError::refused(format!(
            "the database has a table '{unknown}' that this Beacon's backup does not know; \
             refusing to leave it out (is the database newer than this Beacon?)"
        )));
    }
    if let Some(missing) = EXPORTED.iter().find(|t| !names.iter().any(|n| n == *t)) {
        return Err(BackupError::refused(format!(
            "the database has no table '{missing}': its schema is not Beacon's (or not up to date)"
        )));
    }
    Ok(())
}

/// The columns (in the schema's order), primary key and id counter of `table`.
pub(super) async fn describe(conn: &mut AnyConnection, engine: Engine, table: &str) -> Result<Table, BackupError> {
    let (columns, primary_key): (Vec<Column>, Vec<String>) = match engine {
        Engine::Sqlite => {
            let rows: Vec<(String, String, i64)> =
                sqlx::query_as("SELECT name, type, pk FROM pragma_table_info($1) ORDER BY cid")
                    .bind(table)
                    .fetch_all(&mut *conn)
                    .await?;
            let mut keyed: Vec<(i64, String)> =
                rows.iter().filter(|(_, _, pk)| *pk > 0).map(|(n, _, pk)| (*pk, n.clone())).collect();
            keyed.sort();
            let columns = rows.into_iter().map(|(name, t, _)| Column { name, kind: Kind::of_declared(&t) }).collect();
            (columns, keyed.into_iter().map(|(_, n)| n).collect())
        }
        Engine::Postgres => {
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT column_name::text, data_type::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name::text = $1 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(&mut *conn)
            .await?;
            let primary_key = sqlx::query_scalar(
                "SELECT k.column_name::text FROM information_schema.table_constraints c \
                 JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name \
                   AND k.table_schema = c.table_schema AND k.table_name = c.table_name \
                 WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema() \
                   AND c.table_name::text = $1 ORDER BY k.ordinal_position",
            )
            .bind(table)
            .fetch_all(&mut *conn)
            .await?;
            (rows.into_iter().map(|(name, t)| Column { name, kind: Kind::of_declared(&t) }).collect(), primary_key)
        }
    };
    if columns.is_empty() {
        return Err(BackupError::refused(format!("the database has no table '{table}'")));
    }
    if primary_key.is_empty() {
        // Rows are written in key order, so that two exports of the same data are the same bytes.
        return Err(BackupError::refused(format!("table '{table}' has no primary key to order its rows by")));
    }
    let mut t = Table { name: table.to_string(), columns, primary_key, counter: None };
    if let [key] = t.primary_key.as_slice() {
        if t.column(key).is_some_and(|c| c.kind == Kind::Integer) {
            t.counter = counter_of(conn, engine, table, key).await?;
        }
    }
    Ok(t)
}

async fn counter_of(
    conn: &mut AnyConnection,
    engine: Engine,
    table: &str,
    key: &str,
) -> Result<Option<String>, BackupError> {
    Ok(match engine {
        Engine::Sqlite => {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1 \
                 AND upper(sql) LIKE '%AUTOINCREMENT%'",
            )
            .bind(table)
            .fetch_one(&mut *conn)
            .await?;
            (n > 0).then(|| table.to_string())
        }
        Engine::Postgres => {
            sqlx::query_scalar("SELECT pg_get_serial_sequence($1, $2)")
                .bind(quote(table))
                .bind(key)
                .fetch_one(&mut *conn)
                .await?
        }
    })
}

/// `ORDER BY` for the table's key: text in byte order on both engines (PostgreSQL's default
/// collation would sort it otherwise), so that both write the same file.
pub(super) fn order_by(engine: Engine, table: &Table) -> String {
    let keys = table.primary_key.iter().map(|k| {
        let text = table.column(k).is_some_and(|c| c.kind == Kind::Text);
        match (engine, text) {
            (Engine::Postgres, true) => format!("{} COLLATE \"C\"", quote(k)),
            _ => quote(k),
        }
    });
    keys.collect::<Vec<_>>().join(", ")
}

/// The highest id the table's counter has handed out (0 when none), which may be above the
/// highest id still there: a deleted incident's id is never given to a new one.
pub(super) async fn read_counter(conn: &mut AnyConnection, engine: Engine, counter: &str) -> Result<i64, BackupError> {
    let sql = match engine {
        Engine::Sqlite => "SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = $1",
        Engine::Postgres => "SELECT COALESCE(pg_sequence_last_value($1::regclass), 0)",
    };
    Ok(sqlx::query_scalar(sql).bind(counter).fetch_one(&mut *conn).await?)
}

/// Sets the counter so that the next id handed out is `last + 1`.
pub(super) async fn set_counter(
    conn: &mut AnyConnection,
    engine: Engine,
    counter: &str,
    last: i64,
) -> Result<(), BackupError> {
    match engine {
        Engine::Sqlite => {
            let done = sqlx::query("UPDATE sqlite_sequence SET seq = $2 WHERE name = $1")
                .bind(counter)
                .bind(last)
                .execute(&mut *conn)
                .await?;
            if done.rows_affected() == 0 && last > 0 {
                sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)")
                    .bind(counter)
                    .bind(last)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Engine::Postgres => {
            let (value, called) = if last > 0 { (last, "true") } else { (1, "false") };
            sqlx::query(&format!("SELECT setval($1::regclass, $2, {called})"))
                .bind(counter)
                .bind(value)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}
