//! The console's server functions and what they call on the server. The server crate implements
//! [`AdminBackend`] over its store and provides it as context; the functions here check who is
//! signed in (the guard put the `User` on the request) and delegate.

// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

use crate::domain::{
    Component, ComponentGroup, ComponentStatus, Impact, Incident, IncidentStatus, IncidentTemplate, Maintenance, User,
};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub user: User,
    pub open: Vec<Incident>,
    pub maintenance: Vec<Maintenance>,
    pub groups: Vec<ComponentGroup>,
    pub components: Vec<Component>,
}

/// What the incident pages of the console need: the incident (none when opening a new one), the
/// components to choose from, and what the last failed form post held (so nothing typed is lost
/// when JavaScript is off).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentEditor {
    pub user: User,
    pub incident: Option<Incident>,
    pub groups: Vec<ComponentGroup>,
    pub components: Vec<Component>,
    /// The page's time zone, in which the form's times are read.
    pub timezone: String,
    /// Each update's shown time in that zone, as a `datetime-local` value.
    pub local_times: HashMap<i64, String>,
    /// Templates to open an incident from, by name.
    pub templates: Vec<IncidentTemplate>,
    pub failed: Option<FailedForm>,
}

/// A form post that was refused: its values and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailedForm {
    pub form: String,
    pub values: HashMap<String, String>,
    pub error: String,
}

/// A new incident as the server receives it, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentDraft {
    pub title: String,
    pub impact: Impact,
    pub status: IncidentStatus,
    pub message: String,
    pub started_at: Option<DateTime<Utc>>,
    pub display_at: Option<DateTime<Utc>>,
    pub changes: Vec<(i64, ComponentStatus)>,
}

/// An update to post, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateDraft {
    pub incident_id: i64,
    /// The incident version the form was opened at.
    pub version: i64,
    pub status: IncidentStatus,
    pub message: String,
    pub display_at: Option<DateTime<Utc>>,
    pub changes: Vec<(i64, ComponentStatus)>,
    /// On resolving: set every affected component not otherwise changed back to operational.
    pub restore_operational: bool,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use std::sync::Arc;

    /// Everything the console's server functions need from the server.
    #[async_trait::async_trait]
    pub trait AdminBackend: Send + Sync + 'static {
        async fn dashboard(&self, user: User) -> Result<Dashboard, ServerFnError>;
        async fn incident_editor(
            &self,
            user: User,
            incident_id: Option<i64>,
            form: &str,
        ) -> Result<IncidentEditor, ServerFnError>;
        async fn create_incident(&self, user: User, draft: IncidentDraft) -> Result<i64, ServerFnError>;
        async fn post_update(&self, user: User, draft: UpdateDraft) -> Result<(), ServerFnError>;
        /// `publish`: Some(true) publishes, Some(false) withdraws, None keeps the draft state.
        async fn save_postmortem(
            &self,
            user: User,
            incident_id: i64,
            body: String,
            publish: Option<bool>,
            version: i64,
        ) -> Result<(), ServerFnError>;
        async fn components_editor(
            &self,
            user: User,
        ) -> Result<super::super::components::ComponentsEditor, ServerFnError>;
        /// Setting a status is open to editors; the rest is for admins.
        async fn edit_components(
            &self,
            user: User,
            edit: super::super::components::ComponentEdit,
        ) -> Result<(), ServerFnError>;
        async fn edit_update(
            &self,
            user: User,
            update_id: i64,
            version: i64,
            message: String,
            display_at: Option<DateTime<Utc>>,
        ) -> Result<(), ServerFnError>;
        async fn delete_update(&self, user: User, update_id: i64) -> Result<(), ServerFnError>;
        async fn maintenance_editor(
            &self,
            user: User,
        ) -> Result<super::super::maintenance::MaintenanceEditor, ServerFnError>;
        async fn edit_maintenance(
            &self,
            user: User,
            edit: super::super::maintenance::MaintenanceEdit,
        ) -> Result<(), ServerFnError>;
        async fn save_template(&self, user: User, template: IncidentTemplate) -> Result<i64, ServerFnError>;
        async fn delete_template(&self, user: User, id: i64) -> Result<(), ServerFnError>;
        /// Admins only.
        async fn delete_incident(&self, user: User, incident_id: i64) -> Result<(), ServerFnError>;
        /// The page's time zone, in which form times are read.
        fn timezone(&self) -> chrono_tz::Tz;
        /// Keeps a refused plain form post (JavaScript off) for the page it returns to.
        async fn remember_failed_form(&self, failed: FailedForm);
    }

    #[derive(Clone)]
    pub struct Backend(pub Arc<dyn AdminBackend>);

    pub fn backend() -> Result<Arc<dyn AdminBackend>, ServerFnError> {
        use_context::<Backend>().map(|b| b.0).ok_or_else(|| ServerFnError::new("the console backend is missing"))
    }

    /// The HTTP status of this server function's answer: a refused write is a 4xx (or 503 when the
    /// database is down), never a 500.
    pub fn set_status(status: axum::http::StatusCode) {
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(status);
        }
    }

    /// The signed-in user (every console request passed the session guard, which put it there).
    pub async fn signed_in() -> Result<User, ServerFnError> {
        let axum::Extension(user) = leptos_axum::extract::<axum::Extension<User>>()
            .await
            .map_err(|_| ServerFnError::new("Sign in first: your session has ended."))?;
        Ok(user)
    }
}

#[server(prefix = "/admin/fn", endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, ServerFnError> {
    let user = ssr::signed_in().await?;
    ssr::backend()?.dashboard(user).await
}

#[cfg(feature = "ssr")]
pub mod parse {
    use super::*;
    use crate::domain::validate::FieldError;
    use chrono::{NaiveDateTime, TimeZone};

    pub fn field(field: &'static str, message: impl Into<String>) -> ServerFnError {
        super::ssr::set_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        ServerFnError::new(FieldError { field, message: message.into() }.to_string())
    }

    pub fn vocabulary<T: std::str::FromStr<Err = crate::domain::UnknownName>>(
        name: &'static str,
        value: &str,
    ) -> Result<T, ServerFnError> {
        value.parse().map_err(|e: crate::domain::UnknownName| field(name, e.to_string()))
    }

    /// A `datetime-local` value ("2026-11-21T09:30") read in the page's zone; empty means none.
    pub fn local_time(
        name: &'static str,
        value: Option<&str>,
        tz: chrono_tz::Tz,
    ) -> Result<Option<DateTime<Utc>>, ServerFnError> {
        let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
        let naive = NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
            .map_err(|_| field(name, format!("'{v}' is not a date and time like 2026-11-21T09:30")))?;
        let local = tz
            .from_local_datetime(&naive)
            .earliest()
            .ok_or_else(|| field(name, format!("{v} does not exist in {} (a clock change skips it)", tz.name())))?;
        Ok(Some(local.with_timezone(&Utc)))
    }

    /// `components[ID]=status` pairs; "unchanged" (or empty) leaves a component alone.
    pub fn changes(map: Option<HashMap<String, String>>) -> Result<Vec<(i64, ComponentStatus)>, ServerFnError> {
        let mut changes = Vec::new();
        for (id, status) in map.unwrap_or_default() {
            if status.is_empty() || status == "unchanged" {
                continue;
            }
            let id: i64 = id.parse().map_err(|_| field("components", format!("'{id}' is not a component id")))?;
            changes.push((id, vocabulary("components", &status)?));
        }
        changes.sort_by_key(|(id, _)| *id);
        Ok(changes)
    }

    /// Whether this call is a plain form post (JavaScript off), which is answered with a redirect.
    pub async fn is_plain_form_post() -> bool {
        leptos_axum::extract::<axum::http::HeaderMap>()
            .await
            .ok()
            .and_then(|h| h.get("accept").and_then(|v| v.to_str().ok()).map(|a| a.contains("text/html")))
            .unwrap_or(false)
    }

    /// Runs a form's write; when it fails on a plain form post, keeps what was typed for the page.
    pub async fn keeping_input<T>(
        form: &str,
        values: Vec<(&str, Option<String>)>,
        write: impl std::future::Future<Output = Result<T, ServerFnError>>,
    ) -> Result<T, ServerFnError> {
        let result = write.await;
        if let Err(e) = &result {
            if is_plain_form_post().await {
                // Answered with a redirect back to the form, which shows the error.
                super::ssr::set_status(axum::http::StatusCode::FOUND);
                if let Ok(backend) = super::ssr::backend() {
                    let values = values.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))).collect();
                    let error = super::error_text(e);
                    backend.remember_failed_form(FailedForm { form: form.to_string(), values, error }).await;
                }
            }
        }
        result
    }

    /// The shape of a console write: `write` runs for the signed-in user with the backend; a
    /// refused plain post keeps `values` for the page; a success goes on to `to`.
    pub async fn save<T, Fut>(
        form: &str,
        values: Vec<(&str, Option<String>)>,
        to: &str,
        write: impl FnOnce(User, std::sync::Arc<dyn super::ssr::AdminBackend>) -> Fut,
    ) -> Result<T, ServerFnError>
    where
        Fut: std::future::Future<Output = Result<T, ServerFnError>>,
    {
        let user = super::ssr::signed_in().await?;
        let backend = super::ssr::backend()?;
        let saved = keeping_input(form, values, write(user, backend)).await?;
        leptos_axum::redirect(to);
        Ok(saved)
    }
}

/// Server-side message of a server function error, without the framework's prefix.
pub fn error_text(e: &ServerFnError) -> String {
    let text = e.to_string();
    text.split_once(": ")
        .filter(|(prefix, _)| prefix.contains("server function"))
        .map_or(text.clone(), |(_, m)| m.to_string())
}

#[server(prefix = "/admin/fn", endpoint = "incident_editor")]
pub async fn get_incident_editor(incident_id: Option<i64>, form: String) -> Result<IncidentEditor, ServerFnError> {
    let user = ssr::signed_in().await?;
    ssr::backend()?.incident_editor(user, incident_id, &form).await
}

#[server(prefix = "/admin/fn", endpoint = "create_incident")]
pub async fn create_incident(
    title: String,
    impact: String,
    status: String,
    message: String,
    started_at: Option<String>,
    display_at: Option<String>,
    components: Option<HashMap<String, String>>,
    intent: Option<String>,
    template_name: Option<String>,
) -> Result<(), ServerFnError> {
    let user = ssr::signed_in().await?;
    let backend = ssr::backend()?;
    if intent.as_deref() == Some("save_template") {
        // Save the form as a template instead of opening the incident.
        let values = vec![
            ("template_name", template_name.clone()),
            ("title", Some(title.clone())),
            ("message", Some(message.clone())),
        ];
        let write = async {
            let template = IncidentTemplate {
                id: 0,
                name: template_name.unwrap_or_default(),
                title,
                body: message,
                status: parse::vocabulary("status", &status)?,
                impact: parse::vocabulary("impact", &impact)?,
                components: parse::changes(components)?,
            };
            backend.save_template(user, template).await
        };
        let id = parse::keeping_input("create_incident", values, write).await?;
        leptos_axum::redirect(&format!("/admin/incidents/new?template={id}"));
        return Ok(());
    }
    let tz = backend.timezone();
    let values = vec![
        ("title", Some(title.clone())),
        ("impact", Some(impact.clone())),
        ("status", Some(status.clone())),
        ("message", Some(message.clone())),
        ("started_at", started_at.clone()),
        ("display_at", display_at.clone()),
    ];
    let write = async {
        let draft = IncidentDraft {
            title,
            impact: parse::vocabulary("impact", &impact)?,
            status: parse::vocabulary("status", &status)?,
            message,
            started_at: parse::local_time("started_at", started_at.as_deref(), tz)?,
            display_at: parse::local_time("display_at", display_at.as_deref(), tz)?,
            changes: parse::changes(components)?,
        };
        backend.create_incident(user, draft).await
    };
    let id = parse::keeping_input("create_incident", values, write).await?;
    leptos_axum::redirect(&format!("/admin/incidents/{id}"));
    Ok(())
}

#[server(prefix = "/admin/fn", endpoint = "post_update")]
pub async fn post_update(
    incident_id: i64,
    version: i64,
    status: String,
    message: String,
    display_at: Option<String>,
    components: Option<HashMap<String, String>>,
    restore_operational: Option<String>,
) -> Result<(), ServerFnError> {
    let user = ssr::signed_in().await?;
    let backend = ssr::backend()?;
    let tz = backend.timezone();
    let values =
        vec![("status", Some(status.clone())), ("message", Some(message.clone())), ("display_at", display_at.clone())];
    let write = async {
        let draft = UpdateDraft {
            incident_id,
            version,
            status: parse::vocabulary("status", &status)?,
            message,
            display_at: parse::local_time("display_at", display_at.as_deref(), tz)?,
            changes: parse::changes(components)?,
            restore_operational: restore_operational.is_some_and(|v| v == "on" || v == "true"),
        };
        backend.post_update(user, draft).await
    };
    parse::keeping_input("post_update", values, write).await?;
    leptos_axum::redirect(&format!("/admin/incidents/{incident_id}"));
    Ok(())
}

#[server(prefix = "/admin/fn", endpoint = "save_postmortem")]
pub async fn save_postmortem(
    incident_id: i64,
    version: i64,
    body: String,
    intent: Option<String>,
) -> Result<(), ServerFnError> {
    let user = ssr::signed_in().await?;
    let backend = ssr::backend()?;
    let values = vec![("postmortem", Some(body.clone()))];
    let write = async {
        let publish = match intent.as_deref() {
            Some("publish") => Some(true),
            Some("unpublish") => Some(false),
            None | Some("") | Some("draft") => None,
            Some(other) => {
                return Err(parse::field(
                    "intent",
                    format!("unknown intent '{other}' (expected draft, publish or unpublish)"),
                ))
            }
        };
        backend.save_postmortem(user, incident_id, body, publish, version).await
    };
    parse::keeping_input("save_postmortem", values, write).await?;
    leptos_axum::redirect(&format!("/admin/incidents/{incident_id}#postmortem"));
    Ok(())
}

#[server(prefix = "/admin/fn", endpoint = "delete_incident")]
pub async fn delete_incident(incident_id: i64, confirm: Option<String>) -> Result<(), ServerFnError> {
    let user = ssr::signed_in().await?;
    let write = async {
        if confirm.as_deref() != Some("on") {
            return Err(parse::field("confirm", "tick the box to confirm that the incident should be deleted"));
        }
        ssr::backend()?.delete_incident(user, incident_id).await
    };
    parse::keeping_input("delete_incident", vec![], write).await?;
    leptos_axum::redirect("/admin");
    Ok(())
}

#[server(prefix = "/admin/fn", endpoint = "edit_update")]
pub async fn edit_update(
    incident_id: i64,
    update_id: i64,
    version: i64,
    message: String,
    display_at: Option<String>,
) -> Result<(), ServerFnError> {
    let user = ssr::signed_in().await?;
    let backend = ssr::backend()?;
    let tz = backend.timezone();
    let values = vec![("edit_message", Some(message.clone())), ("edit_display_at", display_at.clone())];
    let write = async {
        let display_at = parse::local_time("display_at", display_at.as_deref(), tz)?;
        backend.edit_update(user, update_id, version, message, display_at).await
    };
    parse::keeping_input("edit_update", values, write).await?;
    leptos_axum::redirect(&format!("/admin/incidents/{incident_id}"));
    Ok(())
}

#[server(prefix = "/admin/fn", endpoint = "delete_update")]
pub async fn delete_update(incident_id: i64, update_id: i64, confirm: Option<String>) -> Result<(), ServerFnError> {
    let user = ssr::signed_in().await?;
    let write = async {
        if confirm.as_deref() != Some("on") {
            return Err(parse::field("confirm", "tick the box to confirm that the update should be deleted"));
        }
        ssr::backend()?.delete_update(user, update_id).await
    };
    parse::keeping_input("delete_update", vec![], write).await?;
    leptos_axum::redirect(&format!("/admin/incidents/{incident_id}"));
    Ok(())
}

#[server(prefix = "/admin/fn", endpoint = "delete_template")]
pub async fn delete_template(id: i64) -> Result<(), ServerFnError> {
    let user = ssr::signed_in().await?;
    let write = async { ssr::backend()?.delete_template(user, id).await };
    parse::keeping_input("delete_template", vec![], write).await?;
    leptos_axum::redirect("/admin/incidents/new");
    Ok(())
}
