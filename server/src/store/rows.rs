//! Rows as the database returns them, and their conversion into domain types.

use super::{from_ms, Result, StoreError};
use app::domain::*;
use std::str::FromStr;

pub(crate) fn parse<T: FromStr<Err = UnknownName>>(s: &str) -> Result<T> {
    s.parse().map_err(|e: UnknownName| StoreError::Corrupt(e.to_string()))
}

#[derive(sqlx::FromRow)]
pub(crate) struct GroupRow {
    id: i64,
    name: String,
    description: Option<String>,
    position: i64,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

impl GroupRow {
    pub const COLUMNS: &'static str = "id, name, description, position, created_at, updated_at, version";

    pub fn into_domain(self) -> Result<ComponentGroup> {
        Ok(ComponentGroup {
            id: self.id,
            name: self.name,
            description: self.description,
            position: self.position,
            created_at: from_ms(self.created_at)?,
            updated_at: from_ms(self.updated_at)?,
            version: self.version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ComponentRow {
    id: i64,
    group_id: Option<i64>,
    name: String,
    description: Option<String>,
    position: i64,
    status: String,
    visible: i64,
    only_show_if_degraded: i64,
    show_uptime: i64,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

impl ComponentRow {
    pub const COLUMNS: &'static str = "id, group_id, name, description, position, status, visible, \
                                       only_show_if_degraded, show_uptime, created_at, updated_at, version";

    /// A row of a packed read (`store::packed`) of [`ComponentRow::COLUMNS`].
    pub fn from_packed(c: &[&str]) -> Result<ComponentRow> {
        use super::packed::{number, optional};
        let [id, group_id, name, description, position, status, visible, only, uptime, created, updated, version] = c
        else {
            return Err(super::StoreError::Corrupt("a component row of another shape".into()));
        };
        Ok(ComponentRow {
            id: number(id)?,
            group_id: optional(group_id).map(number).transpose()?,
            name: name.to_string(),
            description: optional(description).map(str::to_string),
            position: number(position)?,
            status: status.to_string(),
            visible: number(visible)?,
            only_show_if_degraded: number(only)?,
            show_uptime: number(uptime)?,
            created_at: number(created)?,
            updated_at: number(updated)?,
            version: number(version)?,
        })
    }

    pub fn into_domain(self) -> Result<Component> {
        Ok(Component {
            id: self.id,
            group_id: self.group_id,
            name: self.name,
            description: self.description,
            position: self.position,
            status: parse(&self.status)?,
            visible: self.visible != 0,
            only_show_if_degraded: self.only_show_if_degraded != 0,
            show_uptime: self.show_uptime != 0,
            created_at: from_ms(self.created_at)?,
            updated_at: from_ms(self.updated_at)?,
            version: self.version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct IncidentRow {
    pub id: i64,
    title: String,
    impact: String,
    status: String,
    started_at: i64,
    resolved_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

impl IncidentRow {
    pub const COLUMNS: &'static str =
        "id, title, impact, status, started_at, resolved_at, created_at, updated_at, version";

    pub fn into_domain(self) -> Result<Incident> {
        Ok(Incident {
            id: self.id,
            title: self.title,
            impact: parse(&self.impact)?,
            status: parse(&self.status)?,
            started_at: from_ms(self.started_at)?,
            resolved_at: self.resolved_at.map(from_ms).transpose()?,
            created_at: from_ms(self.created_at)?,
            updated_at: from_ms(self.updated_at)?,
            version: self.version,
            updates: Vec::new(),
            affected: Vec::new(),
            postmortem: None,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UpdateRow {
    pub id: i64,
    pub incident_id: i64,
    status: String,
    body: String,
    display_at: i64,
    created_at: i64,
    updated_at: i64,
    version: i64,
    notify: i64,
}

impl UpdateRow {
    pub const COLUMNS: &'static str =
        "id, incident_id, status, body, display_at, created_at, updated_at, version, notify";

    /// A row of a packed read (`store::packed`) of [`UpdateRow::COLUMNS`].
    pub fn from_packed(c: &[&str]) -> Result<UpdateRow> {
        use super::packed::number;
        let [id, incident_id, status, body, display_at, created_at, updated_at, version, notify] = c else {
            return Err(super::StoreError::Corrupt("an update row of another shape".into()));
        };
        Ok(UpdateRow {
            id: number(id)?,
            incident_id: number(incident_id)?,
            status: status.to_string(),
            body: body.to_string(),
            display_at: number(display_at)?,
            created_at: number(created_at)?,
            updated_at: number(updated_at)?,
            version: number(version)?,
            notify: number(notify)?,
        })
    }

    pub fn into_domain(self) -> Result<IncidentUpdate> {
        Ok(IncidentUpdate {
            id: self.id,
            incident_id: self.incident_id,
            status: parse(&self.status)?,
            body: self.body,
            display_at: from_ms(self.display_at)?,
            created_at: from_ms(self.created_at)?,
            updated_at: from_ms(self.updated_at)?,
            version: self.version,
            changes: Vec::new(),
            notify: self.notify == 1,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ChangeRow {
    pub update_id: i64,
    component_id: i64,
    component_name: String,
    old_status: String,
    new_status: String,
}

impl ChangeRow {
    pub fn into_domain(self) -> Result<ComponentChange> {
        Ok(ComponentChange {
            component_id: self.component_id,
            component_name: self.component_name,
            old_status: parse(&self.old_status)?,
            new_status: parse(&self.new_status)?,
        })
    }
}

/// A component affected by an incident or maintenance (`owner_id`), with its group's name.
#[derive(sqlx::FromRow)]
pub(crate) struct AffectedRow {
    pub owner_id: i64,
    component_id: i64,
    name: String,
    group_name: Option<String>,
}

impl AffectedRow {
    pub fn into_domain(self) -> AffectedComponent {
        AffectedComponent { component_id: self.component_id, name: self.name, group: self.group_name }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PostmortemRow {
    incident_id: i64,
    body: String,
    published_at: Option<i64>,
    updated_at: i64,
    version: i64,
}

impl PostmortemRow {
    pub fn into_domain(self) -> Result<Postmortem> {
        Ok(Postmortem {
            incident_id: self.incident_id,
            body: self.body,
            published_at: self.published_at.map(from_ms).transpose()?,
            updated_at: from_ms(self.updated_at)?,
            version: self.version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MaintenanceRow {
    pub id: i64,
    title: String,
    status: String,
    scheduled_for: i64,
    scheduled_until: i64,
    auto_start: i64,
    auto_complete: i64,
    created_at: i64,
    updated_at: i64,
}

impl MaintenanceRow {
    pub const COLUMNS: &'static str = "id, title, status, scheduled_for, scheduled_until, auto_start, \
                                       auto_complete, created_at, updated_at";

    pub fn into_domain(self) -> Result<Maintenance> {
        Ok(Maintenance {
            id: self.id,
            title: self.title,
            status: parse(&self.status)?,
            scheduled_for: from_ms(self.scheduled_for)?,
            scheduled_until: from_ms(self.scheduled_until)?,
            auto_start: self.auto_start != 0,
            auto_complete: self.auto_complete != 0,
            created_at: from_ms(self.created_at)?,
            updated_at: from_ms(self.updated_at)?,
            updates: Vec::new(),
            affected: Vec::new(),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MaintenanceUpdateRow {
    id: i64,
    pub maintenance_id: i64,
    status: String,
    body: String,
    display_at: i64,
    created_at: i64,
    notify: i64,
}

impl MaintenanceUpdateRow {
    pub fn into_domain(self) -> Result<MaintenanceUpdate> {
        Ok(MaintenanceUpdate {
            id: self.id,
            maintenance_id: self.maintenance_id,
            status: parse(&self.status)?,
            body: self.body,
            display_at: from_ms(self.display_at)?,
            created_at: from_ms(self.created_at)?,
            notify: self.notify == 1,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    pub password_hash: String,
    disabled: i64,
    created_at: i64,
}

impl UserRow {
    pub const COLUMNS: &'static str = "id, email, display_name, role, password_hash, disabled, created_at";

    pub fn into_domain(self) -> Result<User> {
        Ok(User {
            id: self.id,
            email: self.email,
            display_name: self.display_name,
            role: parse(&self.role)?,
            disabled: self.disabled != 0,
            created_at: from_ms(self.created_at)?,
        })
    }
}
