//! Magistra's web client: a Leptos app rendered in the browser, talking only to the GraphQL API.

mod api;
mod app;
mod components;
mod crash;
mod format;
mod order;
mod pages;
mod router;
mod session;

/// Talc rather than the standard library's dlmalloc: smaller in the WebAssembly, and faster.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    crash::install();
    leptos::mount::mount_to_body(app::App);
}
