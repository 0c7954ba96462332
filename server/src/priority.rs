//! The place on the processor of work that can wait a few milliseconds: behind the page's readers,
//! and never in their way for long. Two kinds of thread take it: the delivery thread (a fan-out to
//! thousands of subscribers) and the render thread (`cache::renderer`: a page rendered again
//! after a write, while readers get the copy from before it).
//!
//! A visitor's request should not wait for either. Nice 10 gives such a thread a tenth of a reader
//! thread's share. That alone still lets it run a whole time slice (about 1.5 ms on two cores)
//! before a reader that just received a request gets the processor back, which is what a
//! request's p99 sees. So the thread also asks for the shortest slice the scheduler grants (0.1 ms;
//! Linux 6.12 and later honour it, earlier kernels ignore the field): a waking reader waits at most
//! that long.
//!
//! Not SCHED_IDLE: under a stampede it would starve deliveries and renders for as long as the
//! stampede lasts.

/// The nice value of the threads that yield.
const NICE: i32 = 10;
/// The time slice it asks for, in nanoseconds: the scheduler's minimum.
const SLICE_NS: u64 = 100_000;

/// A runtime on a thread of its own named `name`, kept for the life of the process, whose thread
/// and blocking threads all yield to the readers: where the deliveries and the renders run.
pub fn yielding_runtime(name: &str) -> std::io::Result<tokio::runtime::Handle> {
    let (handed, handle) = std::sync::mpsc::channel();
    let thread_name = name.to_string();
    std::thread::Builder::new().name(name.into()).spawn(move || {
        yield_to_readers();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .thread_name(thread_name)
            .on_thread_start(yield_to_readers)
            .build();
        match runtime {
            Ok(runtime) => {
                let _ = handed.send(Ok(runtime.handle().clone()));
                runtime.block_on(std::future::pending::<()>());
            }
            Err(e) => {
                let _ = handed.send(Err(e));
            }
        }
    })?;
    handle.recv().map_err(|_| std::io::Error::other("the runtime's thread ended before it started"))?
}

/// Lowers the calling thread's priority and shortens its slice (Linux; elsewhere nothing).
pub fn yield_to_readers() {
    #[cfg(target_os = "linux")]
    linux::apply();
}

#[cfg(target_os = "linux")]
mod linux {
    use super::{NICE, SLICE_NS};

    /// `struct sched_attr` (include/uapi/linux/sched/types.h), its first version.
    #[repr(C)]
    struct SchedAttr {
        size: u32,
        policy: u32,
        flags: u64,
        nice: i32,
        priority: u32,
        runtime: u64,
        deadline: u64,
        period: u64,
        util_min: u32,
        util_max: u32,
    }

    pub fn apply() {
        let attr = SchedAttr {
            size: std::mem::size_of::<SchedAttr>() as u32,
            policy: libc::SCHED_OTHER as u32,
            flags: 0,
            nice: NICE,
            priority: 0,
            runtime: SLICE_NS,
            deadline: 0,
            period: 0,
            util_min: 0,
            util_max: 0,
        };
        // SAFETY: system calls on this thread's own id (0) with a fully initialised attribute of
        // the size it declares; a failure changes nothing and is handled below.
        let set = unsafe { libc::syscall(libc::SYS_sched_setattr, 0, &attr as *const SchedAttr, 0) };
        if set == 0 {
            return;
        }
        // SAFETY: as above; a kernel without sched_setattr still takes the nice value.
        let niced = unsafe {
            let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
            libc::setpriority(libc::PRIO_PROCESS, tid, NICE)
        };
        if niced != 0 {
            tracing::debug!("cannot lower a background thread's priority; it runs at the usual one");
        }
    }

    #[cfg(test)]
    mod tests {
        /// The kernel reads back what was asked: nice 10 and the short slice (on kernels that
        /// keep a slice per thread, 6.12 and later).
        #[test]
        fn the_thread_runs_at_nice_10_with_a_short_slice() {
            std::thread::spawn(|| {
                super::apply();
                let mut attr = [0u8; 56];
                // SAFETY: reads into a buffer of the size passed.
                let got = unsafe { libc::syscall(libc::SYS_sched_getattr, 0, attr.as_mut_ptr(), 56u32, 0u32) };
                assert_eq!(got, 0, "sched_getattr failed");
                let nice = i32::from_ne_bytes(attr[16..20].try_into().unwrap());
                let runtime = u64::from_ne_bytes(attr[24..32].try_into().unwrap());
                assert_eq!(nice, super::NICE);
                let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
                let mut parts = release.trim().split(['.', '-']).map(|p| p.parse::<u32>().unwrap_or(0));
                let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
                if (major, minor) >= (6, 12) {
                    assert_eq!(runtime, super::SLICE_NS, "the kernel {release} kept another slice");
                }
            })
            .join()
            .unwrap();
        }
    }
}
