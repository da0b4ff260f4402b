//! Plain HTML bar charts: every bar carries its figure as text, so the chart reads without sight
//! and prints as it shows.

use crate::format::money;
use leptos::prelude::*;

/// One bar: a label, an amount in cents, and a colour class.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub cents: i64,
    pub tone: &'static str,
}

fn share(cents: i64, max: i64) -> f64 {
    if max <= 0 {
        0.0
    } else {
        (cents.max(0) as f64 / max as f64 * 100.0).min(100.0)
    }
}

/// Horizontal bars against a common maximum.
#[component]
pub fn HorizontalBars(#[prop(into)] caption: String, bars: Vec<Bar>) -> impl IntoView {
    let max = bars.iter().map(|b| b.cents).max().unwrap_or(0);
    view! {
        <figure class="chart">
            <figcaption>{caption}</figcaption>
            <ul class="hbars">
                {bars
                    .into_iter()
                    .map(|bar| {
                        let width = format!("{}%", share(bar.cents, max) as i64);
                        view! {
                            <li>
                                <span class="hbar-label">{bar.label}</span>
                                <span class="hbar-track">
                                    <span class=format!("hbar {}", bar.tone) style:width=width></span>
                                </span>
                                <span class="hbar-value">{money(bar.cents)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </figure>
    }
}

/// Columns, one per month, with the amount under each.
#[component]
pub fn MonthlyColumns(#[prop(into)] caption: String, months: Vec<(String, String, i64)>) -> impl IntoView {
    let max = months.iter().map(|(_, _, c)| *c).max().unwrap_or(0);
    view! {
        <figure class="chart">
            <figcaption>{caption}</figcaption>
            <ol class="columns">
                {months
                    .into_iter()
                    .map(|(label, short, cents)| {
                        let height = format!("{}%", share(cents, max) as i64);
                        view! {
                            <li title=format!("{label} : {}", money(cents))>
                                <span class="column-track">
                                    <span class="column" style:height=height></span>
                                </span>
                                <span class="column-label" aria-hidden="true">{short}</span>
                                <span class="visually-hidden">{format!("{label} : {}", money(cents))}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </figure>
    }
}

/// A meter of used over total, with its figures in words.
#[component]
pub fn Meter(#[prop(into)] label: String, used: f64, total: f64, #[prop(into)] text: String) -> impl IntoView {
    let percent = if total <= 0.0 { 100.0 } else { (used / total * 100.0).clamp(0.0, 100.0) };
    let tone = if percent >= 100.0 { "meter-fill full" } else { "meter-fill" };
    view! {
        <div class="meter-block">
            <span class="meter-label">{label.clone()}</span>
            <div
                class="meter"
                role="progressbar"
                aria-label=label
                aria-valuemin="0"
                aria-valuemax=crate::format::decimal(total)
                aria-valuenow=crate::format::decimal(used)
                aria-valuetext=text.clone()
            >
                <span class=tone style:width=format!("{}%", percent as i64)></span>
            </div>
            <span class="meter-text">{text}</span>
        </div>
    }
}
