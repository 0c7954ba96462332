//! What the console's forms share: a refusal shown above its form (from the action's answer with
//! JavaScript, or from the kept plain post without), the field it names, the kept input, a form
//! emptied after a successful save, and the region that says what a save did (`Announcer`, see
//! `notice`). The server side of the same is in [`ssr`].

use super::notice::{announce, Announced, Notice};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[cfg(feature = "ssr")]
pub mod ssr;

/// A form post that was refused (JavaScript off): its values and why, kept for the page it
/// returns to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailedForm {
    pub form: String,
    pub values: HashMap<String, String>,
    pub error: AppError,
}

/// A field's label, where the form's wording differs from the field's name.
pub(super) type Labels = &'static [(&'static str, &'static str)];

/// The kept post of `form`, if that is what brought the page back.
fn of<'a>(failed: &'a Option<FailedForm>, form: &str) -> Option<&'a FailedForm> {
    failed.as_ref().filter(|f| f.form == form)
}

pub(super) fn kept_error(failed: &Option<FailedForm>, form: &str) -> Option<AppError> {
    of(failed, form).map(|f| f.error.clone())
}

/// What was typed into `name` of `form` before it was refused, or else `default`.
pub(super) fn prefill(failed: &Option<FailedForm>, form: &str, name: &str, default: &str) -> String {
    of(failed, form).and_then(|f| f.values.get(name).cloned()).unwrap_or_else(|| default.to_string())
}

/// The error of a form: its action's last answer (JavaScript), else its refused plain post. Its
/// successes are announced (see `notice`): every form shows its error, so every form says so.
pub(super) fn form_error<A>(action: ServerAction<A>, kept: Option<AppError>) -> Signal<Option<AppError>>
where
    A: ServerFn<Output = Notice, Error = AppError> + Clone + Send + Sync + 'static,
{
    on_answer(action, |answer| match answer {
        Ok(notice) => announce(notice),
        Err(e) if e.code == crate::error::ErrorCode::Unauthorized => sign_in_again(),
        Err(_) => {}
    });
    Signal::derive(move || match action.value().get() {
        Some(Ok(_)) => None,
        Some(Err(e)) => Some(e),
        None => kept.clone(),
    })
}

/// Calls `f` with each answer of `action` that arrives from now on: a form drawn again after an
/// answer (its page reloaded its data) does not take that answer again.
pub(super) fn on_answer<A>(action: ServerAction<A>, f: impl Fn(Result<Notice, AppError>) + 'static)
where
    A: ServerFn<Output = Notice, Error = AppError> + Clone + Send + Sync + 'static,
{
    Effect::new(move |seen: Option<usize>| {
        let version = action.version().get();
        if seen.is_some_and(|seen| seen != version) {
            if let Some(answer) = action.value().get_untracked() {
                f(answer);
            }
        }
        version
    });
}

/// The session ended while a form was being filled: to the sign-in page, which leads back here,
/// where the text typed is offered back (see `draft`).
fn sign_in_again() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = leptos::web_sys::window() {
        let location = window.location();
        let here = location.pathname().unwrap_or_default();
        let _ = location.assign(&format!("/admin/login?next={}", crate::paths::encode(&here)));
    }
}

/// `aria-invalid` of an input: whether the form's error names its field.
pub(super) fn invalid(error: Signal<Option<AppError>>, field: &'static str) -> impl Fn() -> String + Copy {
    move || error.with(|e| e.as_ref().is_some_and(|e| e.names(field))).to_string()
}

/// The refusal above a form. A field listed in `labels` leads the message in the form's words.
#[component]
pub(super) fn FormError(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] labels: Labels,
) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let label = labels.iter().find(|(field, _)| e.names(field)).map(|(_, label)| *label);
            let text = label.map_or_else(|| e.message.clone(), |label| format!("{label}: {}", e.message));
            view! { <p class="error" role="alert">{text}</p> }
        })
    }
}

/// Empties the form after each successful write (the page reloads its data itself).
pub(super) fn reset_on_success<A>(action: ServerAction<A>) -> NodeRef<leptos::html::Form>
where
    A: ServerFn<Output = Notice, Error = AppError> + Clone + Send + Sync + 'static,
{
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            if let Some(form) = form.get_untracked() {
                form.reset();
            }
        }
    });
    form
}

/// After each successful write: bumps `changed`, so that the page reloads its data, and empties
/// the form (a reloaded page keeps its inputs, and what was typed in them).
pub(super) fn on_success<A>(action: ServerAction<A>, changed: RwSignal<u32>) -> NodeRef<leptos::html::Form>
where
    A: ServerFn<Output = Notice, Error = AppError> + Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    reset_on_success(action)
}

/// The page a console page becomes when its data cannot be loaded: the reason, and the way back.
/// Rendered on the server, the answer takes the error's status.
pub(super) fn refused(title: &'static str, e: AppError) -> AnyView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(e.status_code());
    }
    view! {
        <main class="wrap narrow">
            <h1>{title}</h1>
            <FormError error=Some(e)/>
            <p><a href="/admin">"← Dashboard"</a></p>
        </main>
    }
    .into_any()
}

/// "Notify subscribers", ticked unless `checked` says otherwise. The hidden field beside it makes
/// an unticked box mean "do not notify" (see `validate::offered_checkbox`).
#[component]
pub(super) fn NotifyBox(#[prop(optional)] id: Option<String>, checked: bool) -> impl IntoView {
    view! {
        <input type="hidden" name="notify_offered" value="1"/>
        <label class="check">
            <input type="checkbox" id=id name="notify" value="on" checked=checked/>
            " Notify subscribers"
        </label>
    }
}

/// Whether a kept post of `form` had its "Notify subscribers" box ticked (true when none is kept).
pub(super) fn kept_notify(failed: &Option<FailedForm>, form: &str) -> bool {
    prefill(failed, form, "notify", "on") == "on"
}

/// The notice a plain form post left in the session for this page view (taken as it is read).
#[server(prefix = "/admin/fn", endpoint = "notice")]
pub async fn take_notice() -> Result<Option<Notice>, AppError> {
    use crate::pages::admin::forms::ssr::{port, FormMemory};
    Ok(match port::<dyn FormMemory>() {
        Ok(memory) => memory.take_notice().await,
        Err(_) => None,
    })
}

/// The status region: always in the page, so that a notice put into it is announced; it shows the
/// notice meant for the current page, with its link to the public page.
#[component]
pub fn Announcer() -> impl IntoView {
    let Some(Announced(shown)) = use_context::<Announced>() else { return ().into_any() };
    let kept = Resource::new(|| (), |_| take_notice());
    let path = use_location().pathname;
    // The kept notice belongs to the page view it came with.
    let first = path.get_untracked();
    let kept_seen = RwSignal::new(false);
    Effect::new(move |_| {
        let path = path.get();
        if path != first {
            kept_seen.set(true);
        }
        // Another page opened: the notice has been seen.
        if shown.with_untracked(|n| n.as_ref().is_some_and(|n| n.at != path)) {
            shown.set(None);
        }
    });
    let notice = move || {
        let kept = (!kept_seen.get()).then(|| kept.get().and_then(Result::ok).flatten()).flatten();
        let current = shown.get().or(kept)?;
        (current.at == path.get()).then_some(current)
    };
    view! {
        <div class="announce wrap" role="status">
            <Transition fallback=|| ()>
                {move || notice().map(|n| view! {
                    <p class="announce__text">
                        {n.text}
                        {n.public.map(|href| view! { " " <a href=href target="_blank" rel="noopener">"See it on the public page"</a> })}
                    </p>
                })}
            </Transition>
        </div>
    }
    .into_any()
}
