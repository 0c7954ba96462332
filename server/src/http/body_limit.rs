//! How large a request body may be: [`MAX_BODY`] on every route. A body that says it is larger
//! is refused at once with a `413` in the shared error shape; one that grows past the limit while
//! it streams is cut off there, and its reader answers the `413`.

use crate::error::AppError;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Room for the largest Markdown body the rules allow (100,000 characters), percent-encoded.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

pub async fn refuse_large_bodies(req: Request, next: Next) -> Response {
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        let e = too_large();
        return if req.uri().path().starts_with("/admin/fn/") {
            crate::error::server_fn_refusal(&e)
        } else {
            e.into_response()
        };
    }
    next.run(req).await
}

pub fn too_large() -> AppError {
    AppError::too_large(format!("the body is larger than {} MiB, the most this server accepts", MAX_BODY >> 20))
}
