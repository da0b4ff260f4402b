//! A date field written and read the French way (« 04/10/2027 »), whatever the language of the
//! browser: a native date field shows the browser's own order (« 10/04/2027 » in an English one).
//! The form's signal holds the date as the API reads it (« 2027-10-04 »), or what was typed while
//! it names no day, which the field says once the person leaves it (not at the first keystroke),
//! and the server refuses if sent.

use leptos::prelude::*;
use shared::dates::{iso, parse_fr, short_fr};

/// What the field shows for the form's value: the French date, or the text as typed.
fn shown(value: &str) -> String {
    parse_fr(value).map(short_fr).unwrap_or_else(|| value.to_owned())
}

#[component]
pub fn DateField(
    #[prop(into)] id: String,
    label: &'static str,
    /// The date as the API reads it, or the text typed while it is not one.
    value: RwSignal<String>,
    /// Called when the value changes (a filter starts again from its first page).
    #[prop(optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    // The form's value as it is when the field is drawn; from then on the person types it (no
    // form sets a date of its own after that).
    let text = RwSignal::new(shown(&value.get_untracked()));
    // Checked when the person leaves the field; once wrong, again at each keystroke until right.
    let wrong = RwSignal::new(false);
    let check = move |input: &web_sys::HtmlInputElement| {
        let typed = input.value();
        let bad = !typed.trim().is_empty() && parse_fr(&typed).is_none();
        wrong.set(bad);
        let _ = if bad { input.set_attribute("aria-invalid", "true") } else { input.remove_attribute("aria-invalid") };
    };
    let help = format!("{id}-aide");
    let on_input = move |event: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&event);
        let typed = input.value();
        text.set(typed.clone());
        if wrong.get_untracked() {
            check(&input);
        }
        let next = match parse_fr(&typed) {
            Some(date) => iso(date),
            None if typed.trim().is_empty() => String::new(),
            None => typed,
        };
        if next != value.get_untracked() {
            value.set(next);
            if let Some(changed) = on_change {
                changed.run(());
            }
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" autocomplete="off" placeholder="jj/mm/aaaa"
                aria-describedby=help.clone()
                prop:value=move || text.get() on:input=on_input
                on:change=move |event| check(&event_target::<web_sys::HtmlInputElement>(&event)) />
            <p id=help class=move || if wrong.get() { "help field-error" } else { "help" }>
                {move || if wrong.get() { "Date non reconnue : écrivez-la au format jj/mm/aaaa, par exemple 04/10/2027." } else { "Au format jj/mm/aaaa." }}
            </p>
        </div>
    }
}
