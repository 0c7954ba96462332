//! The OpenAPI 3.1 document of the API, built from [`super::operations`] and the JSON Schemas
//! of the request and answer types.

use super::error::ErrorBody;
use super::{operations, Access, Operation};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use schemars::generate::SchemaSettings;
use schemars::SchemaGenerator;
use serde_json::{json, Map, Value};

pub async fn serve(State(state): State<AppState>) -> Json<Value> {
    Json(document(&state.public_url))
}

/// The document for an instance reached at `public_url`.
pub fn document(public_url: &str) -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut generator = SchemaGenerator::new(settings);
    let error = generator.subschema_for::<ErrorBody>().to_value();
    let mut paths = Map::new();
    for op in operations() {
        let entry = paths.entry(op.path).or_insert_with(|| json!({}));
        entry[op.method.as_str().to_lowercase()] = operation(&op, &mut generator, &error);
    }
    let schemas: Map<String, Value> = generator.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Beacon API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Write API v1 of a Beacon status page: open and update incidents, set component \
                            statuses, write postmortems, schedule maintenance, manage subscribers. Authenticate with a token from the \
                            admin console (API tokens) or `beacon token add`: `Authorization: Bearer <token>`. \
                            Errors answer `{\"error\": {\"code\", \"message\", \"field\"}}`. The read API \
                            (`/api/v2/*.json`) is Atlassian Statuspage's and needs no token."
        },
        "servers": [{"url": public_url}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer", "description": "An API token (bcn_…)"}}
        }
    })
}

fn operation(op: &Operation, generator: &mut SchemaGenerator, error: &Value) -> Value {
    let id = operation_id(op);
    let mut parameters: Vec<Value> = path_parameters(op.path)
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}))
        .collect();
    if let Some(query) = op.query {
        let schema = query(generator).to_value();
        let properties = schema.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
        for (name, schema) in properties {
            let description = schema.get("description").cloned().unwrap_or(Value::Null);
            parameters.push(
                json!({"name": name, "in": "query", "required": false, "schema": schema, "description": description}),
            );
        }
    }
    let (status, body) = op.success;
    let mut success = json!({"description": if status == 204 { "Done; no content" } else { "Done" }});
    if let Some(body) = body {
        success["content"] = json!({"application/json": {"schema": body(generator).to_value()}});
    }
    let mut responses = Map::new();
    responses.insert(status.to_string(), success);
    for (code, when) in errors(op) {
        responses
            .insert(code.to_string(), json!({"description": when, "content": {"application/json": {"schema": error}}}));
    }
    let mut out = json!({
        "operationId": id,
        "summary": op.summary,
        "tags": [op.tag],
        "parameters": parameters,
        "responses": responses,
    });
    if let Some(text) = op.description {
        out["description"] = json!(text);
    }
    if let Some(request) = op.request {
        out["requestBody"] = json!({
            "required": op.body_required,
            "content": {"application/json": {"schema": request(generator).to_value()}}
        });
    }
    out["security"] = match op.access {
        Access::Public => json!([]),
        _ => json!([{"token": []}]),
    };
    out
}

/// `get_incidents_id_updates`: the method and the path's words.
fn operation_id(op: &Operation) -> String {
    let words: Vec<&str> = op
        .path
        .trim_start_matches("/api/v1/")
        .split('/')
        .map(|s| s.trim_matches(|c| c == '{' || c == '}'))
        .map(|s| s.trim_end_matches(".json"))
        .collect();
    format!("{}_{}", op.method.as_str().to_lowercase(), words.join("_"))
}

fn path_parameters(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
}

/// The error answers an operation can give.
fn errors(op: &Operation) -> Vec<(u16, &'static str)> {
    let mut out = Vec::new();
    if op.request.is_some() {
        out.push((400, "The body is not JSON"));
        out.push((415, "The body is not sent as application/json"));
    }
    if op.access != Access::Public {
        out.push((401, "No token, or one that is unknown, revoked or expired"));
        out.push((403, "The token's role may not do this"));
    }
    if path_parameters(op.path).next().is_some() {
        out.push((404, "Nothing has this id"));
    }
    if op.method == axum::http::Method::POST && op.path == "/api/v1/subscribers" {
        out.push((409, "The address is subscribed already; `field` names it"));
    } else if op.method != axum::http::Method::GET {
        out.push((409, "Someone changed it since the `version` sent was read"));
    }
    if op.request.is_some() || op.query.is_some() || op.method == axum::http::Method::DELETE {
        out.push((422, "A field's value is refused; `field` names it"));
    }
    out.push((503, "The database is unavailable; try again"));
    out
}
