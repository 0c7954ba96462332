//! The write API's one error shape, `{"error": {"code", "message", "field"}}`, and the JSON body
//! reader that names the field a bad body got wrong.

use crate::http::HttpError;
use crate::store::StoreError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A refused call: the status, a stable code for programs, a sentence for people, and the field
/// at fault when there is one.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

/// The body of every error answer.
#[derive(Serialize, JsonSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, JsonSchema)]
pub struct ErrorDetail {
    /// One of: malformed, invalid, unauthorized, forbidden, not_found, conflict, unsupported_media_type,
    /// unavailable, internal.
    pub code: &'static str,
    pub message: String,
    /// The field at fault, as a path into the request body (e.g. `components[0].status`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), field: None }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        let field = field.into();
        let message = message.into();
        ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, code: "invalid", message, field: Some(field) }
    }

    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("{what} not found"))
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            // The API calls an incident's and a maintenance's title `name`, as Statuspage does.
            StoreError::Invalid { field: "title", message } => {
                ApiError::invalid("name", message.replacen("title", "name", 1))
            }
            StoreError::Invalid { field, message } => ApiError::invalid(field, message),
            other => match HttpError::from(other) {
                HttpError::NotFound(what) => ApiError::not_found(what),
                HttpError::BadRequest(m) => ApiError::new(StatusCode::BAD_REQUEST, "malformed", m),
                HttpError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, "conflict", m),
                HttpError::Unavailable => ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the database is unavailable right now; try again in a moment",
                ),
                HttpError::Internal => {
                    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the request failed; try again")
                }
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code, message: self.message, field: self.field } };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer realm=\"beacon\""));
        }
        response
    }
}

/// A JSON request body. Not JSON at all: 400 `malformed`; JSON of the wrong shape (a missing
/// field, an unknown field, a wrong type, an unknown status name): 422 `invalid` naming the field.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "malformed", format!("cannot read the body: {e}")))?;
        parse(&bytes).map(Body)
    }
}

/// The ids in a route's path. One that is not a number names nothing: 404, in the API's shape.
pub struct Ids<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Ids<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(ids)) => Ok(Ids(ids)),
            Err(_) => Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "there is nothing at this address")),
        }
    }
}

/// `bytes` as a `T`, or the error naming what is wrong and where.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de);
    // Trailing bytes after the JSON value make the body malformed too.
    if value.is_ok() {
        de.end().map_err(|e| {
            ApiError::new(StatusCode::BAD_REQUEST, "malformed", format!("the body is not valid JSON: {e}"))
        })?;
    }
    value.map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() || inner.is_io() {
            return ApiError::new(StatusCode::BAD_REQUEST, "malformed", format!("the body is not valid JSON: {inner}"));
        }
        // serde's message ends with " at line 1 column 7", which says nothing to a caller that sent JSON.
        let message = inner.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_string();
        let field = match (missing_field(&message), path.as_str()) {
            (Some(name), ".") => name,
            (Some(name), parent) => format!("{parent}.{name}"),
            (None, _) => path,
        };
        ApiError::invalid(field, message)
    })
}

/// serde names a missing field only in its message ("missing field `name`"); the path then ends
/// at the object that lacks it.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::IncidentStatus;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        status: IncidentStatus,
        items: Option<Vec<Item>>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: i64,
    }

    fn refused(body: &str) -> ApiError {
        parse::<Sample>(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn errors_name_the_field() {
        let e = refused(r#"{"name": "x", "status": "broken"}"#);
        assert_eq!(
            (e.status, e.code, e.field.as_deref()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some("status"))
        );
        assert!(e.message.contains("unknown variant `broken`") && e.message.contains("investigating"), "{}", e.message);
        assert_eq!(refused(r#"{"status": "identified"}"#).field.as_deref(), Some("name"));
        assert_eq!(refused(r#"{"name": "x", "status": "identified", "extra": 1}"#).field.as_deref(), Some("extra"));
        let e = refused(r#"{"name": "x", "status": "identified", "items": [{"id": "seven"}]}"#);
        assert_eq!(e.field.as_deref(), Some("items[0].id"));
        assert!(!e.message.contains("line 1"), "{}", e.message);
    }

    #[test]
    fn what_is_not_json_is_a_400() {
        for body in ["{", "name=x", "{\"name\": \"x\", \"status\": \"identified\"} trailing", ""] {
            let e = refused(body);
            assert_eq!((e.status, e.code), (StatusCode::BAD_REQUEST, "malformed"), "{body}");
        }
    }
}
