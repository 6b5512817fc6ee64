//! Inputs on which a fuzz target (`fuzz/README.md`) failed, as regular tests of the generator's front.

use alfadocs_codegen::load::load_str;
use alfadocs_codegen::overlay::MAX_NODES;
use alfadocs_codegen::{Report, prepare_loaded};

/// `codegen_front` timed out on the spec `x: {}` with an overlay of 30 actions `{target: '$..*', update:
/// {kN: {}}}` with distinct keys: each adds a mapping to every mapping, so the document doubled per action
/// (2^30 nodes). The overlay now refuses the update that would take the document past `MAX_NODES`. Sixteen
/// actions are the fewest it refuses (without the limit they end, at 2^16 nodes, in a parse error).
#[test]
fn an_overlay_that_doubles_the_document_per_action_is_refused() {
    let actions: String = (0..16).map(|n| format!("  - {{target: '$..*', update: {{k{n}: {{}}}}}}\n")).collect();
    let overlay_text = format!("overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n{actions}");
    let overlay = load_str("overlay.yaml", &overlay_text).unwrap();
    let spec = load_str("spec.yaml", "x: {}\n").unwrap();
    let error = prepare_loaded(spec, &[&overlay], &mut Report::new()).unwrap_err();
    // {x: {}} holds 2^k + 1 nodes after k actions: the 16th would pass 50 000.
    assert_eq!(
        error.to_string(),
        format!(
            "overlay.yaml:19: at /actions/15/target: the target `$..*` selected 32768 nodes; updating each would \
             make the document hold more than {MAX_NODES} nodes"
        )
    );
}
