//! `/admin/login`: the staff sign-in form.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LoginPage() -> impl IntoView {
    let (visible, set_visible) = signal(false);
    view! {
        <Title text="Sign in · Beacon admin"/>
        <main class="wrap narrow login">
            <h1>"Sign in"</h1>
            <p class="hint">"Staff sign in here to post incidents and keep the status page true."</p>
            <form class="form" method="post" action="/admin/login">
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required/>
                <label for="password">"Password"</label>
                <div class="password">
                    <input
                        id="password"
                        name="password"
                        type=move || if visible.get() { "text" } else { "password" }
                        autocomplete="current-password"
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
                <button type="submit" class="button">"Sign in"</button>
            </form>
        </main>
    }
}
