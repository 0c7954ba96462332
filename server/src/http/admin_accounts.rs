//! The account pages' backend over the store: users, one's own password, the audit log.

use super::actor;
use crate::auth::{password, throttle};
use crate::error::{AppError, ErrorCode};
use crate::store::{AuditCursor, AuditEntry, AuditFilter, NewUser, Store};
use app::domain::{validate, Role, User};
use app::pages::admin::accounts::ssr::AccountsBackend;
use app::pages::admin::accounts::{AuditItem, AuditQuery, AuditView, NewAccount, AUDIT_PAGE};

pub(super) struct StoreAccounts {
    pub store: Store,
}

/// How many of the newest entries the audit filters take their choices from.
const VOCABULARY_WINDOW: i64 = 2000;

/// The argon2id hash of a password that meets the rule (`field` names the form's input).
async fn hash(field: &'static str, password: String) -> Result<String, AppError> {
    validate::password(field, &password)?;
    password::hash_async(password).await.map_err(|e| {
        tracing::error!(cause = %e, "cannot hash a password");
        AppError::new(ErrorCode::Internal, "The password could not be stored; try again.")
    })
}

fn pretty(value: &Option<serde_json::Value>) -> Option<String> {
    value.as_ref().map(|v| serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string()))
}

fn item(e: &AuditEntry) -> AuditItem {
    AuditItem {
        id: e.id,
        at: e.at,
        shown: app::time::format_time(e.at, app::pages::admin::forms::ssr::zone()),
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
    async fn users(&self) -> Result<Vec<User>, AppError> {
        Ok(self.store.list_users().await?)
    }

    async fn create_user(&self, by: &User, new: NewAccount) -> Result<i64, AppError> {
        // The address is checked before the (slow) hash; the store checks it again.
        let email = validate::email("email", &new.email)?;
        let password_hash = hash("password", new.password).await?;
        let user = NewUser { email, display_name: new.display_name, role: new.role, password_hash };
        Ok(self.store.create_user(&actor(by), user).await?)
    }

    async fn set_role(&self, by: &User, user_id: i64, role: Role) -> Result<(), AppError> {
        Ok(self.store.set_user_role(&actor(by), user_id, role).await?)
    }

    async fn reset_password(&self, by: &User, user_id: i64, password: String) -> Result<(), AppError> {
        let password_hash = hash("password", password).await?;
        Ok(self.store.set_password(&actor(by), user_id, &password_hash).await?)
    }

    async fn set_disabled(&self, by: &User, user_id: i64, disabled: bool) -> Result<(), AppError> {
        Ok(self.store.set_user_disabled(&actor(by), user_id, disabled).await?)
    }

    async fn change_own_password(&self, user: &User, current: String, new: String) -> Result<(), AppError> {
        // Guessing the current password from a signed-in session counts against the account's
        // sign-in throttle, like guessing it at the sign-in form.
        let keys = [throttle::account_key(&user.email)];
        if let Some(wait) = throttle::attempt(&self.store, &keys, chrono::Utc::now()).await? {
            let message = format!("too many wrong passwords: try again in {} s", wait.num_seconds().max(1));
            return Err(AppError { field: Some("current_password".into()), ..AppError::rate_limited(message) });
        }
        let stored = self.store.find_user_by_email(&user.email).await?.map(|(_, hash)| hash);
        let matches = password::verify_async(current, stored).await.map_err(|e| AppError {
            field: Some("current_password".into()),
            ..AppError::new(ErrorCode::Unavailable, e.to_string())
        })?;
        if !matches {
            return Err(AppError::invalid("current_password", "this is not your current password"));
        }
        throttle::succeeded(&self.store, &keys).await?;
        let password_hash = hash("new_password", new).await?;
        self.store.set_password(&actor(user), user.id, &password_hash).await?;
        // The other sessions have ended; this one goes on.
        if let Some(s) = super::session().await {
            let _ = crate::auth::guard::renew(&s).await;
        }
        Ok(())
    }

    async fn audit(&self, user: User, query: AuditQuery) -> Result<AuditView, AppError> {
        let before = match &query.before {
            Some(c) => Some(
                AuditCursor::decode(c)
                    .ok_or_else(|| AppError::invalid("before", format!("'{c}' is not a page of the audit log")))?,
            ),
            None => None,
        };
        let filter = AuditFilter {
            actor: query.actor.clone(),
            action: query.action.clone(),
            entity_type: query.entity_type.clone(),
        };
        // One more than a page tells whether an older page exists.
        let mut entries = self.store.audit_page(&filter, before, AUDIT_PAGE + 1).await?;
        let next = if entries.len() as i64 > AUDIT_PAGE {
            entries.truncate(AUDIT_PAGE as usize);
            entries.last().map(|e| AuditCursor::of(e).encode())
        } else {
            None
        };
        let (mut actors, actions, entity_types) = self.store.audit_vocabulary(VOCABULARY_WINDOW).await?;
        for u in self.store.list_users().await? {
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
}
