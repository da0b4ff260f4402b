//! The court's compliance view for its heads (art. 125, 126, 128): who is short of an obligation and
//! by how much, 25 at a time, with the court's sheets as PDF or CSV.

use crate::api::model::Magistrate;
use crate::api::{self};
use crate::components::court_picker::{CourtYear, CourtYearPicker};
use crate::components::exports::CourtYearExports;
use crate::components::state::{loaded, Empty};
use crate::format::{days, decimal};
use leptos::prelude::*;
use serde_json::json;

const REPORT: &str = "query($c: ID!, $y: Int!)";
const PAGE: usize = 25;

crate::decoded! {
    struct Data {
        report: Report = "complianceReport" ("(courtId: $c, year: $y)"),
    }
}

crate::decoded! {
    struct Report {
        magistrate_count: i64 = "magistrateCount",
        short_count: i64 = "shortCount",
        lines: Vec<Line> = "lines",
    }
}

crate::decoded! {
    struct Line {
        days_counted: f64 = "daysCounted",
        shortfall_days: f64 = "shortfallDays",
        unmet: Vec<Unmet> = "unmet",
        magistrate: Magistrate = "magistrate",
    }
}

crate::decoded! {
    struct Unmet {
        label: String = "label",
        article: String = "article",
    }
}

#[component]
pub fn CompliancePage() -> impl IntoView {
    let selection = CourtYear::new();
    selection.year.set(chrono::Datelike::year(&crate::format::today()));
    let page = RwSignal::new(0usize);
    let data = api::resource::<Data, _>(REPORT, move || {
        page.set(0);
        json!({ "c": selection.court.get(), "y": selection.year.get() })
    });
    view! {
        <h1>"Conformité aux obligations de formation"</h1>
        <CourtYearPicker selection years_back=2 />
        <CourtYearExports selection export="court-sheets" file="fiches-formation"
            pdf_label="Fiches de la cour (PDF)" csv_label="Fiches de la cour (CSV)" />
        {loaded(data, move |data: Data| {
            let report = data.report;
            let total = report.lines.len();
            let pages = total.div_ceil(PAGE).max(1);
            view! {
                <div class="figures">
                    <div class="figure"><span class="label">"Magistrats du ressort"</span><span class="value">{report.magistrate_count}</span></div>
                    <div class="figure"><span class="label">"En deçà d’une obligation"</span><span class="value">{report.short_count}</span></div>
                </div>
                {if report.lines.is_empty() {
                    view! { <Empty message="Tous les magistrats du ressort remplissent leurs obligations." /> }.into_any()
                } else {
                    let lines = report.lines.clone();
                    view! {
                        <div class="table-wrap">
                            <table>
                                <caption>"Magistrats en deçà d’une obligation, le plus grand manque d’abord"</caption>
                                <thead><tr><th scope="col">"Magistrat"</th><th scope="col">"Juridiction"</th><th scope="col">"Obligations non remplies"</th><th scope="col" class="num">"Jours comptés"</th><th scope="col" class="num">"Manque"</th></tr></thead>
                                <tbody>
                                    {move || lines.iter().skip(page.get() * PAGE).take(PAGE).map(|line| view! {
                                        <tr>
                                            <td>{line.magistrate.display_name.clone()}<br /><small class="muted">{line.magistrate.function_title.clone()}</small></td>
                                            <td>{line.magistrate.jurisdiction.as_ref().map(|j| j.name.clone()).unwrap_or_default()}</td>
                                            <td>{line.unmet.iter().map(|u| format!("{} ({})", u.label, u.article)).collect::<Vec<_>>().join(" ; ")}</td>
                                            <td class="num">{decimal(line.days_counted)}</td>
                                            <td class="num">{days(line.shortfall_days)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <nav class="pager" aria-label="Pages de la liste">
                            <button type="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p -= 1)>"Page précédente"</button>
                            <span>{move || format!("Page {} sur {pages}", page.get() + 1)}</span>
                            <button type="button" disabled=move || page.get() + 1 >= pages on:click=move |_| page.update(|p| *p += 1)>"Page suivante"</button>
                        </nav>
                    }.into_any()
                }}
            }
        })}
    }
}
