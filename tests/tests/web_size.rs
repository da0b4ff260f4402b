//! The web client's weight: the WebAssembly and JavaScript of the production build must stay under
//! 300 KB once gzipped (issue 5), so the programme opens quickly on a court's network. The
//! administration console (issue 16), the same client with the administrator's screens built in,
//! is loaded by the School's staff and the administrators only and keeps its own budget: 400 KB
//! from issue 16, 420 KB since issue 19 put the School's part of the deconcentrated cycle in it
//! (each action's evaluation, the board's opinion, the programme put online).

use std::io::Write;
use std::path::Path;

fn gzip_size(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

/// The gzipped size of the WebAssembly and JavaScript `web/dist/<folder>` ships.
fn shipped(folder: &str) -> usize {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/dist").join(folder);
    let files: Vec<_> = std::fs::read_dir(&dist)
        .unwrap_or_else(|_| panic!("{} is missing: run scripts/build-web first", dist.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| matches!(path.extension().and_then(|e| e.to_str()), Some("wasm" | "js")))
        .collect();
    assert!(files.iter().any(|p| p.extension().is_some_and(|e| e == "wasm")), "no .wasm in {}", dist.display());
    let mut total = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let zipped = gzip_size(&bytes);
        println!("{:<40} raw {:>9} gzip {:>9}", path.file_name().unwrap().to_string_lossy(), bytes.len(), zipped);
        total += zipped;
    }
    total
}

#[test]
fn the_shipped_wasm_and_js_fit_in_300_kb_gzipped() {
    const BUDGET_BYTES: usize = 300 * 1024;
    let total = shipped("");
    println!("total gzip {total} bytes, budget {BUDGET_BYTES}");
    assert!(total <= BUDGET_BYTES, "the client ships {total} bytes gzipped, over the {BUDGET_BYTES}-byte budget");
}

#[test]
fn the_administration_console_fits_in_420_kb_gzipped() {
    const BUDGET_BYTES: usize = 420 * 1024;
    let total = shipped("administration");
    println!("total gzip {total} bytes, budget {BUDGET_BYTES}");
    assert!(total <= BUDGET_BYTES, "the console ships {total} bytes gzipped, over the {BUDGET_BYTES}-byte budget");
}
