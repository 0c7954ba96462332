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

/// One field's draft: where it is kept, what the page gave, and whether a kept text was put back.
#[derive(Clone)]
struct Kept {
    draft: Option<String>,
    initial: String,
    restored: RwSignal<bool>,
}

impl Kept {
    /// In the browser, once: puts back (through `put`) a kept text that differs from `initial`,
    /// unless `offer` is false; forgets the draft after each of the form's successful posts.
    fn new<P>(draft: Option<String>, initial: String, offer: bool, sent: Option<Signal<usize>>, put: P) -> Kept
    where
        P: Fn(String) + Send + Sync + 'static,
    {
        let restored = RwSignal::new(false);
        if let Some(draft) = draft.clone() {
            let (key, shown) = (key_of(&draft), initial.clone());
            Effect::new(move |done: Option<()>| {
                if done.is_some() || !offer {
                    return;
                }
                if let Some(kept) = store::load(&key).filter(|k| *k != shown && !k.trim().is_empty()) {
                    put(kept);
                    restored.set(true);
                }
            });
            if let Some(sent) = sent {
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
        Kept { draft, initial, restored }
    }

    /// Keeps what the field holds now.
    fn save(&self, text: &str) {
        if let Some(draft) = &self.draft {
            store::save(&key_of(draft), text);
        }
    }

    /// The line that says a kept text was put back, with the button that puts the page's own
    /// text back (through `put`) and forgets the draft.
    fn line(self, put: impl Fn(String) + Clone + Send + Sync + 'static) -> impl IntoView {
        let restored = self.restored;
        let discard = move |_| {
            if let Some(draft) = &self.draft {
                forget(draft);
            }
            put(self.initial.clone());
            restored.set(false);
        };
        view! {
            <p class="hint draft" role="status">
                {move || restored.get().then(|| view! {
                    "Restored what you typed here before (kept in this browser). "
                    <button type="button" class="button button--quiet" on:click=discard.clone()>"Discard it"</button>
                })}
            </p>
        }
    }
}

/// A one-line text field (a new incident's title) kept as a draft under `draft`.
#[component]
pub fn DraftInput(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    maxlength: usize,
    initial: String,
    draft: String,
    #[prop(default = true)] offer_kept: bool,
    #[prop(into)] sent: Signal<usize>,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let put = move |text: String| {
        if let Some(el) = input.get_untracked() {
            el.set_value(&text);
        }
    };
    let kept = Kept::new(Some(draft), initial.clone(), offer_kept, Some(sent), put);
    let saving = kept.clone();
    view! {
        <label for=id>{label}</label>
        <input id=id name=name required maxlength=maxlength.to_string() value=initial node_ref=input
            on:input=move |ev| saving.save(&event_target_value(&ev))/>
        {kept.line(put)}
    }
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
    let area = NodeRef::<leptos::html::Textarea>::new();
    let put = move |t: String| {
        if let Some(el) = area.get_untracked() {
            el.set_value(&t);
        }
        set_text.set(t);
    };
    let kept = Kept::new(draft, initial.clone(), offer_kept, sent, put);
    let saving = kept.clone();
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        saving.save(&value);
        set_text.set(value);
    };
    let field = view! {
        <div>
            <label for=id.clone()>{label}</label>
            <textarea id=id name=name rows=rows.to_string() node_ref=area on:input=on_input on:keydown=send_on_ctrl_enter>
                {initial}
            </textarea>
            {kept.line(put)}
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
    super::forms::on_answer(action, move |answer| {
        if answer.is_ok() {
            count.update(|n| *n += 1);
        }
    });
    count.into()
}
