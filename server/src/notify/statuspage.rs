//! The body of a signed webhook, in the shape Statuspage's webhooks have: `meta` (the
//! subscriber's unsubscribe link), `page` (its status) and `incident` (maintenance is an incident
//! with impact `maintenance`), or `component_update` and `component`. The page's part is fixed at
//! fan-out, stored with the snapshot, so that every retry sends the same bytes.

use super::payload::{paths, Snapshot};
use crate::api::v2::shapes::PageView;
use app::domain::Incident;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// What the worker stores as an event's payload: the [`Snapshot`] (every sender reads it; its
/// fields are at the top level), with the Statuspage objects beside it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stored {
    #[serde(flatten)]
    pub snapshot: Snapshot,
    /// `page` and `incident`, or `page`, `component_update` and `component`; none for a
    /// message about a subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statuspage: Option<Map<String, Value>>,
}

/// The Statuspage objects of `snapshot` against the page as it stands (`open`: its unresolved
/// incidents, for the page's indicator); `event_id` names a component update.
pub fn objects(view: &PageView, open: &[Incident], snapshot: &Snapshot, event_id: i64) -> Option<Map<String, Value>> {
    let status = view.status(open);
    let mut out = Map::new();
    out.insert(
        "page".into(),
        json!({
            "id": view.info.id,
            "status_indicator": status.indicator,
            "status_description": status.description,
        }),
    );
    match snapshot {
        Snapshot::Incident { incident, .. } => {
            out.insert("incident".into(), serde_json::to_value(view.incident(incident)).ok()?);
        }
        Snapshot::Maintenance { maintenance, .. } => {
            out.insert("incident".into(), serde_json::to_value(view.maintenance(maintenance)).ok()?);
        }
        Snapshot::Component { component, old_status, new_status, at } => {
            out.insert(
                "component_update".into(),
                json!({
                    "created_at": view.time(*at),
                    "new_status": new_status.as_str(),
                    "old_status": old_status.as_str(),
                    "id": format!("cu{event_id}"),
                    "component_id": component.id.to_string(),
                }),
            );
            out.insert("component".into(), serde_json::to_value(view.component(component)).ok()?);
        }
        Snapshot::Subscription => return None,
    }
    Some(out)
}

/// The whole body for one subscriber: `meta` with its unsubscribe link (from its manage
/// `token`, which never changes), then the stored objects.
pub fn body(objects: &Map<String, Value>, public_url: &str, token: &str) -> String {
    let mut all = Map::new();
    all.insert(
        "meta".into(),
        json!({
            "unsubscribe": format!("{public_url}{}", paths::unsubscribe(token)),
            "documentation": format!("{public_url}/subscribe"),
        }),
    );
    all.extend(objects.iter().map(|(k, v)| (k.clone(), v.clone())));
    Value::Object(all).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::PageInfo;
    use app::domain::{Impact, IncidentStatus, IncidentUpdate, Postmortem};
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_backfilled_incident_is_sent_with_its_shown_dates() {
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2019, 3, d, h, 0, 0).unwrap();
        let written = Utc.with_ymd_and_hms(2026, 12, 5, 0, 0, 0).unwrap();
        let update = |id: i64, status: IncidentStatus, shown| IncidentUpdate {
            id,
            incident_id: 7,
            status,
            body: "x".into(),
            display_at: shown,
            created_at: written,
            updated_at: written,
            version: 1,
            changes: Vec::new(),
            notify: true,
        };
        let incident = Incident {
            id: 7,
            title: "Replayed".into(),
            impact: Impact::Major,
            status: IncidentStatus::Resolved,
            started_at: at(4, 9),
            resolved_at: Some(at(4, 12)),
            created_at: written,
            updated_at: written,
            version: 4,
            updates: vec![
                update(1, IncidentStatus::Investigating, at(4, 10)),
                update(2, IncidentStatus::Resolved, at(4, 12)),
            ],
            affected: Vec::new(),
            postmortem: Some(Postmortem {
                incident_id: 7,
                body: "pm".into(),
                published_at: Some(at(8, 15)),
                updated_at: written,
                version: 1,
            }),
        };
        let view = PageView {
            info: PageInfo { id: "p1".into(), created_at: written, updated_at: written },
            name: "Example".into(),
            public_url: "https://s.example".into(),
            tz: chrono_tz::UTC,
            groups: Vec::new(),
            components: Vec::new(),
        };
        let snapshot = Snapshot::Incident { incident: incident.clone(), update_id: 2 };
        let objects = objects(&view, &[], &snapshot, 1).expect("objects");
        let sent = &objects["incident"];
        assert_eq!(sent["created_at"], "2019-03-04T09:00:00.000+00:00");
        assert_eq!(sent["updated_at"], "2019-03-08T15:00:00.000+00:00");
        assert_eq!(sent["resolved_at"], "2019-03-04T12:00:00.000+00:00");
        assert_eq!(sent["status"], "postmortem");
        assert_eq!(sent["incident_updates"][0]["created_at"], "2019-03-04T12:00:00.000+00:00");
    }

    #[test]
    fn a_stored_payload_still_reads_as_a_plain_snapshot() {
        let stored = Stored { snapshot: Snapshot::Subscription, statuspage: None };
        let text = serde_json::to_string(&stored).unwrap();
        assert_eq!(serde_json::from_str::<Snapshot>(&text).unwrap(), Snapshot::Subscription);
        let mut objects = Map::new();
        objects.insert("page".into(), json!({"id": "p1"}));
        let stored = Stored { snapshot: Snapshot::Subscription, statuspage: Some(objects.clone()) };
        let text = serde_json::to_string(&stored).unwrap();
        assert_eq!(serde_json::from_str::<Snapshot>(&text).unwrap(), Snapshot::Subscription, "extra fields ignored");
        let back: Stored = serde_json::from_str(&text).unwrap();
        assert_eq!(back.statuspage.as_ref(), Some(&objects));
        let body: Value = serde_json::from_str(&body(&objects, "https://s.example", "m.1.0.x")).unwrap();
        assert_eq!(body["meta"]["unsubscribe"], "https://s.example/subscribe/unsubscribe/m.1.0.x");
        assert_eq!(body["meta"]["documentation"], "https://s.example/subscribe");
        assert_eq!(body["page"]["id"], "p1");
    }
}
