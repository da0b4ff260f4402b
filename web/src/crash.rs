//! When the client itself fails (a panic), the person reads what happened in French and gets a way
//! back, instead of a page that silently stops answering. The message is written with plain DOM
//! calls, since after a panic the app's own views can no longer be trusted to render.

use wasm_bindgen::prelude::*;

const MESSAGE: &str = "Magistra a rencontré une erreur inattendue et ne peut pas continuer sur cette page. \
Ce que vous aviez déjà enregistré est conservé ; ce qui était en cours de saisie peut être perdu.";

/// Installs the hook: every later panic shows [`MESSAGE`] with a link that reloads the page.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!("Magistra : erreur interne du client : {info}")));
        show();
    }));
}

/// Puts the message at the top of the page, once, and moves the focus to it.
fn show() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.get_element_by_id("panne-client").is_some() {
        return;
    }
    let Some(body) = document.body() else { return };
    let Ok(alert) = document.create_element("div") else { return };
    alert.set_id("panne-client");
    alert.set_class_name("notice error crash");
    let _ = alert.set_attribute("role", "alert");
    let _ = alert.set_attribute("tabindex", "-1");
    let Ok(title) = document.create_element("h1") else { return };
    title.set_text_content(Some("Une erreur est survenue"));
    let Ok(text) = document.create_element("p") else { return };
    text.set_text_content(Some(MESSAGE));
    let Ok(reload) = document.create_element("a") else { return };
    let here = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_else(|| "/".to_owned());
    let _ = reload.set_attribute("href", &here);
    reload.set_class_name("button-link");
    reload.set_text_content(Some("Recharger la page"));
    let _ = alert.append_child(&title);
    let _ = alert.append_child(&text);
    let _ = alert.append_child(&reload);
    let _ = body.insert_before(&alert, body.first_child().as_ref());
    if let Ok(element) = alert.dyn_into::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

/// A panic on purpose, so that the browser tests can check what a person sees after one
/// (`window.wasmBindings.magistra_simulate_panic()`); harmless, since it only stops the page of
/// whoever calls it.
#[wasm_bindgen]
pub fn magistra_simulate_panic() {
    panic!("panne simulée par un test");
}
