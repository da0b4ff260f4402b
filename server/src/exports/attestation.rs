//! Attestations of attendance as PDF (art. 133), one page per participant on the School's
//! letterhead: who, which action, when and where, the half-days attended out of the action's and
//! the days credited, day by day, with a partial attendance said in words.

use chrono::NaiveDate;
use printpdf::BuiltinFont;
use shared::{dates, HalfDay};

use crate::services::attestations::Attestation;

use super::pdf::{days, save, Writer, BLACK, GREY, LEFT, NAVY};

/// Characters on one line of body text.
const LINE_WIDTH: usize = 92;

/// `text` cut into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn paragraph(w: &mut Writer, text: &str, font: BuiltinFont, colour: printpdf::Rgb) {
    for line in wrap(text, LINE_WIDTH) {
        w.line(LEFT, &line, font, 10.0, colour.clone());
    }
}

fn half_days_fr(count: i32) -> String {
    format!("{count} demi-journée{}", if count > 1 { "s" } else { "" })
}

fn attestation_page(w: &mut Writer, a: &Attestation, today: NaiveDate) {
    let s = &a.session;
    let code = s.code.clone().unwrap_or_default();
    let coded = if code.is_empty() { String::new() } else { format!(" — {code}") };
    w.footer = format!(
        "Attestation de présence — {}{coded} — établie le {} par Magistra",
        a.participant,
        dates::short_fr(today)
    );
    let service = match s.scope {
        shared::Scope::National => "Formation continue des magistrats".to_owned(),
        shared::Scope::Deconcentrated => format!("Formation continue déconcentrée — {}", a.organiser),
    };
    w.letterhead(
        &service,
        "ATTESTATION DE PRÉSENCE",
        "Article 133 du règlement intérieur de l’École — présence constatée par demi-journée",
    );
    w.y -= 9.0;
    paragraph(w, &format!("{} atteste que", a.organiser), BuiltinFont::Helvetica, BLACK);
    w.y -= 1.5;
    w.line(LEFT, &a.participant, BuiltinFont::HelveticaBold, 12.0, BLACK);
    if !a.position.is_empty() {
        paragraph(w, &a.position, BuiltinFont::Helvetica, BLACK);
    }
    w.y -= 1.5;
    paragraph(w, "a participé à l’action de formation continue", BuiltinFont::Helvetica, BLACK);
    paragraph(
        w,
        &format!("« {} »{}", s.title, if code.is_empty() { String::new() } else { format!(" ({code})") }),
        BuiltinFont::HelveticaBold,
        BLACK,
    );
    let place = s.location.as_deref().map(|l| format!(", {l}")).unwrap_or_default();
    paragraph(
        w,
        &format!("organisée du {} au {}{place}.", dates::long_fr(s.start_date), dates::long_fr(s.end_date)),
        BuiltinFont::Helvetica,
        BLACK,
    );
    w.y -= 3.0;
    let present = a.present_half_days();
    paragraph(
        w,
        &format!(
            "Présence : {} sur {}, soit {} jour(s) de formation comptabilisé(s).",
            half_days_fr(present),
            s.duration_half_days,
            days(a.credited_half_days())
        ),
        BuiltinFont::HelveticaBold,
        BLACK,
    );
    if a.partial() {
        paragraph(
            w,
            "Présence partielle : l’intéressé(e) n’a pas assisté à toutes les demi-journées de l’action ; le détail figure ci-dessous.",
            BuiltinFont::HelveticaBold,
            NAVY,
        );
    }
    w.heading("Présence par demi-journée");
    w.row(&[(LEFT, 40, "Date"), (95.0, 20, "Matin"), (140.0, 20, "Après-midi")], BuiltinFont::HelveticaBold);
    let mut day_rows: Vec<(NaiveDate, Option<bool>, Option<bool>)> = Vec::new();
    for (day, half, here) in &a.half_days {
        if day_rows.last().is_none_or(|row| row.0 != *day) {
            day_rows.push((*day, None, None));
        }
        if let Some(row) = day_rows.last_mut() {
            match half {
                HalfDay::Morning => row.1 = Some(*here),
                HalfDay::Afternoon => row.2 = Some(*here),
            }
        }
    }
    let said = |value: Option<bool>| match value {
        Some(true) => "présent(e)",
        Some(false) => "absent(e)",
        None => "—",
    };
    for (day, morning, afternoon) in day_rows {
        let date = dates::long_fr(day);
        w.row(&[(LEFT, 40, &date), (95.0, 20, said(morning)), (140.0, 20, said(afternoon))], BuiltinFont::Helvetica);
    }
    w.y -= 6.0;
    paragraph(
        w,
        &format!("Fait le {}, pour servir et valoir ce que de droit.", dates::long_fr(today)),
        BuiltinFont::Helvetica,
        BLACK,
    );
    w.line(
        LEFT,
        "Document établi par Magistra d’après la feuille de présence de l’action.",
        BuiltinFont::HelveticaOblique,
        8.0,
        GREY,
    );
}

/// One document with an attestation per page.
pub fn render(attestations: &[Attestation], today: NaiveDate) -> Vec<u8> {
    let mut w = Writer::new();
    for attestation in attestations {
        attestation_page(&mut w, attestation, today);
        w.finish_page();
    }
    save("Attestations de présence — École nationale de la magistrature", w.pages)
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_text_is_cut_at_spaces_within_the_width() {
        let lines = wrap("la formation continue des magistrats de l’ordre judiciaire", 20);
        assert_eq!(lines, ["la formation", "continue des", "magistrats de", "l’ordre judiciaire"]);
        assert!(lines.iter().all(|l| l.chars().count() <= 20));
    }
}
