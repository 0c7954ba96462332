//! `/admin/login` and `/admin/setup/{token}`: plain forms (they work without JavaScript); the
//! server answers a refusal with a redirect carrying a [`SignInProblem`]'s short code in the
//! address, which the page turns back into the refusal.

use super::forms::FormError;
use crate::domain::validate::{NAME_MAX, PASSWORD_MIN};
use crate::error::{AppError, ErrorCode, UNAVAILABLE};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Why signing in, or creating the first admin, was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInProblem {
    Invalid,
    Throttled,
    Disabled,
    Unavailable,
    SetupUsed,
    WeakPassword,
    BadEmail,
    BadName,
    Missing,
}

impl SignInProblem {
    pub const ALL: [SignInProblem; 9] = [
        SignInProblem::Invalid,
        SignInProblem::Throttled,
        SignInProblem::Disabled,
        SignInProblem::Unavailable,
        SignInProblem::SetupUsed,
        SignInProblem::WeakPassword,
        SignInProblem::BadEmail,
        SignInProblem::BadName,
        SignInProblem::Missing,
    ];

    /// The code in the address: `/admin/login?error=invalid`.
    pub fn code(self) -> &'static str {
        match self {
            SignInProblem::Invalid => "invalid",
            SignInProblem::Throttled => "throttled",
            SignInProblem::Disabled => "disabled",
            SignInProblem::Unavailable => "unavailable",
            SignInProblem::SetupUsed => "setup_used",
            SignInProblem::WeakPassword => "weak_password",
            SignInProblem::BadEmail => "bad_email",
            SignInProblem::BadName => "bad_name",
            SignInProblem::Missing => "missing",
        }
    }

    pub fn from_code(code: &str) -> Option<SignInProblem> {
        SignInProblem::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The refusal as the page shows it; `wait` is the throttle's seconds, as the address gives.
    pub fn error(self, wait: Option<&str>) -> AppError {
        let (code, message, field) = match self {
            SignInProblem::Invalid => (ErrorCode::Unauthorized, "Invalid email or password.".to_string(), None),
            SignInProblem::Throttled => {
                let wait = wait.filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())).unwrap_or("a few");
                (ErrorCode::RateLimited, format!("Too many failed sign-ins. Try again in {wait} seconds."), None)
            }
            SignInProblem::Disabled => {
                (ErrorCode::Forbidden, "This account is disabled. Ask an admin to enable it.".into(), None)
            }
            SignInProblem::Unavailable => (ErrorCode::Unavailable, UNAVAILABLE.into(), None),
            SignInProblem::SetupUsed => {
                (ErrorCode::Conflict, "The setup link has been used: sign in with the account it created.".into(), None)
            }
            SignInProblem::WeakPassword => (
                ErrorCode::Invalid,
                format!("The password must be at least {PASSWORD_MIN} characters."),
                Some("password"),
            ),
            SignInProblem::BadEmail => (ErrorCode::Invalid, "Enter a valid email address.".into(), Some("email")),
            SignInProblem::BadName => {
                (ErrorCode::Invalid, format!("Enter your name (up to {NAME_MAX} characters)."), Some("display_name"))
            }
            SignInProblem::Missing => (ErrorCode::Malformed, "Fill in every field.".into(), None),
        };
        AppError { code, message, field: field.map(str::to_string), say: None }
    }
}

/// The refusal the address carries, if any.
fn problem_in_address(login: bool) -> Signal<Option<AppError>> {
    let query = use_query_map();
    Signal::derive(move || {
        let q = query.read();
        let problem = SignInProblem::from_code(&q.get("error")?)?;
        // Each page explains only its own problems.
        let setup = matches!(
            problem,
            SignInProblem::WeakPassword | SignInProblem::BadEmail | SignInProblem::BadName | SignInProblem::Missing
        );
        (setup != login).then(|| problem.error(q.get("wait").as_deref()))
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
    let error = problem_in_address(true);
    let signed_out = move || query.read().get("signed_out").is_some();
    let next = move || query.read().get("next").unwrap_or_default();
    view! {
        <Title text="Sign in · Beacon admin"/>
        <main class="wrap narrow login">
            <h1>"Sign in"</h1>
            <p class="hint">"Staff sign in here to post incidents and keep the status page true."</p>
            <FormError error/>
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
    let action = move || format!("/admin/setup/{}", params.read().get("token").unwrap_or_default());
    let error = problem_in_address(false);
    view! {
        <Title text="Create the first admin · Beacon"/>
        <main class="wrap narrow login">
            <h1>"Create the first admin"</h1>
            <p class="hint">"This one-time link creates the first staff account. It stops working once used."</p>
            <FormError error/>
            <form class="form" method="post" action=action>
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required/>
                <label for="display_name">"Your name"</label>
                <input id="display_name" name="display_name" autocomplete="name" required maxlength=NAME_MAX.to_string()/>
                <label for="password">{format!("Password (at least {PASSWORD_MIN} characters)")}</label>
                <PasswordInput autocomplete="new-password"/>
                <button type="submit" class="button">"Create admin account"</button>
            </form>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_goes_through_the_address_and_back() {
        for problem in SignInProblem::ALL {
            assert_eq!(SignInProblem::from_code(problem.code()), Some(problem));
            assert!((400..600).contains(&problem.error(None).code.status()));
        }
        assert_eq!(SignInProblem::from_code("nonsense"), None);
        let throttled = SignInProblem::Throttled.error(Some("42"));
        assert_eq!(throttled.message, "Too many failed sign-ins. Try again in 42 seconds.");
        assert!(SignInProblem::Throttled.error(Some("<b>")).message.contains("a few"), "only digits are shown");
        assert!(SignInProblem::WeakPassword.error(None).names("password"));
    }
}
