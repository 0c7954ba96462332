//! The page's settings: one row, written from the command line's flags by the first start and
//! changed by admins afterwards (version-checked, audited, signalled like any public change).

use super::audit::{record, Actor};
use super::{from_ms, ms, Result, Store, StoreError};
use app::domain::settings::{FooterLink, Image, PageSettings, PageSettingsInput};
use chrono::Utc;
use serde_json::json;
use sqlx::{Any, Transaction};

const COLUMNS: &str = "name, time_zone, brand_color, support_url, footer_links, about, notice, language, \
     follow_browser_language, logo_hash, favicon_hash, version, updated_at";

#[derive(sqlx::FromRow)]
struct SettingsRow {
    name: String,
    time_zone: String,
    brand_color: Option<String>,
    support_url: Option<String>,
    footer_links: String,
    about: String,
    notice: String,
    language: String,
    follow_browser_language: i64,
    logo_hash: Option<String>,
    favicon_hash: Option<String>,
    version: i64,
    updated_at: i64,
}

impl SettingsRow {
    fn into_domain(self) -> Result<PageSettings> {
        let footer_links: Vec<FooterLink> = serde_json::from_str(&self.footer_links)
            .map_err(|e| StoreError::Corrupt(format!("the page's footer links are unreadable: {e}")))?;
        Ok(PageSettings {
            name: self.name,
            time_zone: self.time_zone,
            brand_color: self.brand_color,
            support_url: self.support_url,
            footer_links,
            about: self.about,
            notice: self.notice,
            language: self.language,
            follow_browser_language: self.follow_browser_language != 0,
            logo: self.logo_hash,
            favicon: self.favicon_hash,
            version: self.version,
            updated_at: from_ms(self.updated_at)?,
        })
    }
}

/// The settings, through the pool or inside a write's transaction.
async fn read<'e>(from: impl sqlx::Executor<'e, Database = Any>) -> Result<Option<PageSettings>> {
    let sql = format!("SELECT {COLUMNS} FROM page_settings WHERE singleton = 1");
    let row: Option<SettingsRow> = sqlx::query_as(&sql).fetch_optional(from).await?;
    row.map(SettingsRow::into_domain).transpose()
}

/// The settings just written, as stored (times to the millisecond).
async fn written(tx: &mut Transaction<'_, Any>) -> Result<PageSettings> {
    read(&mut **tx).await?.ok_or_else(|| StoreError::Corrupt("the page settings just written are missing".into()))
}

/// Writes `s` as the settings (the row made if missing), raising the version.
async fn write(tx: &mut Transaction<'_, Any>, s: &PageSettings) -> Result<()> {
    let links = serde_json::to_string(&s.footer_links).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO page_settings (singleton, name, time_zone, brand_color, support_url, footer_links, about, notice, \
         language, follow_browser_language, logo_hash, favicon_hash, version, updated_at) \
         VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (singleton) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, \
         brand_color = excluded.brand_color, support_url = excluded.support_url, footer_links = excluded.footer_links, \
         about = excluded.about, notice = excluded.notice, language = excluded.language, \
         follow_browser_language = excluded.follow_browser_language, logo_hash = excluded.logo_hash, \
         favicon_hash = excluded.favicon_hash, version = excluded.version, updated_at = excluded.updated_at",
    )
    .bind(&s.name)
    .bind(&s.time_zone)
    .bind(&s.brand_color)
    .bind(&s.support_url)
    .bind(links)
    .bind(&s.about)
    .bind(&s.notice)
    .bind(&s.language)
    .bind(i64::from(s.follow_browser_language))
    .bind(&s.logo)
    .bind(&s.favicon)
    .bind(s.version)
    .bind(ms(s.updated_at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What the audit log keeps of the settings (all of them: none is secret).
fn audited(s: &PageSettings) -> serde_json::Value {
    json!({"name": s.name, "time_zone": s.time_zone, "brand_color": s.brand_color, "support_url": s.support_url,
           "footer_links": s.footer_links, "about": s.about, "notice": s.notice, "language": s.language,
           "follow_browser_language": s.follow_browser_language, "logo": s.logo, "favicon": s.favicon})
}

impl Store {
    /// The settings, if a start has written them yet.
    pub async fn page_settings(&self) -> Result<Option<PageSettings>> {
        read(&self.pool).await
    }

    /// The settings; a database without them gets `first` (the start's flags) and keeps them.
    /// Nothing is signalled: no instance has shown other settings yet.
    pub async fn page_settings_or(&self, first: &PageSettings) -> Result<PageSettings> {
        if let Some(s) = self.page_settings().await? {
            return Ok(s);
        }
        let mut tx = self.write_tx().await?;
        if let Some(s) = read(&mut *tx).await? {
            return Ok(s);
        }
        let s = PageSettings { version: 1, updated_at: Utc::now(), ..first.clone() };
        write(&mut tx, &s).await?;
        record(&mut tx, &Actor::System, "create", "page_settings", None, None, Some(audited(&s))).await?;
        let stored = written(&mut tx).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Changes the settings. `expected_version` is the version the editor read: a newer one is
    /// refused. A new time zone counts the uptime days again in the same transaction.
    pub async fn update_page_settings(
        &self,
        actor: &Actor,
        input: &PageSettingsInput,
        expected_version: Option<i64>,
    ) -> Result<PageSettings> {
        let checked = input.check()?;
        let mut tx = self.write_tx().await?;
        let Some(before) = read(&mut *tx).await? else {
            return Err(StoreError::NotFound("page settings"));
        };
        if expected_version.is_some_and(|v| v != before.version) {
            return Err(StoreError::Conflict(
                "the page's settings were changed by someone else since you opened them; reload to see their change"
                    .into(),
            ));
        }
        let after = PageSettings {
            name: checked.name,
            time_zone: checked.time_zone.name().to_string(),
            brand_color: checked.brand_color,
            support_url: checked.support_url,
            footer_links: checked.footer_links,
            about: checked.about,
            notice: checked.notice,
            language: checked.language,
            follow_browser_language: checked.follow_browser_language,
            version: before.version + 1,
            updated_at: Utc::now(),
            ..before.clone()
        };
        write(&mut tx, &after).await?;
        super::uptime::count_in(&mut tx, checked.time_zone).await?;
        record(&mut tx, actor, "update", "page_settings", None, Some(audited(&before)), Some(audited(&after))).await?;
        let stored = written(&mut tx).await?;
        self.commit_public(tx).await?;
        Ok(stored)
    }
}

/// An uploaded image as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredImage {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Store {
    /// Sets (or, with `None`, removes) the page's logo or favicon: `image` is the content type and
    /// bytes, checked by [`Image::check`]. Audited with its hash and size, not its bytes.
    pub async fn set_page_image(
        &self,
        actor: &Actor,
        kind: Image,
        image: Option<(&str, &[u8])>,
    ) -> Result<PageSettings> {
        use base64::Engine as _;
        use sha2::Digest as _;
        let mut tx = self.write_tx().await?;
        let Some(before) = read(&mut *tx).await? else { return Err(StoreError::NotFound("page settings")) };
        let hash = match image {
            Some((content_type, bytes)) => {
                let digest = sha2::Sha256::digest(bytes);
                let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
                sqlx::query(
                    "INSERT INTO page_images (kind, content_type, data, hash, updated_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (kind) DO UPDATE SET content_type = excluded.content_type, data = excluded.data, \
                     hash = excluded.hash, updated_at = excluded.updated_at",
                )
                .bind(kind.as_str())
                .bind(content_type)
                .bind(base64::engine::general_purpose::STANDARD.encode(bytes))
                .bind(&hash)
                .bind(ms(Utc::now()))
                .execute(&mut *tx)
                .await?;
                Some(hash)
            }
            None => {
                sqlx::query("DELETE FROM page_images WHERE kind = $1").bind(kind.as_str()).execute(&mut *tx).await?;
                None
            }
        };
        let mut after = PageSettings { version: before.version + 1, updated_at: Utc::now(), ..before.clone() };
        after.set_image(kind, hash.clone());
        write(&mut tx, &after).await?;
        let what = image
            .map(|(content_type, bytes)| json!({"content_type": content_type, "bytes": bytes.len(), "hash": hash}));
        let action = if image.is_some() { "set_image" } else { "remove_image" };
        record(
            &mut tx,
            actor,
            action,
            "page_settings",
            None,
            Some(json!({kind.as_str(): before.image(kind)})),
            Some(json!({kind.as_str(): what})),
        )
        .await?;
        let stored = written(&mut tx).await?;
        self.commit_public(tx).await?;
        Ok(stored)
    }

    /// The page's logo or favicon, if one is uploaded.
    pub async fn page_image(&self, kind: Image) -> Result<Option<StoredImage>> {
        use base64::Engine as _;
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT content_type, data FROM page_images WHERE kind = $1")
                .bind(kind.as_str())
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(content_type, data)| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data)
                .map_err(|e| StoreError::Corrupt(format!("the page's {} is unreadable: {e}", kind.as_str())))?;
            Ok(StoredImage { content_type, bytes })
        })
        .transpose()
    }
}

/// The name and zone of an imported page, for a database that has no content of its own yet
/// (see the Statuspage import); the other settings stay.
pub(crate) async fn import_identity(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    name: &str,
    time_zone: chrono_tz::Tz,
) -> Result<()> {
    let before = read(&mut **tx).await?;
    let base = before.clone().unwrap_or_else(|| PageSettings::first(name, time_zone.name()));
    let after = PageSettings {
        name: app::domain::validate::line("name", name, app::domain::settings::NAME_MAX)?,
        time_zone: time_zone.name().to_string(),
        version: base.version + 1,
        updated_at: Utc::now(),
        ..base
    };
    write(tx, &after).await?;
    super::uptime::count_in(tx, time_zone).await?;
    let before = before.as_ref().map(audited);
    record(tx, actor, "import", "page_settings", None, before, Some(audited(&after))).await?;
    Ok(())
}
