//! `beacon token …`: tokens for the write API from the command line (for provisioning scripts).

use crate::config::{TokenAddArgs, TokenCommand};
use crate::store::{Actor, NewToken, StoreError};
use crate::{open_existing, Fatal};
use chrono::{Duration, Utc};

pub async fn run(command: TokenCommand) -> Result<(), Fatal> {
    match command {
        TokenCommand::Add(args) => add(args).await,
        TokenCommand::List(db) => {
            let store = open_existing(&db).await?;
            let tokens = store.list_tokens().await.map_err(Fatal::Store)?;
            if tokens.is_empty() {
                println!("no tokens yet: create one with `beacon token add --name NAME --role editor`");
            }
            let now = Utc::now();
            let time = |t: Option<chrono::DateTime<Utc>>| t.map_or("-".to_string(), |t| t.to_rfc3339());
            for t in tokens {
                let state = t.state(now).as_str();
                println!(
                    "{}\t{}\t{}\t{}…\t{state}\texpires {}\tlast used {}",
                    t.id,
                    t.name,
                    t.role,
                    t.prefix,
                    time(t.expires_at),
                    time(t.last_used_at)
                );
            }
            Ok(())
        }
        TokenCommand::Revoke(args) => {
            let store = open_existing(&args.database).await?;
            match store.revoke_token(&Actor::System, args.id).await {
                Ok(()) => {
                    println!("revoked token {}", args.id);
                    Ok(())
                }
                Err(StoreError::NotFound(_)) => {
                    Err(Fatal::Usage(format!("no token has the id {} (see `beacon token list`)", args.id)))
                }
                Err(e) => Err(Fatal::Store(e)),
            }
        }
    }
}

/// Prints only the secret on standard output (so that scripts can capture it); the rest goes to
/// standard error.
async fn add(args: TokenAddArgs) -> Result<(), Fatal> {
    let store = open_existing(&args.database).await?;
    let expires_at = args.expires_in_days.map(|d| Utc::now() + Duration::days(d.into()));
    let new = NewToken { name: args.name, role: args.role, expires_at };
    match store.create_token(&Actor::System, new).await {
        Ok((token, secret)) => {
            eprintln!("created {} token '{}' (id {}); it is shown only now:", token.role, token.name, token.id);
            println!("{secret}");
            Ok(())
        }
        Err(StoreError::Invalid { message, .. }) => Err(Fatal::Usage(message)),
        Err(e) => Err(Fatal::Store(e)),
    }
}
