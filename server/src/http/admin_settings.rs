//! The settings page's backend over the store.

use super::actor;
use crate::error::AppError;
use crate::store::Store;
use app::domain::settings::{PageSettings, PageSettingsInput};
use app::domain::User;
use app::pages::admin::settings::ssr::SettingsBackend;

pub(super) struct StoreSettings {
    pub store: Store,
}

#[async_trait::async_trait]
impl SettingsBackend for StoreSettings {
    async fn settings(&self) -> Result<PageSettings, AppError> {
        self.store.page_settings().await?.ok_or_else(|| AppError::not_found("page settings"))
    }

    async fn save(&self, by: &User, input: PageSettingsInput, version: Option<i64>) -> Result<(), AppError> {
        self.store.update_page_settings(&actor(by), &input, version).await?;
        Ok(())
    }
}
