//! Hearing other instances' writes (PostgreSQL): one `LISTEN beacon_changes` connection per
//! instance that moves the local generation on every notification from another instance, and
//! whenever it loses or regains its connection too: notifications sent while it is away are lost,
//! so what this instance holds can no longer be vouched for.

use super::changes::{Changes, CHANNEL};
use super::connect::redact;
use sqlx::postgres::PgListener;
use std::sync::Arc;
use std::time::Duration;

/// The first wait after a failed connect; doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Listens for as long as the server runs. `url` is the PostgreSQL URL the store uses.
pub async fn changes(url: String, changes: Arc<Changes>) {
    let mut backoff = FIRST_BACKOFF;
    loop {
        match listen(&url).await {
            Ok(mut listener) => {
                backoff = FIRST_BACKOFF;
                // Whatever changed while nobody listened: treat it all as changed.
                changes.bump();
                tracing::debug!("listening for changes from other instances");
                receive(&mut listener, &changes).await;
                changes.bump();
                tracing::warn!("lost the change listener's connection; reconnecting");
            }
            Err(e) => {
                tracing::warn!(cause = %e, url = %redact(&url), "cannot listen for changes; retrying");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

async fn listen(url: &str) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect(url).await?;
    listener.eager_reconnect(false);
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Until the connection is lost.
async fn receive(listener: &mut PgListener, changes: &Changes) {
    loop {
        match listener.try_recv().await {
            Ok(Some(n)) if n.payload() == changes.origin() => {}
            Ok(Some(_)) => {
                changes.bump();
            }
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(cause = %e, "the change listener failed");
                return;
            }
        }
    }
}
