//! What every handler shares: the store, the page's identity, the public cache, session settings,
//! and the signal that ends the live streams at shutdown.

use crate::auth::AuthSettings;
use crate::cache::{Cache, Prepare, Probe};
use crate::config::ServeArgs;
use crate::metrics::Metrics;
use crate::notify::address::Destinations;
use crate::notify::links::Links;
use crate::page::{Assets, PageCell};
use crate::site;
use crate::store::{Store, StoreError};
use app::domain::settings::PageSettings;
use app::i18n::Lang;
use app::pages::public::Site;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::watch;

/// What every handler shares, behind one `Arc`: a request's state is that `Arc` and the language it
/// is answered in, so that each layer's and extractor's copy costs a count, not a dozen. Its fields
/// read as the state's own (`state.store`: `Deref`).
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
    /// The language this request is answered in (`http::language::Speaking`); `None`: the page's.
    pub lang: Option<Lang>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.shared
    }
}

#[derive(Clone)]
pub struct Shared {
    pub store: Store,
    /// The page's settings as this instance applies them.
    pub page: Arc<PageCell>,
    pub leptos: LeptosOptions,
    pub auth: AuthSettings,
    /// Where visitors reach the page, without a trailing slash: the base of absolute links.
    pub public_url: Arc<str>,
    /// Every public answer, rendered once per change.
    pub cache: Cache,
    /// Ends the live-update streams at shutdown.
    pub closing: Closing,
    pub metrics: Arc<Metrics>,
    /// What scrapers of `/metrics` must send, if anything.
    pub metrics_token: Option<Arc<str>>,
    /// `/metrics` has an address of its own (`--metrics-addr`), not the main one.
    pub metrics_elsewhere: bool,
    /// Signs and checks the links in subscriber mail and on the subscribe pages.
    pub links: Links,
    /// Where webhook and chat URLs may point.
    pub destinations: Arc<Destinations>,
    /// An SMTP server is configured: email subscriptions are offered.
    pub email_enabled: bool,
    /// The pages' footers link the other languages (`?lang=`): not in the static mirror, whose
    /// files are in the page's language only.
    pub offers_languages: bool,
}

impl AppState {
    /// The site as this instance last loaded its settings (a render sees its own generation's:
    /// see `http::cached`).
    pub fn site(&self) -> Arc<Site> {
        let site = match self.lang {
            Some(lang) => self.page.site_in(lang),
            None => self.page.site(),
        };
        match self.offers_languages {
            true => site,
            false => Arc::new(Site { languages: false, ..(*site).clone() }),
        }
    }

    /// This state answering in `lang`.
    pub fn speaking(&self, lang: Lang) -> AppState {
        AppState { shared: self.shared.clone(), lang: Some(lang) }
    }

    /// A state of its own sharing nothing that `change` alters (the static mirror's: a cache of its
    /// own, one language).
    pub fn altered(&self, change: impl FnOnce(&mut Shared)) -> AppState {
        let mut shared = (*self.shared).clone();
        change(&mut shared);
        AppState { shared: Arc::new(shared), lang: self.lang }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos.clone()
    }
}

impl AppState {
    /// `settings` as read from the database, or (`read` false) the flags' defaults while it does
    /// not answer.
    pub fn new(store: Store, args: &ServeArgs, site_root: &Path, settings: PageSettings, read: bool) -> AppState {
        let assets =
            Assets { stylesheet: site::stylesheet_href(site_root), live_script: site::live_script_href(site_root) };
        let page = Arc::new(PageCell::new(store.clone(), assets, settings, read));
        let leptos = LeptosOptions::builder()
            .output_name("beacon")
            .site_root(site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(args.addr)
            .env(leptos::config::Env::PROD)
            .build();
        let public_url = args.public_url();
        let auth = AuthSettings::new(
            chrono::Duration::hours(args.session_lifetime_hours.into()),
            chrono::Duration::minutes(args.session_idle_minutes.into()),
            public_url.starts_with("https://"),
        );
        let cache = Cache::new(store.changes().clone(), probe(&store))
            .preparing(settings_first(&page))
            .rendering_on(crate::cache::renderer::handle());
        let metrics = Arc::new(Metrics::new(cache.counters()));
        let shared = Shared {
            page,
            leptos,
            auth,
            public_url: public_url.into(),
            cache,
            closing: Closing::default(),
            metrics,
            metrics_token: args.metrics_token.as_deref().map(Arc::from),
            metrics_elsewhere: args.metrics_addr.is_some(),
            links: Links::new(store.clone()),
            destinations: Arc::new(Destinations {
                allow_private: args.notify.allow_private_webhooks,
                own: Destinations::origin_of(&args.public_url()),
            }),
            email_enabled: args.notify.smtp_url.is_some(),
            offers_languages: true,
            store,
        };
        AppState { shared: Arc::new(shared), lang: None }
    }
}

impl AppState {
    /// The state `beacon serve` makes over a database that answers: the page's settings read
    /// (a new database keeps the flags' as its own) and followed from then on.
    pub async fn started(store: Store, args: &ServeArgs, site_root: &Path) -> Result<AppState, StoreError> {
        let settings = crate::page::settings_at_start(&store, &crate::page::flags(args)).await?;
        let state = AppState::new(store, args, site_root, settings, true);
        tokio::spawn(state.page.clone().follow());
        Ok(state)
    }
}

/// What a public cache's renders do first: load the page's settings of their own generation, so
/// that no page shows older ones than its content (every route, whoever renders it).
pub fn settings_first(page: &Arc<PageCell>) -> Prepare {
    let page = page.clone();
    Arc::new(move || {
        let page = page.clone();
        Box::pin(async move {
            page.fresh().await;
        })
    })
}

/// How a cache finds out whether the database answers again.
pub fn probe(store: &Store) -> Probe {
    let store = store.clone();
    Arc::new(move || {
        let store = store.clone();
        Box::pin(async move { store.ping().await })
    })
}

/// Tells every open live stream to end, so that a graceful shutdown does not wait on them.
#[derive(Clone)]
pub struct Closing(watch::Sender<bool>);

impl Default for Closing {
    fn default() -> Closing {
        Closing(watch::channel(false).0)
    }
}

impl Closing {
    pub fn close(&self) {
        self.0.send_replace(true);
    }

    /// Resolves once [`Closing::close`] has been called.
    pub fn subscribe(&self) -> watch::Receiver<bool> {
        self.0.subscribe()
    }
}
