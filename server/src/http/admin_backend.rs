//! The console's backend over the store: the dashboard, incidents, components and maintenance.

use super::actor;
use crate::error::AppError;
use crate::store::{IncidentEdit, NewComponent, NewGroup, NewIncident, NewMaintenance, NewUpdate, StatusChange, Store};
use app::domain::{ComponentStatus, IncidentStatus, IncidentTemplate, User};
use app::pages::admin::components::ssr::ComponentsBackend;
use app::pages::admin::components::{ComponentEdit, ComponentsEditor};
use app::pages::admin::dashboard::ssr::DashboardBackend;
use app::pages::admin::dashboard::Dashboard;
use app::pages::admin::forms::ssr::require_admin;
use app::pages::admin::incidents::actions::ssr::IncidentsBackend;
use app::pages::admin::incidents::actions::{IncidentChange, IncidentDraft, IncidentEditor, LocalTime, UpdateDraft};
use app::pages::admin::maintenance::ssr::MaintenanceBackend;
use app::pages::admin::maintenance::{MaintenanceEdit, MaintenanceEditor};
use app::time::{datetime_local, format_time};
use chrono::{DateTime, Utc};

pub(super) struct StoreBackend {
    pub store: Store,
    /// The page's settings: times are shown and typed in its zone.
    pub page: std::sync::Arc<crate::page::PageCell>,
}

impl StoreBackend {
    /// Each maintenance window's times in the page's zone, by id.
    fn windows(&self, maintenance: &[app::domain::Maintenance]) -> std::collections::HashMap<i64, String> {
        let local = |t: DateTime<Utc>| format_time(t, self.page.tz());
        maintenance
            .iter()
            .map(|m| (m.id, format!("{} – {}", local(m.scheduled_for), local(m.scheduled_until))))
            .collect()
    }
}

fn changes(pairs: &[(i64, ComponentStatus)]) -> Vec<StatusChange> {
    pairs.iter().map(|(component_id, status)| StatusChange { component_id: *component_id, status: *status }).collect()
}

#[async_trait::async_trait]
impl DashboardBackend for StoreBackend {
    async fn dashboard(&self, user: User) -> Result<Dashboard, AppError> {
        let maintenance = self.store.current_maintenance().await?;
        Ok(Dashboard {
            user,
            open: self.store.open_incidents().await?,
            windows: self.windows(&maintenance),
            maintenance,
            groups: self.store.list_groups().await?,
            components: self.store.list_components().await?,
        })
    }
}

#[async_trait::async_trait]
impl IncidentsBackend for StoreBackend {
    async fn incident_editor(&self, user: User, incident_id: Option<i64>) -> Result<IncidentEditor, AppError> {
        let incident = match incident_id {
            Some(id) => self.store.get_incident(id).await?,
            None => None,
        };
        let local_times = incident
            .iter()
            .flat_map(|i| &i.updates)
            .map(|u| {
                let time = LocalTime {
                    input: datetime_local(u.display_at, self.page.tz()),
                    shown: format_time(u.display_at, self.page.tz()),
                };
                (u.id, time)
            })
            .collect();
        let started_local = incident.as_ref().map(|i| LocalTime {
            input: datetime_local(i.started_at, self.page.tz()),
            shown: format_time(i.started_at, self.page.tz()),
        });
        let published_local = incident
            .as_ref()
            .and_then(|i| i.postmortem.as_ref()?.published_at)
            .map(|t| LocalTime { input: datetime_local(t, self.page.tz()), shown: format_time(t, self.page.tz()) });
        Ok(IncidentEditor {
            user,
            started_local,
            published_local,
            incident,
            groups: self.store.list_groups().await?,
            components: self.store.list_components().await?,
            timezone: self.page.tz().name().to_string(),
            local_times,
            templates: self.store.list_templates().await?,
            failed: None,
        })
    }

    async fn create_incident(&self, user: User, draft: IncidentDraft) -> Result<i64, AppError> {
        let new = NewIncident {
            notify: draft.notify,
            title: draft.title,
            impact: draft.impact,
            status: draft.status,
            body: draft.message,
            started_at: draft.started_at,
            display_at: draft.display_at,
            changes: changes(&draft.changes),
        };
        Ok(self.store.create_incident(&actor(&user), new).await?)
    }

    async fn post_update(&self, user: User, draft: UpdateDraft) -> Result<(), AppError> {
        let mut pairs = draft.changes.clone();
        if draft.restore_operational && draft.status == IncidentStatus::Resolved {
            let incident = self.store.get_incident(draft.incident_id).await?;
            let components = self.store.list_components().await?;
            if let Some(incident) = incident {
                pairs = app::domain::affected::restoring(&incident, &components, &pairs);
            }
        }
        let update = NewUpdate {
            notify: draft.notify,
            status: draft.status,
            body: draft.message,
            display_at: draft.display_at,
            changes: changes(&pairs),
            expected_version: Some(draft.version),
        };
        self.store.post_update(&actor(&user), draft.incident_id, update).await?;
        Ok(())
    }

    async fn save_postmortem(
        &self,
        user: User,
        incident_id: i64,
        body: String,
        publish: Option<bool>,
        published_at: Option<DateTime<Utc>>,
        version: i64,
    ) -> Result<(), AppError> {
        // The form shows the stored time to the minute; sent back unchanged, it keeps the stored one.
        let stored = self.store.get_incident(incident_id).await?.and_then(|i| i.postmortem?.published_at);
        let same_minute = |a: DateTime<Utc>, b: DateTime<Utc>| a.timestamp() / 60 == b.timestamp() / 60;
        let published_at = published_at.filter(|t| !stored.is_some_and(|s| same_minute(s, *t)));
        let actor = actor(&user);
        Ok(self.store.save_postmortem_at(&actor, incident_id, &body, publish, published_at, Some(version)).await?)
    }

    async fn edit_incident(&self, user: User, change: IncidentChange) -> Result<(), AppError> {
        let edit = IncidentEdit {
            title: Some(change.title),
            impact: Some(change.impact),
            started_at: change.started_at,
            components: Some(change.components),
        };
        Ok(self.store.edit_incident(&actor(&user), change.incident_id, edit, change.version).await?)
    }

    async fn edit_update(
        &self,
        user: User,
        update_id: i64,
        version: i64,
        message: String,
        display_at: Option<DateTime<Utc>>,
    ) -> Result<(), AppError> {
        Ok(self.store.edit_update(&actor(&user), update_id, &message, display_at, version).await?)
    }

    async fn delete_update(&self, user: User, update_id: i64) -> Result<(), AppError> {
        Ok(self.store.delete_update(&actor(&user), update_id).await?)
    }

    async fn save_template(&self, user: User, template: IncidentTemplate) -> Result<i64, AppError> {
        Ok(self.store.create_template(&actor(&user), template).await?)
    }

    async fn delete_template(&self, user: User, id: i64) -> Result<(), AppError> {
        Ok(self.store.delete_template(&actor(&user), id).await?)
    }

    async fn delete_incident(&self, user: User, incident_id: i64) -> Result<(), AppError> {
        require_admin(&user)?;
        Ok(self.store.delete_incident(&actor(&user), incident_id).await?)
    }

    fn timezone(&self) -> chrono_tz::Tz {
        self.page.tz()
    }
}

#[async_trait::async_trait]
impl ComponentsBackend for StoreBackend {
    async fn components_editor(&self, user: User) -> Result<ComponentsEditor, AppError> {
        Ok(ComponentsEditor {
            user,
            groups: self.store.list_groups().await?,
            components: self.store.list_components().await?,
            failed: None,
        })
    }

    async fn edit_components(&self, user: User, edit: ComponentEdit) -> Result<(), AppError> {
        if edit.admin_only() {
            require_admin(&user)?;
        }
        let (store, actor) = (&self.store, actor(&user));
        let done = match edit {
            ComponentEdit::SetStatus { component_id, status } => {
                store.set_component_status(&actor, component_id, status).await
            }
            ComponentEdit::SaveComponent { id, component: c, version } => {
                let new = NewComponent {
                    name: c.name,
                    description: c.description,
                    group_id: c.group_id,
                    position: c.position,
                    status: ComponentStatus::Operational,
                    visible: c.visible,
                    only_show_if_degraded: c.only_show_if_degraded,
                    show_uptime: c.show_uptime,
                };
                match id {
                    Some(id) => store.update_component(&actor, id, new, version).await,
                    None => store.create_component(&actor, new).await.map(|_| ()),
                }
            }
            ComponentEdit::DeleteComponent { id } => store.delete_component(&actor, id).await,
            ComponentEdit::SaveGroup { id, name, description, position, version } => {
                let group = NewGroup { name, description, position };
                match id {
                    Some(id) => store.update_group(&actor, id, group, version).await,
                    None => store.create_group(&actor, group).await.map(|_| ()),
                }
            }
            ComponentEdit::DeleteGroup { id } => store.delete_group(&actor, id).await,
        };
        Ok(done?)
    }
}

#[async_trait::async_trait]
impl MaintenanceBackend for StoreBackend {
    async fn maintenance_editor(&self, user: User) -> Result<MaintenanceEditor, AppError> {
        let current = self.store.current_maintenance().await?;
        let windows = self.windows(&current);
        Ok(MaintenanceEditor {
            user,
            current,
            groups: self.store.list_groups().await?,
            components: self.store.list_components().await?,
            timezone: self.page.tz().name().to_string(),
            windows,
            failed: None,
        })
    }

    async fn edit_maintenance(&self, user: User, edit: MaintenanceEdit) -> Result<(), AppError> {
        let actor = actor(&user);
        let done = match edit {
            MaintenanceEdit::Schedule {
                title,
                message,
                scheduled_for,
                scheduled_until,
                auto_start,
                auto_complete,
                components,
                notify,
            } => {
                let new = NewMaintenance {
                    notify,
                    title,
                    body: message,
                    scheduled_for,
                    scheduled_until,
                    auto_start,
                    auto_complete,
                    components,
                };
                self.store.create_maintenance(&actor, new).await.map(|_| ())
            }
            MaintenanceEdit::Update { id, status, message, notify } => {
                self.store.post_maintenance_update(&actor, id, status, &message, None, notify).await.map(|_| ())
            }
        };
        Ok(done?)
    }

    fn timezone(&self) -> chrono_tz::Tz {
        self.page.tz()
    }
}
