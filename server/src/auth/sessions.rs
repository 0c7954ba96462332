//! tower-sessions' store on Beacon's database (both engines): sessions survive a restart and are
//! shared by every instance.

use crate::store::Store;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};
use tower_sessions::SessionStore;

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    store: Store,
}

impl DbSessionStore {
    pub fn new(store: Store) -> DbSessionStore {
        DbSessionStore { store }
    }
}

fn expiry(record: &Record) -> DateTime<Utc> {
    DateTime::from_timestamp(record.expiry_date.unix_timestamp(), 0).unwrap_or_else(Utc::now)
}

fn encode(record: &Record) -> Result<Vec<u8>> {
    serde_json::to_vec(record).map_err(|e| Error::Encode(e.to_string()))
}

fn backend(e: crate::store::StoreError) -> Error {
    Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A fresh random id is unique in practice; a collision draws another one.
        loop {
            if self
                .store
                .session_insert(&record.id.to_string(), &encode(record)?, expiry(record))
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        self.store.session_save(&record.id.to_string(), &encode(record)?, expiry(record)).await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let data = self.store.session_load(&id.to_string(), Utc::now()).await.map_err(backend)?;
        data.map(|bytes| serde_json::from_slice(&bytes).map_err(|e| Error::Decode(e.to_string()))).transpose()
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.store.session_delete(&id.to_string()).await.map_err(backend)
    }
}

/// Deletes expired sessions once an hour, for as long as the server runs.
pub async fn sweep_expired(store: Store) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        match store.delete_expired_sessions(Utc::now()).await {
            Ok(n) if n > 0 => tracing::debug!(n, "expired sessions deleted"),
            Ok(_) => {}
            Err(e) => tracing::warn!(cause = %e, "cannot delete expired sessions"),
        }
    }
}
