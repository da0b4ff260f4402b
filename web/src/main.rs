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

fn main() {
    crash::install();
    leptos::mount::mount_to_body(app::App);
}
