//! What the console's forms share: a refusal shown above its form (from the action's answer with
//! JavaScript, or from the kept plain post without), the field it names, the kept input, and a
//! form emptied after a successful save.

use super::backend::{error_text, FailedForm};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// An error as shown above a form: a leading field name ("new_password: …") becomes its label.
pub(super) fn readable(error: &str, labels: &[(&str, &str)]) -> String {
    labels
        .iter()
        .find_map(|(field, label)| error.strip_prefix(field)?.strip_prefix(": ").map(|m| format!("{label}: {m}")))
        .unwrap_or_else(|| error.to_string())
}

/// Whether `error` names `field`, for the input's `aria-invalid`.
pub(super) fn names(error: &Option<String>, field: &str) -> bool {
    error.as_deref().is_some_and(|e| e.strip_prefix(field).is_some_and(|rest| rest.starts_with(": ")))
}

/// The error of a form: its action's last answer (JavaScript), else its refused plain post.
pub(super) fn form_error<A>(action: ServerAction<A>, kept: Option<String>) -> Signal<Option<String>>
where
    A: ServerFn<Output = (), Error = ServerFnError> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Ok(())) => None,
        Some(Err(e)) => Some(error_text(&e)),
        None => kept.clone(),
    })
}

pub(super) fn kept_error(failed: &Option<FailedForm>, form: &str) -> Option<String> {
    failed.as_ref().filter(|f| f.form == form).map(|f| f.error.clone())
}

pub(super) fn kept_value(failed: &Option<FailedForm>, form: &str, name: &str) -> String {
    failed.as_ref().filter(|f| f.form == form).and_then(|f| f.values.get(name).cloned()).unwrap_or_default()
}

/// After each successful write: bumps `changed`, so that the page reloads its data, and empties
/// the form (a reloaded page keeps its inputs, and what was typed in them).
pub(super) fn on_success<A>(action: ServerAction<A>, changed: RwSignal<u32>) -> NodeRef<leptos::html::Form>
where
    A: ServerFn<Output = (), Error = ServerFnError> + Clone + Send + Sync + 'static,
{
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            changed.update(|n| *n += 1);
            if let Some(form) = form.get_untracked() {
                form.reset();
            }
        }
    });
    form
}

/// The page an editor (or a failed load) gets: the reason, and the way back.
pub(super) fn refused(title: &'static str, e: ServerFnError) -> AnyView {
    view! {
        <main class="wrap narrow">
            <h1>{title}</h1>
            <p class="error" role="alert">{error_text(&e)}</p>
            <p><a href="/admin">"← Dashboard"</a></p>
        </main>
    }
    .into_any()
}
