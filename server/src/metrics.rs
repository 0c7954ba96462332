//! Prometheus metrics at `/metrics` (OpenMetrics text): requests by kind of route and status,
//! their latency, the public cache (hits, misses, stale answers, renders and how long they took),
//! the database (reachable, pool connections), the open live-update streams and the notification
//! outbox (refreshed by the delivery worker, so that a scrape stays cheap). Served by
//! `http/metrics.rs`.

use crate::cache::CacheCounters;
use crate::store::OutboxCounts;
use app::domain::SubscriberKind;
use axum::http::StatusCode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    kind: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AttemptLabels {
    /// The subscriber kind.
    kind: &'static str,
    /// `delivered` or `failed`.
    result: &'static str,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<KindLabels, Histogram>,
    live: Gauge,
    database_up: Gauge,
    pool_connections: Gauge,
    pool_idle: Gauge,
    pending: Gauge,
    unsent_events: Gauge,
    oldest_due: Gauge<f64, AtomicU64>,
    attempts: Family<AttemptLabels, Counter>,
}

impl Metrics {
    pub fn new(cache: &CacheCounters) -> Metrics {
        let mut registry = Registry::with_prefix("beacon");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<KindLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        let (live, database_up, pool_connections, pool_idle) =
            (Gauge::default(), Gauge::default(), Gauge::default(), Gauge::default());
        registry.register("http_requests", "HTTP requests answered, by kind of route and status", requests.clone());
        registry.register("http_request_duration_seconds", "Time to answer, by kind of route", latency.clone());
        registry.register("cache_hits", "Public answers from memory, current", cache.hits.clone());
        registry.register("cache_misses", "Public answers that waited for a render", cache.misses.clone());
        registry.register("cache_stale", "Public answers with the last good copy, marked stale", cache.stale.clone());
        registry.register(
            "cache_behind",
            "Public answers with the copy before a change while the change was being rendered",
            cache.behind.clone(),
        );
        registry.register("render_duration_seconds", "Renders of public answers", cache.render_seconds.0.clone());
        registry.register("live_connections", "Open live-update streams (/events)", live.clone());
        registry.register("database_up", "1 while the database answers, 0 while it does not", database_up.clone());
        registry.register("database_pool_connections", "Connections the pool holds", pool_connections.clone());
        registry.register("database_pool_idle", "Of those, idle", pool_idle.clone());
        let (pending, unsent_events, oldest_due) = (Gauge::default(), Gauge::default(), Gauge::default());
        let attempts = Family::<AttemptLabels, Counter>::default();
        registry.register("notifications_pending", "Deliveries to subscribers not made yet", pending.clone());
        registry.register("notifications_unsent_events", "Notifications not fanned out yet", unsent_events.clone());
        registry.register(
            "notifications_oldest_due_seconds",
            "How long the longest-waiting due delivery is past its time",
            oldest_due.clone(),
        );
        registry.register(
            "notification_attempts",
            "Delivery attempts by this instance, by subscriber kind and result",
            attempts.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            live,
            database_up,
            pool_connections,
            pool_idle,
            pending,
            unsent_events,
            oldest_due,
            attempts,
        }
    }

    /// Counts an open live-update stream until the returned guard is dropped.
    pub fn live_stream(&self) -> LiveStream {
        self.live.inc();
        LiveStream(self.live.clone())
    }

    /// The live-update streams open now.
    pub fn live_streams(&self) -> u64 {
        self.live.get().max(0) as u64
    }

    pub fn record(&self, kind: &'static str, status: StatusCode, started: Instant) {
        self.requests.get_or_create(&RequestLabels { kind, status: status.as_u16() }).inc();
        self.latency.get_or_create(&KindLabels { kind }).observe(started.elapsed().as_secs_f64());
    }

    /// What the outbox holds, as the delivery worker last counted.
    pub fn set_outbox(&self, counts: &OutboxCounts) {
        self.pending.set(counts.pending);
        self.unsent_events.set(counts.unsent_events);
        self.oldest_due.set(counts.oldest_due_seconds);
    }

    /// Counts one delivery attempt to a subscriber of `kind`.
    pub fn count_attempt(&self, kind: SubscriberKind, delivered: bool) {
        let result = if delivered { "delivered" } else { "failed" };
        self.attempts.get_or_create(&AttemptLabels { kind: kind.as_str(), result }).inc();
    }

    /// The text format, with the database's state as of now.
    pub fn encode(&self, database_up: bool, (size, idle): (u32, usize)) -> String {
        self.database_up.set(i64::from(database_up));
        self.pool_connections.set(size.into());
        self.pool_idle.set(idle as i64);
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// One open live-update stream; counted while it lives.
pub struct LiveStream(Gauge);

impl Drop for LiveStream {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The kind of route a path is, for the metrics' labels (a few values, never the path itself).
pub fn kind(path: &str) -> &'static str {
    match path {
        "/" | "/history" => "page",
        "/events" => "events",
        "/metrics" => "metrics",
        "/healthz" | "/readyz" => "health",
        "/history.rss" | "/history.atom" | "/history.json" | "/maintenance.ics" => "feed",
        "/favicon.svg" | "/robots.txt" | "/live.js" => "asset",
        p if p.starts_with("/incidents/") => "page",
        p if p.starts_with("/admin/fn/") => "console_function",
        p if p.starts_with("/admin") => "console",
        p if p.starts_with("/api/v1/") => "api_v1",
        p if p.starts_with("/api/v2/") => "api_v2",
        p if p.ends_with("badge.svg") => "badge",
        p if p.starts_with("/components/") => "feed",
        p if p.starts_with("/pkg/") => "asset",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_a_kind_and_paths_never_become_labels() {
        for (path, kind_) in [
            ("/", "page"),
            ("/incidents/42", "page"),
            ("/history", "page"),
            ("/history.atom", "feed"),
            ("/maintenance.ics", "feed"),
            ("/components/3/history.rss", "feed"),
            ("/components/3/badge.svg", "badge"),
            ("/badge.svg", "badge"),
            ("/api/v2/summary.json", "api_v2"),
            ("/api/v1/incidents", "api_v1"),
            ("/admin/fn/post_update", "console_function"),
            ("/admin/incidents/7", "console"),
            ("/pkg/beacon.css", "asset"),
            ("/events", "events"),
            ("/readyz", "health"),
            ("/wp-login.php", "other"),
        ] {
            assert_eq!(kind(path), kind_, "{path}");
        }
    }
}
