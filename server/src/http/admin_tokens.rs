//! The tokens page's backend over the store; a new secret waits in the session for the page.

use super::{actor, session};
use crate::error::{AppError, ErrorCode};
use crate::store::{NewToken, Store};
use app::domain::{ApiToken, Role, User};
use app::pages::admin::tokens::ssr::TokensBackend;
use app::pages::admin::tokens::NewSecret;
use chrono::{Duration, Utc};

pub(super) struct StoreTokens {
    pub store: Store,
}

/// Where a new token's secret waits for the page that shows it once.
const CREATED: &str = "created_token";

#[async_trait::async_trait]
impl TokensBackend for StoreTokens {
    async fn tokens(&self) -> Result<Vec<ApiToken>, AppError> {
        Ok(self.store.list_tokens().await?)
    }

    async fn create(&self, by: &User, name: String, role: Role, days: u32) -> Result<(), AppError> {
        let expires_at = (days > 0).then(|| Utc::now() + Duration::days(days.into()));
        let (token, secret) = self.store.create_token(&actor(by), NewToken { name, role, expires_at }).await?;
        let Some(s) = session().await else {
            return Err(AppError::unauthorized("The session is missing; sign in again."));
        };
        s.insert(CREATED, NewSecret { name: token.name, secret }).await.map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "The token was created but could not be shown; revoke it and create another.",
            )
        })
    }

    async fn revoke(&self, by: &User, id: i64) -> Result<(), AppError> {
        Ok(self.store.revoke_token(&actor(by), id).await?)
    }

    async fn take_created(&self) -> Option<NewSecret> {
        session().await?.remove::<NewSecret>(CREATED).await.ok().flatten()
    }
}
