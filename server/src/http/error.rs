//! The one error type at the edge: what the user is told, and what the log keeps.

use crate::store::StoreError;
use axum::http::StatusCode;

/// What the console says when the database cannot be reached.
pub const DATABASE_UNAVAILABLE: &str = "The database is unavailable right now. Try again in a moment.";

#[derive(Debug, Clone, thiserror::Error)]
pub enum HttpError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    /// The database cannot be reached; the cause is logged, not shown.
    #[error("the database is unavailable")]
    Unavailable,
    /// Anything else; the cause is logged, not shown.
    #[error("internal error")]
    Internal,
}

impl HttpError {
    pub fn status(&self) -> StatusCode {
        match self {
            HttpError::NotFound(_) => StatusCode::NOT_FOUND,
            HttpError::BadRequest(_) => StatusCode::BAD_REQUEST,
            HttpError::Conflict(_) => StatusCode::CONFLICT,
            HttpError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            HttpError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for HttpError {
    fn from(e: StoreError) -> HttpError {
        match e {
            StoreError::NotFound(what) => HttpError::NotFound(what),
            StoreError::Invalid { field, message } => HttpError::BadRequest(format!("{field}: {message}")),
            StoreError::Conflict(m) => HttpError::Conflict(m),
            StoreError::Database(
                ref cause @ (sqlx::Error::PoolTimedOut
                | sqlx::Error::Io(_)
                | sqlx::Error::PoolClosed
                | sqlx::Error::Tls(_)),
            ) => {
                tracing::error!(%cause, "database unavailable");
                HttpError::Unavailable
            }
            cause => {
                tracing::error!(%cause, "request failed");
                HttpError::Internal
            }
        }
    }
}
