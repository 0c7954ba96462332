//! The write API's body reader, for every body type in the API's table of operations: it never
//! panics, and refuses with 400 `malformed` exactly when the body is not JSON, else 422 `invalid`.

#![no_main]

use app::error::ErrorCode;
use libfuzzer_sys::fuzz_target;
use server::api::v1::{operations, BodyReader};
use std::sync::LazyLock;

static READERS: LazyLock<Vec<(String, BodyReader)>> = LazyLock::new(|| {
    let readers: Vec<_> =
        operations().into_iter().filter_map(|op| Some((format!("{} {}", op.method, op.path), op.read_body?))).collect();
    assert!(readers.len() >= 10, "the table has lost its bodies: {}", readers.len());
    readers
});

fuzz_target!(|body: &[u8]| {
    let is_json = serde_json::from_slice::<serde_json::Value>(body).is_ok();
    for (route, read) in READERS.iter() {
        let Err(e) = read(body) else { continue };
        // Not JSON is 400 `malformed`; JSON of the wrong shape 422 `invalid`.
        let expected = if is_json { ErrorCode::Invalid } else { ErrorCode::Malformed };
        assert_eq!(e.code, expected, "{route}: {} for {:?}", e.message, String::from_utf8_lossy(body));
        assert!(
            matches!(e.code, ErrorCode::Malformed | ErrorCode::Invalid),
            "{route}: refused with {:?} {} for {:?}",
            e.code,
            e.message,
            String::from_utf8_lossy(body)
        );
        assert!(matches!(e.code.status(), 400 | 422));
        assert!(!e.message.is_empty(), "{route}: an empty message");
        // A 422 names the field at fault, unless the whole body is of the wrong kind.
        match e.field.as_deref() {
            None => assert!(
                e.code == ErrorCode::Malformed || e.message.starts_with("the body "),
                "{route}: a 422 names no field: {}",
                e.message
            ),
            // An unknown key is named as sent, even `""`; the root's path "." names nothing sent.
            Some(field) => assert!(field != ".", "{route}: field {field:?}: {}", e.message),
        }
        serde_json::to_string(&e).expect("the error answer serialises");
    }
});
