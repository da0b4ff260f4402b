//! A court's year as files: the two buttons that download one export (`/export/NAME.pdf` and
//! `.csv` for the court and year picked) and say how it went. Written once for the compliance
//! page, the execution report and the Ministry's transmitted sheets.

use crate::components::court_picker::CourtYear;
use crate::components::state::{download, outcome_view, Outcome};
use leptos::prelude::*;

#[component]
pub fn CourtYearExports(
    selection: CourtYear,
    /// The export's name under `/export/` (`court-sheets`, `execution-report`).
    export: &'static str,
    /// The downloaded file's name before its year and extension.
    file: &'static str,
    pdf_label: &'static str,
    csv_label: &'static str,
) -> impl IntoView {
    let downloaded = RwSignal::new(Outcome::Idle);
    let fetch = move |extension: &str| {
        let (court, year) = (selection.court.get_untracked(), selection.year.get_untracked());
        download(
            downloaded,
            format!("/export/{export}.{extension}?court={court}&year={year}"),
            format!("{file}-{year}.{extension}"),
        );
    };
    view! {
        <div class="actions">
            <button type="button" on:click=move |_| fetch("pdf")>{pdf_label}</button>
            <button type="button" on:click=move |_| fetch("csv")>{csv_label}</button>
        </div>
        {outcome_view(downloaded)}
    }
}
