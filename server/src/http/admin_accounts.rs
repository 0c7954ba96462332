//! The account pages' backend over the store: users, one's own password, the audit log.

use super::{actor, failed};
use crate::auth::{password, throttle};
use crate::store::{AuditCursor, AuditEntry, AuditFilter, NewUser, Store};
use app::domain::validate::FieldError;
use app::domain::{Role, User};
use app::pages::admin::accounts::ssr::AccountsBackend;
use app::pages::admin::accounts::{AuditItem, AuditQuery, AuditView, NewAccount, AUDIT_PAGE};
use app::pages::admin::backend::ssr::set_status;
use app::pages::admin::backend::FailedForm;
use leptos::prelude::ServerFnError;

pub(super) struct StoreAccounts {
    pub store: Store,
}

/// How many of the newest entries the audit filters take their choices from.
const VOCABULARY_WINDOW: i64 = 2000;

/// A refused input, naming its field (422).
fn field(field: &'static str, message: impl Into<String>) -> ServerFnError {
    set_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    ServerFnError::new(FieldError { field, message: message.into() }.to_string())
}

fn strong(name: &'static str, password: &str) -> Result<(), ServerFnError> {
    password::check_strength(password).map_err(|m| field(name, m))
}

async fn hash(password: String) -> Result<String, ServerFnError> {
    password::hash_async(password).await.map_err(|e| {
        tracing::error!(cause = %e, "cannot hash a password");
        set_status(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        ServerFnError::new("The password could not be stored; try again.")
    })
}

fn pretty(value: &Option<serde_json::Value>) -> Option<String> {
    value.as_ref().map(|v| serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string()))
}

fn item(e: &AuditEntry) -> AuditItem {
    AuditItem {
        id: e.id,
        at: e.at,
        actor: e.actor.clone(),
        action: e.action.clone(),
        entity_type: e.entity_type.clone(),
        entity_id: e.entity_id.clone(),
        before: pretty(&e.before),
        after: pretty(&e.after),
    }
}

/// `values` with `chosen` added (a filter keeps a value even when no recent entry has it).
fn offering(mut values: Vec<String>, chosen: &Option<String>) -> Vec<String> {
    if let Some(c) = chosen {
        if !values.contains(c) {
            values.push(c.clone());
            values.sort();
        }
    }
    values
}

#[async_trait::async_trait]
impl AccountsBackend for StoreAccounts {
    async fn users(&self) -> Result<Vec<User>, ServerFnError> {
        self.store.list_users().await.map_err(failed)
    }

    async fn create_user(&self, by: &User, new: NewAccount) -> Result<i64, ServerFnError> {
        let email = new.email.trim();
        if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
            return Err(field("email", "enter an email address like ada@example.com"));
        }
        strong("password", &new.password)?;
        let password_hash = hash(new.password).await?;
        let user = NewUser { email: email.to_string(), display_name: new.display_name, role: new.role, password_hash };
        self.store.create_user(&actor(by), user).await.map_err(failed)
    }

    async fn set_role(&self, by: &User, user_id: i64, role: Role) -> Result<(), ServerFnError> {
        self.store.set_user_role(&actor(by), user_id, role).await.map_err(failed)
    }

    async fn reset_password(&self, by: &User, user_id: i64, password: String) -> Result<(), ServerFnError> {
        strong("password", &password)?;
        let password_hash = hash(password).await?;
        self.store.set_password(&actor(by), user_id, &password_hash).await.map_err(failed)
    }

    async fn set_disabled(&self, by: &User, user_id: i64, disabled: bool) -> Result<(), ServerFnError> {
        self.store.set_user_disabled(&actor(by), user_id, disabled).await.map_err(failed)
    }

    async fn change_own_password(&self, user: &User, current: String, new: String) -> Result<(), ServerFnError> {
        // Guessing the current password from a signed-in session counts against the account's
        // sign-in throttle, like guessing it at the sign-in form.
        let keys = [throttle::account_key(&user.email)];
        let now = chrono::Utc::now();
        if let Some(wait) = throttle::wait_due(&self.store, &keys, now).await.map_err(failed)? {
            set_status(axum::http::StatusCode::TOO_MANY_REQUESTS);
            let message = format!("too many wrong passwords: try again in {} s", wait.num_seconds().max(1));
            return Err(ServerFnError::new(FieldError { field: "current_password", message }.to_string()));
        }
        let stored = self.store.find_user_by_email(&user.email).await.map_err(failed)?.map(|(_, hash)| hash);
        if !password::verify_async(current, stored).await {
            throttle::record_failure(&self.store, &keys, now).await.map_err(failed)?;
            return Err(field("current_password", "this is not your current password"));
        }
        self.store.clear_login_failures(&keys[0]).await.map_err(failed)?;
        strong("new_password", &new)?;
        let password_hash = hash(new).await?;
        self.store.set_password(&actor(user), user.id, &password_hash).await.map_err(failed)?;
        // The other sessions have ended; this one goes on.
        if let Some(s) = super::session().await {
            let _ = crate::auth::guard::renew(&s).await;
        }
        Ok(())
    }

    async fn audit(&self, user: User, query: AuditQuery) -> Result<AuditView, ServerFnError> {
        let before = match &query.before {
            Some(c) => Some(
                AuditCursor::decode(c)
                    .ok_or_else(|| field("before", format!("'{c}' is not a page of the audit log")))?,
            ),
            None => None,
        };
        let filter = AuditFilter {
            actor: query.actor.clone(),
            action: query.action.clone(),
            entity_type: query.entity_type.clone(),
        };
        // One more than a page tells whether an older page exists.
        let mut entries = self.store.audit_page(&filter, before, AUDIT_PAGE + 1).await.map_err(failed)?;
        let next = if entries.len() as i64 > AUDIT_PAGE {
            entries.truncate(AUDIT_PAGE as usize);
            entries.last().map(|e| AuditCursor::of(e).encode())
        } else {
            None
        };
        let (mut actors, actions, entity_types) =
            self.store.audit_vocabulary(VOCABULARY_WINDOW).await.map_err(failed)?;
        for u in self.store.list_users().await.map_err(failed)? {
            if !actors.contains(&u.email) {
                actors.push(u.email);
            }
        }
        actors.sort();
        Ok(AuditView {
            user,
            entries: entries.iter().map(item).collect(),
            next,
            actors: offering(actors, &query.actor),
            actions: offering(actions, &query.action),
            entity_types: offering(entity_types, &query.entity_type),
            query,
        })
    }

    async fn take_failed_form(&self, prefix: &str) -> Option<FailedForm> {
        super::take_failed_form_prefixed(prefix).await
    }
}
