//! Subscribers added by staff (API v1, the console, CSV import): the checks every way in shares,
//! and the CSV export and import of the subscriber list.

use super::csv;
use crate::error::{AppError, ErrorCode};
use crate::state::AppState;
use crate::store::{Actor, NewSubscriber, Subscribed, SubscriberFilter};
use app::domain::{Subscriber, SubscriberKind};
use app::time::iso;

/// The export's columns, which the import reads too.
pub const HEADER: [&str; 5] = ["kind", "address", "components", "state", "created_at"];
/// Rows an import may hold.
pub const IMPORT_MAX: usize = 10_000;

/// Subscribes `address` for staff. An unconfirmed email is sent a confirmation, so it needs SMTP;
/// a confirmed one (staff vouch for it) needs none until there is something to tell.
pub async fn add(
    state: &AppState,
    actor: &Actor,
    kind: SubscriberKind,
    address: &str,
    components: Option<Vec<i64>>,
    confirmed: bool,
) -> Result<Subscribed, AppError> {
    let confirmed = confirmed || kind != SubscriberKind::Email;
    if !confirmed && !state.email_enabled {
        return Err(AppError::invalid(
            "kind",
            "this server sends no email (no --smtp-url), so it cannot ask for a confirmation: \
             add the address as confirmed, or configure SMTP",
        ));
    }
    let target = state.destinations.check_target(kind, address).await?;
    Ok(state.store.subscribe(actor, NewSubscriber { kind, target, components, confirmed }, false).await?)
}

/// The field an address of `kind` is given in.
pub fn address_field(kind: SubscriberKind) -> &'static str {
    match kind {
        SubscriberKind::Email => "email",
        _ => "url",
    }
}

/// "Subscribed already" as a refusal (409) naming the address's field.
pub fn already(existing: &Subscriber) -> AppError {
    AppError {
        code: ErrorCode::Conflict,
        message: format!("{} is subscribed already (subscriber {})", existing.target, existing.id),
        field: Some(address_field(existing.kind).to_string()),
        say: None,
    }
}

/// Component ids as the export writes them: `3;5`, empty for the whole page.
pub fn components_text(components: &Option<Vec<i64>>) -> String {
    components.as_ref().map(|ids| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(";")).unwrap_or_default()
}

/// Every subscriber as CSV with a header row, newest first, read a page at a time.
pub async fn export(state: &AppState) -> Result<String, AppError> {
    let mut out = csv::line(&HEADER);
    let mut before_id = None;
    loop {
        let filter = SubscriberFilter { before_id, limit: 500, ..SubscriberFilter::default() };
        let page = state.store.list_subscribers(&filter).await?;
        for s in &page {
            let state = s.state().as_str();
            let row = [s.kind.as_str(), &s.target, &components_text(&s.components), state, &iso(s.created_at)];
            out.push_str(&csv::line(&row));
        }
        match page.last() {
            Some(last) if page.len() == 500 => before_id = Some(last.id),
            _ => return Ok(out),
        }
    }
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Imported {
    pub added: usize,
    pub existing: usize,
    /// The line and why it was refused.
    pub refused: Vec<(usize, String)>,
}

/// One row to subscribe.
struct Row {
    line: usize,
    kind: Result<SubscriberKind, String>,
    address: String,
    components: Result<Option<Vec<i64>>, String>,
}

/// Subscribes each row of `text` on its own (a refused row writes nothing), all confirmed: staff
/// vouch for the addresses. Rows are `email[,components]`, `kind,address[,components]`, or any
/// CSV with a header naming `address` (or `email`) and optionally `kind` and `components`, as the
/// export writes it. A file that is not CSV is refused whole, naming the line, before any write.
pub async fn import(state: &AppState, actor: &Actor, text: &str) -> Result<Imported, AppError> {
    let malformed = |line: usize, why: &str| AppError::invalid("csv", format!("line {line}: {why}"));
    let records = csv::read(text).map_err(|(line, why)| malformed(line, &why))?;
    if records.len() > IMPORT_MAX + 1 {
        return Err(AppError::invalid("csv", format!("import at most {IMPORT_MAX} rows at a time")));
    }
    let rows = rows(records).map_err(|(line, why)| malformed(line, &why))?;
    if rows.is_empty() {
        return Err(AppError::invalid("csv", "there are no rows to import"));
    }
    let mut done = Imported::default();
    for row in rows {
        let (kind, components) = match (row.kind, row.components) {
            (Ok(kind), Ok(components)) => (kind, components),
            (Err(why), _) | (_, Err(why)) => {
                done.refused.push((row.line, why));
                continue;
            }
        };
        if kind == SubscriberKind::Webhook && !is_subscribed(state, kind, &row.address).await? {
            let why = "a webhook's signing secret is shown only when it is added: add it with the form or the API";
            done.refused.push((row.line, why.into()));
            continue;
        }
        match add(state, actor, kind, &row.address, components, true).await {
            Ok(Subscribed::New { .. }) => done.added += 1,
            Ok(Subscribed::Existing(_)) => done.existing += 1,
            Err(e) if e.code == ErrorCode::Invalid => done.refused.push((row.line, e.message)),
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

async fn is_subscribed(state: &AppState, kind: SubscriberKind, raw: &str) -> Result<bool, AppError> {
    let Ok(target) = state.destinations.check_target(kind, raw).await else { return Ok(false) };
    // The store's search drops `%` and `_`: look for the longest part without them.
    let part = target.split(['%', '_']).max_by_key(|p| p.len()).unwrap_or_default().to_string();
    let filter = SubscriberFilter { kind: Some(kind), search: Some(part), before_id: None, limit: 1000 };
    Ok(state.store.list_subscribers(&filter).await?.iter().any(|s| s.target == target))
}

/// The records as rows: by the header's names when there is one, else by position.
fn rows(records: Vec<csv::Record>) -> Result<Vec<Row>, (usize, String)> {
    let mut records = records.into_iter().peekable();
    let header = records.peek().and_then(|(_, cells)| {
        let names: Vec<String> = cells.iter().map(|c| c.trim().to_lowercase()).collect();
        names.iter().any(|n| n == "address" || n == "email").then_some(names)
    });
    let Some(names) = header else {
        return Ok(records.map(|(line, cells)| by_position(line, cells)).collect());
    };
    records.next();
    let at = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
    let (address, kind, components) = (at(&["address", "email"]), at(&["kind"]), at(&["components"]));
    let address = address.unwrap_or_default();
    records
        .map(|(line, cells)| {
            if cells.len() > names.len() {
                return Err((line, format!("{} fields where the header names {}", cells.len(), names.len())));
            }
            let cell =
                |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|c| c.trim().to_string()).unwrap_or_default();
            let kind = match cell(kind) {
                k if k.is_empty() => Ok(SubscriberKind::Email),
                k => k.parse().map_err(|e: app::domain::UnknownName| e.to_string()),
            };
            Ok(Row { line, kind, address: cell(Some(address)), components: ids(&[cell(components)]) })
        })
        .collect()
}

/// `email[,components…]` or `kind,address[,components…]`: a first field that names a kind.
fn by_position(line: usize, cells: Vec<String>) -> Row {
    let first = cells[0].trim().to_lowercase();
    let (kind, rest) = match first.parse::<SubscriberKind>() {
        Ok(kind) if cells.len() > 1 => (kind, &cells[1..]),
        _ => (SubscriberKind::Email, &cells[..]),
    };
    Row { line, kind: Ok(kind), address: rest[0].trim().to_string(), components: ids(&rest[1..]) }
}

/// Component ids in one or more fields, each `;`-separated; none at all is the whole page.
fn ids(fields: &[String]) -> Result<Option<Vec<i64>>, String> {
    let mut out = Vec::new();
    for part in fields.iter().flat_map(|f| f.split(';')).map(str::trim).filter(|p| !p.is_empty()) {
        out.push(part.parse().map_err(|_| format!("'{part}' is not a component id"))?);
    }
    Ok((!out.is_empty()).then_some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parsed = (usize, Result<SubscriberKind, String>, String, Result<Option<Vec<i64>>, String>);

    fn parsed(text: &str) -> Vec<Parsed> {
        let rows = rows(csv::read(text).unwrap()).unwrap();
        rows.into_iter().map(|r| (r.line, r.kind, r.address, r.components)).collect()
    }

    #[test]
    fn rows_by_position_by_kind_and_by_header() {
        let rows = parsed("ada@example.com\nbob@example.com,3;5\nslack,https://hooks.slack.com/x\n");
        assert_eq!(rows[0], (1, Ok(SubscriberKind::Email), "ada@example.com".into(), Ok(None)));
        assert_eq!(rows[1].3, Ok(Some(vec![3, 5])));
        assert_eq!((rows[2].1.clone(), rows[2].2.as_str()), (Ok(SubscriberKind::Slack), "https://hooks.slack.com/x"));
        let rows = parsed("kind,address,components,state,created_at\r\nemail,a@x.io,,active,2026-01-01T00:00:00Z\r\n");
        assert_eq!(rows, vec![(2, Ok(SubscriberKind::Email), "a@x.io".into(), Ok(None))]);
        let rows = parsed("Email,Components\na@x.io,7\n");
        assert_eq!(rows[0].3, Ok(Some(vec![7])));
        assert!(parsed("kind,address\npager,a@x.io\n")[0].1.as_ref().unwrap_err().contains("pager"));
        assert!(parsed("a@x.io,seven\n")[0].3.as_ref().unwrap_err().contains("seven"));
    }

    #[test]
    fn more_fields_than_the_header_names_is_malformed() {
        let records = csv::read("address\na@x.io,3\n").unwrap();
        assert_eq!(rows(records).err().map(|e| e.0), Some(2));
    }
}
