//! The console's frame: a header with the signed-in user and a sign-out button.

use crate::domain::{Role, User};
use leptos::prelude::*;

#[component]
pub fn Console(user: User, children: Children) -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="wrap site-header__inner">
                <a class="brand" href="/admin">"Beacon admin"</a>
                <nav aria-label="Console">
                    <a href="/admin">"Dashboard"</a>
                    <a href="/admin/components">"Components"</a>
                    <a href="/admin/maintenance">"Maintenance"</a>
                    {(user.role == Role::Admin).then(|| view! {
                        <a href="/admin/subscribers">"Subscribers"</a>
                        <a href="/admin/users">"Users"</a>
                        <a href="/admin/tokens">"API tokens"</a>
                        <a href="/admin/audit">"Audit log"</a>
                        <a href="/admin/settings">"Settings"</a>
                    })}
                    <a href="/" target="_blank" rel="noopener">"Public page"</a>
                    <a href="/admin/account" class="hint">{user.display_name.clone()} " (" {user.role.label()} ")"</a>
                    <form method="post" action="/admin/logout" class="inline">
                        <button type="submit" class="button button--quiet">"Sign out"</button>
                    </form>
                </nav>
            </div>
        </header>
        <main class="wrap">{children()}</main>
    }
}
