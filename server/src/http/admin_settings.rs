//! The settings page's backend over the store.

use super::{actor, FAILED_FORM, NOTICE};
use crate::error::{page, AppError};
use crate::state::AppState;
use crate::store::Store;
use app::domain::settings::{Image, PageSettings, PageSettingsInput};
use app::domain::{Role, User};
use app::pages::admin::forms::FailedForm;
use app::pages::admin::notice::Notice;
use app::pages::admin::settings::ssr::SettingsBackend;
use app::pages::admin::settings::IMAGE_FORM;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use tower_sessions::Session;

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

/// `POST /admin/settings/image` (admins), a multipart form: `kind` (logo or favicon), and `file`
/// to upload or `remove` to remove it. Leads back to the settings, saying what happened there.
pub(super) async fn save_image(
    State(state): State<AppState>,
    Extension(user): Extension<User>,
    session: Session,
    form: Multipart,
) -> Response {
    if user.role != Role::Admin {
        return page(&state.site(), &AppError::forbidden("Only admins may change the page's images; ask an admin."));
    }
    match read_and_save(&state, &user, form).await {
        Ok(()) => {
            let _ = session.insert(NOTICE, Notice::of(IMAGE_FORM, "/admin/settings")).await;
        }
        Err(error) => {
            let failed = FailedForm { form: IMAGE_FORM.to_string(), values: Default::default(), error };
            let _ = session.insert(FAILED_FORM, failed).await;
        }
    }
    Redirect::to("/admin/settings").into_response()
}

async fn read_and_save(state: &AppState, user: &User, mut form: Multipart) -> Result<(), AppError> {
    let unreadable =
        |e: axum::extract::multipart::MultipartError| AppError::malformed(format!("the form could not be read: {e}"));
    let (mut kind, mut file, mut remove) = (None, None, false);
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or_default() {
            "kind" => kind = Some(field.text().await.map_err(unreadable)?),
            "remove" => remove = true,
            "file" => file = Some(field.bytes().await.map_err(unreadable)?),
            _ => {}
        }
    }
    let kind = match kind.as_deref() {
        Some("logo") => Image::Logo,
        Some("favicon") => Image::Favicon,
        _ => return Err(AppError::invalid("kind", "choose the logo or the favicon")),
    };
    let image = match (remove, &file) {
        (true, _) => None,
        (false, Some(bytes)) if !bytes.is_empty() => Some((kind.check(bytes)?, bytes.as_ref())),
        (false, _) => return Err(AppError::invalid(kind.as_str(), format!("choose a file for the {}", kind.as_str()))),
    };
    state.store.set_page_image(&actor(user), kind, image).await?;
    Ok(())
}
