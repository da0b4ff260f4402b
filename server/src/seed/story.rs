//! The demo tells a year in progress (issue 15), written through the services as the people
//! themselves would have done it, so that every rule holds and every step has its audit row:
//! credits reserved for every court this year (art. 139) with commitments and payments spread over
//! the months gone by; a national action of next year's programme with its requests and the heads'
//! observations (art. 130), waiting for the director's selection (art. 131); and in Lyon, the
//! magistrates' needs and a costed plan adopted by one head of court, waiting for the other (art. 137);
//! the trainers' directory and a programme proposed to the director of the School (art. 132).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::values::Rank;
use shared::{CostCategory, ExpenseKind, Opinion, Scope, SessionFormat, SessionStatus};

use crate::auth::CurrentUser;
use crate::entities::{court, magistrate, session, user};
use crate::error::AppResult;
use crate::events::Events;
use crate::services::budget::{self, ExpenseDraft};
use crate::services::plans::{self, ActionDraft};
use crate::services::wish_writer::WishWriter;
use crate::services::{applications, review, Env};

use super::DEMO_COURT;

/// The School's mailbox in the demo story's calendar invitations.
const DEMO_ORGANIZER: &str = "Formation continue <formation-continue@enm.justice.fr>";

/// What the story wrote, for the seed's report.
#[derive(Debug, Default)]
pub struct Story {
    pub courts_funded: usize,
    pub entries: usize,
    pub requests: usize,
    pub observations: usize,
    pub plan_actions: usize,
    pub trainers: usize,
    pub programme_sequences: usize,
}

/// A refusal of a service, as the seed reports it.
pub(super) trait Told<T> {
    fn told(self) -> anyhow::Result<T>;
}

impl<T> Told<T> for AppResult<T> {
    fn told(self) -> anyhow::Result<T> {
        self.map_err(|e| anyhow::anyhow!("demo story: {e:?}"))
    }
}

/// The people of the story, loaded as the server would load them at login.
struct Cast {
    director: CurrentUser,
    delegate: CurrentUser,
    evaluator: CurrentUser,
    first_president: CurrentUser,
    prosecutor_general: CurrentUser,
    finance: CurrentUser,
}

async fn person(db: &DatabaseConnection, email: &str) -> anyhow::Result<CurrentUser> {
    let row = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {email} is missing"))?;
    CurrentUser::load(db, row.id).await.told()?.ok_or_else(|| anyhow::anyhow!("demo account {email} cannot log in"))
}

/// Writes the story of the year of `now`, as of `now`.
pub async fn tell(db: &DatabaseConnection, now: DateTime<Utc>) -> anyhow::Result<Story> {
    let year = now.year();
    let cast = Cast {
        director: person(db, "directeur@demo.magistra.fr").await?,
        delegate: person(db, "delegue@demo.magistra.fr").await?,
        evaluator: person(db, "chef-juridiction@demo.magistra.fr").await?,
        first_president: person(db, "chef-cour@demo.magistra.fr").await?,
        prosecutor_general: person(db, "chef-cour-parquet@demo.magistra.fr").await?,
        finance: person(db, "finances@demo.magistra.fr").await?,
    };
    let events = Events::new(None);
    let env = |user| Env { db, user, now, events: &events, organizer: DEMO_ORGANIZER };
    let mut story = Story::default();
    credits_and_spending(db, &env(&cast.director), &env(&cast.finance), year, now.date_naive(), &mut story).await?;
    let scene = Scene { db, cast: &cast, events: &events, now };
    scene.national_requests(year + 1, &mut story).await?;
    scene.lyon_plan(year + 1, &mut story).await?;
    let school = person(db, "ecole@demo.magistra.fr").await?;
    let coordinator = person(db, "coordinateur@demo.magistra.fr").await?;
    let written =
        super::trainers::tell(&env(&school), &env(&cast.director), &env(&coordinator), &coordinator, year + 1).await?;
    story.trainers = written.trainers;
    story.programme_sequences = written.sequences;
    Ok(story)
}

/// Every court's credits for the year, and a commitment a month paid the month after, the last
/// two still open.
async fn credits_and_spending(
    db: &DatabaseConnection,
    director: &Env<'_>,
    lyon_finance: &Env<'_>,
    year: i32,
    today: NaiveDate,
    story: &mut Story,
) -> anyhow::Result<()> {
    let courts = court::Entity::find().order_by_asc(court::Column::Id).all(db).await?;
    let board = NaiveDate::from_ymd_opt(year, 1, 15).unwrap_or(today).min(today);
    let last_month = if today.year() > year { 12 } else { today.month().saturating_sub(1) };
    let categories =
        [CostCategory::SpeakerFees, CostCategory::Travel, CostCategory::Accommodation, CostCategory::Catering];
    for (index, court) in courts.iter().enumerate() {
        let credits = 3_000_000 + (index as i64 * 7 % 11) * 250_000;
        budget::reserve_past_credits(director, court.id, year, credits, board).await.told()?;
        story.courts_funded += 1;
        // Lyon's finance officer keeps Lyon's books; the School records the others' for the demo.
        let clerk = if court.name == DEMO_COURT { lyon_finance } else { director };
        for month in 1..=last_month {
            let Some(day) = NaiveDate::from_ymd_opt(year, month, 6) else { continue };
            let amount = credits * (4 + ((index as i64 + i64::from(month)) % 5)) / 100;
            let category = categories[(index + month as usize) % categories.len()];
            let commitment = budget::record_expense(
                clerk,
                ExpenseDraft {
                    court_id: court.id,
                    session_id: None,
                    category,
                    amount_cents: amount,
                    kind: ExpenseKind::Committed,
                    date: day,
                    label: format!("{} — formation de {}", category.label_fr(), shared::dates::month_fr(month)),
                    settles: None,
                    reverses: None,
                    force_reason: None,
                },
            )
            .await
            .told()?;
            story.entries += 1;
            if month + 2 <= last_month {
                let Some(paid_on) = NaiveDate::from_ymd_opt(year, month + 1, 12) else { continue };
                budget::record_expense(
                    clerk,
                    ExpenseDraft {
                        court_id: court.id,
                        session_id: None,
                        category,
                        amount_cents: amount,
                        kind: ExpenseKind::Paid,
                        date: paid_on,
                        label: format!("Paiement — {}", commitment.label),
                        settles: Some(commitment.id),
                        reverses: None,
                        force_reason: None,
                    },
                )
                .await
                .told()?;
                story.entries += 1;
            }
        }
    }
    Ok(())
}

/// Where next year's part of the story happens: the database, the people, as of `now`.
struct Scene<'a> {
    db: &'a DatabaseConnection,
    cast: &'a Cast,
    events: &'a Events,
    now: DateTime<Utc>,
}

impl Scene<'_> {
    fn env<'u>(&'u self, user: &'u CurrentUser) -> Env<'u> {
        Env { db: self.db, user, now: self.now, events: self.events, organizer: DEMO_ORGANIZER }
    }

    async fn lyon(&self) -> anyhow::Result<Option<court::Model>> {
        Ok(court::Entity::find().filter(court::Column::Name.eq(DEMO_COURT)).one(self.db).await?)
    }

    /// Next year's first national session open for applications today: a dozen Lyon magistrates ask
    /// for it, the demo magistrate first, and their evaluator and heads of court give their opinion.
    async fn national_requests(&self, year: i32, story: &mut Story) -> anyhow::Result<()> {
        let (db, cast, now) = (self.db, self.cast, self.now);
        let today = now.date_naive();
        let Some(chosen) = session::Entity::find()
            .filter(session::Column::Year.eq(year))
            .filter(session::Column::Scope.eq(Scope::National))
            .filter(session::Column::Status.eq(SessionStatus::Published))
            .filter(session::Column::Format.eq(SessionFormat::Session))
            .filter(session::Column::ApplicationsOpen.lte(today))
            .filter(session::Column::ApplicationsClose.gte(today))
            .filter(session::Column::TargetFunctions.eq("[]"))
            .order_by_asc(session::Column::StartDate)
            .one(db)
            .await?
        else {
            tracing::info!("demo story: no national session takes applications today; none requested");
            return Ok(());
        };
        let Some(lyon) = self.lyon().await? else { return Ok(()) };
        let demo = person(db, "magistrat@demo.magistra.fr").await?;
        let others: Vec<i64> = magistrate::Entity::find()
            .filter(magistrate::Column::CourtId.eq(lyon.id))
            .filter(magistrate::Column::UserId.ne(demo.id))
            .order_by_asc(magistrate::Column::UserId)
            .limit(11)
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.user_id)
            .collect();
        let writer = WishWriter::start(db.clone());
        let mut requests = Vec::new();
        for user_id in std::iter::once(demo.id).chain(others) {
            let Some(asker) = CurrentUser::load(db, user_id).await.told()? else { continue };
            let env = self.env(&asker);
            let rank = Rank::parse(1).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            match applications::apply(&env, &writer, chosen.id, rank, Some("Au cœur de mes fonctions.".to_owned()))
                .await
            {
                Ok(request) => requests.push(request.id),
                Err(e) => tracing::info!(error = ?e, "demo story: a request was not written"),
            }
        }
        story.requests = requests.len();
        let opinions = [Opinion::Favorable, Opinion::Favorable, Opinion::Reserved, Opinion::Favorable];
        for (n, request) in requests.iter().enumerate() {
            let opinion = opinions[n % opinions.len()];
            for head in [&cast.evaluator, &cast.first_president, &cast.prosecutor_general] {
                let env = self.env(head);
                let comment = (opinion == Opinion::Reserved).then(|| "Service chargé au premier semestre.".to_owned());
                if review::give_observation(&env, *request, opinion, comment).await.is_ok() {
                    story.observations += 1;
                }
            }
        }
        Ok(())
    }

    /// Lyon's needs for next year and its plan: three costed actions, the council's opinion and
    /// order of priority, adopted by the first president, waiting for the prosecutor general.
    async fn lyon_plan(&self, year: i32, story: &mut Story) -> anyhow::Result<()> {
        let Some(lyon) = self.lyon().await? else { return Ok(()) };
        let demo = person(self.db, "magistrat@demo.magistra.fr").await?;
        let env = self.env(&demo);
        for (theme, details) in [
            ("Audition de l’enfant", "Recueillir la parole de l’enfant dans les procédures civiles et pénales."),
            ("Intelligence artificielle et office du juge", "Usages, limites et déontologie."),
        ] {
            plans::submit_need(&env, theme.to_owned(), Some(details.to_owned()), Some(year)).await.told()?;
        }
        let env = self.env(&self.cast.delegate);
        let plan = plans::create(&env, lyon.id, year).await.told()?;
        let date = |m, d| NaiveDate::from_ymd_opt(year, m, d).unwrap_or_default();
        let actions = [
            (
                "Audition de l’enfant",
                SessionFormat::StudyDay,
                date(3, 16),
                30,
                vec![(CostCategory::SpeakerFees, 120_000), (CostCategory::Catering, 45_000)],
            ),
            (
                "Violences intrafamiliales : le traitement en urgence",
                SessionFormat::Workshop,
                date(5, 11),
                20,
                vec![(CostCategory::SpeakerFees, 90_000), (CostCategory::Travel, 60_000)],
            ),
            (
                "Intelligence artificielle et office du juge",
                SessionFormat::StudyDay,
                date(10, 6),
                40,
                vec![
                    (CostCategory::SpeakerFees, 150_000),
                    (CostCategory::RoomHire, 80_000),
                    (CostCategory::Catering, 60_000),
                ],
            ),
        ];
        let mut ids = Vec::new();
        for (title, format, start, participants, cost_lines) in actions {
            let added = plans::add_action(
                &env,
                plan.id,
                ActionDraft {
                    title: title.to_owned(),
                    format,
                    planned_start: start,
                    planned_end: start,
                    expected_participants: participants,
                    cost_lines,
                    other_court_ids: Vec::new(),
                },
            )
            .await
            .told()?;
            ids.push(added.id);
            story.plan_actions += 1;
        }
        ids.reverse();
        let council = plans::CouncilOpinion {
            meeting_date: self.now.date_naive(),
            opinion: "Avis favorable ; le conseil place en tête l’action sur l’intelligence artificielle.".to_owned(),
            order: ids,
        };
        plans::record_council_opinion(&env, plan.id, council).await.told()?;
        plans::adopt(&self.env(&self.cast.first_president), plan.id).await.told()?;
        Ok(())
    }
}
