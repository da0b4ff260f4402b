//! The Ministry's reading of the training sheets transmitted to it (art. 136): a court and a year,
//! every sheet sent, as a PDF to read or a CSV to work on. Its national figures are the national
//! dashboard's.

use crate::components::court_picker::{CourtYear, CourtYearPicker};
use crate::components::exports::CourtYearExports;
use crate::router::Link;
use leptos::prelude::*;

#[component]
pub fn TransmittedPage() -> impl IntoView {
    let selection = CourtYear::new();
    view! {
        <h1>"Fiches transmises"</h1>
        <p class="lead">"Les fiches-formation que l’École a transmises au ministère de la Justice (art. 136), cour d’appel par cour d’appel. Les chiffres nationaux sont au "<Link href="/ecole/tableau-de-bord">"tableau de bord"</Link>"."</p>
        <CourtYearPicker selection years_back=2 />
        <CourtYearExports selection export="court-sheets" file="fiches-transmises"
            pdf_label="Télécharger les fiches (PDF)" csv_label="Télécharger le tableau (CSV)" />
    }
}
