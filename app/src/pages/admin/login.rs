//! `/admin/login` and `/admin/setup/{token}`: plain forms (they work without JavaScript); the
//! server answers errors with a short code in the address, explained here.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn login_message(code: &str, wait: Option<String>) -> Option<String> {
    Some(match code {
        "invalid" => "Invalid email or password.".to_string(),
        "throttled" => format!(
            "Too many failed sign-ins. Try again in {} seconds.",
            wait.filter(|w| w.chars().all(|c| c.is_ascii_digit())).unwrap_or_else(|| "a few".into())
        ),
        "disabled" => "This account is disabled. Ask an admin to enable it.".into(),
        "unavailable" => "The database is unavailable right now. Try again in a moment.".into(),
        "setup_used" => "The setup link has been used: sign in with the account it created.".into(),
        _ => return None,
    })
}

fn setup_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "weak_password" => "The password must be at least 10 characters.",
        "bad_email" => "Enter a valid email address.",
        "bad_name" => "Enter your name (up to 100 characters).",
        "missing" => "Fill in every field.",
        _ => return None,
    })
}

#[component]
fn PasswordInput(#[prop(into)] autocomplete: String) -> impl IntoView {
    let (visible, set_visible) = signal(false);
    view! {
        <div class="password">
            <input
                id="password"
                name="password"
                type=move || if visible.get() { "text" } else { "password" }
                autocomplete=autocomplete
                required
            />
            <button
                type="button"
                class="button button--quiet"
                aria-controls="password"
                aria-pressed=move || visible.get().to_string()
                on:click=move |_| set_visible.update(|v| *v = !*v)
            >
                {move || if visible.get() { "Hide password" } else { "Show password" }}
            </button>
        </div>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || {
        let q = query.read();
        q.get("error").and_then(|code| login_message(&code, q.get("wait")))
    };
    let signed_out = move || query.read().get("signed_out").is_some();
    let next = move || query.read().get("next").unwrap_or_default();
    view! {
        <Title text="Sign in · Beacon admin"/>
        <main class="wrap narrow login">
            <h1>"Sign in"</h1>
            <p class="hint">"Staff sign in here to post incidents and keep the status page true."</p>
            {move || error().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            {move || signed_out().then(|| view! { <p class="notice" role="status">"You are signed out."</p> })}
            <form class="form" method="post" action="/admin/login">
                <input type="hidden" name="next" value=next/>
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required/>
                <label for="password">"Password"</label>
                <PasswordInput autocomplete="current-password"/>
                <button type="submit" class="button">"Sign in"</button>
            </form>
        </main>
    }
}

#[component]
pub fn SetupPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let action = move || format!("/admin/setup/{}", params.read().get("token").unwrap_or_default());
    let error = move || query.read().get("error").and_then(|c| setup_message(&c));
    view! {
        <Title text="Create the first admin · Beacon"/>
        <main class="wrap narrow login">
            <h1>"Create the first admin"</h1>
            <p class="hint">"This one-time link creates the first staff account. It stops working once used."</p>
            {move || error().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <form class="form" method="post" action=action>
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required/>
                <label for="display_name">"Your name"</label>
                <input id="display_name" name="display_name" autocomplete="name" required maxlength="100"/>
                <label for="password">"Password (at least 10 characters)"</label>
                <PasswordInput autocomplete="new-password"/>
                <button type="submit" class="button">"Create admin account"</button>
            </form>
        </main>
    }
}
