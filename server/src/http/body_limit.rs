//! How large a request body may be: [`MAX_BODY`] on every route. A body that says it is larger
//! is refused at once with a `413`: a page in the site's look for a plain form post (a browser
//! with JavaScript off), the shared error shape for programs and the console's scripts. One that
//! grows past the limit while it streams is cut off there, and its reader answers the `413`.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::Request;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Room for the largest Markdown body the rules allow (100,000 characters), percent-encoded.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// The refusal of a request whose body says it is larger than [`MAX_BODY`], if it does.
pub fn refusal(state: &AppState, req: &Request) -> Option<Response> {
    let headers = req.headers();
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_none_or(|n| n <= MAX_BODY as u64) {
        return None;
    }
    let e = too_large();
    let wants_page = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    Some(if wants_page {
        crate::error::page(&state.site(), &e)
    } else if req.uri().path().starts_with("/admin/fn/") {
        crate::error::server_fn_refusal(&e)
    } else {
        e.into_response()
    })
}

pub fn too_large() -> AppError {
    AppError::too_large(format!(
        "the body is larger than {} MiB, the most this server accepts: shorten it and send it again",
        MAX_BODY >> 20
    ))
    .say("refuse-too-large", &[("mib", (MAX_BODY >> 20).to_string())])
}
