//! Training sheets as PDF (art. 136), laid out like an official document of the School: header,
//! magistrate, tables of trainings, validated activities, totals and obligations. Built with
//! printpdf and the standard Helvetica faces (WinAnsi encoding covers French accents), so the
//! file opens in any reader without embedded fonts.

use chrono::NaiveDate;
use printpdf::{
    BuiltinFont, Color, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rgb,
    TextItem,
};
use shared::dates;
use shared::rules::sheet::{was_accepted, was_attended};

use crate::services::sheets::{SheetLine, TrainingSheet};

use super::Names;

const PAGE_WIDTH: f32 = 210.0;
const PAGE_HEIGHT: f32 = 297.0;
pub(super) const LEFT: f32 = 15.0;
const RIGHT: f32 = 195.0;
pub(super) const TOP: f32 = 280.0;
const BOTTOM: f32 = 22.0;
const ROW: f32 = 5.2;

pub(super) const NAVY: Rgb = Rgb { r: 0.0, g: 0.0, b: 0.57, icc_profile: None };
pub(super) const BLACK: Rgb = Rgb { r: 0.1, g: 0.1, b: 0.15, icc_profile: None };
pub(super) const GREY: Rgb = Rgb { r: 0.45, g: 0.45, b: 0.5, icc_profile: None };

/// Lays out text top to bottom, starting a new page when the current one is full.
pub(super) struct Writer {
    pub(super) pages: Vec<PdfPage>,
    ops: Vec<Op>,
    pub(super) y: f32,
    pub(super) footer: String,
}

impl Writer {
    pub(super) fn new() -> Self {
        Self { pages: Vec::new(), ops: Vec::new(), y: TOP, footer: String::new() }
    }

    pub(super) fn text_at(&mut self, x: f32, y: f32, text: &str, font: BuiltinFont, size: f32, colour: Rgb) {
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::Builtin(font), size: Pt(size) },
            Op::SetFillColor { col: Color::Rgb(colour) },
            Op::SetTextCursor { pos: Point::new(Mm(x), Mm(y)) },
            Op::ShowText { items: vec![TextItem::Text(text.to_owned())] },
            Op::EndTextSection,
        ]);
    }

    pub(super) fn rule(&mut self, thickness: f32, colour: Rgb) {
        let point = |x: f32, y: f32| LinePoint { p: Point::new(Mm(x), Mm(y)), bezier: false };
        self.ops.extend([
            Op::SetOutlineColor { col: Color::Rgb(colour) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine { line: Line { points: vec![point(LEFT, self.y), point(RIGHT, self.y)], is_closed: false } },
        ]);
    }

    /// Closes the current page with its footer.
    pub(super) fn finish_page(&mut self) {
        let number = self.pages.len() + 1;
        let footer = format!("{} — page {number}", self.footer);
        self.text_at(LEFT, 12.0, &footer, BuiltinFont::Helvetica, 8.0, GREY);
        let ops = std::mem::take(&mut self.ops);
        self.pages.push(PdfPage::new(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), ops));
        self.y = TOP;
    }

    /// Makes room for `height` millimetres, on a new page if needed.
    pub(super) fn room(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.finish_page();
        }
    }

    pub(super) fn line(&mut self, x: f32, text: &str, font: BuiltinFont, size: f32, colour: Rgb) {
        self.room(ROW);
        self.text_at(x, self.y, text, font, size, colour);
        self.y -= ROW;
    }

    pub(super) fn heading(&mut self, text: &str) {
        self.room(ROW * 4.0);
        self.y -= 3.0;
        self.line(LEFT, text, BuiltinFont::HelveticaBold, 11.0, NAVY);
        self.y += 1.5;
        self.rule(0.5, NAVY);
        self.y -= 3.5;
    }

    /// The School's letterhead: its name, the service, the document's title and its legal basis.
    pub(super) fn letterhead(&mut self, service: &str, title: &str, basis: &str) {
        self.text_at(LEFT, self.y, "ÉCOLE NATIONALE DE LA MAGISTRATURE", BuiltinFont::HelveticaBold, 13.0, NAVY);
        self.y -= 6.0;
        self.text_at(LEFT, self.y, service, BuiltinFont::Helvetica, 10.0, BLACK);
        self.y -= 10.0;
        self.text_at(LEFT, self.y, title, BuiltinFont::HelveticaBold, 15.0, BLACK);
        self.y -= 5.5;
        self.text_at(LEFT, self.y, basis, BuiltinFont::HelveticaOblique, 8.0, GREY);
        self.y -= 4.0;
        self.rule(1.2, NAVY);
    }

    /// One table row: each cell at its column, cut to its width in characters.
    pub(super) fn row(&mut self, cells: &[(f32, usize, &str)], font: BuiltinFont) {
        self.room(ROW);
        for (x, width, text) in cells {
            let cut = truncate(text, *width);
            self.text_at(*x, self.y, &cut, font, 8.5, BLACK);
        }
        self.y -= ROW;
    }
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(width.saturating_sub(1)).collect::<String>())
    }
}

pub(super) fn days(half_days: i32) -> String {
    let value = f64::from(half_days) / 2.0;
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}").replace('.', ",")
    }
}

const TRAINING_COLUMNS: [(f32, usize, &str); 5] =
    [(LEFT, 10, "Code"), (36.0, 48, "Intitulé"), (122.0, 24, "Dates"), (158.0, 18, "Situation"), (187.0, 5, "Jours")];

fn trainings(w: &mut Writer, title: &str, lines: &[&SheetLine], detail: bool) {
    w.heading(title);
    if lines.is_empty() {
        w.line(LEFT, "Aucune.", BuiltinFont::HelveticaOblique, 9.0, GREY);
        return;
    }
    let header: Vec<(f32, usize, &str)> = TRAINING_COLUMNS.to_vec();
    w.row(&header, BuiltinFont::HelveticaBold);
    for line in lines {
        let s = &line.session;
        let span = format!("{} – {}", dates::short_fr(s.start_date), dates::short_fr(s.end_date));
        let status = line.application.status.label_fr();
        let credited = days(line.credited_half_days());
        let code = s.code.clone().unwrap_or_default();
        w.row(
            &[(LEFT, 10, &code), (36.0, 48, &s.title), (122.0, 24, &span), (158.0, 18, status), (187.0, 5, &credited)],
            BuiltinFont::Helvetica,
        );
        if detail {
            if let Some(reason) = line.application.withdrawal_reason {
                let text = format!(
                    "Motif : {} — {}",
                    reason.label_fr(),
                    line.application.withdrawal_details.as_deref().unwrap_or("")
                );
                w.row(&[(36.0, 95, &text)], BuiltinFont::HelveticaOblique);
            }
        }
    }
}

fn sheet_pages(w: &mut Writer, s: &TrainingSheet, names: &Names, today: NaiveDate) {
    w.footer = format!(
        "Fiche-formation {} — {} — établie le {} par Magistra",
        s.year,
        s.magistrate.display_name,
        dates::short_fr(today)
    );
    w.letterhead(
        "Formation continue des magistrats",
        &format!("FICHE-FORMATION {}", s.year),
        "Article 136 du règlement intérieur de l’École — transmise au magistrat, à son évaluateur et à la Chancellerie",
    );
    w.y -= 7.0;
    let court = s.profile.court_id.and_then(|id| names.courts.get(&id)).cloned().unwrap_or_default();
    let jurisdiction =
        s.profile.jurisdiction_id.and_then(|id| names.jurisdictions.get(&id)).cloned().unwrap_or_default();
    let facts = [
        ("Magistrat", s.magistrate.display_name.clone()),
        ("Fonction", s.profile.function_title.clone()),
        ("Juridiction", jurisdiction),
        ("Cour d’appel", court),
        ("Recrutement", s.profile.recruitment_path.label_fr().to_owned()),
        ("Fonction exercée depuis le", dates::long_fr(s.profile.function_since)),
    ];
    for (label, value) in facts {
        w.room(ROW);
        w.text_at(LEFT, w.y, label, BuiltinFont::HelveticaBold, 9.0, BLACK);
        w.text_at(62.0, w.y, &value, BuiltinFont::Helvetica, 9.0, BLACK);
        w.y -= ROW;
    }
    let all: Vec<&SheetLine> = s.national.iter().collect();
    let accepted: Vec<&SheetLine> = s
        .national
        .iter()
        .filter(|l| was_accepted(l.application.status, l.application.confirmation_due.is_some()))
        .collect();
    let refused: Vec<&SheetLine> =
        s.national.iter().filter(|l| l.application.status == shared::ApplicationStatus::Refused).collect();
    let attended: Vec<&SheetLine> = s.national.iter().filter(|l| was_attended(l.application.status)).collect();
    let withdrawn: Vec<&SheetLine> =
        s.national.iter().filter(|l| l.application.status == shared::ApplicationStatus::Withdrawn).collect();
    trainings(w, "Formations nationales demandées", &all, false);
    trainings(w, "Formations acceptées", &accepted, false);
    trainings(w, "Formations refusées", &refused, false);
    trainings(w, "Formations effectivement suivies", &attended, false);
    trainings(w, "Désistements", &withdrawn, true);
    let deconcentrated: Vec<&SheetLine> = s.deconcentrated.iter().collect();
    trainings(w, "Formation continue déconcentrée", &deconcentrated, false);
    w.heading("Activités validées (art. 125)");
    let validated: Vec<_> = s.validations.iter().filter(|v| v.status == shared::ValidationStatus::Approved).collect();
    if validated.is_empty() {
        w.line(LEFT, "Aucune.", BuiltinFont::HelveticaOblique, 9.0, GREY);
    }
    for v in validated {
        let credited = days(v.credited_half_days.unwrap_or(0));
        w.row(&[(LEFT, 18, v.kind.label_fr()), (50.0, 70, &v.title), (187.0, 5, &credited)], BuiltinFont::Helvetica);
    }
    w.heading("Obligations de formation et jours comptabilisés");
    w.row(
        &[
            (LEFT, 60, "Obligation"),
            (118.0, 14, "Article"),
            (145.0, 8, "Requis"),
            (163.0, 8, "Comptés"),
            (182.0, 8, "Manque"),
        ],
        BuiltinFont::HelveticaBold,
    );
    for o in &s.obligations {
        let (required, counted, missing) =
            (days(o.required_half_days), days(o.counted_half_days), days(o.shortfall_half_days()));
        w.row(
            &[
                (LEFT, 62, o.kind.label_fr()),
                (118.0, 14, o.kind.article()),
                (145.0, 8, &required),
                (163.0, 8, &counted),
                (182.0, 8, &missing),
            ],
            BuiltinFont::Helvetica,
        );
    }
    w.y -= 2.0;
    w.line(
        LEFT,
        &format!("Total des jours comptabilisés en {} : {}", s.year, days(s.days.total)),
        BuiltinFont::HelveticaBold,
        10.0,
        BLACK,
    );
    let status = if s.shortfall_half_days() == 0 {
        "Situation : obligations de formation satisfaites.".to_owned()
    } else {
        format!("Situation : obligations non satisfaites — il manque {} jour(s).", days(s.shortfall_half_days()))
    };
    w.line(LEFT, &status, BuiltinFont::HelveticaBold, 10.0, NAVY);
}

/// One document with every sheet of `sheets`, each starting on a new page.
pub fn render(sheets: &[TrainingSheet], names: &Names, today: NaiveDate) -> Vec<u8> {
    let mut w = Writer::new();
    for sheet in sheets {
        sheet_pages(&mut w, sheet, names, today);
        w.finish_page();
    }
    if sheets.is_empty() {
        w.footer = "Magistra".to_owned();
        w.text_at(LEFT, TOP, "Aucune fiche-formation à éditer.", BuiltinFont::Helvetica, 11.0, BLACK);
        w.finish_page();
    }
    save("Fiches-formation — École nationale de la magistrature", w.pages)
}

/// The document's bytes.
pub(super) fn save(title: &str, pages: Vec<PdfPage>) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    doc.with_pages(pages);
    doc.save(&PdfSaveOptions::default(), &mut Vec::new())
}
