//! The one error type at the edge, [`AppError`] (shared with the console, see `app::error`): how a
//! store failure becomes one — the cause goes to the log, the user reads the message — and how it
//! reads as a page of the site. The APIs answer it as JSON (its `IntoResponse`).

pub use app::error::{AppError, ErrorCode};

use crate::store::StoreError;
use app::pages::public::{refusal, render_error, Site};
use axum::http::header;
use axum::response::{IntoResponse, Response};

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound(what) => AppError::not_found(what),
            StoreError::Invalid { field, message } => AppError::invalid(field, message),
            StoreError::Conflict(m) => AppError::conflict(m),
            StoreError::Database(
                ref cause @ (sqlx::Error::PoolTimedOut
                | sqlx::Error::Io(_)
                | sqlx::Error::PoolClosed
                | sqlx::Error::Tls(_)),
            ) => {
                tracing::error!(%cause, "database unavailable");
                AppError::unavailable()
            }
            cause => {
                tracing::error!(%cause, "request failed");
                AppError::internal()
            }
        }
    }
}

/// The error as a console server function answers it: the bare error as JSON, marked as a
/// server function's error so that the console reads it back whole.
pub fn server_fn_refusal(e: &AppError) -> Response {
    let body = serde_json::to_string(e).unwrap_or_default();
    let headers = [
        (header::CONTENT_TYPE, "application/json"),
        (header::CACHE_CONTROL, "no-store"),
        (header::HeaderName::from_static(leptos::server_fn::error::SERVER_FN_ERROR_HEADER), "refused"),
    ];
    (e.status_code(), headers, body).into_response()
}

/// The error as a page in the site's look, with the code's status.
pub fn page(site: &Site, e: &AppError) -> Response {
    let lang = site.lang;
    let (heading, message) = match e.code {
        ErrorCode::NotFound => ("error-not-found", lang.t("error-not-found-text")),
        ErrorCode::Unavailable => ("error-unavailable", lang.t("error-unavailable-text")),
        ErrorCode::Internal => ("error-internal", lang.t("error-internal-text")),
        ErrorCode::Forbidden | ErrorCode::Unauthorized => ("error-forbidden", refusal(e, lang)),
        ErrorCode::RateLimited => ("error-rate-limited", refusal(e, lang)),
        ErrorCode::TooLarge => ("error-too-large", refusal(e, lang)),
        _ => ("error-bad-request", refusal(e, lang)),
    };
    let headers = [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")];
    (e.status_code(), headers, render_error(site, &lang.t(heading), &message)).into_response()
}
