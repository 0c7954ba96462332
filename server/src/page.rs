//! The page's settings as this instance applies them: loaded from the database at start, loaded
//! again after every change signal (a settings change is a public change like any other), so that
//! every instance shows new settings within the signal's delay. A render first makes sure it sees
//! the settings of its own generation ([`PageCell::fresh`], which every public cache runs before each
//! render: `state::settings_first`); anything else reads the latest loaded.

use crate::config::ServeArgs;
use crate::store::{Store, StoreError};
use app::domain::settings::{Image, PageSettings};
use app::i18n::Lang;
use app::pages::public::Site;
use chrono_tz::Tz;
use std::sync::{Arc, RwLock};

/// The stylesheet of a brand colour: the header in the colour, its text white (the settings
/// refuse a colour too light for that).
pub const BRAND_STYLESHEET: &str = "brand.css";

/// Files of the site folder every page links, by their versioned addresses.
#[derive(Debug, Clone)]
pub struct Assets {
    pub stylesheet: String,
    pub live_script: String,
}

pub struct PageCell {
    store: Store,
    assets: Assets,
    current: RwLock<Loaded>,
    /// One reload at a time for requests; the others wait for it and find the settings fresh
    /// (or, readers, take the last ones meanwhile).
    loading: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Loaded {
    /// The store's change generation the settings were read at (or after).
    generation: u64,
    settings: Arc<PageSettings>,
    /// The site in each language, by `Lang::index`.
    sites: Arc<Vec<Arc<Site>>>,
    /// The page's own language.
    lang: Lang,
}

impl PageCell {
    /// A cell holding `settings`, as read at the store's current generation (0 when they are only
    /// the flags' defaults because the database did not answer: the first render reads them).
    pub fn new(store: Store, assets: Assets, settings: PageSettings, read: bool) -> PageCell {
        let generation = if read { store.changes().current() } else { 0 };
        let current = RwLock::new(loaded(generation, settings, &assets));
        PageCell { store, assets, current, loading: tokio::sync::Mutex::new(()) }
    }

    /// The site as last loaded, in the page's own language.
    pub fn site(&self) -> Arc<Site> {
        let loaded = self.read();
        loaded.sites[loaded.lang.index()].clone()
    }

    /// The site as last loaded, in `lang`.
    pub fn site_in(&self, lang: Lang) -> Arc<Site> {
        let loaded = self.read();
        loaded.sites.get(lang.index()).cloned().unwrap_or_else(|| loaded.sites[loaded.lang.index()].clone())
    }

    /// The settings as last loaded.
    pub fn settings(&self) -> Arc<PageSettings> {
        self.read().settings
    }

    pub fn tz(&self) -> Tz {
        self.site().tz
    }

    fn read(&self) -> Loaded {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The site as of the store's current generation: loads the settings again when a change
    /// came since they were read, or waits for whoever is loading them. A database that does not
    /// answer leaves the last ones. Every render waits for this.
    pub async fn fresh(&self) -> Arc<Site> {
        self.fresh_or_last(|| true).await
    }

    /// [`PageCell::fresh`], except that while another request loads the settings after a change,
    /// `wait` answering false takes the last ones rather than queue behind that load (a reader
    /// choosing its language during a stream of updates; the settings themselves change seldom).
    /// `wait` is asked only then, not on every request.
    pub async fn fresh_or_last(&self, wait: impl FnOnce() -> bool) -> Arc<Site> {
        if self.read().generation >= self.store.changes().current() {
            return self.site();
        }
        let _one = match wait() {
            true => self.loading.lock().await,
            false => match self.loading.try_lock() {
                Ok(one) => one,
                Err(_) => return self.site(),
            },
        };
        self.load().await;
        self.site()
    }

    /// Reads the settings when the ones held are older than the current generation, and keeps
    /// them unless newer ones were kept meanwhile.
    async fn load(&self) {
        let wanted = self.store.changes().current();
        if self.read().generation >= wanted {
            return;
        }
        match self.store.page_settings().await {
            Ok(Some(settings)) => {
                let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
                if current.generation < wanted {
                    *current = loaded(wanted, settings, &self.assets);
                }
            }
            Ok(None) => {}
            Err(e) => tracing::debug!(cause = %e, "cannot read the page's settings; keeping the last ones"),
        }
    }

    /// Loads the settings after every change signal, so that what reads them without rendering
    /// (notifications, the console's clock) follows within moments. Runs until the store goes.
    /// It does not hold the one-load-at-a-time lock: a request after a change loads them itself
    /// rather than take the last ones because this is loading.
    pub async fn follow(self: Arc<Self>) {
        let mut changes = self.store.changes().subscribe();
        while changes.changed().await.is_ok() {
            self.load().await;
        }
    }
}

fn loaded(generation: u64, settings: PageSettings, assets: &Assets) -> Loaded {
    let sites = Lang::all().map(|lang| Arc::new(site_of(&settings, assets, lang))).collect();
    let lang = Lang::find(&settings.language).unwrap_or_default();
    Loaded { generation, settings: Arc::new(settings), sites: Arc::new(sites), lang }
}

/// What the public pages need of the settings, in `lang`.
pub fn site_of(s: &PageSettings, assets: &Assets, lang: Lang) -> Site {
    Site {
        title: s.name.clone(),
        tz: s.time_zone.parse().unwrap_or(Tz::UTC),
        stylesheet: assets.stylesheet.clone(),
        live_script: assets.live_script.clone(),
        brand_stylesheet: s
            .brand_color
            .as_deref()
            .map(|c| format!("/{BRAND_STYLESHEET}?v={}", c.trim_start_matches('#'))),
        support_url: s.support_url.clone(),
        footer_links: s.footer_links.iter().map(|l| (l.label.clone(), l.url.clone())).collect(),
        about: s.about.clone(),
        notice: s.notice.clone(),
        logo: s.image_address(Image::Logo),
        favicon: s.image_address(Image::Favicon),
        lang,
        languages: true,
    }
}

/// The brand stylesheet's text for `color` (`#rrggbb`).
pub fn brand_css(color: &str) -> String {
    format!(
        ".site-header{{background:{color};border-bottom-color:{color}}}\
         .site-header a,.site-header nav a,.site-header nav a:hover,.site-header nav a.subscribe-link{{color:#fff}}\n"
    )
}

/// The settings a start serves with: the database's, or (a database that has none yet) the
/// `--title` and `--timezone` flags', which it then keeps. The uptime days are counted in the
/// settings' zone.
pub async fn settings_at_start(store: &Store, flags: &PageSettings) -> Result<PageSettings, StoreError> {
    let settings = store.page_settings_or(flags).await?;
    if settings.name != flags.name || settings.time_zone != flags.time_zone {
        tracing::info!(
            "the page's name and time zone are its settings' (\"{}\", {}; change them in /admin/settings): \
             --title and --timezone only name a new database's",
            settings.name,
            settings.time_zone
        );
    }
    store.keep_uptime_in(settings.time_zone.parse().unwrap_or(Tz::UTC)).await?;
    Ok(settings)
}

/// The settings the flags give a new database.
pub fn flags(args: &ServeArgs) -> PageSettings {
    PageSettings::first(&args.title, args.timezone.name())
}
