//! Who may do what on which object: every authorization decision of Magistra, each a named
//! function (DESIGN.md: authorization by role and scope; Title VII for who does what).
//!
//! Services call [`ensure`] (or [`ensure_visible`] for reads of one object) with one of these at
//! the start of each operation, before loading or computing anything expensive; the `viewerCan`
//! fields of the API ask the same functions, so the web client shows only what the server allows.

use shared::rules::{open_to_magistrate, Offer};
use shared::{ObservationAuthority, Role, Scope};

use super::current_user::{CurrentUser, MagistrateProfile};
use crate::error::{AppError, AppResult};

/// Roles that organise a court's deconcentrated programme (art. 137, 140, 142).
pub const COURT_ORGANISERS: &[Role] = &[Role::TrainingDelegate, Role::RegionalCoordinator];

/// `FORBIDDEN` unless `allowed`: for acting on something the caller may see.
pub fn ensure(allowed: bool) -> AppResult<()> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// `NOT_FOUND` unless `allowed`: an object one may not see answers as if it did not exist, so
/// that its existence is not revealed either.
pub fn ensure_visible(allowed: bool, what: &str) -> AppResult<()> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::not_found(what))
    }
}

// ---------------------------------------------------------------------------------------------
// Who someone is

/// The School: its continuing-education service or its director.
pub fn is_school(user: &CurrentUser) -> bool {
    user.has_role(Role::SchoolOfficer) || user.has_role(Role::Director)
}

/// The director of the School (art. 131, 139: decisions, credits, transmissions).
pub fn is_director(user: &CurrentUser) -> bool {
    user.has_role(Role::Director)
}

/// Whether the caller is a magistrate with a profile (who may enrol, art. 130).
pub fn is_magistrate(user: &CurrentUser) -> bool {
    user.magistrate.is_some() && user.has_role(Role::Magistrate)
}

fn organises_all(user: &CurrentUser, court_ids: &[i64]) -> bool {
    !court_ids.is_empty() && court_ids.iter().all(|c| organises_court(user, *c))
}

fn organises_any(user: &CurrentUser, court_ids: &[i64]) -> bool {
    court_ids.iter().any(|c| organises_court(user, *c))
}

/// Organising a court's deconcentrated programme: its delegate or regional coordinator (art. 137, 142).
pub fn organises_court(user: &CurrentUser, court_id: i64) -> bool {
    COURT_ORGANISERS.iter().any(|r| user.has_role_in_court(*r, court_id))
}

/// A head of the court of appeal `court_id` (premier président or procureur général).
pub fn heads_court(user: &CurrentUser, court_id: i64) -> bool {
    user.has_role_in_court(Role::HeadOfCourt, court_id)
}

// ---------------------------------------------------------------------------------------------
// Sessions

/// A session as the policy sees it.
pub struct SessionScope<'a> {
    pub scope: Scope,
    pub court_ids: &'a [i64],
}

/// Creating, editing, publishing, cancelling: the School for the national programme; the
/// School or the delegates and coordinators of every court concerned for a deconcentrated one.
pub fn can_manage_session(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    match session.scope {
        Scope::National => is_school(user),
        Scope::Deconcentrated => is_school(user) || organises_all(user, session.court_ids),
    }
}

/// Seeing a draft: the School, and the organisers of any court of a deconcentrated draft (a
/// regional action is prepared together, art. 142). The programme's listing applies the same
/// rule in SQL (`services::sessions::query_page`); a test checks both on a shared draft.
pub fn can_see_draft(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    is_school(user) || (session.scope == Scope::Deconcentrated && organises_any(user, session.court_ids))
}

/// Applying to a session today: a magistrate to whom it is open (art. 129, 130, 140).
pub fn can_apply(user: &CurrentUser, offer: &Offer<'_>, today: chrono::NaiveDate) -> bool {
    match &user.magistrate {
        Some(profile) => is_magistrate(user) && open_to_magistrate(offer, today, profile.court_id),
        None => false,
    }
}

/// Deciding participation: the director for national sessions (art. 131), the court's delegate
/// or coordinator for deconcentrated ones (art. 140).
pub fn can_decide(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    match session.scope {
        Scope::National => is_director(user),
        Scope::Deconcentrated => organises_any(user, session.court_ids),
    }
}

/// Running and adopting a proposal of the national selection: the director, who decides national
/// participation (art. 131).
pub fn can_run_allocation(user: &CurrentUser) -> bool {
    is_director(user)
}

/// Reading the national selection's proposals, their figures and every magistrate's outcome: the School.
pub fn can_read_allocation_runs(user: &CurrentUser) -> bool {
    is_school(user)
}

/// Reading a magistrate's explanation of a proposal (CRPA L311-3-1): the School, any; the
/// magistrate, their own once the director adopted the proposal (a draft decides nothing).
pub fn can_read_allocation_explanation(user: &CurrentUser, magistrate_id: i64, adopted: bool) -> bool {
    is_school(user) || (user.id == magistrate_id && adopted)
}

/// Closing a deconcentrated session and sending its final list (art. 141): whoever decides it.
pub fn can_close_session(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    session.scope == Scope::Deconcentrated && can_decide(user, session)
}

/// Issuing all of an action's attestations of attendance at once (art. 133): the School, and the
/// organisers of a deconcentrated action.
pub fn can_issue_attestations(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    is_school(user) || (session.scope == Scope::Deconcentrated && organises_any(user, session.court_ids))
}

/// Reading one participant's attestation of attendance: the participant, and whoever issues the
/// action's attestations.
pub fn can_read_attestation(user: &CurrentUser, participant_id: i64, session: &SessionScope<'_>) -> bool {
    user.id == participant_id || can_issue_attestations(user, session)
}

/// Reading a session's applicants: whoever decides, and the School.
pub fn can_view_applicants(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    can_decide(user, session) || is_school(user)
}

/// Assessing a withdrawal (art. 134): the School; for a deconcentrated session, also its organisers.
pub fn can_assess_withdrawal(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    is_school(user) || (session.scope == Scope::Deconcentrated && organises_any(user, session.court_ids))
}

/// Recording attendance (art. 133): the School for national sessions, the court's delegate or
/// coordinator for deconcentrated ones (with the School's help, art. 140).
pub fn can_record_attendance(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    match session.scope {
        Scope::National => user.has_role(Role::SchoolOfficer),
        Scope::Deconcentrated => user.has_role(Role::SchoolOfficer) || organises_any(user, session.court_ids),
    }
}

/// Reading a session's evaluations (art. 135, 140): the School, and the organisers of a
/// deconcentrated session.
pub fn can_read_evaluations(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    is_school(user) || (session.scope == Scope::Deconcentrated && organises_any(user, session.court_ids))
}

// ---------------------------------------------------------------------------------------------
// Applications

/// Acting on one's own wish (cancel, reorder, confirm, withdraw, evaluate): its magistrate only.
pub fn owns_application(user: &CurrentUser, applicant_id: i64) -> bool {
    user.id == applicant_id
}

/// In what capacity `user` may give an observation on a request by the magistrate `applicant_id`
/// (art. 130): as their evaluator, or as head of their court of appeal.
pub fn observation_authority(
    user: &CurrentUser,
    applicant_id: i64,
    applicant: &MagistrateProfile,
) -> Option<ObservationAuthority> {
    if user.id == applicant_id {
        return None;
    }
    if user.has_role(Role::HeadOfJurisdiction) && applicant.evaluator_id == Some(user.id) {
        Some(ObservationAuthority::Evaluator)
    } else if applicant.court_id.is_some_and(|court| heads_court(user, court)) {
        Some(ObservationAuthority::HeadOfCourt)
    } else {
        None
    }
}

/// Listing the requests awaiting observations: evaluators and heads of court (art. 130).
pub fn can_review(user: &CurrentUser) -> bool {
    user.has_role(Role::HeadOfJurisdiction) || user.has_role(Role::HeadOfCourt)
}

/// Whose requests `user` reviews: the magistrates of the courts they head, and those they
/// evaluate (the listing's twin of [`observation_authority`]).
pub struct ReviewReach {
    pub head_courts: Vec<i64>,
    pub evaluator_of: Option<i64>,
}

/// The reach of [`can_review`]'s listing.
pub fn review_reach(user: &CurrentUser) -> ReviewReach {
    ReviewReach {
        head_courts: user.courts_with(&[Role::HeadOfCourt]),
        evaluator_of: user.has_role(Role::HeadOfJurisdiction).then_some(user.id),
    }
}

/// Reading one application: its magistrate, their reviewers, and whoever may see the session's
/// applicants.
pub fn can_read_application(
    user: &CurrentUser,
    applicant_id: i64,
    applicant: &MagistrateProfile,
    session: &SessionScope<'_>,
) -> bool {
    owns_application(user, applicant_id)
        || observation_authority(user, applicant_id, applicant).is_some()
        || can_view_applicants(user, session)
}

/// What is known of an application's withdrawal and who may read its reason, details and
/// assessment.
pub struct WithdrawalView<'a> {
    pub applicant_id: i64,
    pub applicant: &'a MagistrateProfile,
    pub session: SessionScope<'a>,
    /// Whether the School told the head of court of a withdrawal without serious motive.
    pub head_of_court_notified: bool,
}

/// Reading a withdrawal's reason, details and assessment (art. 134): the magistrate, the School
/// and the deciding organisers; the magistrate's head of court only once the School has notified
/// them of a withdrawal without serious motive. Their evaluator never.
pub fn can_read_withdrawal(user: &CurrentUser, w: &WithdrawalView<'_>) -> bool {
    owns_application(user, w.applicant_id)
        || can_assess_withdrawal(user, &w.session)
        || can_decide(user, &w.session)
        || (w.head_of_court_notified && w.applicant.court_id.is_some_and(|court| heads_court(user, court)))
}

// ---------------------------------------------------------------------------------------------
// Training sheets, compliance, transmissions (art. 136)

/// Reading a magistrate's training sheet (art. 136): the magistrate, their evaluator, the heads
/// of their court, the School. The Ministry reads it once transmitted to it
/// ([`reads_transmitted_sheets`]; the service checks the transmission only then).
pub fn can_read_sheet_before_transmission(user: &CurrentUser, magistrate_id: i64, profile: &MagistrateProfile) -> bool {
    user.id == magistrate_id
        || (user.has_role(Role::HeadOfJurisdiction) && profile.evaluator_id == Some(user.id))
        || profile.court_id.is_some_and(|court| heads_court(user, court))
        || is_school(user)
}

/// Whether the Ministry's reading of a sheet hangs on its transmission (to ask only then).
pub fn reads_transmitted_sheets(user: &CurrentUser) -> bool {
    user.has_role(Role::Ministry)
}

/// Reading a magistrate's calendar of confirmed sessions: whoever reads their sheet.
pub fn can_read_calendar(user: &CurrentUser, magistrate_id: i64, profile: &MagistrateProfile) -> bool {
    can_read_sheet_before_transmission(user, magistrate_id, profile)
}

/// Asking for the daily digest of new offers (art. 129): a magistrate, for themself.
pub fn can_ask_offers_digest(user: &CurrentUser) -> bool {
    is_magistrate(user)
}

/// Opening or closing one's own calendar address: a magistrate, for the actions they confirmed.
pub fn can_subscribe_to_own_calendar(user: &CurrentUser) -> bool {
    is_magistrate(user)
}

/// Reading a court's compliance report: its heads of court and the School.
pub fn can_read_compliance(user: &CurrentUser, court_id: i64) -> bool {
    heads_court(user, court_id) || is_school(user)
}

/// Reading every sheet of a court: whoever reads its compliance; the Ministry, of the sheets
/// transmitted to it.
pub fn can_read_court_sheets(user: &CurrentUser, court_id: i64) -> bool {
    can_read_compliance(user, court_id) || reads_transmitted_sheets(user)
}

/// Transmitting the year's sheets (art. 136): the director.
pub fn can_transmit_sheets(user: &CurrentUser) -> bool {
    is_director(user)
}

// ---------------------------------------------------------------------------------------------
// Validations (art. 125)

/// Deciding a validation request: the director.
pub fn can_decide_validation(user: &CurrentUser) -> bool {
    is_director(user)
}

/// Listing everyone's validation requests (others see their own): the School.
pub fn can_list_every_validation(user: &CurrentUser) -> bool {
    is_school(user)
}

// ---------------------------------------------------------------------------------------------
// The deconcentrated cycle and budgets (art. 137–143)

/// Reading a court's named training needs (art. 137): its organisers and the School.
pub fn can_read_needs(user: &CurrentUser, court_id: i64) -> bool {
    organises_court(user, court_id) || is_school(user)
}

/// Opening, drafting and submitting a court's plan: its organisers (art. 137, 139).
pub fn can_draft_plan(user: &CurrentUser, court_id: i64) -> bool {
    organises_court(user, court_id)
}

/// Adopting a court's plan (art. 137: « arrêté par les chefs de cour »): its heads of court.
pub fn can_adopt_plan(user: &CurrentUser, court_id: i64) -> bool {
    heads_court(user, court_id)
}

/// The School's pedagogical and financial evaluation of a plan (art. 139).
pub fn can_evaluate_plan(user: &CurrentUser) -> bool {
    is_school(user)
}

/// Putting a year's programme online, the national one and the deconcentrated plans whose credits
/// are reserved with it (art. 139): the School.
pub fn can_put_programme_online(user: &CurrentUser) -> bool {
    is_school(user)
}

/// Reading a court's plan and budget dashboard (art. 139: shared between the financial services,
/// the School and the delegate): the court's organisers, finance officers and heads, the School
/// and the Ministry (national figures). Not the administrator, who manages people.
pub fn can_read_court_budget(user: &CurrentUser, court_id: i64) -> bool {
    organises_court(user, court_id)
        || user.has_role_in_court(Role::FinanceOfficer, court_id)
        || heads_court(user, court_id)
        || sees_every_court(user)
}

/// Whether `user` sees every court on the national dashboard: the School and the Ministry.
pub fn sees_every_court(user: &CurrentUser) -> bool {
    is_school(user) || user.has_role(Role::Ministry)
}

/// Reserving a court's credits after the board's opinion (art. 139): the director.
pub fn can_allocate_credits(user: &CurrentUser) -> bool {
    is_director(user)
}

/// Recording an expense on a court's credits: its finance officers and organisers (art. 139),
/// and the School, which alone may force a commitment beyond the credits.
pub fn can_record_expense(user: &CurrentUser, court_id: i64) -> bool {
    organises_court(user, court_id) || user.has_role_in_court(Role::FinanceOfficer, court_id) || may_force_expense(user)
}

/// Forcing a commitment beyond the remaining credits: the School.
pub fn may_force_expense(user: &CurrentUser) -> bool {
    is_school(user)
}

// ---------------------------------------------------------------------------------------------
// Trainers, session directors and programmes (art. 132)

/// Keeping the trainers' directory and naming session directors: the School, which gives the
/// national actions through its coordinators, associate teachers and speakers (art. 132).
pub fn can_manage_trainers(user: &CurrentUser) -> bool {
    is_school(user)
}

/// Reading the trainers' directory, contacts included: the School, and a session director, who
/// proposes the list of speakers of their action (art. 132).
pub fn can_read_trainers(user: &CurrentUser, directs_an_action: bool) -> bool {
    is_school(user) || directs_an_action
}

/// Whether `user` is the session director named on an action, `director_user_id` being that
/// director's account.
pub fn directs_session(user: &CurrentUser, director_user_id: Option<i64>) -> bool {
    director_user_id == Some(user.id)
}

/// Writing and proposing an action's programme and speakers: its session director (art. 132),
/// and the School, which prepares the programme of an action with no director named.
pub fn can_prepare_programme(user: &CurrentUser, director_user_id: Option<i64>) -> bool {
    is_school(user) || directs_session(user, director_user_id)
}

/// Validating a programme or sending it back: the director of the School (« le directeur ou son
/// représentant », art. 132; a representative holds the DIRECTOR role by delegation).
pub fn can_review_programme(user: &CurrentUser) -> bool {
    is_director(user)
}

/// Reading an action's programme with its speakers: anyone who sees the published action; before
/// that, those who prepare or validate it, and those who manage the action (a court's organisers
/// for the programme as given of theirs, art. 141).
pub fn can_read_programme_of(
    user: &CurrentUser,
    session: &SessionScope<'_>,
    published: bool,
    director_user_id: Option<i64>,
) -> bool {
    published || can_prepare_programme(user, director_user_id) || can_manage_session(user, session)
}

/// Selecting a magistrate already selected for an action sharing a day, with the reason written:
/// whoever decides the action (art. 131, 140).
pub fn can_override_participant_conflict(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    can_decide(user, session)
}

// ---------------------------------------------------------------------------------------------
// What actions cost (art. 132, 139)

/// Setting the year's scale of speakers' fees: the School.
pub fn can_set_fee_scale(user: &CurrentUser) -> bool {
    is_school(user)
}

/// Reading the scale: the School, and those who cost actions on a court's credits.
pub fn can_read_fee_scale(user: &CurrentUser) -> bool {
    is_school(user)
        || user.has_role(Role::TrainingDelegate)
        || user.has_role(Role::RegionalCoordinator)
        || user.has_role(Role::FinanceOfficer)
}

/// Setting the budget of the School's own actions for a year: the director, as for the courts'
/// credits (art. 139).
pub fn can_set_national_budget(user: &CurrentUser) -> bool {
    is_director(user)
}

/// Reading the national budget's dashboard: those who see every court's (the School, the Ministry).
pub fn can_read_national_budget(user: &CurrentUser) -> bool {
    sees_every_court(user)
}

/// Writing an action's cost lines: the School for a national action; for a deconcentrated one,
/// whoever records expenses on one of its courts' credits (organisers, finance officers, the School).
pub fn can_cost_action(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    match session.scope {
        Scope::National => is_school(user),
        Scope::Deconcentrated => session.court_ids.iter().any(|c| can_record_expense(user, *c)),
    }
}

/// Reading an action's cost lines: those who write them, and those who read its courts' dashboards.
pub fn can_read_action_costs(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    can_cost_action(user, session)
        || sees_every_court(user)
        || session.court_ids.iter().any(|c| can_read_court_budget(user, *c))
}

/// Sending a court's reports — the written yearly execution report to the director of the School
/// (art. 143), the periodic activity report to the heads of the jurisdictions (art. 138): its
/// training delegate or regional coordinator.
pub fn can_send_court_reports(user: &CurrentUser, court_id: i64) -> bool {
    organises_court(user, court_id)
}

/// Reading what a court reported: its organisers, its heads of court and the School.
pub fn can_read_court_reports(user: &CurrentUser, court_id: i64) -> bool {
    organises_court(user, court_id) || heads_court(user, court_id) || is_school(user)
}

// ---------------------------------------------------------------------------------------------
// The School's operations and the directory

/// Running the deadline sweep on demand: the School (not the administrator, who manages people).
pub fn can_run_sweep(user: &CurrentUser) -> bool {
    is_school(user)
}

/// The programme is public: its published actions, dates, places and places left are on the
/// School's internet site (art. 129), for anyone, logged in or not. Nothing personal comes with it.
pub fn can_read_programme(_user: &CurrentUser) -> bool {
    true
}

/// Who sees the e-mails the outbox could not deliver, with their recipients: the School, which
/// sends the convocations (art. 131).
pub fn can_watch_outbox(user: &CurrentUser) -> bool {
    is_school(user)
}

// ---------------------------------------------------------------------------------------------
// People, roles, reference data and the directory (issue 16)

/// Who manages people, their postings and roles, the directory import and the reference data
/// (courts, jurisdictions, functions): the administrator, and nobody else. The administrator reads
/// no training data through this.
pub fn can_administer_people(user: &CurrentUser) -> bool {
    user.has_role(Role::Admin)
}

/// Whether `user` may disable `target`'s account or revoke one of their grants: never their own
/// account, nor their own administrator role, so that the last administrator cannot lock everyone
/// out by mistake.
pub fn may_change_own_access(user: &CurrentUser, target_user_id: i64, role: Option<Role>) -> bool {
    user.id != target_user_id || role.is_some_and(|r| r != Role::Admin)
}

/// Which magistrates `user` may list: `None` for all, or the courts and evaluated people they may see.
pub enum MagistrateReach {
    All,
    Limited { courts: Vec<i64>, evaluator_of: Option<i64> },
}

/// The reach of the magistrate directory for `user`, or `None` when they may not list it. The
/// Ministry reads transmitted sheets and national figures, not the personal directory.
pub fn magistrate_reach(user: &CurrentUser) -> Option<MagistrateReach> {
    if is_school(user) || user.has_role(Role::Admin) {
        return Some(MagistrateReach::All);
    }
    let courts = user.courts_with(&[Role::HeadOfCourt, Role::TrainingDelegate, Role::RegionalCoordinator]);
    let evaluator_of = user.has_role(Role::HeadOfJurisdiction).then_some(user.id);
    if courts.is_empty() && evaluator_of.is_none() {
        None
    } else {
        Some(MagistrateReach::Limited { courts, evaluator_of })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Grant;

    fn person(id: i64, grants: &[(Role, Option<i64>)], court: Option<i64>) -> CurrentUser {
        CurrentUser {
            id,
            email: format!("{id}@test"),
            display_name: format!("Personne {id}"),
            grants: grants
                .iter()
                .map(|(role, court_id)| Grant { role: *role, court_id: *court_id, jurisdiction_id: None })
                .collect(),
            magistrate: court.map(|court_id| MagistrateProfile {
                court_id: Some(court_id),
                jurisdiction_id: Some(1),
                evaluator_id: Some(2),
            }),
            token: None,
        }
    }

    #[test]
    fn the_school_is_its_officers_and_its_director_and_no_one_else() {
        assert!(is_school(&person(1, &[(Role::SchoolOfficer, None)], None)));
        assert!(is_school(&person(1, &[(Role::Director, None)], None)));
        for role in [Role::Admin, Role::Ministry, Role::Magistrate, Role::TrainingDelegate] {
            assert!(!is_school(&person(1, &[(role, Some(1))], None)), "{role}");
        }
    }

    #[test]
    fn a_multi_court_draft_is_seen_by_the_organisers_of_any_of_its_courts_but_managed_only_by_those_of_all() {
        let lyon_delegate = person(5, &[(Role::TrainingDelegate, Some(10))], None);
        let shared = SessionScope { scope: Scope::Deconcentrated, court_ids: &[10, 11] };
        assert!(can_see_draft(&lyon_delegate, &shared));
        assert!(!can_manage_session(&lyon_delegate, &shared));
        let national = SessionScope { scope: Scope::National, court_ids: &[] };
        assert!(!can_see_draft(&lyon_delegate, &national));
    }

    #[test]
    fn art_134_a_withdrawal_reason_reaches_the_head_of_court_only_once_notified_and_never_the_evaluator() {
        let profile = MagistrateProfile { court_id: Some(10), jurisdiction_id: Some(1), evaluator_id: Some(2) };
        let head = person(3, &[(Role::HeadOfCourt, Some(10))], Some(10));
        let evaluator = person(2, &[(Role::HeadOfJurisdiction, None)], Some(10));
        let view = |notified| WithdrawalView {
            applicant_id: 7,
            applicant: &profile,
            session: SessionScope { scope: Scope::National, court_ids: &[] },
            head_of_court_notified: notified,
        };
        assert!(!can_read_withdrawal(&head, &view(false)));
        assert!(can_read_withdrawal(&head, &view(true)));
        assert!(!can_read_withdrawal(&evaluator, &view(true)));
        assert!(can_read_withdrawal(&person(7, &[(Role::Magistrate, None)], Some(10)), &view(false)));
        assert!(can_read_withdrawal(&person(9, &[(Role::SchoolOfficer, None)], None), &view(false)));
    }

    #[test]
    fn the_administrator_manages_people_not_budgets_nor_the_sweep_and_the_ministry_not_the_directory() {
        let admin = person(1, &[(Role::Admin, None)], None);
        assert!(!can_read_court_budget(&admin, 10));
        assert!(!can_run_sweep(&admin));
        assert!(matches!(magistrate_reach(&admin), Some(MagistrateReach::All)));
        let ministry = person(2, &[(Role::Ministry, None)], None);
        assert!(can_read_court_budget(&ministry, 10));
        assert!(magistrate_reach(&ministry).is_none());
        assert!(!can_read_needs(&ministry, 10));
    }
}
