//! Where the public pages are rendered again after a write: a thread of their own that yields to
//! the readers (`crate::priority`: nice 10 and a short time slice), with its own runtime. While a
//! page renders, readers get the copy from before the write (`Next::Behind`); what kept them
//! waiting was the render's work on the threads that answer them, in turns of a time slice each.
//! On this thread it takes what the readers leave: a write during a stampede is visible a little
//! later, and the stampede is answered as quickly as without it.
//!
//! The render's gzip and brotli copies are made on this runtime's blocking threads, which yield
//! in the same way.

use std::sync::OnceLock;
use tokio::runtime::Handle;

/// The render thread's runtime, started on first use and kept for the life of the process; `None`
/// where no thread could be started (renders then run on the runtime that asks for them).
pub fn handle() -> Option<Handle> {
    static RENDERER: OnceLock<Option<Handle>> = OnceLock::new();
    RENDERER.get_or_init(start).clone()
}

fn start() -> Option<Handle> {
    let (handed, handle) = std::sync::mpsc::channel();
    let started = std::thread::Builder::new().name("beacon-render".into()).spawn(move || {
        crate::priority::yield_to_readers();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .thread_name("beacon-render")
            .on_thread_start(crate::priority::yield_to_readers)
            .build();
        match runtime {
            Ok(runtime) => {
                let _ = handed.send(Some(runtime.handle().clone()));
                runtime.block_on(std::future::pending::<()>());
            }
            Err(e) => {
                tracing::warn!(cause = %e, "cannot start the render thread's runtime; pages render beside the readers");
                let _ = handed.send(None);
            }
        }
    });
    if let Err(e) = started {
        tracing::warn!(cause = %e, "cannot start the render thread; pages render beside the readers");
        return None;
    }
    handle.recv().ok().flatten()
}
