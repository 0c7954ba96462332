//! What the public cache counts, for the metrics (`crate::metrics` registers them).

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};

/// What the public cache counts, shared with it.
#[derive(Clone, Default)]
pub struct CacheCounters {
    /// Answered from memory, current.
    pub hits: Counter,
    /// Waited for a render (or had nothing to answer with).
    pub misses: Counter,
    /// Answered with the last good copy, marked stale.
    pub stale: Counter,
    /// Answered with the copy before a change while the change's render was under way (a reader
    /// who did not ask for the newest: [`super::wants_newest`]).
    pub behind: Counter,
    /// How long each render took, in seconds.
    pub render_seconds: RenderSeconds,
}

/// A histogram of render times: 1 ms to about 8 s.
#[derive(Clone)]
pub struct RenderSeconds(pub Histogram);

impl Default for RenderSeconds {
    fn default() -> Self {
        RenderSeconds(Histogram::new(exponential_buckets(0.001, 2.0, 14)))
    }
}
