//! Deterministic demo data: the 36 courts of appeal with their tribunals, about 9,000 magistrates
//! with their careers and evaluators, the heads, delegates and finance officers of every court, a
//! national programme over this year and next in every format, deconcentrated programmes, and one
//! demo account per role, all in the court of appeal of Lyon and the tribunal of Lyon.
//!
//! Every seeded account shares one argon2id hash of the demo password, computed once: hashing
//! 9,000 passwords one by one would take minutes for nothing.

mod careers;
mod history;
mod people;
mod programme;
pub(crate) mod reference;
mod rng;
pub mod story;
mod trainers;

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, Utc, Weekday};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, Set};
use shared::search::fold_for_search;
use shared::{RecruitmentPath, Role, Scope, SessionFormat, SessionStatus};

use crate::auth::password;
use crate::db::begin_write;
use crate::entities::{court, jurisdiction, magistrate, posting, role_assignment, session, session_court, user};
use crate::settings::Secret;

use rng::Rng;

/// A demo account printed by the run command.
pub struct DemoAccount {
    pub email: &'static str,
    pub label: &'static str,
}

/// One account per role, all in the court of appeal of Lyon.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount { email: "magistrat@demo.magistra.fr", label: "magistrat (juge des enfants, TJ de Lyon)" },
    DemoAccount {
        email: "chef-juridiction@demo.magistra.fr",
        label: "chef de juridiction (président du TJ de Lyon), évaluateur du magistrat",
    },
    DemoAccount {
        email: "chef-cour@demo.magistra.fr",
        label: "chef de cour (premier président de la cour d’appel de Lyon)",
    },
    DemoAccount {
        email: "chef-cour-parquet@demo.magistra.fr",
        label: "chef de cour (procureur général près la cour d’appel de Lyon)",
    },
    DemoAccount {
        email: "delegue@demo.magistra.fr", label: "magistrat délégué à la formation (cour d’appel de Lyon)"
    },
    DemoAccount {
        email: "coordinateur@demo.magistra.fr",
        label: "coordonnateur régional de formation (Lyon, Grenoble, Chambéry, Riom)",
    },
    DemoAccount { email: "finances@demo.magistra.fr", label: "services financiers (cour d’appel de Lyon)" },
    DemoAccount { email: "ecole@demo.magistra.fr", label: "service de la formation continue de l’École" },
    DemoAccount { email: "directeur@demo.magistra.fr", label: "directeur de l’École" },
    DemoAccount {
        email: "ministere@demo.magistra.fr",
        label: "Chancellerie (direction des services judiciaires), lecture seule",
    },
    DemoAccount { email: "admin@demo.magistra.fr", label: "administrateur" },
];

/// The court every demo account belongs to.
pub const DEMO_COURT: &str = "Lyon";

/// How much to generate.
pub struct SeedOptions {
    /// Magistrates in all, demo accounts and heads included.
    pub magistrates: usize,
    /// National sessions over the two years.
    pub national_sessions: usize,
    /// Deconcentrated sessions per court, in the second year.
    pub deconcentrated_per_court: usize,
    /// The first of the two programme years.
    pub first_year: i32,
    pub password: Secret,
    /// Give the demo magistrate a first year of history: two trainings attended, a withdrawal and
    /// a validated publication, so that their training sheet has something to show.
    pub demo_history: bool,
    /// Tell this year's story: credits and spending in every court, a national action waiting
    /// for selection, Lyon's plan in progress (`story`).
    pub story: bool,
}

impl SeedOptions {
    /// The full demo: 9,000 magistrates, 600 national sessions over this year and next.
    pub fn demo(password: Secret) -> Self {
        Self {
            magistrates: 9_000,
            national_sessions: 600,
            deconcentrated_per_court: 3,
            first_year: Utc::now().year(),
            password,
            demo_history: true,
            story: true,
        }
    }
}

/// What the seed did.
pub enum SeedReport {
    AlreadySeeded,
    Seeded { courts: usize, jurisdictions: usize, magistrates: usize, sessions: usize, story: Option<story::Story> },
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AlreadySeeded => write!(f, "Données de démonstration déjà présentes : rien à faire."),
            Self::Seeded { courts, jurisdictions, magistrates, sessions, story } => {
                write!(
                    f,
                    "Données de démonstration chargées : {courts} cours d’appel, {jurisdictions} juridictions, \
                     {magistrates} magistrats, {sessions} actions de formation."
                )?;
                if let Some(story) = story {
                    write!(
                        f,
                        " L’année en cours : crédits réservés pour {} cours, {} écritures de dépense, \
                         {} demandes sur une action nationale avec {} avis, un plan lyonnais de {} actions en cours d’adoption, \
                         {} formateurs à l’annuaire et un programme de {} séquences proposé au directeur de l’École.",
                        story.courts_funded,
                        story.entries,
                        story.requests,
                        story.observations,
                        story.plan_actions,
                        story.trainers,
                        story.programme_sequences
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// A person to create.
struct PersonSpec {
    email: String,
    name: String,
    career: Option<Career>,
    roles: Vec<(Role, Option<usize>, Option<usize>)>,
}

/// Where and how a magistrate serves; courts and jurisdictions are indexes into the reference lists.
struct Career {
    court: usize,
    jurisdiction: usize,
    function: String,
    function_since: NaiveDate,
    /// Whether the history shows the function taken up for the first time (art. 126): an earlier
    /// posting in another function, or in the same one.
    first_time_in_function: bool,
    path: RecruitmentPath,
    appointed_on: NaiveDate,
    evaluator: Option<String>,
}

/// Loads the 36 courts of appeal and their jurisdictions into a base that has none, and no one else:
/// what a production base needs before its first directory import. `None` when courts exist.
pub async fn reference_data(db: &DatabaseConnection) -> anyhow::Result<Option<(usize, usize)>> {
    if court::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let txn = begin_write(db).await?;
    let courts = reference::courts();
    let (courts, jurisdictions) = insert_reference(&txn, &courts, &seats_of(&courts)).await?;
    txn.commit().await?;
    Ok(Some((courts.len(), jurisdictions.len())))
}

/// The seats of the tribunaux judiciaires, as (court index, seat), in reference order.
fn seats_of(courts: &[reference::CourtRef]) -> Vec<(usize, &'static str)> {
    courts
        .iter()
        .enumerate()
        .flat_map(|(i, c)| reference::tribunal_seats(&c.name).iter().map(move |s| (i, *s)))
        .collect()
}

/// Inserts the courts and their jurisdictions; their ids by name.
async fn insert_reference(
    txn: &impl sea_orm::ConnectionTrait,
    courts: &[reference::CourtRef],
    seats: &[(usize, &'static str)],
) -> anyhow::Result<(HashMap<String, i64>, HashMap<String, i64>)> {
    court::Entity::insert_many(courts.iter().map(|c| court::ActiveModel {
        name: Set(c.name.clone()),
        region: Set(c.region.clone()),
        overseas: Set(c.overseas),
        time_zone: Set(shared::rules::local_time::court_time_zone(&c.name).name().to_owned()),
        ..Default::default()
    }))
    .exec(txn)
    .await?;
    let court_ids: HashMap<String, i64> =
        court::Entity::find().all(txn).await?.into_iter().map(|c| (c.name, c.id)).collect();
    let court_id = |index: usize| court_ids.get(&courts[index].name).copied().unwrap_or_default();
    jurisdiction::Entity::insert_many(seats.iter().map(|(c, seat)| jurisdiction::ActiveModel {
        court_id: Set(court_id(*c)),
        name: Set(reference::tribunal_name(seat)),
        ..Default::default()
    }))
    .exec(txn)
    .await?;
    let jurisdiction_ids: HashMap<String, i64> =
        jurisdiction::Entity::find().all(txn).await?.into_iter().map(|j| (j.name, j.id)).collect();
    Ok((court_ids, jurisdiction_ids))
}

/// Loads the demo data unless courts already exist.
pub async fn seed(db: &DatabaseConnection, options: &SeedOptions) -> anyhow::Result<SeedReport> {
    if court::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport::AlreadySeeded);
    }
    let hash = password::hash(options.password.expose().to_owned()).await?;
    let now = Utc::now();
    let txn = begin_write(db).await?;

    let courts = reference::courts();
    let seats = seats_of(&courts);
    let (court_ids, jurisdiction_ids) = insert_reference(&txn, &courts, &seats).await?;
    let court_id = |index: usize| court_ids.get(&courts[index].name).copied().unwrap_or_default();
    let jurisdiction_id = |index: usize| jurisdiction_ids.get(&reference::tribunal_name(seats[index].1)).copied();

    let people = plan_people(options, &courts, &seats);
    for chunk in people.chunks(500) {
        user::Entity::insert_many(chunk.iter().map(|p| user::ActiveModel {
            email: Set(p.email.clone()),
            password_hash: Set(hash.clone()),
            display_name: Set(p.name.clone()),
            search_name: Set(fold_for_search(&p.name)),
            active: Set(true),
            created_at: Set(now),
            ..Default::default()
        }))
        .exec(&txn)
        .await?;
    }
    let user_ids: HashMap<String, i64> =
        user::Entity::find().all(&txn).await?.into_iter().map(|u| (u.email, u.id)).collect();
    let uid = |email: &str| user_ids.get(email).copied().unwrap_or_default();

    let careers: Vec<magistrate::ActiveModel> = people
        .iter()
        .filter_map(|p| {
            let c = p.career.as_ref()?;
            Some(magistrate::ActiveModel {
                user_id: Set(uid(&p.email)),
                court_id: Set(Some(court_id(c.court))),
                jurisdiction_id: Set(Some(jurisdiction_id(c.jurisdiction)?)),
                function_title: Set(c.function.clone()),
                function_since: Set(c.function_since),
                bench: Set(people::bench_of(&c.function)),
                recruitment_path: Set(c.path),
                appointed_on: Set(c.appointed_on),
                evaluator_id: Set(c.evaluator.as_deref().map(uid)),
            })
        })
        .collect();
    let magistrate_count = careers.len();
    for chunk in careers.chunks(500) {
        magistrate::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    // Every function a demo person holds or an action targets is in the reference list.
    let held = people.iter().filter_map(|p| p.career.as_ref()).map(|c| c.function.as_str());
    let function_ids = careers::functions(&txn, held.chain(people::TRIBUNAL_FUNCTIONS.iter().map(|(f, _)| *f))).await?;
    let postings: Vec<posting::ActiveModel> = people
        .iter()
        .filter_map(|p| {
            let c = p.career.as_ref()?;
            let place = (court_id(c.court), jurisdiction_id(c.jurisdiction)?);
            Some(careers::postings(uid(&p.email), place, c, &function_ids))
        })
        .flatten()
        .collect();
    for chunk in postings.chunks(500) {
        posting::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }
    let grants: Vec<role_assignment::ActiveModel> = people
        .iter()
        .flat_map(|p| {
            let user_id = uid(&p.email);
            p.roles.iter().map(move |(role, court, jurisdiction)| (user_id, *role, *court, *jurisdiction))
        })
        .map(|(user_id, role, court, jur)| role_assignment::ActiveModel {
            user_id: Set(user_id),
            role: Set(role),
            court_id: Set(court.map(court_id)),
            jurisdiction_id: Set(jur.and_then(jurisdiction_id)),
            ..Default::default()
        })
        .collect();
    for chunk in grants.chunks(500) {
        role_assignment::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }

    let sessions = plan_sessions(options, &courts, &seats, &function_ids);
    let session_count = sessions.len();
    for chunk in sessions.chunks(200) {
        session::Entity::insert_many(chunk.iter().map(|(s, _)| s.clone())).exec(&txn).await?;
    }
    let stored = session::Entity::find().all(&txn).await?;
    let mut links = Vec::new();
    for (row, (_, court_index)) in stored.into_iter().zip(sessions.iter()) {
        let prefix = if row.scope == Scope::National { 'N' } else { 'D' };
        let code = format!("{prefix}{:02}-{:04}", row.year % 100, row.id);
        let session_id = row.id;
        let mut active = row.into_active_model();
        if let Some(c) = court_index {
            links.push(session_court::ActiveModel { session_id: Set(session_id), court_id: Set(court_id(*c)) });
            active.time_zone = Set(shared::rules::local_time::court_time_zone(&courts[*c].name).name().to_owned());
        }
        active.code = Set(Some(code));
        active.update(&txn).await?;
    }
    for chunk in links.chunks(500) {
        session_court::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    if options.demo_history {
        history::demo_magistrate(&txn, options.first_year, uid("magistrat@demo.magistra.fr"), now).await?;
    }
    txn.commit().await?;
    let story = if options.story { Some(story::tell(db, Utc::now()).await?) } else { None };
    Ok(SeedReport::Seeded {
        courts: courts.len(),
        jurisdictions: seats.len(),
        magistrates: magistrate_count,
        sessions: session_count,
        story,
    })
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// A career for a magistrate of jurisdiction `j` (index into `seats`).
fn career(
    rng: &mut Rng,
    seats: &[(usize, &str)],
    j: usize,
    function: &str,
    evaluator: Option<String>,
    year: i32,
) -> Career {
    let appointed_year = year - 1 - rng.below(30) as i32;
    let path = match rng.below(100) {
        0..=6 => RecruitmentPath::Article22,
        7..=10 => RecruitmentPath::Article21_1,
        _ => RecruitmentPath::Competition,
    };
    let since_year = (appointed_year + rng.below(8) as i32).min(year);
    Career {
        court: seats[j].0,
        jurisdiction: j,
        function: function.to_owned(),
        function_since: date(since_year, 1 + rng.below(12) as u32, 1),
        first_time_in_function: rng.chance(12),
        path,
        appointed_on: date(appointed_year, 9, 1),
        evaluator,
    }
}

fn generated_person(rng: &mut Rng, taken: &mut HashMap<String, usize>) -> (String, String) {
    let first = *rng.pick(people::FIRST_NAMES);
    let last = *rng.pick(people::LAST_NAMES);
    let local = people::email_local_part(first, last);
    let n = taken.entry(local.clone()).or_insert(0);
    *n += 1;
    let email = if *n == 1 { format!("{local}@justice.fr") } else { format!("{local}{n}@justice.fr") };
    (email, format!("{first} {last}"))
}

/// Regional coordinators' groups of courts (art. 142); the first is the demo coordinator's.
const REGIONS: &[&[&str]] = &[
    &["Lyon", "Grenoble", "Chambéry", "Riom"],
    &["Paris", "Versailles", "Reims"],
    &["Douai", "Amiens", "Rouen", "Caen"],
    &["Rennes", "Angers", "Poitiers", "Orléans", "Bourges"],
    &["Bordeaux", "Agen", "Pau", "Limoges", "Toulouse"],
    &["Aix-en-Provence", "Nîmes", "Montpellier", "Bastia"],
    &["Colmar", "Metz", "Nancy", "Besançon", "Dijon"],
    &["Basse-Terre", "Fort-de-France", "Cayenne", "Saint-Denis", "Nouméa", "Papeete"],
];

fn plan_people(
    options: &SeedOptions,
    courts: &[reference::CourtRef],
    seats: &[(usize, &'static str)],
) -> Vec<PersonSpec> {
    let mut rng = Rng::new(0x4d41_4749_5354_5241);
    let mut taken = HashMap::new();
    let year = options.first_year;
    let court_index = |name: &str| courts.iter().position(|c| c.name == name).unwrap_or(0);
    let demo_court = court_index(DEMO_COURT);
    let demo_tj = seats.iter().position(|(c, _)| *c == demo_court).unwrap_or(0);
    let seat_of = |c: usize| seats.iter().position(|(ci, _)| *ci == c).unwrap_or(0);
    let mut out: Vec<PersonSpec> = Vec::new();
    let demo = |email: &str, name: &str, career: Option<Career>, roles: Vec<(Role, Option<usize>, Option<usize>)>| {
        PersonSpec { email: email.to_owned(), name: name.to_owned(), career, roles }
    };
    let demo_head_of_court = "chef-cour@demo.magistra.fr".to_owned();
    let demo_evaluator = "chef-juridiction@demo.magistra.fr".to_owned();
    // Heads of court first, so heads of jurisdiction can name them as evaluators.
    let mut first_presidents = vec![String::new(); courts.len()];
    for (c, first_president) in first_presidents.iter_mut().enumerate() {
        for (k, title) in ["Premier président", "Procureur général"].iter().enumerate() {
            let (email, name) = if c == demo_court && k == 0 {
                (demo_head_of_court.clone(), "Hélène Marchand".to_owned())
            } else if c == demo_court {
                ("chef-cour-parquet@demo.magistra.fr".to_owned(), "Thierry Lacroix".to_owned())
            } else {
                generated_person(&mut rng, &mut taken)
            };
            if k == 0 {
                *first_president = email.clone();
            }
            let mut work = career(&mut rng, seats, seat_of(c), title, None, year);
            work.first_time_in_function = false;
            out.push(PersonSpec {
                email,
                name,
                career: Some(work),
                roles: vec![(Role::Magistrate, None, None), (Role::HeadOfCourt, Some(c), None)],
            });
        }
    }
    // One head per jurisdiction, evaluator of its magistrates; evaluated by the first president.
    let mut heads = vec![String::new(); seats.len()];
    for (j, (c, _)) in seats.iter().enumerate() {
        let (email, name) = if j == demo_tj {
            (demo_evaluator.clone(), "Olivier Ménard".to_owned())
        } else {
            generated_person(&mut rng, &mut taken)
        };
        heads[j] = email.clone();
        let work =
            career(&mut rng, seats, j, "Président du tribunal judiciaire", Some(first_presidents[*c].clone()), year);
        out.push(PersonSpec {
            email,
            name,
            career: Some(work),
            roles: vec![(Role::Magistrate, None, None), (Role::HeadOfJurisdiction, Some(*c), Some(j))],
        });
    }
    // Delegates and finance officers of every court; regional coordinators.
    for c in 0..courts.len() {
        let j = seat_of(c);
        let (email, name) = if c == demo_court {
            ("delegue@demo.magistra.fr".to_owned(), "Claire Fontaine".to_owned())
        } else {
            generated_person(&mut rng, &mut taken)
        };
        let work = career(&mut rng, seats, j, "Vice-président chargé de la formation", Some(heads[j].clone()), year);
        out.push(PersonSpec {
            email,
            name,
            career: Some(work),
            roles: vec![(Role::Magistrate, None, None), (Role::TrainingDelegate, Some(c), None)],
        });
        let (email, name) = if c == demo_court {
            ("finances@demo.magistra.fr".to_owned(), "Sandrine Aubert".to_owned())
        } else {
            let (local, name) = generated_person(&mut rng, &mut taken);
            (local.replace("@justice.fr", "@sar.justice.fr"), name)
        };
        out.push(PersonSpec { email, name, career: None, roles: vec![(Role::FinanceOfficer, Some(c), None)] });
    }
    for (r, region) in REGIONS.iter().enumerate() {
        let home = court_index(region[0]);
        let (email, name) = if r == 0 {
            ("coordinateur@demo.magistra.fr".to_owned(), "Julien Roussel".to_owned())
        } else {
            generated_person(&mut rng, &mut taken)
        };
        let j = seat_of(home);
        let work = career(&mut rng, seats, j, "Coordonnateur régional de formation", Some(heads[j].clone()), year);
        let mut roles = vec![(Role::Magistrate, None, None)];
        roles.extend(region.iter().map(|name| (Role::RegionalCoordinator, Some(court_index(name)), None)));
        out.push(PersonSpec { email, name, career: Some(work), roles });
    }
    // The demo magistrate, then everyone else, spread by the size of their tribunal.
    let mut demo_career = career(&mut rng, seats, demo_tj, "Juge des enfants", Some(demo_evaluator.clone()), year);
    demo_career.path = RecruitmentPath::Competition;
    demo_career.first_time_in_function = true;
    // Takes the function up on 1 March: the year's trainings from then count toward art. 126.
    demo_career.function_since = date(year, 3, 1);
    out.push(demo(
        "magistrat@demo.magistra.fr",
        "Camille Durand",
        Some(demo_career),
        vec![(Role::Magistrate, None, None)],
    ));
    let weights: Vec<usize> = seats.iter().map(|(_, s)| reference::staffing_weight(s)).collect();
    let total_weight: usize = weights.iter().sum();
    let mut index = 0usize;
    while out.iter().filter(|p| p.career.is_some()).count() < options.magistrates {
        let mut n = rng.below(total_weight);
        let mut j = 0;
        while n >= weights[j] {
            n -= weights[j];
            j += 1;
        }
        let function =
            if index.is_multiple_of(9) { *rng.pick(people::APPEAL_FUNCTIONS) } else { people::pick_function(&mut rng) };
        let work = if function.contains("cour d’appel") || function.contains("général") || function.contains("chambre")
        {
            let seat = seat_of(seats[j].0);
            career(&mut rng, seats, seat, function, Some(first_presidents[seats[j].0].clone()), year)
        } else {
            career(&mut rng, seats, j, function, Some(heads[j].clone()), year)
        };
        let (email, name) = generated_person(&mut rng, &mut taken);
        out.push(PersonSpec { email, name, career: Some(work), roles: vec![(Role::Magistrate, None, None)] });
        index += 1;
    }
    for (email, label) in [
        ("ecole@demo.magistra.fr", ("Agnès Lemoine", Role::SchoolOfficer)),
        ("directeur@demo.magistra.fr", ("Nicolas Berger", Role::Director)),
        ("ministere@demo.magistra.fr", ("Béatrice Vidal", Role::Ministry)),
        ("admin@demo.magistra.fr", ("Rémi Colin", Role::Admin)),
    ] {
        out.push(demo(email, label.0, None, vec![(label.1, None, None)]));
    }
    out
}

/// The Monday of ISO week `week` of `year`.
fn monday(year: i32, week: u32) -> NaiveDate {
    NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).unwrap_or(NaiveDate::MIN)
}

/// Sessions to insert, each with the index of its court for a deconcentrated one.
fn plan_sessions(
    options: &SeedOptions,
    courts: &[reference::CourtRef],
    seats: &[(usize, &'static str)],
    function_ids: &std::collections::HashMap<String, i64>,
) -> Vec<(session::ActiveModel, Option<usize>)> {
    let mut rng = Rng::new(0x5052_4f47_5241_4d4d);
    let now = Utc::now();
    let mut out = Vec::new();
    let row = |title: String,
               format: SessionFormat,
               scope: Scope,
               start: NaiveDate,
               days: i32,
               capacity: i32,
               open: NaiveDate,
               close: NaiveDate,
               place: &str,
               functions: Vec<&str>| {
        let span = days - 1 + 2 * ((days - 1) / 5);
        session::ActiveModel {
            code: Set(None),
            search_title: Set(fold_for_search(&title)),
            title: Set(title),
            description: Set(None),
            format: Set(format),
            scope: Set(scope),
            year: Set(start.year()),
            start_date: Set(start),
            end_date: Set(start.checked_add_days(Days::new(span as u64)).unwrap_or(start)),
            duration_half_days: Set(days * 2),
            location: Set(Some(place.to_owned())),
            capacity: Set(capacity),
            seats_taken: Set(0),
            applications_open: Set(open),
            applications_close: Set(close),
            target_functions: Set(serde_json::to_string(
                &functions.iter().filter_map(|f| function_ids.get(*f)).collect::<Vec<_>>(),
            )
            .unwrap_or_else(|_| "[]".into())),
            status: Set(SessionStatus::Published),
            cancel_reason: Set(None),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
    };
    for n in 0..options.national_sessions {
        let year = options.first_year + (n % 2) as i32;
        let format = programme::pick_format(&mut rng);
        // Each theme comes back in both years.
        let theme = programme::THEMES[(n / 2) % programme::THEMES.len()];
        let title = match format {
            SessionFormat::Workshop => format!("Atelier — {theme}"),
            SessionFormat::Internship => format!("Stage — {theme}"),
            SessionFormat::StudyDay => format!("Journée d’étude — {theme}"),
            SessionFormat::Colloquium => format!("Colloque — {theme}"),
            SessionFormat::Meeting => format!("Rencontre — {theme}"),
            SessionFormat::Cycle => format!("Cycle approfondi — {theme}"),
            SessionFormat::ELearning => format!("Formation en ligne — {theme}"),
            SessionFormat::Session => theme.to_owned(),
        };
        let mut week = 2 + rng.below(48) as u32;
        if (31..=34).contains(&week) {
            week += 4;
        }
        let start = monday(year, week.min(50));
        let (days, capacity) = programme::shape(format, &mut rng);
        let (open, close) = if rng.chance(10) && week > 14 {
            // An in-year call for applications (art. 129).
            (date(year, 2, 1), start.checked_sub_days(Days::new(45)).unwrap_or(start))
        } else {
            (date(year - 1, 10, 1), date(year - 1, 12, 15))
        };
        let place = if format == SessionFormat::ELearning { "En ligne" } else { *rng.pick(programme::NATIONAL_PLACES) };
        let functions = if rng.chance(25) { vec![people::pick_function(&mut rng)] } else { Vec::new() };
        // Half the actions meant for a function are its prise-de-fonction training (art. 126).
        let onboarding = !functions.is_empty() && n % 2 == 0;
        let mut action = row(title, format, Scope::National, start, days, capacity, open, close, place, functions);
        action.onboarding = Set(onboarding);
        out.push((action, None));
    }
    let year = options.first_year + 1;
    for (c, court) in courts.iter().enumerate() {
        for k in 0..options.deconcentrated_per_court {
            let theme = programme::THEMES[(c * 7 + k * 3) % programme::THEMES.len()];
            let format = if k % 2 == 0 { SessionFormat::StudyDay } else { SessionFormat::Workshop };
            let week = 3 + (k * 46 / options.deconcentrated_per_court.max(1)) as u32 + (c as u32 % 3);
            let start = monday(year, week) + Days::new(1);
            let seat = seats.iter().find(|(ci, _)| *ci == c).map(|(_, s)| *s).unwrap_or(court.name.as_str());
            let title = format!("{theme} (cour d’appel {})", reference::of_place(&court.name));
            let open = date(year - 1, 11, 1);
            let close = start.checked_sub_days(Days::new(21)).unwrap_or(start);
            let place = format!("Cour d’appel {} — {}", reference::of_place(&court.name), seat);
            out.push((
                row(title, format, Scope::Deconcentrated, start, 1, 25, open, close, &place, Vec::new()),
                Some(c),
            ));
        }
    }
    out
}
