//! Staff accounts.

use super::audit::{record, Actor};
use super::rows::UserRow;
use super::{ms, on_unique, Result, Store};
use app::domain::validate::{self, NAME_MAX};
use app::domain::{Role, User};
use chrono::Utc;
use serde_json::json;

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// An argon2id PHC string; the store never sees a password.
    pub password_hash: String,
}

impl Store {
    pub async fn create_user(&self, actor: &Actor, new: NewUser) -> Result<i64> {
        let email = validate::line("email", &new.email, 254)?.to_lowercase();
        let display_name = validate::line("display_name", &new.display_name, NAME_MAX)?;
        let now = ms(Utc::now());
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, role, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(&email)
        .bind(&display_name)
        .bind(new.role.as_str())
        .bind(&new.password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| on_unique(e, "email", format!("an account for {email} already exists")))?;
        let after = json!({"email": email, "display_name": display_name, "role": new.role});
        record(
            &mut tx,
            actor,
            "create",
            "user",
            Some(id),
            None,
            Some(after),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The account and its password hash, by email (case-insensitive).
    pub async fn find_user_by_email(&self, email: &str) -> Result<Option<(User, String)>> {
        let sql = format!("SELECT {} FROM users WHERE email = $1", UserRow::COLUMNS);
        let row: Option<UserRow> = sqlx::query_as(&sql)
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let hash = r.password_hash.clone();
            Ok((r.into_domain()?, hash))
        })
        .transpose()
    }

    pub async fn count_users(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?)
    }
}
