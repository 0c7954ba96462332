//! What a successful write says: "Update posted." with a link to the public page it changed, in a
//! `role="status"` region that screen readers announce. With JavaScript the write's server function
//! returns it; a plain form post keeps it in the session for the page the post redirects to. Either
//! way it shows on that page (`at`) and goes once another page is opened (`forms::Announcer`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub text: String,
    /// The public page the write changed.
    pub public: Option<String>,
    /// The console page it is shown on (where the write leads).
    pub at: String,
}

impl Notice {
    /// The notice of a write of `form` (a console form's name) that leads to `to`.
    pub fn of(form: &str, to: &str) -> Notice {
        let at = to.split(['#', '?']).next().unwrap_or(to).to_string();
        Notice { text: said(form).to_string(), public: public_twin(&at), at }
    }
}

/// What each of the console's forms says when it has done its work: one place for the wording.
/// A form named `user_role:7` is `user_role` here.
pub fn said(form: &str) -> &'static str {
    match form.split(':').next().unwrap_or(form) {
        "create_incident" => "Incident opened.",
        "save_template" => "Template saved.",
        "post_update" => "Update posted.",
        "save_postmortem" => "Postmortem saved.",
        "publish_postmortem" => "Postmortem published.",
        "unpublish_postmortem" => "Postmortem withdrawn from the public page.",
        "edit_incident" => "Incident details saved.",
        "delete_incident" => "Incident deleted.",
        "edit_update" => "Update changed.",
        "delete_update" => "Update deleted.",
        "delete_template" => "Template deleted.",
        "set_component_status" => "Component status changed.",
        "add_component" => "Component added.",
        "save_component" => "Component saved.",
        "delete_component" => "Component deleted.",
        "add_group" => "Group added.",
        "save_group" => "Group saved.",
        "delete_group" => "Group deleted.",
        "schedule_maintenance" => "Maintenance scheduled.",
        "post_maintenance_update" => "Maintenance updated.",
        "token_create" => "Token created.",
        "token_revoke" => "Token revoked.",
        "user_create" => "User added.",
        "user_role" => "Role changed.",
        "user_password" => "Password set.",
        "user_access" => "Access changed.",
        "own_password" => "Your password was changed.",
        "subscriber_add" => "Subscriber added.",
        "subscriber_remove" => "Subscriber removed.",
        "subscriber_enable" => "Subscriber re-enabled.",
        "subscriber_import" => "Subscribers imported.",
        "save_settings" => "Settings saved.",
        _ => "Saved.",
    }
}

/// The public page that shows what a console page edits: an incident's page, or `/` for the
/// components and maintenance; none for what visitors do not see (users, tokens, subscribers).
fn public_twin(at: &str) -> Option<String> {
    let rest = at.strip_prefix("/admin")?;
    if let Some(id) = rest.strip_prefix("/incidents/").and_then(|id| id.parse::<i64>().ok()) {
        return Some(crate::paths::incident(id));
    }
    matches!(rest, "" | "/" | "/components" | "/maintenance" | "/settings").then(|| "/".to_string())
}

/// The notice being shown, shared by the console's forms (which set it on success) and
/// `forms::Announcer`, which shows it.
#[derive(Clone, Copy)]
pub struct Announced(pub RwSignal<Option<Notice>>);

/// Shares [`Announced`] with the console; call once, above the routes.
pub fn provide_announced() {
    provide_context(Announced(RwSignal::new(None)));
}

/// Sets the notice a write returned (see `forms::form_error`, which every form calls).
pub fn announce(notice: Notice) {
    if let Some(Announced(shown)) = use_context::<Announced>() {
        shown.set(Some(notice));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_links_the_public_page_of_what_changed() {
        let n = Notice::of("post_update", "/admin/incidents/7#message");
        assert_eq!(n.text, "Update posted.");
        assert_eq!(n.at, "/admin/incidents/7");
        assert_eq!(n.public.as_deref(), Some("/incidents/7"));
        assert_eq!(Notice::of("set_component_status", "/admin/components").public.as_deref(), Some("/"));
        assert_eq!(Notice::of("post_update", "/admin").public.as_deref(), Some("/"));
        assert_eq!(Notice::of("token_create", "/admin/tokens").public, None);
        assert_eq!(Notice::of("save_settings", "/admin/settings").public.as_deref(), Some("/"));
        assert_eq!(Notice::of("user_role:7", "/admin/users").text, "Role changed.");
    }
}
