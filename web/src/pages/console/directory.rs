//! The directory import from the administrator's screen (issue 16): a file is chosen, the server
//! previews what importing it would change (`POST /admin/directory/preview`) — or lists every line
//! to correct, and nothing is written — then « Importer » sends the very same file
//! (`POST /admin/directory/import?sha256=`, refused if it is not the previewed one).

use super::ConsoleHeader;
use crate::api::json::Decode;
use crate::api::{self, ApiError};
use crate::components::mutation::Task;
use crate::components::state::{ErrorNotice, Success};
use crate::format::plural;
use leptos::prelude::*;
use serde_json::Value;
use shared::ErrorCode;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The rows of each list shown; the counts always say how many there are in all.
const SHOWN: usize = 200;

crate::decoded! {
    struct Report {
        sha256: String = "sha256",
        import_id: Option<i64> = "importId",
        created: Vec<Created> = "created",
        changed: Vec<Changed> = "changed",
        ended: Vec<Ended> = "ended",
        unchanged: i64 = "unchanged",
    }
}

crate::decoded! {
    struct Created {
        line: i64 = "line",
        identifier: String = "identifier",
        name: String = "name",
        function: String = "function",
        assignment: String = "assignment",
    }
}

crate::decoded! {
    struct Changed {
        identifier: String = "identifier",
        name: String = "name",
        fields: Vec<FieldChange> = "fields",
    }
}

crate::decoded! {
    struct FieldChange {
        field: String = "field",
        before: String = "before",
        after: String = "after",
    }
}

crate::decoded! {
    struct Ended {
        identifier: String = "identifier",
        name: String = "name",
    }
}

crate::decoded! {
    struct Refusal {
        errors: Vec<LineError> = "errors",
    }
}

crate::decoded! {
    struct LineError {
        line: i64 = "line",
        reason: String = "reason",
    }
}

/// What the server said of a file.
#[derive(Clone)]
enum Answer {
    Report(Report),
    Refused(Vec<LineError>),
}

impl Report {
    fn summary(&self) -> String {
        let (c, m, e) = (self.created.len(), self.changed.len(), self.ended.len());
        format!(
            "{c} personne{} créée{}, {m} modifiée{}, {e} terminée{}, {} inchangée{}.",
            plural(c),
            plural(c),
            plural(m),
            plural(e),
            self.unchanged,
            plural(usize::try_from(self.unchanged).unwrap_or(0))
        )
    }

    fn changes_nothing(&self) -> bool {
        self.created.is_empty() && self.changed.is_empty() && self.ended.is_empty()
    }
}

/// Sends `file` to `path` and reads the answer: a report, the lines refused, or an error in French.
async fn send(path: String, file: web_sys::File) -> Result<Answer, ApiError> {
    let response = api::fetch(&path, Some((&file.into(), "text/csv; charset=utf-8"))).await?;
    let status = response.status();
    let text =
        JsFuture::from(response.text().map_err(|_| ApiError::network())?).await.map_err(|_| ApiError::network())?;
    let body: Value = text.as_string().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null);
    let message = body.get("message").and_then(Value::as_str).map(str::to_owned);
    match status {
        200 => Report::decode(Some(&body)).map(Answer::Report).ok_or_else(|| ApiError::from_code(ErrorCode::Internal)),
        422 => Refusal::decode(Some(&body))
            .map(|r| Answer::Refused(r.errors))
            .ok_or_else(|| ApiError::from_code(ErrorCode::Internal)),
        401 => Err(ApiError::from_code(ErrorCode::Unauthenticated)),
        403 => Err(ApiError::from_code(ErrorCode::Forbidden)),
        409 | 413 => Err(ApiError { code: ErrorCode::Validation, message: message.unwrap_or_default() }),
        _ => Err(ApiError::network()),
    }
}

/// « … et 12 autres » after a list cut at [`SHOWN`].
fn more(total: usize) -> Option<String> {
    (total > SHOWN).then(|| format!("… et {} autre{}.", total - SHOWN, plural(total - SHOWN)))
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let file = StoredValue::new_local(None::<web_sys::File>);
    let chosen = RwSignal::new(false);
    let preview = RwSignal::new(None::<Result<Answer, ApiError>>);
    let applied = RwSignal::new(None::<Result<Report, ApiError>>);
    let previewing = Task::new();
    let importing = Task::new();
    let on_file = move |event: leptos::ev::Event| {
        let input = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let picked = input.and_then(|i| i.files()).and_then(|files| files.item(0));
        chosen.set(picked.is_some());
        file.set_value(picked);
        preview.set(None);
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        applied.set(None);
        let Some(picked) = file.get_value() else {
            preview.set(Some(Err(ApiError::invalid("Choisissez d’abord le fichier de l’annuaire."))));
            return;
        };
        previewing.run(async move {
            preview.set(Some(send("/admin/directory/preview".to_owned(), picked).await));
            Ok(Value::Null)
        });
    };
    let import = move |sha256: String| {
        let Some(picked) = file.get_value() else { return };
        importing.run(async move {
            let answer = send(format!("/admin/directory/import?sha256={sha256}"), picked).await;
            match answer {
                Ok(Answer::Report(report)) => {
                    preview.set(None);
                    applied.set(Some(Ok(report)));
                }
                Ok(Answer::Refused(errors)) => preview.set(Some(Ok(Answer::Refused(errors)))),
                Err(error) => applied.set(Some(Err(error))),
            }
            Ok(Value::Null)
        });
    };
    view! {
        <ConsoleHeader title="Import de l’annuaire" />
        <p class="lead">"Le fichier de l’annuaire du ministère (CSV en UTF-8, séparateur « ; », une ligne d’en-tête). Un aperçu dit d’abord ce que l’import changera ; rien n’est écrit avant « Importer ». Un fichier qui a une seule ligne à corriger n’est pas importé du tout, et chacune de ces lignes est signalée."</p>
        <form class="panel" on:submit=submit>
            <div class="field">
                <label for="directory-file">"Fichier de l’annuaire (CSV)"</label>
                <input id="directory-file" type="file" accept=".csv,text/csv" on:change=on_file />
            </div>
            <button type="submit" class="primary" disabled=move || previewing.pending() || !chosen.get() aria-busy=move || previewing.pending().to_string()>
                "Prévisualiser l’import"
                {move || previewing.pending().then(|| view! { <span class="spinner small" aria-hidden="true"></span> })}
            </button>
        </form>
        <div aria-live="polite">
            {move || applied.get().map(|outcome| match outcome {
                Ok(report) => view! { <Success message=format!("Import n° {} fait : {}", report.import_id.unwrap_or_default(), report.summary()) /> }.into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            })}
        </div>
        {move || preview.get().map(|outcome| match outcome {
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
            Ok(Answer::Refused(errors)) => {
                let total = errors.len();
                view! {
                    <section class="panel" role="alert" aria-labelledby="refused-title">
                        <h2 id="refused-title">{format!("Fichier refusé : {total} ligne{} à corriger", plural(total))}</h2>
                        <p>"Rien n’a été importé. Corrigez ces lignes dans le fichier, puis prévisualisez de nouveau."</p>
                        <ul class="line-errors">
                            {errors.into_iter().take(SHOWN).map(|e| view! {
                                <li>{if e.line > 0 { format!("Ligne {} : {}", e.line, e.reason) } else { e.reason }}</li>
                            }).collect_view()}
                        </ul>
                        {more(total).map(|m| view! { <p>{m}</p> })}
                    </section>
                }.into_any()
            }
            Ok(Answer::Report(report)) => {
                let summary = report.summary();
                let nothing = report.changes_nothing();
                let sha256 = report.sha256.clone();
                let (created, changed, ended) = (report.created.len(), report.changed.len(), report.ended.len());
                view! {
                    <section class="panel" aria-labelledby="preview-title">
                        <h2 id="preview-title">"Aperçu de l’import"</h2>
                        <p role="status"><strong>{summary}</strong></p>
                        {(created > 0).then(|| view! {
                            <h3>{format!("Personnes créées ({created})")}</h3>
                            <div class="table-wrap"><table>
                                <thead><tr><th scope="col">"Ligne"</th><th scope="col">"Identifiant"</th><th scope="col">"Nom"</th><th scope="col">"Fonction"</th><th scope="col">"Affectation"</th></tr></thead>
                                <tbody>{report.created.into_iter().take(SHOWN).map(|c| view! {
                                    <tr><td class="num">{c.line}</td><td>{c.identifier}</td><td>{c.name}</td><td>{c.function}</td><td>{c.assignment}</td></tr>
                                }).collect_view()}</tbody>
                            </table></div>
                            {more(created).map(|m| view! { <p>{m}</p> })}
                        })}
                        {(changed > 0).then(|| view! {
                            <h3>{format!("Personnes modifiées ({changed})")}</h3>
                            <ul class="changes">{report.changed.into_iter().take(SHOWN).map(|c| view! {
                                <li>
                                    <strong>{format!("{} ({})", c.name, c.identifier)}</strong>
                                    <ul>{c.fields.into_iter().map(|f| view! { <li>{format!("{} : {} → {}", crate::format::capital(&f.field), f.before, f.after)}</li> }).collect_view()}</ul>
                                </li>
                            }).collect_view()}</ul>
                            {more(changed).map(|m| view! { <p>{m}</p> })}
                        })}
                        {(ended > 0).then(|| view! {
                            <h3>{format!("Personnes absentes du fichier, dont le compte sera désactivé ({ended})")}</h3>
                            <ul>{report.ended.into_iter().take(SHOWN).map(|e| view! { <li>{format!("{} ({})", e.name, e.identifier)}</li> }).collect_view()}</ul>
                            {more(ended).map(|m| view! { <p>{m}</p> })}
                        })}
                        {if nothing {
                            view! { <p class="empty">"Ce fichier ne change rien : l’annuaire de Magistra est déjà à jour."</p> }.into_any()
                        } else {
                            view! {
                                <button type="button" class="primary" disabled=move || importing.pending() aria-busy=move || importing.pending().to_string() on:click=move |_| import(sha256.clone())>
                                    "Importer ces changements"
                                    {move || importing.pending().then(|| view! { <span class="spinner small" aria-hidden="true"></span> })}
                                </button>
                            }.into_any()
                        }}
                    </section>
                }.into_any()
            }
        })}
    }
}
