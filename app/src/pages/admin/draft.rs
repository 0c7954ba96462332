//! Text being typed survives: what is typed into a console text field is kept in the browser's
//! local storage under the field's draft key (an incident's update, a new incident, a
//! postmortem) until it is posted or discarded, and offered back after a reload, a closed tab or
//! a new sign-in. And the Markdown field these forms share: its live preview through the public
//! page's renderer, and Ctrl/Cmd+Enter to send its form.

use crate::markdown;
use leptos::prelude::*;

/// Local storage, where the browser has it (never on the server, nor with storage blocked).
#[cfg(feature = "hydrate")]
mod store {
    fn storage() -> Option<leptos::web_sys::Storage> {
        leptos::web_sys::window()?.local_storage().ok()?
    }

    pub fn load(key: &str) -> Option<String> {
        storage()?.get_item(key).ok()?
    }

    pub fn save(key: &str, text: &str) {
        if let Some(s) = storage() {
            let _ = if text.trim().is_empty() { s.remove_item(key) } else { s.set_item(key, text) };
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod store {
    pub fn load(_key: &str) -> Option<String> {
        None
    }

    pub fn save(_key: &str, _text: &str) {}
}

/// The storage key of a draft: `beacon-draft:` and what it belongs to ("update:12").
fn key_of(draft: &str) -> String {
    format!("beacon-draft:{draft}")
}

/// Forgets a draft (it was posted).
pub fn forget(draft: &str) {
    store::save(&key_of(draft), "");
}

/// Ctrl+Enter or Cmd+Enter in a field sends its form (through the form's own submit, so that a
/// hydrated form posts as a click on its button would).
pub fn send_on_ctrl_enter(ev: leptos::ev::KeyboardEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if ev.key() != "Enter" || !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        let form =
            ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlTextAreaElement>().ok()).and_then(|t| t.form());
        if let Some(form) = form {
            ev.prevent_default();
            let _ = form.request_submit();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// A Markdown text field: its label, the text area (kept as a draft under `draft` when given),
/// a live preview when `preview`, and the line that offers a restored draft back.
/// `sent` counts the form's successful posts: each forgets the draft.
#[component]
pub fn MarkdownField(
    id: String,
    name: &'static str,
    label: String,
    #[prop(default = 6)] rows: u32,
    /// What the server gives (the saved text, or a refused post's input).
    initial: String,
    #[prop(optional)] draft: Option<String>,
    /// Whether to offer a kept draft back (not when the text was just chosen, from a template).
    #[prop(default = true)]
    offer_kept: bool,
    #[prop(optional)] preview: bool,
    #[prop(into, optional)] sent: Option<Signal<usize>>,
) -> impl IntoView {
    let (text, set_text) = signal(initial.clone());
    let restored = RwSignal::new(false);
    let area = NodeRef::<leptos::html::Textarea>::new();
    if let Some(draft) = draft.clone() {
        // In the browser, once: offer back a draft that differs from what the page holds.
        let initial = initial.clone();
        let key = key_of(&draft);
        Effect::new(move |done: Option<()>| {
            if done.is_some() || !offer_kept {
                return;
            }
            if let Some(kept) = store::load(&key).filter(|k| *k != initial && !k.trim().is_empty()) {
                if let Some(el) = area.get_untracked() {
                    el.set_value(&kept);
                }
                set_text.set(kept);
                restored.set(true);
            }
        });
        if let Some(sent) = sent {
            let draft = draft.clone();
            Effect::new(move |seen: Option<usize>| {
                let n = sent.get();
                if seen.is_some_and(|seen| seen != n) {
                    forget(&draft);
                    restored.set(false);
                }
                n
            });
        }
    }
    let key = draft.as_deref().map(key_of);
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        if let Some(key) = &key {
            store::save(key, &value);
        }
        set_text.set(value);
    };
    let discard = {
        let (draft, initial) = (draft.clone(), initial.clone());
        move |_| {
            if let Some(draft) = &draft {
                forget(draft);
            }
            if let Some(el) = area.get_untracked() {
                el.set_value(&initial);
            }
            set_text.set(initial.clone());
            restored.set(false);
        }
    };
    let field = view! {
        <div>
            <label for=id.clone()>{label}</label>
            <textarea id=id name=name rows=rows.to_string() node_ref=area on:input=on_input on:keydown=send_on_ctrl_enter>
                {initial}
            </textarea>
            <p class="hint draft" role="status">
                {move || restored.get().then(|| view! {
                    "Restored what you typed here before (kept in this browser). "
                    <button type="button" class="button button--quiet" on:click=discard.clone()>"Discard it"</button>
                })}
            </p>
        </div>
    };
    match preview {
        false => field.into_any(),
        true => view! {
            <div class="editor">
                {field}
                <div class="preview" aria-live="polite">
                    <p class="preview__label">"Preview"</p>
                    <div class="md" inner_html=move || markdown::render(&text.get())></div>
                </div>
            </div>
        }
        .into_any(),
    }
}

/// Counts an action's successful answers (for [`MarkdownField`]'s `sent`).
pub fn successes<A>(action: ServerAction<A>) -> Signal<usize>
where
    A: leptos::server_fn::ServerFn<Output = super::notice::Notice, Error = crate::error::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    let count = RwSignal::new(0usize);
    Effect::new(move |seen: Option<usize>| {
        let version = action.version().get();
        if seen.is_some_and(|seen| seen != version) && matches!(action.value().get_untracked(), Some(Ok(_))) {
            count.update(|n| *n += 1);
        }
        version
    });
    count.into()
}
