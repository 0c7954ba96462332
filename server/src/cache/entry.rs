//! One cached answer: the rendered bytes, compressed once (gzip and brotli) when they are
//! rendered, each content-coding with its own strong ETag; and the response for one request
//! (content negotiation, `304 Not Modified`), built from shared bytes without copying them.

use axum::body::{Body, Bytes};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::StatusCode;
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::time::Instant;

/// Says that the body is the last good copy, served because the database cannot give a fresh one.
pub const STALE_HEADER: HeaderName = HeaderName::from_static("x-beacon-stale");

/// The headers an answer from the cache ends up with, at most.
const RESPONSE_HEADERS: usize = 12;
/// Smaller bodies are not worth compressing.
const COMPRESS_FROM: usize = 256;
/// Brotli quality and window, once per change. Measured on Beacon's answers (`/`, the summary, an
/// incident, the Atom feed): quality 6 makes bytes within 2 % of quality 9's in a fifth to a
/// twentieth of the time (`/` of 130 KB: 2.9 ms against 14.8 ms), and quality 9's large match
/// tables are what made a render cost milliseconds of CPU even for 3 KB of JSON. A window smaller
/// than 22 is slower here, not faster.
const BROTLI_QUALITY: u32 = 6;
const BROTLI_WINDOW: u32 = 22;
/// gzip's level: 6 (zlib's default) made bytes as small as 9 did on the same answers, in half the
/// time.
const GZIP_LEVEL: u32 = 6;
/// From this size on, an answer is compressed at the faster settings below: a page of a megabyte
/// (`/` with thousands of components) would take tens of ms to compress after every change, for
/// a few percent fewer bytes.
const LARGE: usize = 128 * 1024;
const LARGE_BROTLI_QUALITY: u32 = 4;
const LARGE_GZIP_LEVEL: u32 = 4;

/// How a route's answers are labelled.
#[derive(Debug)]
pub struct Policy {
    pub content_type: &'static str,
    pub cache_control: &'static str,
    /// `Access-Control-Allow-Origin: *` (feeds, API and badges are read from any site).
    pub cors: bool,
}

/// A body in one content-coding, with its tag.
#[derive(Debug, Clone)]
pub struct Variant {
    pub body: Bytes,
    pub etag: HeaderValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

#[derive(Debug)]
pub struct Entry {
    /// The store's generation when rendering began: older than the current one means stale.
    pub generation: u64,
    pub rendered_at: Instant,
    pub content_type: HeaderValue,
    pub cache_control: HeaderValue,
    pub cors: bool,
    pub identity: Variant,
    pub gzip: Option<Variant>,
    pub brotli: Option<Variant>,
}

impl Entry {
    /// Compresses `body` (CPU work: call it off the async threads). A large body is compressed
    /// both ways at once, on two threads: a render of a megabyte's page is then done sooner.
    pub fn render(generation: u64, policy: &Policy, body: Vec<u8>) -> Entry {
        let (gzip, brotli) = match body.len() < LARGE {
            true => (compress(&body, gzip), compress(&body, brotli)),
            false => std::thread::scope(|scope| {
                let gzipped = scope.spawn(|| compress(&body, gzip));
                let brotli = compress(&body, brotli);
                (gzipped.join().unwrap_or(None), brotli)
            }),
        };
        // Kept where the connections can send it without a copy (see `crate::sealed`).
        Entry::of_policy(generation, policy, crate::sealed::shareable(body), gzip, brotli)
    }

    /// An entry holding only the plain bytes (the static mirror's, written out once).
    pub fn uncompressed(generation: u64, policy: &Policy, body: Vec<u8>) -> Entry {
        Entry::of_policy(generation, policy, Bytes::from(body), None, None)
    }

    fn of_policy(generation: u64, policy: &Policy, body: Bytes, gzip: Option<Bytes>, brotli: Option<Bytes>) -> Entry {
        let content_type = HeaderValue::from_static(policy.content_type);
        let cache_control = HeaderValue::from_static(policy.cache_control);
        Entry::from_parts(generation, content_type, cache_control, policy.cors, body, gzip, brotli)
    }

    /// An entry from bytes already compressed (the disk snapshot); the tags are derived again.
    pub fn from_parts(
        generation: u64,
        content_type: HeaderValue,
        cache_control: HeaderValue,
        cors: bool,
        identity: Bytes,
        gzip: Option<Bytes>,
        brotli: Option<Bytes>,
    ) -> Entry {
        let hash = hash_of(&identity);
        let variant = |body: Bytes, suffix: &str| {
            let etag =
                HeaderValue::from_str(&format!("\"{hash}{suffix}\"")).unwrap_or(HeaderValue::from_static("\"\""));
            Variant { body, etag }
        };
        Entry {
            generation,
            rendered_at: Instant::now(),
            content_type,
            cache_control,
            cors,
            gzip: gzip.map(|b| variant(b, "-gzip")),
            brotli: brotli.map(|b| variant(b, "-br")),
            identity: variant(identity, ""),
        }
    }

    /// The bytes kept in memory for this entry.
    pub fn size(&self) -> usize {
        self.identity.body.len()
            + self.gzip.as_ref().map_or(0, |v| v.body.len())
            + self.brotli.as_ref().map_or(0, |v| v.body.len())
    }

    /// The variant for a request's `Accept-Encoding`: brotli, else gzip, else the plain bytes.
    pub fn choose(&self, request: &HeaderMap) -> (Coding, &Variant) {
        let accept = request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
        if let Some(v) = self.brotli.as_ref().filter(|_| accepts(accept, "br")) {
            return (Coding::Brotli, v);
        }
        if let Some(v) = self.gzip.as_ref().filter(|_| accepts(accept, "gzip")) {
            return (Coding::Gzip, v);
        }
        (Coding::Identity, &self.identity)
    }

    /// A 200 with the chosen variant, or a 304 when the request already has it. `stale` adds
    /// [`STALE_HEADER`].
    pub fn response(&self, request: &HeaderMap, stale: bool) -> Response {
        let (coding, variant) = self.choose(request);
        let not_modified = if_none_match(request, &variant.etag);
        let mut response =
            if not_modified { Response::new(Body::empty()) } else { Response::new(Body::from(variant.body.clone())) };
        *response.status_mut() = if not_modified { StatusCode::NOT_MODIFIED } else { StatusCode::OK };
        let headers = response.headers_mut();
        // Room for these and what the edge adds (security headers, request id, Vary): the map is
        // not grown, and moved, three times on the way out.
        *headers = HeaderMap::with_capacity(RESPONSE_HEADERS);
        headers.insert(header::ETAG, variant.etag.clone());
        headers.insert(header::CACHE_CONTROL, self.cache_control.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if self.cors {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        }
        if stale {
            headers.insert(STALE_HEADER, HeaderValue::from_static("1"));
        }
        if !not_modified {
            headers.insert(header::CONTENT_TYPE, self.content_type.clone());
            match coding {
                Coding::Identity => {}
                Coding::Gzip => {
                    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                }
                Coding::Brotli => {
                    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
                }
            }
        }
        response
    }
}

/// The first 128 bits of the body's SHA-256 in hex: equal bytes give equal tags on every instance.
fn hash_of(body: &[u8]) -> String {
    Sha256::digest(body)[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// `body` compressed by `with`, when that is worth it.
fn compress(body: &[u8], with: fn(&[u8]) -> std::io::Result<Vec<u8>>) -> Option<Bytes> {
    if body.len() < COMPRESS_FROM {
        return None;
    }
    match with(body) {
        Ok(out) if out.len() < body.len() => Some(crate::sealed::shareable(out)),
        Ok(_) => None,
        Err(e) => {
            tracing::warn!(cause = %e, "cannot compress an answer; serving it uncompressed");
            None
        }
    }
}

fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let level = flate2::Compression::new(if body.len() < LARGE { GZIP_LEVEL } else { LARGE_GZIP_LEVEL });
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), level);
    encoder.write_all(body)?;
    encoder.finish()
}

fn brotli(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        let quality = if body.len() < LARGE { BROTLI_QUALITY } else { LARGE_BROTLI_QUALITY };
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, quality, BROTLI_WINDOW);
        writer.write_all(body)?;
        writer.flush()?;
    }
    Ok(out)
}

/// Whether an `Accept-Encoding` value accepts `coding` (by name or `*`, with a q-value above 0).
pub fn accepts(accept: &str, coding: &str) -> bool {
    let mut star = false;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return q > 0.0;
        }
        if name == "*" {
            star = q > 0.0;
        }
    }
    star
}

/// Whether `If-None-Match` lists `etag` (or `*`). The comparison is the weak one RFC 9110 asks for
/// here: `W/"x"` matches `"x"`.
pub fn if_none_match(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let etag = etag.as_bytes();
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag).as_bytes() == etag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    const POLICY: Policy =
        Policy { content_type: "text/html; charset=utf-8", cache_control: "public, max-age=5", cors: true };

    fn request(pairs: &[(HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        h
    }

    fn page() -> Vec<u8> {
        "<p>All Systems Operational</p>".repeat(100).into_bytes()
    }

    async fn body_of(r: Response) -> Vec<u8> {
        use http_body_util::BodyExt;
        r.into_body().collect().await.unwrap().to_bytes().to_vec()
    }

    #[test]
    fn accept_encoding_is_read_with_q_values_and_star() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("gzip;q=0.5, br;q=1.0", "gzip"));
        assert!(!accepts("gzip;q=0, br", "gzip"));
        assert!(!accepts("br; q=0.0", "br"));
        assert!(accepts("*", "br"));
        assert!(!accepts("*;q=0", "gzip"));
        assert!(!accepts("*, gzip;q=0", "gzip"), "a named coding wins over *");
        assert!(!accepts("", "gzip"));
        assert!(accepts("GZIP", "gzip"));
    }

    #[tokio::test]
    async fn each_coding_decodes_to_the_same_bytes_with_its_own_strong_tag() {
        let entry = Entry::render(1, &POLICY, page());
        let mut tags = std::collections::HashSet::new();
        for (accept, coding) in [("br, gzip", "br"), ("gzip", "gzip"), ("identity", ""), ("", "")] {
            let r = entry.response(&request(&[(header::ACCEPT_ENCODING, accept)]), false);
            assert_eq!(r.status(), StatusCode::OK);
            assert_eq!(r.headers()[header::VARY], "accept-encoding");
            assert_eq!(r.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
            assert_eq!(r.headers()[header::CONTENT_TYPE], POLICY.content_type);
            let got = r.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_string());
            assert_eq!(got.as_deref().unwrap_or(""), coding, "{accept}");
            let tag = r.headers()[header::ETAG].to_str().unwrap().to_string();
            assert!(tag.starts_with('"') && tag.ends_with('"'), "strong: {tag}");
            tags.insert(tag);
            let body = body_of(r).await;
            let plain = match coding {
                "br" => {
                    let mut out = Vec::new();
                    brotli::Decompressor::new(&body[..], 4096).read_to_end(&mut out).unwrap();
                    out
                }
                "gzip" => {
                    let mut out = Vec::new();
                    flate2::read::GzDecoder::new(&body[..]).read_to_end(&mut out).unwrap();
                    out
                }
                _ => body,
            };
            assert_eq!(plain, page(), "{accept}");
        }
        assert_eq!(tags.len(), 3, "one tag per coding: {tags:?}");
    }

    #[tokio::test]
    async fn each_tag_gets_its_304_and_only_for_its_own_coding() {
        let entry = Entry::render(1, &POLICY, page());
        for accept in ["br", "gzip", "identity"] {
            let first = entry.response(&request(&[(header::ACCEPT_ENCODING, accept)]), false);
            let tag = first.headers()[header::ETAG].to_str().unwrap().to_string();
            let again =
                entry.response(&request(&[(header::ACCEPT_ENCODING, accept), (header::IF_NONE_MATCH, &tag)]), false);
            assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{accept}");
            assert_eq!(again.headers()[header::ETAG], tag.as_str());
            assert!(again.headers().get(header::CONTENT_TYPE).is_none());
            assert!(body_of(again).await.is_empty());
            let weak = entry.response(
                &request(&[(header::ACCEPT_ENCODING, accept), (header::IF_NONE_MATCH, &format!("\"x\", W/{tag}"))]),
                false,
            );
            assert_eq!(weak.status(), StatusCode::NOT_MODIFIED, "weak comparison, lists");
        }
        let br_tag = entry.brotli.as_ref().unwrap().etag.to_str().unwrap().to_string();
        let other =
            entry.response(&request(&[(header::ACCEPT_ENCODING, "gzip"), (header::IF_NONE_MATCH, &br_tag)]), false);
        assert_eq!(other.status(), StatusCode::OK, "a brotli tag does not validate the gzip bytes");
        let star = entry.response(&request(&[(header::IF_NONE_MATCH, "*")]), false);
        assert_eq!(star.status(), StatusCode::NOT_MODIFIED);
    }

    #[test]
    fn equal_bytes_give_equal_tags_and_small_bodies_stay_plain() {
        let (a, b) = (Entry::render(1, &POLICY, page()), Entry::render(7, &POLICY, page()));
        assert_eq!(a.identity.etag, b.identity.etag);
        assert_eq!(a.brotli.as_ref().unwrap().etag, b.brotli.as_ref().unwrap().etag);
        assert_eq!(a.gzip.as_ref().unwrap().body, b.gzip.as_ref().unwrap().body, "gzip output is deterministic");
        let small = Entry::render(1, &POLICY, b"ok".to_vec());
        assert!(small.gzip.is_none() && small.brotli.is_none());
        let r = small.response(&request(&[(header::ACCEPT_ENCODING, "br, gzip")]), true);
        assert!(r.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(r.headers()[STALE_HEADER], "1");
    }
}
