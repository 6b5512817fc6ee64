//! The generator's front from arbitrary YAML: `load_str`, then `prepare_loaded` (overlay, repair, parse) without
//! an overlay, with the repository's overlay, and — when the input holds a line `#overlay` — with the text after
//! it as the overlay. Every input ends in a `Prepared` or a located `Error`, never a panic or a hang.

#![no_main]

use std::sync::OnceLock;

use alfadocs_codegen::load::{Loaded, load_str};
use alfadocs_codegen::{Report, prepare_loaded};
use libfuzzer_sys::fuzz_target;

fn repository_overlay() -> &'static Loaded {
    static OVERLAY: OnceLock<Loaded> = OnceLock::new();
    OVERLAY.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../alfadocs-overlay.yaml");
        let text = std::fs::read_to_string(path).expect("the repository's overlay");
        load_str("alfadocs-overlay.yaml", &text).expect("the repository's overlay loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (spec_text, overlay_text) = match text.split_once("\n#overlay\n") {
        Some((spec, overlay)) => (spec, Some(overlay)),
        None => (text, None),
    };
    let Ok(spec) = load_str("fuzz.yaml", spec_text) else { return };
    let _ = prepare_loaded(spec.clone(), &[], &mut Report::new());
    let _ = prepare_loaded(spec.clone(), &[repository_overlay()], &mut Report::new());
    if let Some(overlay_text) = overlay_text {
        if let Ok(overlay) = load_str("fuzz-overlay.yaml", overlay_text) {
            let _ = prepare_loaded(spec, &[&overlay], &mut Report::new());
        }
    }
});
