//! Moving the keyboard focus to where the person should read next: a new screen's content, the
//! outcome of a form that was drawn again once saved.

use wasm_bindgen::JsCast;

/// Focuses the element with this id, if it is on the page.
pub fn focus_by_id(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// [`focus_by_id`] once the screen being drawn is on the page.
pub fn focus_once_drawn(id: &'static str) {
    leptos::prelude::request_animation_frame(move || focus_by_id(id));
}
