//! The write API's JSON body reader that names the field a bad body got wrong, its path ids, and
//! the shape of its error answers (`{"error": {"code", "message", "field"}}`, see [`AppError`]).

use crate::error::{AppError, ErrorCode};
use crate::store::StoreError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header;
use axum::http::request::Parts;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The body of every error answer, for the OpenAPI document.
#[derive(Serialize, JsonSchema)]
pub struct ErrorBody {
    pub error: AppError,
}

/// A store refusal in the API's words: the API calls an incident's and a maintenance's title
/// `name`, as Statuspage does.
pub fn title_as_name(e: StoreError) -> AppError {
    match e {
        StoreError::Invalid { field: "title", message } => {
            AppError::invalid("name", message.replacen("title", "name", 1))
        }
        other => other.into(),
    }
}

/// A JSON request body. Not JSON at all: 400 `malformed`; JSON of the wrong shape (a missing
/// field, an unknown field, a wrong type, an unknown status name): 422 `invalid` naming the field.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(AppError::new(
                ErrorCode::UnsupportedMediaType,
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| match e.status() {
            axum::http::StatusCode::PAYLOAD_TOO_LARGE => crate::http::body_limit::too_large(),
            _ => AppError::malformed(format!("cannot read the body: {e}")),
        })?;
        parse(&bytes).map(Body)
    }
}

/// The ids in a route's path. One that is not a number names nothing: 404, in the API's shape.
pub struct Ids<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Ids<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(ids)) => Ok(Ids(ids)),
            Err(_) => Err(AppError::new(ErrorCode::NotFound, "there is nothing at this address")),
        }
    }
}

/// `bytes` as a `T`, or the error naming what is wrong and where.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de);
    // Trailing bytes after the JSON value make the body malformed too.
    if value.is_ok() {
        de.end().map_err(|e| AppError::malformed(format!("the body is not valid JSON: {e}")))?;
    }
    value.map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // Whether the body is JSON at all decides 400 or 422, not the kind of the first error: a
        // wrong key stops the reader before the JSON is cut short (`{"extra"`), and an array where
        // an object belongs (`[1]`) is reported as a syntax error.
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Err(syntax) => return AppError::malformed(format!("the body is not valid JSON: {syntax}")),
            Ok(body) if !body.is_object() => {
                return AppError::new(ErrorCode::Invalid, "the body must be a JSON object");
            }
            Ok(_) => {}
        }
        // serde's message ends with " at line 1 column 7", which says nothing to a caller that sent JSON.
        let message = inner.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_string();
        let field = match (missing_field(&message), path.as_str()) {
            (Some(name), ".") => name,
            (Some(name), parent) => format!("{parent}.{name}"),
            // The root, though an object, is of the wrong kind: "." names nothing sent.
            (None, ".") => return AppError::new(ErrorCode::Invalid, format!("the body is refused: {message}")),
            (None, _) => path,
        };
        AppError::invalid(field, message)
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

    fn refused(body: &str) -> AppError {
        parse::<Sample>(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn errors_name_the_field() {
        let e = refused(r#"{"name": "x", "status": "broken"}"#);
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("status")));
        assert!(e.message.contains("unknown variant `broken`") && e.message.contains("investigating"), "{}", e.message);
        assert_eq!(refused(r#"{"status": "identified"}"#).field.as_deref(), Some("name"));
        assert_eq!(refused(r#"{"name": "x", "status": "identified", "extra": 1}"#).field.as_deref(), Some("extra"));
        let e = refused(r#"{"name": "x", "status": "identified", "items": [{"id": "seven"}]}"#);
        assert_eq!(e.field.as_deref(), Some("items[0].id"));
        assert!(!e.message.contains("line 1"), "{}", e.message);
    }

    #[test]
    fn a_body_of_the_wrong_kind_names_no_field() {
        // `[1]` found by the api_bodies fuzz target: it was a 400 "not valid JSON".
        for body in ["5", "[]", "[1]", "\"x\"", "null"] {
            let e = refused(body);
            assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, None), "{body}");
            assert!(e.message.starts_with("the body must be a JSON object"), "{}", e.message);
        }
    }

    #[test]
    fn what_is_not_json_is_a_400() {
        // Found by the api_bodies fuzz target: `{""` was a 422 unknown field.
        for body in
            ["{", "name=x", "{\"name\": \"x\", \"status\": \"identified\"} trailing", "", "{\"\"", "{\"name\": 5"]
        {
            let e = refused(body);
            assert_eq!(e.code, ErrorCode::Malformed, "{body}");
        }
    }
}
