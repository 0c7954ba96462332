//! Large answers sent by the kernel from memory it shares with us, rather than copied into it.
//!
//! Writing a body to a socket copies it into the kernel, and for a large answer that copy is the
//! largest single cost of a request (a quarter of the processor serving `/history.atom`
//! uncompressed, 68 KB, by perf). A web server sending a file avoids it with `sendfile`: the
//! kernel hands the file's pages to the network as they are. So the cache keeps each large body
//! in a sealed memory file (`memfd_create`, then sealed against any change of size or content) and
//! reads it through a read-only mapping; [`shareable`] makes such a body. When the connection's
//! writer is given a buffer that lies in one of these mappings ([`find`], [`send`]), it sends that
//! part with `sendfile` from the file at the same offset: the same bytes, without the copy. hyper
//! does not know: it writes the bytes it holds, and they happen to be a file's.
//!
//! Why this is safe: a sealed file's pages can never change, and the kernel holds a reference to
//! each page it sends until the peer has it, so dropping the cache entry (closing the file) while
//! an answer is still in flight does not touch the bytes on their way. A buffer is looked up only
//! while the writer holds it, so its file is open for as long as the lookup's answer is used.
//!
//! Everything here is Linux's; elsewhere, or when a file cannot be made (at [`MAX_FILES`], or the
//! open-file limit reached), a body is kept as ordinary memory and written as before.

use bytes::Bytes;

/// Bodies from this size on are kept in sealed files: below it, the copy costs less than the
/// system calls and page references of `sendfile`.
pub const FROM: usize = 32 * 1024;

/// Sealed files open at most at once (each is a file descriptor; the connection cap leaves room
/// for them, see `connections::RESERVED_FILES`). Past it, large bodies are kept as ordinary memory.
pub const MAX_FILES: usize = 128;

/// `body` as bytes that the connections send with `sendfile` when it is large (see the module);
/// otherwise, or when no file can be made, as ordinary bytes. The same bytes either way.
pub fn shareable(body: Vec<u8>) -> Bytes {
    #[cfg(target_os = "linux")]
    if body.len() >= FROM {
        match linux::Region::sealed(&body) {
            Ok(Some(region)) => return Bytes::from_owner(region),
            Ok(None) => {}
            Err(e) => tracing::debug!(cause = %e, "cannot keep an answer in a sealed file; keeping it in memory"),
        }
    }
    Bytes::from(body)
}

#[cfg(target_os = "linux")]
pub use linux::{find, send, Found};

#[cfg(target_os = "linux")]
mod linux {
    use super::MAX_FILES;
    use std::collections::BTreeMap;
    use std::io::{self, IoSlice, Write};
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{PoisonError, RwLock};

    /// The mappings of the sealed files open now: start address → (length, file).
    static REGIONS: RwLock<BTreeMap<usize, (usize, RawFd)>> = RwLock::new(BTreeMap::new());
    /// How many there are (read without the lock on every write).
    static OPEN: AtomicUsize = AtomicUsize::new(0);

    /// A sealed memory file and its read-only mapping.
    pub struct Region {
        file: OwnedFd,
        ptr: *mut libc::c_void,
        len: usize,
    }

    // SAFETY: the mapping is read-only and its file sealed: nothing can change the bytes, so
    // sharing the pointer between threads is as safe as sharing a `&[u8]`.
    unsafe impl Send for Region {}
    unsafe impl Sync for Region {}

    impl Region {
        /// `data` in a new sealed file, mapped; `None` when [`MAX_FILES`] are open.
        pub fn sealed(data: &[u8]) -> io::Result<Option<Region>> {
            if OPEN.fetch_add(1, Ordering::AcqRel) >= MAX_FILES {
                OPEN.fetch_sub(1, Ordering::AcqRel);
                return Ok(None);
            }
            let made = Region::make(data);
            if made.is_err() {
                OPEN.fetch_sub(1, Ordering::AcqRel);
            }
            made.map(Some)
        }

        fn make(data: &[u8]) -> io::Result<Region> {
            let flags = libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING;
            // SAFETY: a valid C string and flags; the result is checked.
            let fd = unsafe { libc::memfd_create(c"beacon-answer".as_ptr(), flags) };
            if fd < 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: `fd` was just made and is owned by nothing else.
            let mut written = std::fs::File::from(unsafe { OwnedFd::from_raw_fd(fd) });
            written.write_all(data)?;
            let file = OwnedFd::from(written);
            let seals = libc::F_SEAL_SHRINK | libc::F_SEAL_GROW | libc::F_SEAL_WRITE | libc::F_SEAL_SEAL;
            // SAFETY: fcntl on a file we own; the result is checked.
            if unsafe { libc::fcntl(fd, libc::F_ADD_SEALS, seals) } != 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: a read-only shared mapping of the whole (sealed, non-empty) file.
            let ptr = unsafe { libc::mmap(std::ptr::null_mut(), data.len(), libc::PROT_READ, libc::MAP_SHARED, fd, 0) };
            if ptr == libc::MAP_FAILED {
                return Err(io::Error::last_os_error());
            }
            let region = Region { file, ptr, len: data.len() };
            let mut regions = REGIONS.write().unwrap_or_else(PoisonError::into_inner);
            regions.insert(ptr as usize, (region.len, region.file.as_raw_fd()));
            Ok(region)
        }
    }

    impl AsRef<[u8]> for Region {
        fn as_ref(&self) -> &[u8] {
            // SAFETY: `ptr` maps `len` readable bytes for as long as `self` lives.
            unsafe { std::slice::from_raw_parts(self.ptr as *const u8, self.len) }
        }
    }

    impl Drop for Region {
        fn drop(&mut self) {
            // Out of the table before the mapping goes, so that no lookup finds a stale address.
            REGIONS.write().unwrap_or_else(PoisonError::into_inner).remove(&(self.ptr as usize));
            // SAFETY: the mapping made in `make`, unmapped once; no `Bytes` refers to it any more.
            unsafe { libc::munmap(self.ptr, self.len) };
            OPEN.fetch_sub(1, Ordering::AcqRel);
        }
    }

    /// Where the first buffer of a write that lies in a sealed file is.
    #[derive(Debug, Clone, Copy)]
    pub struct Found {
        index: usize,
        file: RawFd,
        offset: i64,
    }

    /// The first buffer of `bufs` that lies in a sealed file, if one does (else write them as
    /// usual). Its file stays open for as long as the writer holds `bufs`.
    pub fn find(bufs: &[IoSlice<'_>]) -> Option<Found> {
        if OPEN.load(Ordering::Acquire) == 0 {
            return None;
        }
        let regions = REGIONS.read().unwrap_or_else(PoisonError::into_inner);
        bufs.iter().enumerate().find_map(|(index, buf)| {
            let start = buf.as_ptr() as usize;
            let (&base, &(len, file)) = regions.range(..=start).next_back()?;
            (!buf.is_empty() && start + buf.len() <= base + len).then(|| Found {
                index,
                file,
                offset: (start - base) as i64,
            })
        })
    }

    /// Writes `bufs` to `socket`, `found` being where [`find`] found a sealed file in them: the
    /// buffers before it with one `sendmsg` (marked as having more to follow, so that they go out
    /// with it), then that one with `sendfile`; the bytes taken, as a vectored write counts them.
    /// A socket that takes nothing gives `WouldBlock`.
    pub fn send(socket: RawFd, bufs: &[IoSlice<'_>], found: Found) -> io::Result<usize> {
        let Found { index, file, offset } = found;
        let before: usize = bufs[..index].iter().map(|b| b.len()).sum();
        let mut taken = 0;
        if before > 0 {
            // SAFETY: `IoSlice` is ABI-compatible with `iovec` on Unix; the message only points at
            // the buffers, which outlive the call.
            let sent = unsafe {
                let mut message: libc::msghdr = std::mem::zeroed();
                message.msg_iov = bufs.as_ptr() as *mut libc::iovec;
                message.msg_iovlen = index as _;
                libc::sendmsg(socket, &message, libc::MSG_MORE | libc::MSG_NOSIGNAL)
            };
            if sent < 0 {
                return Err(io::Error::last_os_error());
            }
            taken = sent as usize;
            if taken < before {
                return Ok(taken);
            }
        }
        let mut at = offset;
        // SAFETY: both descriptors are open (the file for as long as the writer holds its buffer);
        // the kernel reads at most the buffer's length from `at`, within the file.
        let sent = unsafe { libc::sendfile(socket, file, &mut at, bufs[index].len()) };
        match sent {
            n if n >= 0 => Ok(taken + n as usize),
            // What was taken before counts; the error comes again on the next write.
            _ if taken > 0 => Ok(taken),
            _ => Err(io::Error::last_os_error()),
        }
    }

    #[cfg(test)]
    pub fn open() -> usize {
        OPEN.load(Ordering::Acquire)
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::{IoSlice, Read};
    use std::os::fd::AsRawFd;

    fn body(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn a_large_body_is_sent_from_its_file_and_a_small_one_is_not() {
        let small = shareable(body(FROM - 1));
        let large = shareable(body(3 * FROM + 5));
        assert_eq!(large.as_ref(), body(3 * FROM + 5).as_slice(), "the same bytes");
        let (mut reader, writer) = std::os::unix::net::UnixStream::pair().unwrap();
        let socket = writer.as_raw_fd();
        assert!(find(&[IoSlice::new(&small)]).is_none(), "ordinary memory: written as usual");
        // A head, then a slice from the middle of the large body: sent from the file at its offset.
        let part = large.slice(1000..FROM + 1000);
        let head = b"HTTP/1.1 200 OK\r\n\r\n";
        let bufs = [IoSlice::new(head), IoSlice::new(&part)];
        let taken = send(socket, &bufs, find(&bufs).expect("the part lies in the file")).unwrap();
        assert_eq!(taken, head.len() + part.len());
        drop((large, part)); // the file closes; what was sent stays sent
        let mut got = vec![0; taken];
        reader.read_exact(&mut got).unwrap();
        assert_eq!(&got[..head.len()], head);
        assert_eq!(&got[head.len()..], &body(3 * FROM + 5)[1000..FROM + 1000]);
    }

    /// A socket that is full takes nothing (`WouldBlock`); each write then goes on from inside the
    /// body, from the file at that offset, until the reader has it all.
    #[test]
    fn a_body_taken_in_parts_arrives_whole() {
        let large = shareable(body(64 * FROM));
        let (mut reader, writer) = std::os::unix::net::UnixStream::pair().unwrap();
        writer.set_nonblocking(true).unwrap();
        let reading = std::thread::spawn(move || {
            let mut got = Vec::new();
            reader.read_to_end(&mut got).unwrap();
            got
        });
        let (mut sent, mut parts, mut full) = (0, 0, 0);
        while sent < large.len() {
            let bufs = [IoSlice::new(&large[sent..])];
            match send(writer.as_raw_fd(), &bufs, find(&bufs).expect("in the file")) {
                Ok(n) => (sent, parts) = (sent + n, parts + 1),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    full += 1;
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                Err(e) => panic!("{e}"),
            }
        }
        drop(writer);
        assert!(parts > 1 && full > 0, "taken in {parts} parts, full {full} times");
        assert_eq!(reading.join().unwrap(), large[..]);
    }

    #[test]
    fn files_past_the_limit_are_ordinary_memory_and_closing_makes_room() {
        let before = linux::open();
        let kept: Vec<Bytes> = (0..MAX_FILES + 3).map(|_| shareable(body(FROM))).collect();
        assert_eq!((before, linux::open()), (0, MAX_FILES), "each test runs in a process of its own");
        assert!(kept.iter().all(|b| b.as_ref() == body(FROM).as_slice()));
        drop(kept);
        assert_eq!(linux::open(), before);
    }
}
