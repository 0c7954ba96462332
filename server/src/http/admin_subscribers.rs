//! The subscriber pages' backend over the store and `notify::staff`, and the CSV export
//! (`/admin/subscribers.csv`). What a write has to tell waits in the session for the page.

use super::{actor, session};
use crate::error::{page, AppError};
use crate::notify::staff::{self, Imported};
use crate::state::AppState;
use crate::store::{Subscribed, SubscriberFilter};
use app::domain::{DeliveryAttempt, Role, Subscriber, SubscriberKind, SubscriberState, User};
use app::pages::admin::subscriber::LOGGED;
use app::pages::admin::subscribers::ssr::SubscribersBackend;
use app::pages::admin::subscribers::{KindCounts, SubscriberRow, SubscribersNotice as Notice, SubscribersView, PAGE};
use app::time::format_time;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::collections::HashMap;

pub(super) struct StoreSubscribers {
    pub state: AppState,
}

/// Where a write's notice waits for the page.
const NOTICE: &str = "subscribers_notice";

impl StoreSubscribers {
    async fn rows(&self, subscribers: Vec<Subscriber>) -> Result<Vec<SubscriberRow>, AppError> {
        let names: HashMap<i64, String> =
            self.state.store.list_components().await?.into_iter().map(|c| (c.id, c.name)).collect();
        let tz = self.state.site().tz;
        Ok(subscribers
            .into_iter()
            .map(|s| {
                let state = match (s.state(), s.quarantined_at) {
                    (SubscriberState::Quarantined, Some(at)) => format!("Quarantined since {}", format_time(at, tz)),
                    (other, _) => other.label().to_string(),
                };
                let components = match &s.components {
                    None => "Whole page".to_string(),
                    Some(ids) => ids
                        .iter()
                        .map(|id| names.get(id).cloned().unwrap_or_else(|| format!("component {id}")))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                SubscriberRow { created: format_time(s.created_at, tz), state, components, subscriber: s }
            })
            .collect())
    }

    async fn tell(&self, notice: Notice) -> Result<(), AppError> {
        let Some(s) = session().await else {
            return Err(AppError::unauthorized("The session is missing; sign in again."));
        };
        s.insert(NOTICE, notice).await.map_err(|_| AppError::internal())
    }
}

/// "3 added, 1 already subscribed, 1 refused (line 4: …)".
fn report(done: &Imported) -> String {
    let mut text =
        format!("{} added, {} already subscribed, {} refused", done.added, done.existing, done.refused.len());
    if !done.refused.is_empty() {
        let lines: Vec<String> = done.refused.iter().map(|(line, why)| format!("line {line}: {why}")).collect();
        text.push_str(&format!(" ({})", lines.join("; ")));
    }
    text
}

#[async_trait::async_trait]
impl SubscribersBackend for StoreSubscribers {
    async fn list(
        &self,
        user: User,
        kind: Option<SubscriberKind>,
        search: String,
        before: Option<i64>,
    ) -> Result<SubscribersView, AppError> {
        let store = &self.state.store;
        let counts = store.subscriber_counts().await?.into_iter();
        let counts = counts
            .map(|(kind, c)| KindCounts {
                kind,
                active: c.active,
                unconfirmed: c.unconfirmed,
                quarantined: c.quarantined,
            })
            .collect();
        let search_for = (!search.is_empty()).then(|| search.clone());
        let filter = SubscriberFilter { kind, search: search_for, before_id: before, limit: PAGE + 1 };
        let mut found = store.list_subscribers(&filter).await?;
        let older = (found.len() as i64 > PAGE).then(|| found[PAGE as usize - 1].id);
        found.truncate(PAGE as usize);
        Ok(SubscribersView {
            user,
            counts,
            rows: self.rows(found).await?,
            kind,
            search,
            older,
            email_enabled: self.state.email_enabled,
            notice: None,
            failed: None,
        })
    }

    async fn one(&self, id: i64) -> Result<Option<(SubscriberRow, Vec<(String, DeliveryAttempt)>)>, AppError> {
        let Some(subscriber) = self.state.store.get_subscriber(id).await? else { return Ok(None) };
        let tz = self.state.site().tz;
        let log = self.state.store.delivery_log(id, LOGGED).await?;
        let log = log.into_iter().map(|a| (format_time(a.at, tz), a)).collect();
        let row = self.rows(vec![subscriber]).await?.pop().ok_or_else(AppError::internal)?;
        Ok(Some((row, log)))
    }

    async fn add(&self, by: &User, kind: SubscriberKind, address: String, confirmed: bool) -> Result<(), AppError> {
        // The form has one field for either kind of address.
        let added = staff::add(&self.state, &actor(by), kind, &address, None, confirmed).await.map_err(|e| {
            let field =
                if matches!(e.field.as_deref(), Some("email" | "url")) { Some("address".into()) } else { e.field };
            AppError { field, ..e }
        });
        match added? {
            Subscribed::New { subscriber, secret: Some(secret) } => {
                self.tell(Notice::Secret { address: subscriber.target, secret }).await
            }
            Subscribed::New { subscriber, secret: None } => {
                let how = if subscriber.confirmed_at.is_some() { "" } else { "; a confirmation mail is on its way" };
                self.tell(Notice::Done(format!("{} subscribed{how}.", subscriber.target))).await
            }
            Subscribed::Existing(existing) => {
                Err(AppError { field: Some("address".into()), ..staff::already(&existing) })
            }
        }
    }

    async fn remove(&self, by: &User, id: i64) -> Result<(), AppError> {
        Ok(self.state.store.delete_subscriber(&actor(by), id).await?)
    }

    async fn enable(&self, by: &User, id: i64) -> Result<(), AppError> {
        Ok(self.state.store.enable_subscriber(&actor(by), id).await?)
    }

    async fn import(&self, by: &User, csv: String) -> Result<(), AppError> {
        let done = staff::import(&self.state, &actor(by), &csv).await?;
        self.tell(Notice::Done(report(&done))).await
    }

    async fn take_notice(&self) -> Option<Notice> {
        session().await?.remove::<Notice>(NOTICE).await.ok().flatten()
    }
}

/// `GET /admin/subscribers.csv` (admins): every subscriber, as the import reads them back.
pub(super) async fn export(State(state): State<AppState>, Extension(user): Extension<User>) -> Response {
    if user.role != Role::Admin {
        return page(&state.site(), &AppError::forbidden("Only admins may export subscribers; ask an admin."));
    }
    match staff::export(&state).await {
        Ok(csv) => {
            let headers = [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"subscribers.csv\""),
                (header::CACHE_CONTROL, "no-store"),
            ];
            (headers, csv).into_response()
        }
        Err(e) => page(&state.site(), &e),
    }
}
