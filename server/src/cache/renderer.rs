//! Where the public pages are rendered again after a write: a runtime on a thread of its own that
//! yields to the readers (`crate::priority`: nice 10 and a short time slice), its gzip and brotli
//! copies made on that runtime's blocking threads, which yield in the same way. While a page
//! renders, readers get the copy from before the write (`Next::Behind`); on this thread the
//! render takes the processor time the readers leave, so a write during a stampede shows a little
//! later rather than the stampede's answers. (Measured against rendering beside the readers, the
//! readers' p99 moved within the noise: docs/BENCHMARKS.md §12.)

use std::sync::OnceLock;
use tokio::runtime::Handle;

/// The render thread's runtime, started on first use; `None` where no thread could be started
/// (renders then run on the runtime that asks for them).
pub fn handle() -> Option<Handle> {
    static RENDERER: OnceLock<Option<Handle>> = OnceLock::new();
    RENDERER
        .get_or_init(|| {
            crate::priority::yielding_runtime("beacon-render")
                .inspect_err(
                    |e| tracing::warn!(cause = %e, "cannot start the render thread; pages render beside the readers"),
                )
                .ok()
        })
        .clone()
}
