//! The server functions of the account pages (`/admin/users`, `/admin/account`, `/admin/audit`)
//! and what they call on the server: the server crate implements [`ssr::AccountsBackend`] and
//! provides it as context next to the console's main backend.

use super::forms::FailedForm;
use crate::domain::{Role, User};
use crate::error::AppError;
use crate::pages::admin::notice::Notice;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the users page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsersView {
    pub user: User,
    pub users: Vec<User>,
    pub failed: Option<FailedForm>,
}

/// What the own-account page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub user: User,
    pub failed: Option<FailedForm>,
}

/// The audit log's filters (exact matches; empty means any) and where the page starts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub entity_type: Option<String>,
    /// A keyset cursor, `<at in ms>_<id>`: the page holds entries older than it.
    pub before: Option<String>,
}

/// One audit entry as the page shows it; the JSON is already pretty-printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditItem {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// `at` in the page's zone, as the console shows times.
    pub shown: String,
}

/// One page of the audit log, newest first, and the values its filters offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditView {
    pub user: User,
    pub query: AuditQuery,
    pub entries: Vec<AuditItem>,
    /// The cursor of the next (older) page, if there is one.
    pub next: Option<String>,
    pub actors: Vec<String>,
    pub actions: Vec<String>,
    pub entity_types: Vec<String>,
}

/// An account to create, as the server receives it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

/// Entries per page of the audit log.
pub const AUDIT_PAGE: i64 = 50;

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use std::sync::Arc;

    /// What the account pages need from the server. Callers have checked the signed-in user's
    /// role; `actor` is who makes the change (for the audit log).
    #[async_trait::async_trait]
    pub trait AccountsBackend: Send + Sync + 'static {
        async fn users(&self) -> Result<Vec<User>, AppError>;
        async fn create_user(&self, actor: &User, new: NewAccount) -> Result<i64, AppError>;
        /// Refused when it would leave no active admin.
        async fn set_role(&self, actor: &User, user_id: i64, role: Role) -> Result<(), AppError>;
        async fn reset_password(&self, actor: &User, user_id: i64, password: String) -> Result<(), AppError>;
        /// Refused when it would leave no active admin.
        async fn set_disabled(&self, actor: &User, user_id: i64, disabled: bool) -> Result<(), AppError>;
        /// Checks `current` against the stored hash before replacing it.
        async fn change_own_password(&self, user: &User, current: String, new: String) -> Result<(), AppError>;
        async fn audit(&self, user: User, query: AuditQuery) -> Result<AuditView, AppError>;
    }

    pub fn accounts() -> Result<Arc<dyn AccountsBackend>, AppError> {
        super::super::forms::ssr::port::<dyn AccountsBackend>()
    }

    /// An admin's write on the users page (through [`forms::save_as_admin`]).
    pub async fn save<Fut>(
        form: &str,
        values: Vec<(&str, Option<String>)>,
        write: impl FnOnce(User, Arc<dyn AccountsBackend>) -> Fut,
    ) -> Result<Notice, AppError>
    where
        Fut: std::future::Future<Output = Result<(), AppError>>,
    {
        super::super::forms::ssr::save_as_admin(form, values, "/admin/users", write).await
    }
}

#[cfg(feature = "ssr")]
use {
    super::forms::ssr::{self as forms, admin, signed_in},
    std::sync::Arc,
};

#[server(prefix = "/admin/fn", endpoint = "users_page")]
pub async fn get_users_page() -> Result<UsersView, AppError> {
    let user = admin().await?;
    let accounts = ssr::accounts()?;
    Ok(UsersView { user, users: accounts.users().await?, failed: forms::take_failed("user").await })
}

#[server(prefix = "/admin/fn", endpoint = "create_user")]
pub async fn create_user(
    email: String,
    display_name: String,
    role: String,
    password: String,
) -> Result<Notice, AppError> {
    // The password is never kept for the page.
    let values = vec![
        ("email", Some(email.clone())),
        ("display_name", Some(display_name.clone())),
        ("role", Some(role.clone())),
    ];
    ssr::save("user_create", values, |user, accounts| async move {
        let new = NewAccount { email, display_name, role: forms::vocabulary("role", &role)?, password };
        accounts.create_user(&user, new).await.map(|_| ())
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "set_user_role")]
pub async fn set_user_role(user_id: i64, role: String) -> Result<Notice, AppError> {
    ssr::save(&format!("user_role:{user_id}"), vec![], |user, accounts| async move {
        accounts.set_role(&user, user_id, forms::vocabulary("role", &role)?).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "reset_user_password")]
pub async fn reset_user_password(user_id: i64, password: String) -> Result<Notice, AppError> {
    ssr::save(&format!("user_password:{user_id}"), vec![], |user, accounts| async move {
        accounts.reset_password(&user, user_id, password).await
    })
    .await
}

/// `access` is "disable" or "enable".
#[server(prefix = "/admin/fn", endpoint = "set_user_access")]
pub async fn set_user_access(user_id: i64, access: String) -> Result<Notice, AppError> {
    ssr::save(&format!("user_access:{user_id}"), vec![], |user, accounts| async move {
        let disabled = match access.as_str() {
            "disable" => true,
            "enable" => false,
            other => {
                let message = format!("unknown access '{other}' (expected disable or enable)");
                return Err(AppError::invalid("access", message));
            }
        };
        accounts.set_disabled(&user, user_id, disabled).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "account_page")]
pub async fn get_account_page() -> Result<AccountView, AppError> {
    let user = signed_in().await?;
    Ok(AccountView { user, failed: forms::take_failed("own_password").await })
}

#[server(prefix = "/admin/fn", endpoint = "change_own_password")]
pub async fn change_own_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<Notice, AppError> {
    let to = "/admin/account?changed=1";
    forms::save("own_password", vec![], to, |user, accounts: Arc<dyn ssr::AccountsBackend>| async move {
        if current_password.is_empty() {
            return Err(AppError::invalid("current_password", "enter your current password"));
        }
        if new_password != confirm_password {
            return Err(AppError::invalid("confirm_password", "the two new passwords differ"));
        }
        accounts.change_own_password(&user, current_password, new_password).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "audit_page")]
pub async fn get_audit_page(
    actor: Option<String>,
    action: Option<String>,
    entity_type: Option<String>,
    before: Option<String>,
) -> Result<AuditView, AppError> {
    let user = admin().await?;
    // An empty select ("any") arrives as an empty string.
    let given = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
    let query = AuditQuery {
        actor: given(actor),
        action: given(action),
        entity_type: given(entity_type),
        before: given(before),
    };
    ssr::accounts()?.audit(user, query).await
}
