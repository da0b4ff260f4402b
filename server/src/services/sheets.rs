//! Training sheets (art. 136) and court compliance reports, built in batches: a fixed number of
//! statements per batch of magistrates, whatever the number of lines on each sheet.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::rules::careers::{art_126_period, current, functions_held_in, PostingSpan};
use shared::rules::obligations::{
    counts_toward_art_126_internship, counts_toward_art_126_theory, obligations, relates_to_functions_held, shortfall,
    Career, DaysCounted, ObligationStatus,
};
use shared::rules::sheet::{is_requested, was_attended};
use shared::{Scope, SessionFormat, SheetRecipient, ValidationStatus};

use crate::auth::policy;
use crate::auth::MagistrateProfile;
use crate::entities::{application, magistrate, session, session_court, sheet_transmission, user, validation_request};
use crate::error::{AppError, AppResult};

use super::{lookup, Env};

/// One training on the sheet.
#[derive(Clone)]
pub struct SheetLine {
    pub application: application::Model,
    pub session: session::Model,
}

impl SheetLine {
    pub fn credited_half_days(&self) -> i32 {
        if was_attended(self.application.status) {
            self.application.credited_half_days.unwrap_or(0)
        } else {
            0
        }
    }
}

/// A magistrate's training sheet for a year.
pub struct TrainingSheet {
    pub magistrate: user::Model,
    pub profile: magistrate::Model,
    pub year: i32,
    /// National trainings requested this year, by start date.
    pub national: Vec<SheetLine>,
    /// Deconcentrated trainings of the year, by start date.
    pub deconcentrated: Vec<SheetLine>,
    /// Validation requests of the year (art. 125), whatever their status.
    pub validations: Vec<validation_request::Model>,
    pub days: DaysCounted,
    pub obligations: Vec<ObligationStatus>,
    pub transmissions: Vec<sheet_transmission::Model>,
}

impl TrainingSheet {
    /// The largest shortfall among the obligations, in half-days.
    pub fn shortfall_half_days(&self) -> i32 {
        shortfall(&self.obligations)
    }

    pub fn transmitted_to(&self, recipient: SheetRecipient) -> bool {
        self.transmissions.iter().any(|t| t.recipient == recipient)
    }
}

/// Magistrates per batch, so `IN (…)` lists stay well within both databases' limits.
const BATCH: usize = 500;

/// Builds the sheets of `ids` for `year`, in the order of `ids`; unknown ids are skipped.
pub async fn build(db: &impl ConnectionTrait, ids: &[i64], year: i32) -> AppResult<Vec<TrainingSheet>> {
    build_with(db, ids, year, None).await
}

/// [`build`], for a caller that has already read the careers of `ids` (`careers::histories`).
pub async fn build_with(
    db: &impl ConnectionTrait,
    ids: &[i64],
    year: i32,
    histories: Option<&HashMap<i64, Vec<PostingSpan>>>,
) -> AppResult<Vec<TrainingSheet>> {
    let mut out = Vec::with_capacity(ids.len());
    let mut known = KnownSessions::default();
    for chunk in ids.chunks(BATCH) {
        out.extend(build_batch(db, chunk, year, &mut known, histories).await?);
    }
    Ok(out)
}

/// The sessions read for earlier batches, with the courts of the internships among them: the
/// 9,000 sheets of a national campaign name the same few hundred actions.
#[derive(Default)]
struct KnownSessions {
    sessions: HashMap<i64, session::Model>,
    internship_courts: HashMap<i64, Vec<i64>>,
}

impl KnownSessions {
    /// Reads the sessions of `ids` not read yet, and the courts of those that are internships.
    async fn read(&mut self, db: &impl ConnectionTrait, ids: impl Iterator<Item = i64>) -> AppResult<()> {
        let mut missing: Vec<i64> = ids.filter(|id| !self.sessions.contains_key(id)).collect();
        missing.sort_unstable();
        missing.dedup();
        for chunk in missing.chunks(5_000) {
            let rows = session::Entity::find().filter(session::Column::Id.is_in(chunk.to_vec())).all(db).await?;
            let internships: Vec<i64> =
                rows.iter().filter(|s| s.format == SessionFormat::Internship).map(|s| s.id).collect();
            self.sessions.extend(rows.into_iter().map(|s| (s.id, s)));
            if internships.is_empty() {
                continue;
            }
            let courts = session_court::Entity::find()
                .filter(session_court::Column::SessionId.is_in(internships))
                .all(db)
                .await?;
            for row in courts {
                self.internship_courts.entry(row.session_id).or_default().push(row.court_id);
            }
        }
        Ok(())
    }
}

async fn build_batch(
    db: &impl ConnectionTrait,
    ids: &[i64],
    year: i32,
    known: &mut KnownSessions,
    histories: Option<&HashMap<i64, Vec<PostingSpan>>>,
) -> AppResult<Vec<TrainingSheet>> {
    let ids = ids.to_vec();
    let users: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let profiles: HashMap<i64, magistrate::Model> = magistrate::Entity::find()
        .filter(magistrate::Column::UserId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.user_id, m))
        .collect();
    // Every year up to this one: the sheet shows this year, art. 128, 1° counts since nomination.
    let applications = application::Entity::find()
        .filter(application::Column::MagistrateId.is_in(ids.clone()))
        .filter(application::Column::Year.lte(year))
        .order_by_asc(application::Column::Id)
        .all(db)
        .await?;
    known.read(db, applications.iter().map(|a| a.session_id)).await?;
    let sessions = &known.sessions;
    let validations = validation_request::Entity::find()
        .filter(validation_request::Column::MagistrateId.is_in(ids.clone()))
        .filter(validation_request::Column::Year.lte(year))
        .order_by_asc(validation_request::Column::Id)
        .all(db)
        .await?;
    let transmissions = sheet_transmission::Entity::find()
        .filter(sheet_transmission::Column::MagistrateId.is_in(ids.clone()))
        .filter(sheet_transmission::Column::Year.eq(year))
        .all(db)
        .await?;
    let read;
    let histories = match histories {
        Some(known) => known,
        None => {
            read = super::careers::histories(db, &ids).await?;
            &read
        }
    };
    // The courts of the internships, whose territory art. 126 asks about.
    let internship_courts = &known.internship_courts;
    // Each person's rows, grouped once (a batch holds thousands of applications).
    let mut applications_of: HashMap<i64, Vec<&application::Model>> = HashMap::new();
    for a in applications.iter().filter(|a| is_requested(a.status)) {
        applications_of.entry(a.magistrate_id).or_default().push(a);
    }
    let mut validations_of: HashMap<i64, Vec<&validation_request::Model>> = HashMap::new();
    for v in &validations {
        validations_of.entry(v.magistrate_id).or_default().push(v);
    }
    let mut sheets = Vec::with_capacity(ids.len());
    for id in ids {
        let (Some(user), Some(profile)) = (users.get(&id), profiles.get(&id)) else { continue };
        let lines: Vec<SheetLine> = applications_of
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|a| {
                sessions.get(&a.session_id).map(|s| SheetLine { application: (*a).clone(), session: s.clone() })
            })
            .collect();
        let own_validations: Vec<&validation_request::Model> = validations_of.get(&id).cloned().unwrap_or_default();
        let history = histories.get(&id).map(Vec::as_slice).unwrap_or_default();
        let (taken_up_on, never_held_before) =
            super::careers::present_function(history).unwrap_or((profile.function_since, false));
        let period = art_126_period(taken_up_on);
        let held = functions_held_in(history, year);
        let new_function = NewFunction {
            period,
            function: current(history).map(|p| p.function_id),
            court: profile.court_id,
            internship_courts,
        };
        let days = count_days(profile, year, &new_function, &held, &lines, &own_validations);
        let career = Career {
            appointed_on: profile.appointed_on,
            recruitment: profile.recruitment_path,
            function_taken_up_on: taken_up_on,
            function_never_held_before: never_held_before,
        };
        let (mut national, mut deconcentrated): (Vec<_>, Vec<_>) =
            lines.into_iter().filter(|l| l.application.year == year).partition(|l| l.session.scope == Scope::National);
        national.sort_by_key(|l| (l.session.start_date, l.session.id));
        deconcentrated.sort_by_key(|l| (l.session.start_date, l.session.id));
        sheets.push(TrainingSheet {
            magistrate: user.clone(),
            profile: profile.clone(),
            year,
            national,
            deconcentrated,
            validations: own_validations.iter().filter(|v| v.year == year).map(|v| (*v).clone()).collect(),
            obligations: obligations(&career, year, &days),
            days,
            transmissions: transmissions.iter().filter(|t| t.magistrate_id == id).cloned().collect(),
        });
    }
    Ok(sheets)
}

/// What art. 126 counts against: the twelve months from taking the function up, that function,
/// the court of assignment, and the courts of the internships attended.
struct NewFunction<'a> {
    period: (NaiveDate, NaiveDate),
    function: Option<i64>,
    court: Option<i64>,
    internship_courts: &'a HashMap<i64, Vec<i64>>,
}

/// The days counted toward the obligations of `year` (art. 125, 128: tied to the functions `held`
/// that year), and toward art. 126 within the period of the function taken up (`[start, end)`),
/// whatever the year.
fn count_days(
    profile: &magistrate::Model,
    year: i32,
    new_function: &NewFunction<'_>,
    held: &[i64],
    lines: &[SheetLine],
    validations: &[&validation_request::Model],
) -> DaysCounted {
    let (period_start, period_end) = new_function.period;
    let since = chrono::Datelike::year(&profile.appointed_on);
    let validated = |v: &&&validation_request::Model| v.status == ValidationStatus::Approved;
    let mut days = DaysCounted::default();
    for line in lines {
        let credited = line.credited_half_days();
        if line.application.year >= since {
            days.since_appointment += credited;
        }
        let start = line.session.start_date;
        if period_start <= start && start < period_end {
            if line.session.format == SessionFormat::Internship {
                let courts =
                    new_function.internship_courts.get(&line.session.id).map(Vec::as_slice).unwrap_or_default();
                if counts_toward_art_126_internship(courts, new_function.court) {
                    days.internship += credited;
                }
            } else if line.session.scope == Scope::National
                && counts_toward_art_126_theory(
                    line.session.onboarding,
                    &line.session.target_function_ids(),
                    new_function.function,
                )
            {
                days.school_theory += credited;
            }
        }
        if line.application.year != year {
            continue;
        }
        days.total += credited;
        if relates_to_functions_held(&line.session.target_function_ids(), held) {
            days.tied_to_functions += credited;
        }
    }
    for v in validations.iter().filter(validated) {
        let credited = v.credited_half_days.unwrap_or(0);
        if v.year >= since {
            days.since_appointment += credited;
        }
        if v.year == year {
            days.total += credited;
        }
    }
    days
}

/// One magistrate's sheet, for those allowed to read it (art. 136). The right is decided on the
/// profile (and, for the Ministry, on the transmission) before the sheet is built; a sheet one
/// may not read answers `NOT_FOUND`.
pub async fn sheet(env: &Env<'_>, magistrate_id: i64, year: i32) -> AppResult<TrainingSheet> {
    let profile = lookup::magistrate_profile(env.db, magistrate_id).await?;
    let allowed = policy::can_read_sheet_before_transmission(env.user, magistrate_id, &profile)
        || (policy::reads_transmitted_sheets(env.user)
            && transmitted(env.db, magistrate_id, year, SheetRecipient::Ministry).await?);
    policy::ensure_visible(allowed, "Magistrat")?;
    let built = build(env.db, &[magistrate_id], year).await?;
    for_viewer(env, built).await?.pop().ok_or_else(|| AppError::not_found("Magistrat"))
}

/// The sheets as `env.user` may read them: a withdrawal's reason and details (art. 134) only for
/// those [`policy::can_read_withdrawal`] allows; the withdrawal itself stays on the sheet (art. 136).
pub async fn for_viewer(env: &Env<'_>, mut sheets: Vec<TrainingSheet>) -> AppResult<Vec<TrainingSheet>> {
    let withdrawn = |s: &TrainingSheet| -> Vec<i64> {
        s.national
            .iter()
            .chain(&s.deconcentrated)
            .filter(|l| l.application.withdrawal_reason.is_some())
            .map(|l| l.session.id)
            .collect()
    };
    let session_ids: Vec<i64> = sheets.iter().flat_map(withdrawn).collect();
    if session_ids.is_empty() {
        return Ok(sheets);
    }
    let mut courts: HashMap<i64, Vec<i64>> = HashMap::new();
    for row in
        session_court::Entity::find().filter(session_court::Column::SessionId.is_in(session_ids)).all(env.db).await?
    {
        courts.entry(row.session_id).or_default().push(row.court_id);
    }
    for sheet in &mut sheets {
        let profile = MagistrateProfile::from(&sheet.profile);
        let magistrate_id = sheet.magistrate.id;
        for line in sheet.national.iter_mut().chain(sheet.deconcentrated.iter_mut()) {
            let app = &mut line.application;
            if app.withdrawal_reason.is_none() {
                continue;
            }
            let view = policy::WithdrawalView {
                applicant_id: magistrate_id,
                applicant: &profile,
                session: policy::SessionScope {
                    scope: line.session.scope,
                    court_ids: courts.get(&line.session.id).map(Vec::as_slice).unwrap_or_default(),
                },
                head_of_court_notified: app.head_of_court_notified,
            };
            if !policy::can_read_withdrawal(env.user, &view) {
                app.withdrawal_reason = None;
                app.withdrawal_details = None;
                app.withdrawal_serious = None;
                app.withdrawal_assessed_at = None;
            }
        }
    }
    Ok(sheets)
}

/// Whether the sheet of `magistrate_id` for `year` went to `recipient`.
async fn transmitted(
    db: &impl ConnectionTrait,
    magistrate_id: i64,
    year: i32,
    recipient: SheetRecipient,
) -> AppResult<bool> {
    let found = sheet_transmission::Entity::find()
        .filter(sheet_transmission::Column::MagistrateId.eq(magistrate_id))
        .filter(sheet_transmission::Column::Year.eq(year))
        .filter(sheet_transmission::Column::Recipient.eq(recipient))
        .one(db)
        .await?;
    Ok(found.is_some())
}

/// Every sheet of a court for a year, for its heads, the School and the director (and the
/// Ministry once transmitted, sheet by sheet).
pub async fn court_sheets(env: &Env<'_>, court_id: i64, year: i32) -> AppResult<Vec<TrainingSheet>> {
    policy::ensure(policy::can_read_court_sheets(env.user, court_id))?;
    let ids = court_magistrates(env.db, court_id).await?;
    let sheets = build(env.db, &ids, year).await?;
    let readable = if policy::can_read_compliance(env.user, court_id) {
        sheets
    } else {
        sheets.into_iter().filter(|s| s.transmitted_to(SheetRecipient::Ministry)).collect()
    };
    for_viewer(env, readable).await
}

/// The magistrates of a court, alphabetically.
pub async fn court_magistrates(db: &impl ConnectionTrait, court_id: i64) -> AppResult<Vec<i64>> {
    let ids: Vec<i64> = magistrate::Entity::find()
        .filter(magistrate::Column::CourtId.eq(court_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let mut people = user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?;
    people.sort_by(|a, b| a.search_name.cmp(&b.search_name).then(a.id.cmp(&b.id)));
    Ok(people.into_iter().map(|u| u.id).collect())
}

/// Who in a court is short of an obligation, the largest shortfalls first.
pub async fn compliance(env: &Env<'_>, court_id: i64, year: i32) -> AppResult<(usize, Vec<TrainingSheet>)> {
    policy::ensure(policy::can_read_compliance(env.user, court_id))?;
    let ids = court_magistrates(env.db, court_id).await?;
    let total = ids.len();
    let mut short: Vec<TrainingSheet> =
        build(env.db, &ids, year).await?.into_iter().filter(|s| s.shortfall_half_days() > 0).collect();
    short.sort_by_key(|s| std::cmp::Reverse(s.shortfall_half_days()));
    Ok((total, for_viewer(env, short).await?))
}
