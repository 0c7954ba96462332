//! The incident pages' server functions (open an incident, post, edit and delete updates, the
//! postmortem, the incident's details, templates, deleting an incident) and what they call on the server: the server
//! crate implements [`ssr::IncidentsBackend`] and provides it as context.

// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

use super::super::forms::FailedForm;
use crate::domain::{
    Component, ComponentGroup, ComponentStatus, Impact, Incident, IncidentStatus, IncidentTemplate, User,
};
use crate::error::AppError;
use crate::pages::admin::notice::Notice;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
#[cfg(feature = "ssr")]
use {super::super::forms::ssr as forms, crate::domain::validate::checkbox, ssr::IncidentsBackend, std::sync::Arc};

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
    /// Each update's shown time in that zone.
    pub local_times: HashMap<i64, LocalTime>,
    /// The incident's start in that zone (for its edit form).
    pub started_local: Option<LocalTime>,
    /// The published postmortem's publication time in that zone.
    pub published_local: Option<LocalTime>,
    /// Templates to open an incident from, by name.
    pub templates: Vec<IncidentTemplate>,
    pub failed: Option<FailedForm>,
}

/// A time in the page's zone (formatted on the server, which has the zone database).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalTime {
    /// As a `datetime-local` input's value.
    pub input: String,
    /// As the page shows it, with the zone's name.
    pub shown: String,
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
    /// Tell subscribers.
    pub notify: bool,
}

/// A change of an open incident's details, parsed: every field of the edit form.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentChange {
    pub incident_id: i64,
    /// The incident version the form was opened at.
    pub version: i64,
    pub title: String,
    pub impact: Impact,
    /// None keeps the start as it is (the field left empty).
    pub started_at: Option<DateTime<Utc>>,
    /// Every component the incident concerns.
    pub components: Vec<i64>,
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
    /// Tell subscribers.
    pub notify: bool,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;

    /// What the incident pages need from the server.
    #[async_trait::async_trait]
    pub trait IncidentsBackend: Send + Sync + 'static {
        /// The incident (none for a new one) with what the forms offer (`failed` left empty).
        async fn incident_editor(&self, user: User, incident_id: Option<i64>) -> Result<IncidentEditor, AppError>;
        async fn create_incident(&self, user: User, draft: IncidentDraft) -> Result<i64, AppError>;
        async fn post_update(&self, user: User, draft: UpdateDraft) -> Result<(), AppError>;
        /// `publish`: Some(true) publishes, Some(false) withdraws, None keeps the draft state.
        async fn save_postmortem(
            &self,
            user: User,
            incident_id: i64,
            body: String,
            publish: Option<bool>,
            published_at: Option<DateTime<Utc>>,
            version: i64,
        ) -> Result<(), AppError>;
        /// Changes the incident's title, impact, start and components.
        async fn edit_incident(&self, user: User, change: IncidentChange) -> Result<(), AppError>;
        async fn edit_update(
            &self,
            user: User,
            update_id: i64,
            version: i64,
            message: String,
            display_at: Option<DateTime<Utc>>,
        ) -> Result<(), AppError>;
        async fn delete_update(&self, user: User, update_id: i64) -> Result<(), AppError>;
        async fn save_template(&self, user: User, template: IncidentTemplate) -> Result<i64, AppError>;
        async fn delete_template(&self, user: User, id: i64) -> Result<(), AppError>;
        /// Admins only.
        async fn delete_incident(&self, user: User, incident_id: i64) -> Result<(), AppError>;
        /// The page's time zone, in which form times are read.
        fn timezone(&self) -> chrono_tz::Tz;
    }

    /// `components[ID]=status` pairs; "unchanged" (or empty) leaves a component alone.
    pub fn changes(map: Option<HashMap<String, String>>) -> Result<Vec<(i64, ComponentStatus)>, AppError> {
        let mut changes = Vec::new();
        for (id, status) in map.unwrap_or_default() {
            if status.is_empty() || status == "unchanged" {
                continue;
            }
            let id: i64 =
                id.parse().map_err(|_| AppError::invalid("components", format!("'{id}' is not a component id")))?;
            changes.push((id, forms::vocabulary("components", &status)?));
        }
        changes.sort_by_key(|(id, _)| *id);
        Ok(changes)
    }

    /// A write of these pages through [`forms::save`].
    pub async fn save<T, Fut>(
        form: &str,
        values: Vec<(&str, Option<String>)>,
        to: &str,
        write: impl FnOnce(User, std::sync::Arc<dyn IncidentsBackend>) -> Fut,
    ) -> Result<Notice, AppError>
    where
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        forms::save(form, values, to, write).await
    }

    /// The "Notify subscribers" box: ticked unless the form offered it and it was left unticked;
    /// kept as "on" or "off" for a refused plain post.
    pub fn notify(offered: Option<&str>, value: Option<&str>) -> (bool, Option<String>) {
        let notify = crate::domain::validate::offered_checkbox(offered, value, true);
        (notify, Some(if notify { "on" } else { "off" }.to_string()))
    }

    /// A deletion goes ahead only with its confirmation box ticked.
    pub fn confirmed(confirm: Option<&str>, what: &str) -> Result<(), AppError> {
        if checkbox(confirm) {
            return Ok(());
        }
        Err(AppError::invalid("confirm", format!("tick the box to confirm that the {what} should be deleted")))
    }
}

#[server(prefix = "/admin/fn", endpoint = "incident_editor")]
pub async fn get_incident_editor(incident_id: Option<i64>) -> Result<IncidentEditor, AppError> {
    let user = forms::signed_in().await?;
    let editor = forms::port::<dyn IncidentsBackend>()?.incident_editor(user, incident_id).await?;
    Ok(IncidentEditor { failed: forms::take_failed("").await, ..editor })
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
    notify: Option<String>,
    notify_offered: Option<String>,
) -> Result<Notice, AppError> {
    let user = forms::signed_in().await?;
    let backend = forms::port::<dyn IncidentsBackend>()?;
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
                status: forms::vocabulary("status", &status)?,
                impact: forms::vocabulary("impact", &impact)?,
                components: ssr::changes(components)?,
            };
            backend.save_template(user, template).await
        };
        let id = forms::keeping_input("create_incident", values, write).await?;
        let to = format!("/admin/incidents/new?template={id}");
        return Ok(forms::done(Notice::of("save_template", &to), &to).await);
    }
    let tz = backend.timezone();
    let (notify, kept_notify) = ssr::notify(notify_offered.as_deref(), notify.as_deref());
    let values = vec![
        ("notify", kept_notify),
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
            impact: forms::vocabulary("impact", &impact)?,
            status: forms::vocabulary("status", &status)?,
            message,
            started_at: forms::local_time("started_at", started_at.as_deref(), tz)?,
            display_at: forms::local_time("display_at", display_at.as_deref(), tz)?,
            changes: ssr::changes(components)?,
            notify,
        };
        backend.create_incident(user, draft).await
    };
    let id = forms::keeping_input("create_incident", values, write).await?;
    let to = format!("/admin/incidents/{id}");
    Ok(forms::done(Notice::of("create_incident", &to), &to).await)
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
    notify: Option<String>,
    notify_offered: Option<String>,
    back: Option<String>,
) -> Result<Notice, AppError> {
    let (notify, kept_notify) = ssr::notify(notify_offered.as_deref(), notify.as_deref());
    let values = vec![
        ("status", Some(status.clone())),
        ("message", Some(message.clone())),
        ("display_at", display_at.clone()),
        ("notify", kept_notify),
    ];
    // Posted from the dashboard (`back=/admin`), the answer leads back there.
    let to = match back.as_deref() {
        Some("/admin") => "/admin".to_string(),
        _ => format!("/admin/incidents/{incident_id}"),
    };
    let notice = Notice { public: Some(crate::paths::incident(incident_id)), ..Notice::of("post_update", &to) };
    forms::save_saying(notice, "post_update", values, &to, |user, backend: Arc<dyn IncidentsBackend>| async move {
        let draft = UpdateDraft {
            incident_id,
            version,
            status: forms::vocabulary("status", &status)?,
            message,
            display_at: forms::local_time("display_at", display_at.as_deref(), backend.timezone())?,
            changes: ssr::changes(components)?,
            restore_operational: checkbox(restore_operational.as_deref()),
            notify,
        };
        backend.post_update(user, draft).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "save_postmortem")]
pub async fn save_postmortem(
    incident_id: i64,
    version: i64,
    body: String,
    intent: Option<String>,
    published_at: Option<String>,
) -> Result<Notice, AppError> {
    let values = vec![("postmortem", Some(body.clone())), ("published_at", published_at.clone())];
    let to = format!("/admin/incidents/{incident_id}/postmortem");
    let publish = match intent.as_deref() {
        Some("publish") => Some(true),
        Some("unpublish") => Some(false),
        _ => None,
    };
    let said = match publish {
        Some(true) => "publish_postmortem",
        Some(false) => "unpublish_postmortem",
        None => "save_postmortem",
    };
    forms::save_saying(
        Notice::of(said, &to),
        "save_postmortem",
        values,
        &to,
        |user, backend: Arc<dyn IncidentsBackend>| async move {
            let published_at = forms::local_time("published_at", published_at.as_deref(), backend.timezone())?;
            if let Some(other) = intent.as_deref().filter(|i| !matches!(*i, "" | "draft" | "publish" | "unpublish")) {
                let message = format!("unknown intent '{other}' (expected draft, publish or unpublish)");
                return Err(AppError::invalid("intent", message));
            }
            // A time typed for a draft that is only saved, not published, is not a publication.
            let published_at = if publish == Some(false) { None } else { published_at };
            backend.save_postmortem(user, incident_id, body, publish, published_at, version).await
        },
    )
    .await
}

/// The incident's details form: title, impact, start and the components it concerns
/// (`affected[ID]=on` for each ticked box; none ticked is none).
#[server(prefix = "/admin/fn", endpoint = "edit_incident")]
pub async fn edit_incident(
    incident_id: i64,
    version: i64,
    title: String,
    impact: String,
    started_at: Option<String>,
    affected: Option<HashMap<String, String>>,
) -> Result<Notice, AppError> {
    let values = vec![
        ("edit_title", Some(title.clone())),
        ("edit_impact", Some(impact.clone())),
        ("edit_started_at", started_at.clone()),
    ];
    let to = format!("/admin/incidents/{incident_id}");
    ssr::save("edit_incident", values, &to, |user, backend| async move {
        let mut components = Vec::new();
        for (id, value) in affected.unwrap_or_default() {
            if !checkbox(Some(value.as_str())) {
                continue;
            }
            let id = id.parse().map_err(|_| AppError::invalid("affected", format!("'{id}' is not a component id")))?;
            components.push(id);
        }
        components.sort_unstable();
        let change = IncidentChange {
            incident_id,
            version,
            title,
            impact: forms::vocabulary("impact", &impact)?,
            started_at: forms::local_time("started_at", started_at.as_deref(), backend.timezone())?,
            components,
        };
        backend.edit_incident(user, change).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "delete_incident")]
pub async fn delete_incident(incident_id: i64, confirm: Option<String>) -> Result<Notice, AppError> {
    ssr::save("delete_incident", vec![], "/admin", |user, backend| async move {
        ssr::confirmed(confirm.as_deref(), "incident")?;
        backend.delete_incident(user, incident_id).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "edit_update")]
pub async fn edit_update(
    incident_id: i64,
    update_id: i64,
    version: i64,
    message: String,
    display_at: Option<String>,
) -> Result<Notice, AppError> {
    let values = vec![("edit_message", Some(message.clone())), ("edit_display_at", display_at.clone())];
    let to = format!("/admin/incidents/{incident_id}");
    ssr::save("edit_update", values, &to, |user, backend| async move {
        let display_at = forms::local_time("display_at", display_at.as_deref(), backend.timezone())?;
        backend.edit_update(user, update_id, version, message, display_at).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "delete_update")]
pub async fn delete_update(incident_id: i64, update_id: i64, confirm: Option<String>) -> Result<Notice, AppError> {
    let to = format!("/admin/incidents/{incident_id}");
    ssr::save("delete_update", vec![], &to, |user, backend| async move {
        ssr::confirmed(confirm.as_deref(), "update")?;
        backend.delete_update(user, update_id).await
    })
    .await
}

#[server(prefix = "/admin/fn", endpoint = "delete_template")]
pub async fn delete_template(id: i64) -> Result<Notice, AppError> {
    let to = "/admin/incidents/new";
    ssr::save("delete_template", vec![], to, |user, backend| async move { backend.delete_template(user, id).await })
        .await
}
