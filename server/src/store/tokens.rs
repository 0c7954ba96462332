//! Tokens for the write API: the secret is made here, returned once, and only its SHA-256 is
//! kept (a token is 256 random bits, so a fast hash is enough and lookup is one indexed read).

use super::audit::{record, Actor};
use super::rows::parse;
use super::{from_ms, ms, Result, Store, StoreError};
use app::domain::validate::{self, NAME_MAX};
use app::domain::{ApiToken, Role};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};

/// Every secret starts with this, so that secret scanners and people recognise one.
pub const TOKEN_PREFIX: &str = "bcn_";
/// Characters of the secret kept in clear to tell tokens apart.
const SHOWN: usize = 12;
/// `last_used_at` is written at most this often per token, so that calls do not each write.
const USE_GRANULARITY: Duration = Duration::seconds(60);

#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub role: Role,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    name: String,
    role: String,
    prefix: String,
    created_by: Option<String>,
    creator_role: Option<String>,
    creator_disabled: Option<i64>,
    created_at: i64,
    expires_at: Option<i64>,
    revoked_at: Option<i64>,
    last_used_at: Option<i64>,
}

impl TokenRow {
    const COLUMNS: &'static str = "t.id, t.name, t.role, t.prefix, u.email AS created_by, \
                                   u.role AS creator_role, u.disabled AS creator_disabled, t.created_at, \
                                   t.expires_at, t.revoked_at, t.last_used_at";

    fn into_domain(self) -> Result<ApiToken> {
        Ok(ApiToken {
            id: self.id,
            name: self.name,
            role: parse(&self.role)?,
            prefix: self.prefix,
            created_by: self.created_by,
            creator_role: self.creator_role.as_deref().map(parse).transpose()?,
            creator_disabled: self.creator_disabled.is_some_and(|d| d != 0),
            created_at: from_ms(self.created_at)?,
            expires_at: self.expires_at.map(from_ms).transpose()?,
            revoked_at: self.revoked_at.map(from_ms).transpose()?,
            last_used_at: self.last_used_at.map(from_ms).transpose()?,
        })
    }
}

fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{TOKEN_PREFIX}{hex}")
}

impl Store {
    /// Creates a token and returns it with its secret, which is not stored and cannot be shown again.
    pub async fn create_token(&self, actor: &Actor, new: NewToken) -> Result<(ApiToken, String)> {
        let name = validate::line("name", &new.name, NAME_MAX)?;
        let now = Utc::now();
        if new.expires_at.is_some_and(|e| e <= now) {
            return Err(StoreError::invalid("expires_at", "the expiry must lie in the future"));
        }
        let secret = new_secret();
        let prefix: String = secret.chars().take(SHOWN).collect();
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (name, role, token_hash, prefix, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&name)
        .bind(new.role.as_str())
        .bind(hash(&secret))
        .bind(&prefix)
        .bind(actor.user_id())
        .bind(ms(now))
        .bind(new.expires_at.map(ms))
        .fetch_one(&mut *tx)
        .await?;
        let after = json!({"name": name, "role": new.role, "prefix": prefix, "expires_at": new.expires_at});
        record(&mut tx, actor, "create", "api_token", Some(id), None, Some(after)).await?;
        tx.commit().await?;
        let token = self.get_token(id).await?.ok_or(StoreError::NotFound("token"))?;
        Ok((token, secret))
    }

    /// Every token, usable ones first, newest first.
    pub async fn list_tokens(&self) -> Result<Vec<ApiToken>> {
        let sql = format!(
            "SELECT {} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by \
             ORDER BY (t.revoked_at IS NULL) DESC, t.created_at DESC, t.id DESC",
            TokenRow::COLUMNS
        );
        let rows: Vec<TokenRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        rows.into_iter().map(TokenRow::into_domain).collect()
    }

    pub async fn get_token(&self, id: i64) -> Result<Option<ApiToken>> {
        let sql = format!(
            "SELECT {} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by WHERE t.id = $1",
            TokenRow::COLUMNS
        );
        let row: Option<TokenRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?;
        row.map(TokenRow::into_domain).transpose()
    }

    /// The token whose secret this is, usable or not (the caller tells revoked from expired).
    pub async fn find_token(&self, secret: &str) -> Result<Option<ApiToken>> {
        if !secret.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let sql = format!(
            "SELECT {} FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by WHERE t.token_hash = $1",
            TokenRow::COLUMNS
        );
        let row: Option<TokenRow> = sqlx::query_as(&sql).bind(hash(secret)).fetch_optional(&self.pool).await?;
        row.map(TokenRow::into_domain).transpose()
    }

    /// Records a call with the token (to the minute; not audited, it is not a change).
    pub async fn touch_token(&self, token: &ApiToken, now: DateTime<Utc>) -> Result<()> {
        if token.last_used_at.is_some_and(|t| now - t < USE_GRANULARITY) {
            return Ok(());
        }
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(ms(now))
            .bind(token.id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Revokes a token at once; revoking a revoked token changes nothing.
    pub async fn revoke_token(&self, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let row: Option<(String, Option<i64>)> =
            sqlx::query_as("SELECT name, revoked_at FROM api_tokens WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((name, revoked_at)) = row else { return Err(StoreError::NotFound("token")) };
        if revoked_at.is_some() {
            return Ok(());
        }
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2")
            .bind(ms(Utc::now()))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        record(&mut tx, actor, "revoke", "api_token", Some(id), Some(json!({"name": name})), None).await?;
        tx.commit().await?;
        Ok(())
    }
}
