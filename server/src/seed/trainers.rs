//! The demo's trainers and a programme waiting for validation (art. 132), written through the
//! services: the School's directory of trainers (the regional coordinator of Lyon among them, with
//! outside speakers), and a national action of next year in preparation whose session director,
//! the regional coordinator, has proposed its programme by half-day and its speakers to the
//! director of the School; the year's scale of speakers' fees, the national budget the director
//! sets, and the action's estimated costs on it.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use shared::rules::session_programme::Sequence;
use shared::values::SessionSchedule;
use shared::{CostBeneficiary, CostCategory, FeeUnit, HalfDay, Scope, SessionFormat, TrainerKind};

use crate::auth::CurrentUser;
use crate::services::action_costs::{self, FeeRateInput, LineDraft};
use crate::services::session_directors::{self, Nomination};
use crate::services::sessions::{self, SessionDraft};
use crate::services::trainers::{self, TrainerInput};
use crate::services::{session_programmes, Env};

use super::story::Told;

/// The outside speakers of the demo directory: name, body, expertise.
const SPEAKERS: [(&str, &str, &str); 4] = [
    ("Claire Fontaine", "Barreau de Lyon", "Droit de la famille, ordonnances de protection"),
    ("Karim Benali", "Université Lyon 3", "Victimologie, psychologie du développement"),
    ("Hélène Marchand", "Gendarmerie nationale", "Enquêtes sur les violences intrafamiliales"),
    ("Paul Girard", "Conseil départemental du Rhône", "Protection de l’enfance, aide sociale à l’enfance"),
];

/// What the scene wrote.
#[derive(Debug, Default)]
pub struct TrainersScene {
    pub trainers: usize,
    pub sequences: usize,
}

/// Writes the directory and next year's action whose programme awaits the director's validation.
pub async fn tell(
    school: &Env<'_>,
    director: &Env<'_>,
    coordinator: &Env<'_>,
    coordinator_user: &CurrentUser,
    year: i32,
) -> anyhow::Result<TrainersScene> {
    let mut scene = TrainersScene::default();
    let session_director = trainers::save(
        school,
        None,
        TrainerInput {
            user_id: Some(coordinator_user.id),
            full_name: coordinator_user.display_name.clone(),
            body: "Magistrat, coordonnateur régional de formation".to_owned(),
            kind: TrainerKind::RegionalCoordinator,
            expertise: "Violences intrafamiliales, audiences pénales".to_owned(),
            email: Some(coordinator_user.email.clone()),
            phone: None,
        },
    )
    .await
    .told()?;
    scene.trainers += 1;
    let mut speakers = Vec::new();
    for (name, body, expertise) in SPEAKERS {
        let row = trainers::save(
            school,
            None,
            TrainerInput {
                user_id: None,
                full_name: name.to_owned(),
                body: body.to_owned(),
                kind: TrainerKind::OccasionalSpeaker,
                expertise: expertise.to_owned(),
                email: None,
                phone: None,
            },
        )
        .await
        .told()?;
        speakers.push(row.id);
        scene.trainers += 1;
    }
    let start = first_monday_of_june(year);
    let end = start + Days::new(1);
    let action = sessions::create(
        school,
        SessionDraft {
            title: "Violences intrafamiliales : juger et protéger".to_owned(),
            description: Some(
                "Deux jours pour croiser l’audience, l’enquête et la protection des victimes.".to_owned(),
            ),
            format: SessionFormat::Session,
            scope: Scope::National,
            court_ids: Vec::new(),
            schedule: SessionSchedule {
                start,
                end,
                duration_half_days: 4,
                capacity: 40,
                applications_open: NaiveDate::from_ymd_opt(year, 1, 4).unwrap_or(start),
                applications_close: start - Days::new(30),
            },
            location: Some("ENM Paris".to_owned()),
            target_functions: Vec::new(),
            onboarding: false,
        },
    )
    .await
    .told()?;
    session_directors::name(
        school,
        action.id,
        Nomination { trainer_id: session_director.id, renews_session_id: None, exceptional_circumstances: None },
    )
    .await
    .told()?;
    let [lawyer, victimologist, gendarme, child_care] = [speakers[0], speakers[1], speakers[2], speakers[3]];
    let sequences = vec![
        sequence(start, HalfDay::Morning, "Le phénomène et ses mécanismes", &[session_director.id, victimologist]),
        sequence(start, HalfDay::Afternoon, "L’enquête et la parole de la victime", &[gendarme]),
        sequence(end, HalfDay::Morning, "L’ordonnance de protection", &[lawyer]),
        sequence(end, HalfDay::Afternoon, "L’enfant exposé aux violences", &[child_care, session_director.id]),
    ];
    scene.sequences = sequences.len();
    session_programmes::save(coordinator, action.id, sequences, None).await.told()?;
    session_programmes::propose(coordinator, action.id).await.told()?;
    costs(school, director, action.id, &speakers, year).await?;
    Ok(scene)
}

/// The year's scale of fees, the national budget, and the action's estimated costs (art. 139).
async fn costs(school: &Env<'_>, director: &Env<'_>, action: i64, speakers: &[i64], year: i32) -> anyhow::Result<()> {
    let mut half_day = None;
    for (label, unit, cents) in [
        ("Demi-journée d’intervention", FeeUnit::HalfDay, 30_000),
        ("Heure d’enseignement", FeeUnit::Hour, 9_000),
        ("Journée de direction de session", FeeUnit::Day, 45_000),
    ] {
        let rate = action_costs::set_fee_rate(
            school,
            year,
            FeeRateInput { label: label.to_owned(), unit, amount_cents: cents },
        )
        .await
        .told()?;
        half_day.get_or_insert(rate.id);
    }
    action_costs::set_national_budget(director, year, 120_000_000).await.told()?;
    let rate = half_day.unwrap_or_default();
    for &speaker in speakers {
        let fee = LineDraft {
            category: CostCategory::SpeakerFees,
            beneficiary: CostBeneficiary::Speaker,
            trainer_id: Some(speaker),
            magistrate_id: None,
            label: "Honoraires d’intervention".to_owned(),
            fee: Some((rate, 1)),
            estimated_cents: None,
            court_id: None,
            force_reason: None,
        };
        action_costs::add_line(school, action, fee).await.told()?;
    }
    let travel = LineDraft {
        category: CostCategory::Travel,
        beneficiary: CostBeneficiary::Participant,
        trainer_id: None,
        magistrate_id: None,
        label: "Déplacements des participants (40 × 95 €)".to_owned(),
        fee: None,
        estimated_cents: Some(380_000),
        court_id: None,
        force_reason: None,
    };
    action_costs::add_line(school, action, travel).await.told()?;
    Ok(())
}

fn sequence(day: NaiveDate, half_day: HalfDay, title: &str, speakers: &[i64]) -> Sequence {
    Sequence { day, half_day, title: title.to_owned(), speakers: speakers.to_vec() }
}

fn first_monday_of_june(year: i32) -> NaiveDate {
    let mut day = NaiveDate::from_ymd_opt(year, 6, 1).unwrap_or_default();
    while day.weekday() != Weekday::Mon {
        day = day.succ_opt().unwrap_or(day);
    }
    day
}
