//! The tokens page's backend over the store; a new secret waits in the session for the page.

use super::{actor, failed, session};
use crate::store::{NewToken, Store};
use app::domain::{ApiToken, Role, User};
use app::pages::admin::backend::FailedForm;
use app::pages::admin::tokens::ssr::TokensBackend;
use app::pages::admin::tokens::NewSecret;
use chrono::{Duration, Utc};
use leptos::prelude::ServerFnError;

pub(super) struct StoreTokens {
    pub store: Store,
}

/// Where a new token's secret waits for the page that shows it once.
const CREATED: &str = "created_token";

#[async_trait::async_trait]
impl TokensBackend for StoreTokens {
    async fn tokens(&self) -> Result<Vec<ApiToken>, ServerFnError> {
        self.store.list_tokens().await.map_err(failed)
    }

    async fn create(&self, by: &User, name: String, role: Role, days: u32) -> Result<(), ServerFnError> {
        let expires_at = (days > 0).then(|| Utc::now() + Duration::days(days.into()));
        let (token, secret) =
            self.store.create_token(&actor(by), NewToken { name, role, expires_at }).await.map_err(failed)?;
        let Some(s) = session().await else {
            return Err(ServerFnError::new("The session is missing; sign in again."));
        };
        s.insert(CREATED, NewSecret { name: token.name, secret }).await.map_err(|_| {
            ServerFnError::new("The token was created but could not be shown; revoke it and create another.")
        })
    }

    async fn revoke(&self, by: &User, id: i64) -> Result<(), ServerFnError> {
        self.store.revoke_token(&actor(by), id).await.map_err(failed)
    }

    async fn take_created(&self) -> Option<NewSecret> {
        session().await?.remove::<NewSecret>(CREATED).await.ok().flatten()
    }

    async fn take_failed_form(&self, prefix: &str) -> Option<FailedForm> {
        super::take_failed_form_prefixed(prefix).await
    }
}
