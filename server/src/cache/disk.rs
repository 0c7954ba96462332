//! The last good copy of the public answers on disk, `<data-dir>/public-cache/snapshot.v1`, so
//! that a Beacon restarting while its database is down still serves its page. Written off the
//! request path at most every [`EVERY`], only after something changed, atomically (a temporary
//! file renamed over the old one).
//!
//! Format: the line `beacon public cache v1`, a u32 count, then per entry the key, content type,
//! cache-control (each a u32 length and UTF-8), a CORS byte, the plain body and the optional gzip
//! and brotli bodies (a presence byte, a u32 length, the bytes); last the SHA-256 of all that.
//! Integers are little-endian.

use super::{Cache, Entry};
use axum::body::Bytes;
use axum::http::HeaderValue;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

const MAGIC: &[u8] = b"beacon public cache v1\n";
/// How often the snapshot may be written.
pub const EVERY: Duration = Duration::from_secs(2);
/// Entries kept on disk at most (the most recently requested).
const LIMIT: usize = 512;
/// A larger file is not read (it cannot be one of ours).
const MAX_FILE: u64 = 512 * 1024 * 1024;

pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join("public-cache").join("snapshot.v1")
}

/// The snapshot's entries (stale: generation 0), or `None` when there is none.
pub fn load(data_dir: &Path) -> std::io::Result<Option<Vec<(String, Entry)>>> {
    let path = path(data_dir);
    let bytes = match std::fs::metadata(&path) {
        Ok(m) if m.len() > MAX_FILE => return Err(invalid("the snapshot is too large")),
        Ok(_) => std::fs::read(&path)?,
        Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => {
            return Ok(None)
        }
        Err(e) => return Err(e),
    };
    decode(&bytes).map(Some).ok_or_else(|| invalid("the snapshot is damaged"))
}

/// Writes `entries` atomically.
pub fn write(data_dir: &Path, entries: &[(String, Arc<Entry>)]) -> std::io::Result<()> {
    let path = path(data_dir);
    let Some(folder) = path.parent() else { return Err(invalid("no folder")) };
    std::fs::create_dir_all(folder)?;
    // Named for this process, so that instances sharing a data folder never write one file.
    let temporary = path.with_extension(format!("v1.tmp-{}", std::process::id()));
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(&encode(entries))?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, &path)?;
    // Make the rename itself durable; not every platform lets a folder be synced.
    let _ = std::fs::File::open(folder).and_then(|f| f.sync_all());
    Ok(())
}

/// Writes the snapshot whenever the cache changed, at most every [`EVERY`], for as long as the
/// server runs.
pub async fn keep_writing(cache: Cache, data_dir: PathBuf) {
    let mut every = tokio::time::interval(EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let Some(entries) = cache.take_snapshot(LIMIT) else { continue };
        let dir = data_dir.clone();
        let written = tokio::task::spawn_blocking(move || write(&dir, &entries)).await;
        match written {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tracing::warn!(cause = %e, folder = %data_dir.display(), "cannot write the public cache snapshot");
                cache.mark_changed();
            }
            Err(e) => tracing::warn!(cause = %e, "writing the public cache snapshot failed"),
        }
    }
}

/// Writes what changed since the last snapshot now (at shutdown).
pub fn flush(cache: &Cache, data_dir: &Path) {
    if let Some(entries) = cache.take_snapshot(LIMIT) {
        if let Err(e) = write(data_dir, &entries) {
            tracing::warn!(cause = %e, folder = %data_dir.display(), "cannot write the public cache snapshot");
        }
    }
}

fn invalid(message: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message.to_string())
}

fn encode(entries: &[(String, Arc<Entry>)]) -> Vec<u8> {
    let size: usize = entries.iter().map(|(k, e)| k.len() + e.size() + 128).sum();
    let mut out = Vec::with_capacity(MAGIC.len() + 4 + size + 32);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    let field = |out: &mut Vec<u8>, bytes: &[u8]| {
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(bytes);
    };
    for (key, entry) in entries {
        field(&mut out, key.as_bytes());
        field(&mut out, entry.content_type.as_bytes());
        field(&mut out, entry.cache_control.as_bytes());
        out.push(u8::from(entry.cors));
        field(&mut out, &entry.identity.body);
        for variant in [&entry.gzip, &entry.brotli] {
            match variant {
                Some(v) => {
                    out.push(1);
                    field(&mut out, &v.body);
                }
                None => out.push(0),
            }
        }
    }
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    out
}

/// Reads what [`encode`] wrote; `None` for anything else.
fn decode(bytes: &[u8]) -> Option<Vec<(String, Entry)>> {
    let (content, digest) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if Sha256::digest(content).as_slice() != digest {
        return None;
    }
    let mut r = Reader(content.strip_prefix(MAGIC)?);
    let count = r.u32()?;
    let mut entries = Vec::with_capacity(count.min(4096) as usize);
    for _ in 0..count {
        let key = std::str::from_utf8(r.field()?).ok()?.to_string();
        let content_type = HeaderValue::from_bytes(r.field()?).ok()?;
        let cache_control = HeaderValue::from_bytes(r.field()?).ok()?;
        let cors = r.byte()? == 1;
        let identity = Bytes::copy_from_slice(r.field()?);
        let mut optional = || -> Option<Option<Bytes>> {
            Some(if r.byte()? == 1 { Some(Bytes::copy_from_slice(r.field()?)) } else { None })
        };
        let (gzip, brotli) = (optional()?, optional()?);
        entries.push((key, Entry::from_parts(0, content_type, cache_control, cors, identity, gzip, brotli)));
    }
    r.0.is_empty().then_some(entries)
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn field(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Policy;

    const FEED: Policy =
        Policy { content_type: "application/atom+xml", cache_control: "public, max-age=5", cors: true };

    #[test]
    fn a_snapshot_reads_back_as_written_and_damage_is_refused() {
        let dir = crate::testing::temp_dir("snapshot");
        assert!(load(&dir).unwrap().is_none(), "no snapshot yet");
        let entries = vec![
            ("/history.atom".to_string(), Arc::new(Entry::render(5, &FEED, "<feed/>".repeat(200).into_bytes()))),
            ("/badge.svg".to_string(), Arc::new(Entry::render(5, &FEED, b"<svg/>".to_vec()))),
        ];
        write(&dir, &entries).unwrap();
        let back = load(&dir).unwrap().unwrap();
        assert_eq!(back.len(), 2);
        for ((key, entry), (k, e)) in entries.iter().zip(&back) {
            assert_eq!(key, k);
            assert_eq!(e.generation, 0, "stale from the start");
            assert_eq!(e.identity.body, entry.identity.body);
            assert_eq!(e.identity.etag, entry.identity.etag);
            assert_eq!(e.brotli.as_ref().map(|v| &v.body), entry.brotli.as_ref().map(|v| &v.body));
            assert_eq!(e.gzip.as_ref().map(|v| &v.etag), entry.gzip.as_ref().map(|v| &v.etag));
            assert_eq!((&e.content_type, &e.cache_control, e.cors), (&entry.content_type, &entry.cache_control, true));
        }
        let files = std::fs::read_dir(path(&dir).parent().unwrap()).unwrap().count();
        assert_eq!(files, 1, "no temporary file left");

        let mut bytes = std::fs::read(path(&dir)).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        std::fs::write(path(&dir), &bytes).unwrap();
        assert!(load(&dir).is_err());
        std::fs::write(path(&dir), b"short").unwrap();
        assert!(load(&dir).is_err());
    }
}
