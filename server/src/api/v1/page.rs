//! The page's settings: read and change them (admin tokens).

use super::auth::Caller;
use super::error::Body;
use super::input::Whole;
use crate::error::AppError;
use crate::state::AppState;
use app::domain::settings::{FooterLink, Image, PageSettings, PageSettingsInput};
use axum::extract::State;
use axum::{Extension, Json};
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The page's settings.
#[derive(Serialize, JsonSchema)]
pub struct PageOut {
    /// The page's name: its header and every title.
    pub name: String,
    /// The IANA zone every time is shown in, and uptime days are counted in.
    pub time_zone: String,
    /// `#rrggbb`: the header's background (white text on it keeps WCAG AA contrast).
    pub brand_color: Option<String>,
    /// Where visitors ask for help (http(s) or mailto:), linked in the header.
    pub support_url: Option<String>,
    pub footer_links: Vec<FooterLink>,
    /// Markdown on the front page above the components.
    pub about: String,
    /// Markdown above the banner on every page (empty: none).
    pub notice: String,
    /// The pages' language when a visitor chose none: one of `languages`.
    pub language: String,
    /// Whether a visitor's browser languages (`Accept-Language`) choose the language.
    pub follow_browser_language: bool,
    /// The languages the pages speak (tags, e.g. `de`), each a file in `app/locales/`.
    pub languages: Vec<String>,
    /// The uploaded logo's address (`PUT /api/v1/page/logo`), if there is one.
    pub logo: Option<String>,
    /// The uploaded favicon's address (`PUT /api/v1/page/favicon`), if there is one.
    pub favicon: Option<String>,
    /// Send it back in a PATCH: a change made since is not overwritten (409).
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl From<&PageSettings> for PageOut {
    fn from(s: &PageSettings) -> PageOut {
        PageOut {
            name: s.name.clone(),
            time_zone: s.time_zone.clone(),
            brand_color: s.brand_color.clone(),
            support_url: s.support_url.clone(),
            footer_links: s.footer_links.clone(),
            about: s.about.clone(),
            notice: s.notice.clone(),
            language: s.language.clone(),
            follow_browser_language: s.follow_browser_language,
            languages: app::i18n::LANGUAGES.iter().map(|(tag, _)| tag.to_string()).collect(),
            logo: s.image_address(Image::Logo),
            favicon: s.image_address(Image::Favicon),
            version: s.version,
            updated_at: s.updated_at,
        }
    }
}

/// Only the fields given change; an empty `brand_color` or `support_url` removes it.
#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PagePatch {
    pub name: Option<String>,
    pub time_zone: Option<String>,
    pub brand_color: Option<String>,
    pub support_url: Option<String>,
    /// Replaces the footer's links.
    pub footer_links: Option<Vec<FooterLink>>,
    pub about: Option<String>,
    pub notice: Option<String>,
    /// A tag of `languages` (see the GET).
    pub language: Option<String>,
    pub follow_browser_language: Option<bool>,
    /// The `version` as last read: a change made since is not overwritten (409).
    pub version: Option<Whole>,
}

async fn current(state: &AppState) -> Result<PageSettings, AppError> {
    state.store.page_settings().await?.ok_or_else(|| AppError::not_found("page settings"))
}

pub async fn get(State(state): State<AppState>) -> Result<Json<PageOut>, AppError> {
    Ok(Json(PageOut::from(&current(&state).await?)))
}

pub async fn patch(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Body(p): Body<PagePatch>,
) -> Result<Json<PageOut>, AppError> {
    let now = PageSettingsInput::from_settings(&current(&state).await?);
    let input = PageSettingsInput {
        name: p.name.unwrap_or(now.name),
        time_zone: p.time_zone.unwrap_or(now.time_zone),
        brand_color: p.brand_color.unwrap_or(now.brand_color),
        support_url: p.support_url.unwrap_or(now.support_url),
        footer_links: p.footer_links.unwrap_or(now.footer_links),
        about: p.about.unwrap_or(now.about),
        notice: p.notice.unwrap_or(now.notice),
        language: p.language.unwrap_or(now.language),
        follow_browser_language: p.follow_browser_language.unwrap_or(now.follow_browser_language),
    };
    let after = state.store.update_page_settings(&caller.actor(), &input, p.version.map(|v| v.0)).await?;
    Ok(Json(PageOut::from(&after)))
}

/// `PUT /api/v1/page/{logo,favicon}`: the body is the image itself.
pub async fn put_image(
    state: AppState,
    caller: Caller,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
    kind: Image,
) -> Result<Json<PageOut>, AppError> {
    let content_type = kind.check(&body)?;
    let declared = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !declared.starts_with(content_type) {
        return Err(AppError::invalid(
            kind.as_str(),
            format!(
                "the body is {content_type}, but was sent as '{declared}'; send it with Content-Type: {content_type}"
            ),
        ));
    }
    let after = state.store.set_page_image(&caller.actor(), kind, Some((content_type, &body))).await?;
    Ok(Json(PageOut::from(&after)))
}

/// `DELETE /api/v1/page/{logo,favicon}`: back to none.
pub async fn delete_image(state: AppState, caller: Caller, kind: Image) -> Result<Json<PageOut>, AppError> {
    let after = state.store.set_page_image(&caller.actor(), kind, None).await?;
    Ok(Json(PageOut::from(&after)))
}
