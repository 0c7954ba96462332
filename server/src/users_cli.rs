//! `beacon user …`: staff accounts from the command line (the first admin, a forgotten password).

use crate::auth::password;
use crate::config::{UserAddArgs, UserCommand, UserEmailArgs};
use crate::store::{Actor, NewUser, Store, StoreError};
use crate::{open_existing, Fatal};
use app::domain::validate;
use std::io::Read;

pub async fn run(command: UserCommand) -> Result<(), Fatal> {
    match command {
        UserCommand::Add(args) => add(args).await,
        UserCommand::List(db) => {
            let store = open_existing(&db).await?;
            let users = store.list_users().await.map_err(Fatal::Store)?;
            if users.is_empty() {
                println!(
                    "no accounts yet: create one with `beacon user add --email EMAIL --role admin --password-stdin`"
                );
            }
            for u in users {
                let state = if u.disabled { "disabled" } else { "active" };
                println!("{}\t{}\t{}\t{}\t{}", u.id, u.email, u.role, state, u.display_name);
            }
            Ok(())
        }
        UserCommand::Passwd(args) => {
            let password = read_password()?;
            let (store, user_id) = account(&args.account).await?;
            let hash = password::hash(&password).map_err(Fatal::Usage)?;
            store.set_password(&Actor::System, user_id, &hash).await.map_err(Fatal::Store)?;
            println!("password changed for {}", args.account.email);
            Ok(())
        }
        UserCommand::Disable(args) => set_disabled(&args, true).await,
        UserCommand::Enable(args) => set_disabled(&args, false).await,
    }
}

async fn add(args: UserAddArgs) -> Result<(), Fatal> {
    let password = read_password()?;
    let store = open_existing(&args.account.database).await?;
    let email = validate::email("email", &args.account.email)
        .map_err(|_| Fatal::Usage(format!("'{}' is not an email address", args.account.email.trim())))?;
    let name = args.name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_string());
    let hash = password::hash(&password).map_err(Fatal::Usage)?;
    let new = NewUser { email: email.clone(), display_name: name, role: args.role, password_hash: hash };
    match store.create_user(&Actor::System, new).await {
        Ok(id) => {
            println!("created {} account {email} (id {id})", args.role);
            Ok(())
        }
        Err(StoreError::Invalid { message, .. }) => Err(Fatal::Usage(message)),
        Err(e) => Err(Fatal::Store(e)),
    }
}

async fn set_disabled(args: &UserEmailArgs, disabled: bool) -> Result<(), Fatal> {
    let (store, user_id) = account(args).await?;
    store.set_user_disabled(&Actor::System, user_id, disabled).await.map_err(Fatal::Store)?;
    println!("{} {}", if disabled { "disabled" } else { "enabled" }, args.email);
    Ok(())
}

async fn account(args: &UserEmailArgs) -> Result<(Store, i64), Fatal> {
    let store = open_existing(&args.database).await?;
    match store.find_user_by_email(&args.email).await.map_err(Fatal::Store)? {
        Some((user, _)) => Ok((store, user.id)),
        None => Err(Fatal::Usage(format!("no account has the email {} (see `beacon user list`)", args.email))),
    }
}

/// The password from standard input, without its trailing newline, checked for strength.
fn read_password() -> Result<String, Fatal> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| Fatal::Usage(format!("cannot read the password from standard input: {e}")))?;
    let password = input.strip_suffix('\n').map(|p| p.strip_suffix('\r').unwrap_or(p)).unwrap_or(&input).to_string();
    validate::password("password", &password)
        .map_err(|e| Fatal::Usage(format!("{} (read from standard input)", e.message)))?;
    Ok(password)
}
