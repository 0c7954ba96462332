//! `/admin/users` (admins: create accounts, change roles, reset passwords, disable and enable) and
//! `/admin/account` (everyone: change one's own password). The forms work with and without
//! JavaScript; a refusal names the field and says why.

use super::accounts::{
    get_account_page, get_users_page, ChangeOwnPassword, CreateUser, ResetUserPassword, SetUserAccess, SetUserRole,
    UsersView,
};
use super::forms::{
    form_error, invalid, kept_error, on_success, prefill, refused, reset_on_success, FailedForm, FormError, Labels,
};
use super::layout::Console;
use crate::domain::validate::{EMAIL_MAX, NAME_MAX, PASSWORD_MIN};
use crate::domain::{Role, User};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const NEW_ACCOUNT: Labels = &[("email", "Email"), ("display_name", "Name"), ("role", "Role"), ("password", "Password")];
const OWN_PASSWORD: Labels = &[
    ("current_password", "Current password"),
    ("new_password", "New password"),
    ("confirm_password", "New password again"),
];
const PASSWORD: Labels = &[("password", "Password")];

/// "At least 10 characters."
fn password_hint() -> String {
    format!("At least {PASSWORD_MIN} characters.")
}

fn role_options(selected: Option<Role>) -> impl IntoView {
    Role::ALL
        .iter()
        .map(|r| view! { <option value=r.as_str() selected=selected == Some(*r)>{r.label()}</option> })
        .collect_view()
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let data = Resource::new(move || changed.get(), |_| get_users_page());
    view! {
        <Title text="Users · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! {
                        <Console user=v.user.clone()>
                            <Users view=v changed/>
                        </Console>
                    }
                    .into_any(),
                    Err(e) => refused("Users", e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Users(view: UsersView, changed: RwSignal<u32>) -> impl IntoView {
    let me = view.user.clone();
    let failed = view.failed.clone();
    let accounts = view
        .users
        .iter()
        .map(|account| view! { <AccountRow account=account.clone() me=me.clone() failed=failed.clone() changed/> })
        .collect_view();
    view! {
        <h1>"Users"</h1>
        <section class="section">
            <h2>"Accounts"</h2>
            <ul class="accounts">{accounts}</ul>
        </section>
        <NewAccountForm failed=view.failed.clone() changed/>
    }
}

#[component]
fn AccountRow(account: User, me: User, failed: Option<FailedForm>, changed: RwSignal<u32>) -> impl IntoView {
    let role = ServerAction::<SetUserRole>::new();
    let password = ServerAction::<ResetUserPassword>::new();
    let access = ServerAction::<SetUserAccess>::new();
    let (role_form, password_form, access_form) =
        (on_success(role, changed), on_success(password, changed), on_success(access, changed));
    let id = account.id;
    let forms = [format!("user_role:{id}"), format!("user_password:{id}"), format!("user_access:{id}")];
    let role_error = form_error(role, kept_error(&failed, &forms[0]));
    let password_error = form_error(password, kept_error(&failed, &forms[1]));
    let access_error = form_error(access, kept_error(&failed, &forms[2]));
    let open = forms.iter().any(|f| kept_error(&failed, f).is_some());
    let email = account.email.clone();
    let (state, next_access, access_label) = if account.disabled {
        ("Disabled", "enable", "Enable account")
    } else {
        ("Active", "disable", "Disable account")
    };
    view! {
        <li class="account" id=format!("user-{id}")>
            <div class="account__head">
                <strong class="account__name">{account.display_name.clone()}</strong>
                <span class="account__email">{account.email.clone()}</span>
                {(account.id == me.id).then(|| view! { <span class="hint">"(you)"</span> })}
            </div>
            <p class="account__meta">
                <span class="state">{account.role.label()}</span>
                <span class=if account.disabled { "state state--off" } else { "state" }>{state}</span>
                <span class="hint">"Created " <time datetime=account.created_at.to_rfc3339()>{crate::time::format_date(account.created_at.date_naive())}</time></span>
            </p>
            <details class="account__manage" open=open>
                <summary>"Manage"</summary>
                <div class="account__forms">
                    <ActionForm action=role node_ref=role_form attr:class="form">
                        <FormError error=role_error/>
                        <input type="hidden" name="user_id" value=id.to_string()/>
                        <label for=format!("role-{id}")>"Role"</label>
                        <select id=format!("role-{id}") name="role">{role_options(Some(account.role))}</select>
                        <button type="submit" class="button button--quiet" disabled=move || role.pending().get()>"Change role"</button>
                    </ActionForm>
                    <ActionForm action=password node_ref=password_form attr:class="form">
                        <FormError error=password_error labels=PASSWORD/>
                        <input type="hidden" name="user_id" value=id.to_string()/>
                        <label for=format!("password-{id}")>"New password"</label>
                        <input id=format!("password-{id}") name="password" type="password" autocomplete="new-password"
                            minlength=PASSWORD_MIN.to_string() required aria-invalid=invalid(password_error, "password")/>
                        <button type="submit" class="button button--quiet" disabled=move || password.pending().get()>"Reset password"</button>
                    </ActionForm>
                    <ActionForm action=access node_ref=access_form attr:class="form">
                        <FormError error=access_error/>
                        <input type="hidden" name="user_id" value=id.to_string()/>
                        <input type="hidden" name="access" value=next_access/>
                        <p class="hint">{if account.disabled {
                            format!("{email} cannot sign in.")
                        } else {
                            format!("A disabled account cannot sign in; {email}'s sessions end at once.")
                        }}</p>
                        <button type="submit" class=if account.disabled { "button button--quiet" } else { "button button--quiet button--quiet-danger" }
                            disabled=move || access.pending().get()>{access_label}</button>
                    </ActionForm>
                </div>
            </details>
        </li>
    }
}

#[component]
fn NewAccountForm(failed: Option<FailedForm>, changed: RwSignal<u32>) -> impl IntoView {
    let action = ServerAction::<CreateUser>::new();
    let form = on_success(action, changed);
    let error = form_error(action, kept_error(&failed, "user_create"));
    let kept = |name: &str| prefill(&failed, "user_create", name, "");
    let (email, name) = (kept("email"), kept("display_name"));
    let role: Option<Role> = kept("role").parse().ok();
    let invalid = move |field: &'static str| invalid(error, field);
    view! {
        <section class="section">
            <h2>"New account"</h2>
            <ActionForm action=action node_ref=form attr:class="form narrow">
                <FormError error labels=NEW_ACCOUNT/>
                <label for="new-email">"Email"</label>
                <input id="new-email" name="email" type="email" autocomplete="off" required maxlength=EMAIL_MAX.to_string()
                    value=email aria-invalid=invalid("email")/>
                <label for="new-name">"Name"</label>
                <input id="new-name" name="display_name" required maxlength=NAME_MAX.to_string() value=name
                    aria-invalid=invalid("display_name")/>
                <label for="new-role">"Role"</label>
                <select id="new-role" name="role">{role_options(role.or(Some(Role::Editor)))}</select>
                <p class="hint">"Editors post incidents, updates, postmortems and maintenance; admins also manage accounts and read the audit log."</p>
                <label for="new-password">"Initial password"</label>
                <input id="new-password" name="password" type="password" autocomplete="new-password" minlength=PASSWORD_MIN.to_string() required
                    aria-invalid=invalid("password") aria-describedby="new-password-hint"/>
                <p class="hint" id="new-password-hint">{password_hint()} " Tell it to the person; they change it under “Your account”."</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Create account"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_account_page());
    view! {
        <Title text="Your account · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! {
                        <Console user=v.user.clone()>
                            <OwnAccount user=v.user failed=v.failed/>
                        </Console>
                    }
                    .into_any(),
                    Err(e) => refused("Your account", e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OwnAccount(user: User, failed: Option<FailedForm>) -> impl IntoView {
    let action = ServerAction::<ChangeOwnPassword>::new();
    let query = use_query_map();
    let error = form_error(action, kept_error(&failed, "own_password"));
    let done = move || {
        matches!(action.value().get(), Some(Ok(_)))
            || (action.value().get().is_none() && query.read().get("changed").is_some())
    };
    let form = reset_on_success(action);
    let invalid = move |field: &'static str| invalid(error, field);
    view! {
        <h1>"Your account"</h1>
        <p>{user.display_name.clone()} " · " {user.email.clone()} " · " {user.role.label()}</p>
        <section class="section">
            <h2>"Change your password"</h2>
            <ActionForm action=action node_ref=form attr:class="form narrow">
                <FormError error labels=OWN_PASSWORD/>
                {move || done().then(|| view! { <p class="notice" role="status">"Your password has been changed."</p> })}
                <label for="current_password">"Current password"</label>
                <input id="current_password" name="current_password" type="password" autocomplete="current-password"
                    required aria-invalid=invalid("current_password")/>
                <label for="new_password">"New password"</label>
                <input id="new_password" name="new_password" type="password" autocomplete="new-password" minlength=PASSWORD_MIN.to_string()
                    required aria-invalid=invalid("new_password") aria-describedby="new_password-hint"/>
                <p class="hint" id="new_password-hint">{password_hint()}</p>
                <label for="confirm_password">"New password again"</label>
                <input id="confirm_password" name="confirm_password" type="password" autocomplete="new-password"
                    minlength=PASSWORD_MIN.to_string() required aria-invalid=invalid("confirm_password")/>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Change password"</button>
            </ActionForm>
        </section>
    }
}
