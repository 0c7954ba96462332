//! The status vocabularies. Names are Atlassian Statuspage's, so the JSON API needs no mapping;
//! every label a person reads comes from here.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A value that is not one of a vocabulary's names; says which names are allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} '{value}' (expected one of: {allowed})")]
pub struct UnknownName {
    pub kind: &'static str,
    pub value: String,
    pub allowed: String,
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $kind:literal { $($variant:ident => $text:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and API name, e.g. `partial_outage`.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// What a person reads, e.g. "Partial Outage".
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownName {
                        kind: $kind,
                        value: s.to_string(),
                        allowed: [$($text),+].join(", "),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// A component's status, ordered from best to worst (maintenance is planned, so it ranks just
    /// above operational).
    ComponentStatus, "component status" {
        Operational => "operational", "Operational";
        UnderMaintenance => "under_maintenance", "Under Maintenance";
        DegradedPerformance => "degraded_performance", "Degraded Performance";
        PartialOutage => "partial_outage", "Partial Outage";
        MajorOutage => "major_outage", "Major Outage";
    }
);

vocabulary!(
    /// Where an incident stands. Any order is allowed: monitoring may step back to identified.
    IncidentStatus, "incident status" {
        Investigating => "investigating", "Investigating";
        Identified => "identified", "Identified";
        Monitoring => "monitoring", "Monitoring";
        Resolved => "resolved", "Resolved";
    }
);

vocabulary!(
    /// How bad an incident is, ordered from least to worst.
    Impact, "impact" {
        None => "none", "None";
        Minor => "minor", "Minor";
        Major => "major", "Major";
        Critical => "critical", "Critical";
    }
);

vocabulary!(
    /// Where a scheduled maintenance stands.
    MaintenanceStatus, "maintenance status" {
        Scheduled => "scheduled", "Scheduled";
        InProgress => "in_progress", "In Progress";
        Verifying => "verifying", "Verifying";
        Completed => "completed", "Completed";
    }
);

vocabulary!(
    /// What a staff account may do: editors keep the page true, admins also manage its setup.
    Role, "role" {
        Admin => "admin", "Admin";
        Editor => "editor", "Editor";
    }
);

vocabulary!(
    /// How a subscriber is told: by email, or by a POST to a URL of theirs in one of these formats.
    SubscriberKind, "subscriber kind" {
        Email => "email", "Email";
        Webhook => "webhook", "Webhook";
        Slack => "slack", "Slack";
        Discord => "discord", "Discord";
        Teams => "teams", "Microsoft Teams";
    }
);

vocabulary!(
    /// Where a subscriber stands: told of everything it chose, waiting for its confirmation, or
    /// stopped after deliveries kept failing.
    SubscriberState, "subscriber state" {
        Active => "active", "Active";
        Unconfirmed => "unconfirmed", "Unconfirmed";
        Quarantined => "quarantined", "Quarantined";
    }
);

vocabulary!(
    /// What a notification tells of.
    NotificationKind, "notification kind" {
        IncidentCreated => "incident_created", "New incident";
        IncidentUpdated => "incident_updated", "Incident update";
        MaintenanceScheduled => "maintenance_scheduled", "Maintenance scheduled";
        MaintenanceStarted => "maintenance_started", "Maintenance started";
        MaintenanceUpdated => "maintenance_updated", "Maintenance update";
        MaintenanceCompleted => "maintenance_completed", "Maintenance completed";
        ComponentUpdated => "component_updated", "Component status";
        Confirmation => "confirmation", "Confirmation request";
        ManageLink => "manage_link", "Subscription link";
    }
);

vocabulary!(
    /// Where one delivery of a notification to one subscriber stands.
    DeliveryState, "delivery state" {
        Pending => "pending", "Pending";
        Delivered => "delivered", "Delivered";
        Failed => "failed", "Failed";
    }
);

impl ComponentStatus {
    /// The CSS modifier that colours this status; the label is always shown beside the colour.
    pub fn css(self) -> &'static str {
        match self {
            ComponentStatus::Operational => "ok",
            ComponentStatus::UnderMaintenance => "maint",
            ComponentStatus::DegradedPerformance => "minor",
            ComponentStatus::PartialOutage => "major",
            ComponentStatus::MajorOutage => "critical",
        }
    }

    /// The worst of several statuses; `Operational` for none.
    pub fn worst(statuses: impl IntoIterator<Item = ComponentStatus>) -> ComponentStatus {
        statuses.into_iter().max().unwrap_or(ComponentStatus::Operational)
    }
}

impl IncidentStatus {
    pub fn is_open(self) -> bool {
        self != IncidentStatus::Resolved
    }
}

impl Impact {
    pub fn css(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::Minor => "minor",
            Impact::Major => "major",
            Impact::Critical => "critical",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_list_the_allowed_ones() {
        for s in ComponentStatus::ALL {
            assert_eq!(s.as_str().parse::<ComponentStatus>(), Ok(*s));
        }
        for s in IncidentStatus::ALL {
            assert_eq!(s.as_str().parse::<IncidentStatus>(), Ok(*s));
        }
        let err = "down".parse::<ComponentStatus>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown component status 'down' (expected one of: operational, under_maintenance, \
             degraded_performance, partial_outage, major_outage)"
        );
    }

    #[test]
    fn worst_status_ranks_outages_above_maintenance() {
        use ComponentStatus::*;
        assert_eq!(ComponentStatus::worst([]), Operational);
        assert_eq!(ComponentStatus::worst([Operational, UnderMaintenance]), UnderMaintenance);
        assert_eq!(ComponentStatus::worst([UnderMaintenance, DegradedPerformance]), DegradedPerformance);
        assert_eq!(ComponentStatus::worst([MajorOutage, PartialOutage]), MajorOutage);
    }
}
