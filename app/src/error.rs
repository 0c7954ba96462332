//! The one error vocabulary. Every surface — the HTML pages, API v1 and v2, the console's server
//! functions — refuses a request with an [`AppError`]: a stable [`ErrorCode`] for programs (with
//! its HTTP status), a sentence for people, and the field at fault when there is one. It crosses
//! the server-function boundary whole, so a console form reads `field` instead of parsing text.

use crate::domain::validate::FieldError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Why a request was refused. The names are the API's `error.code` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request cannot be read: not JSON, a missing form field, a query that does not parse.
    Malformed,
    /// A value breaks a rule; `field` names it.
    Invalid,
    /// No session or token, or one that is no longer valid.
    Unauthorized,
    /// Signed in, but this role may not do it (or the request came from another site).
    Forbidden,
    NotFound,
    /// The request did not arrive in time (a slow client); its connection is closed.
    Timeout,
    /// Someone else changed it first (a stale version), or it is still in use.
    Conflict,
    /// The body is larger than this address accepts.
    TooLarge,
    UnsupportedMediaType,
    /// Too many attempts; try again later.
    RateLimited,
    /// The database cannot be reached right now.
    Unavailable,
    /// Anything else; the cause is in the server's log, never in the answer.
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 12] = [
        ErrorCode::Malformed,
        ErrorCode::Invalid,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::Timeout,
        ErrorCode::Conflict,
        ErrorCode::TooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::RateLimited,
        ErrorCode::Unavailable,
        ErrorCode::Internal,
    ];

    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Malformed => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Timeout => 408,
            ErrorCode::Conflict => 409,
            ErrorCode::TooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::Invalid => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Malformed => "malformed",
            ErrorCode::Invalid => "invalid",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Conflict => "conflict",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
        }
    }
}

/// A refused request: what programs match on, what people read, and the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// The field at fault: a form field's name, or a path into a JSON body (`components[0].status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What a public page says instead of `message`, in the visitor's language: a message id of
    /// `app/locales/` and its variables (the APIs and the console keep `message`).
    #[serde(skip)]
    #[cfg_attr(feature = "ssr", schemars(skip))]
    pub say: Option<Say>,
}

/// A refusal's message id and variables (see [`AppError::say`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Say {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// What people are told when the database is down.
pub const UNAVAILABLE: &str = "The database is unavailable right now. Try again in a moment.";
/// What people are told when something failed that they cannot fix.
pub const INTERNAL: &str = "The request failed on the server. Try again in a moment.";

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError { code, message: message.into(), field: None, say: None }
    }

    /// A value that breaks a rule, naming the field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> AppError {
        AppError { code: ErrorCode::Invalid, message: message.into(), field: Some(field.into()), say: None }
    }

    /// This refusal, which the public pages word with the message `id` (and `args`).
    pub fn say(self, id: &'static str, args: &[(&'static str, String)]) -> AppError {
        AppError { say: Some(Say { id, args: args.to_vec() }), ..self }
    }

    pub fn malformed(message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::Malformed, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::Unauthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::Forbidden, message)
    }

    /// "{what} not found".
    pub fn not_found(what: &str) -> AppError {
        AppError::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn conflict(message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::Conflict, message)
    }

    pub fn too_large(message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::TooLarge, message)
    }

    pub fn rate_limited(message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::RateLimited, message)
    }

    pub fn unavailable() -> AppError {
        AppError::new(ErrorCode::Unavailable, UNAVAILABLE)
    }

    pub fn internal() -> AppError {
        AppError::new(ErrorCode::Internal, INTERNAL)
    }

    /// Whether this error names `field` (for a form input's `aria-invalid`).
    pub fn names(&self, field: &str) -> bool {
        self.field.as_deref() == Some(field)
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> AppError {
        AppError::invalid(e.field, e.message)
    }
}

/// How the framework's own failures (a request that did not arrive, arguments that do not parse)
/// read in our vocabulary.
impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(e: ServerFnErrorErr) -> AppError {
        match e {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::malformed(format!("the form could not be read: {m}"))
            }
            ServerFnErrorErr::Request(m) => {
                AppError::new(ErrorCode::Unavailable, format!("The server could not be reached ({m}). Try again."))
            }
            _ => AppError::internal(),
        }
    }
}

#[cfg(feature = "ssr")]
mod http {
    use super::{AppError, ErrorCode};
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::{IntoResponse, Response};

    impl ErrorCode {
        pub fn status_code(self) -> StatusCode {
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }

    impl AppError {
        pub fn status_code(&self) -> StatusCode {
            self.code.status_code()
        }
    }

    /// The JSON answer of the APIs: `{"error": {"code", "message", "field"}}` with the code's
    /// status; a 401 says how to authenticate.
    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status = self.status_code();
            let body = serde_json::json!({ "error": self });
            let mut response = (status, axum::Json(body)).into_response();
            if status == StatusCode::UNAUTHORIZED {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"beacon\""));
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_own_name_and_a_client_or_server_status() {
        let names: std::collections::HashSet<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()), "serde and as_str agree");
            assert!((400..600).contains(&code.status()));
        }
    }

    #[test]
    fn an_error_crosses_the_wire_whole() {
        let e = AppError::invalid("title", "title must not be empty");
        let back = AppError::de(e.ser());
        assert_eq!(back, e);
        assert!(back.names("title") && !back.names("message"));
    }
}
