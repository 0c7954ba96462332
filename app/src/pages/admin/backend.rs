//! The console's server functions and what they call on the server. The server crate implements
//! [`AdminBackend`] over its store and provides it as context; the functions here check who is
//! signed in (the guard put the `User` on the request) and delegate.

use crate::domain::{Component, ComponentGroup, Incident, Maintenance, User};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub user: User,
    pub open: Vec<Incident>,
    pub maintenance: Vec<Maintenance>,
    pub groups: Vec<ComponentGroup>,
    pub components: Vec<Component>,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use std::sync::Arc;

    /// Everything the console's server functions need from the server.
    #[async_trait::async_trait]
    pub trait AdminBackend: Send + Sync + 'static {
        async fn dashboard(&self, user: User) -> Result<Dashboard, ServerFnError>;
    }

    #[derive(Clone)]
    pub struct Backend(pub Arc<dyn AdminBackend>);

    pub fn backend() -> Result<Arc<dyn AdminBackend>, ServerFnError> {
        use_context::<Backend>().map(|b| b.0).ok_or_else(|| ServerFnError::new("the console backend is missing"))
    }

    /// The signed-in user (every console request passed the session guard, which put it there).
    pub async fn signed_in() -> Result<User, ServerFnError> {
        let axum::Extension(user) = leptos_axum::extract::<axum::Extension<User>>()
            .await
            .map_err(|_| ServerFnError::new("Sign in first: your session has ended."))?;
        Ok(user)
    }
}

#[server(prefix = "/admin/fn", endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, ServerFnError> {
    let user = ssr::signed_in().await?;
    ssr::backend()?.dashboard(user).await
}
