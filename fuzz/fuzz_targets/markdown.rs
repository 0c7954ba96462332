//! The Markdown renderer: whatever staff write, its HTML runs nothing.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let markdown = String::from_utf8_lossy(data);
    let html = app::markdown::render(&markdown);
    if let Err(what) = beacon_fuzz::inert(&html) {
        panic!("{what}\nin the HTML {html:?}\nof the Markdown {markdown:?}");
    }
});
