//! Who may do what on which object. Each function answers for one kind of action; services call
//! them at the start of each operation (DESIGN.md: authorization by role and scope).

use shared::{ObservationAuthority, Role, Scope};

use super::current_user::{CurrentUser, MagistrateProfile};

/// Roles that see and act on the whole country.
const NATIONAL_STAFF: &[Role] = &[Role::SchoolOfficer, Role::Director, Role::Admin];
/// Roles that organise a court's deconcentrated programme (art. 137, 140, 142).
pub const COURT_ORGANISERS: &[Role] = &[Role::TrainingDelegate, Role::RegionalCoordinator];

/// A session as the policy sees it.
pub struct SessionScope<'a> {
    pub scope: Scope,
    pub court_ids: &'a [i64],
}

fn organises_all(user: &CurrentUser, court_ids: &[i64]) -> bool {
    !court_ids.is_empty() && court_ids.iter().all(|c| COURT_ORGANISERS.iter().any(|r| user.has_role_in_court(*r, *c)))
}

fn organises_any(user: &CurrentUser, court_ids: &[i64]) -> bool {
    court_ids.iter().any(|c| COURT_ORGANISERS.iter().any(|r| user.has_role_in_court(*r, *c)))
}

/// Creating, editing, publishing, cancelling: the School for the national programme; the
/// School or the delegates and coordinators of every court concerned for a deconcentrated one.
pub fn can_manage_session(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    let school = user.has_role(Role::SchoolOfficer) || user.has_role(Role::Director);
    match session.scope {
        Scope::National => school,
        Scope::Deconcentrated => school || organises_all(user, session.court_ids),
    }
}

/// Deciding participation: the director for national sessions (art. 131), the court's delegate
/// or coordinator for deconcentrated ones (art. 140).
pub fn can_decide(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    match session.scope {
        Scope::National => user.has_role(Role::Director),
        Scope::Deconcentrated => organises_any(user, session.court_ids),
    }
}

/// Reading a session's applicants: whoever decides, and the School.
pub fn can_view_applicants(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    can_decide(user, session) || user.has_role(Role::SchoolOfficer) || user.has_role(Role::Director)
}

/// Assessing a withdrawal (art. 134): the School; for a deconcentrated session, also its organisers.
pub fn can_assess_withdrawal(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    user.has_role(Role::SchoolOfficer)
        || user.has_role(Role::Director)
        || (session.scope == Scope::Deconcentrated && organises_any(user, session.court_ids))
}

/// Recording attendance (art. 133): the School for national sessions, the court's delegate or
/// coordinator for deconcentrated ones (with the School's help, art. 140).
pub fn can_record_attendance(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    match session.scope {
        Scope::National => user.has_role(Role::SchoolOfficer),
        Scope::Deconcentrated => user.has_role(Role::SchoolOfficer) || organises_any(user, session.court_ids),
    }
}

/// Reading a session's evaluations (art. 135, 140): the School, the director, and the organisers
/// of a deconcentrated session.
pub fn can_read_evaluations(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    user.has_role(Role::SchoolOfficer)
        || user.has_role(Role::Director)
        || (session.scope == Scope::Deconcentrated && organises_any(user, session.court_ids))
}

/// Reading a magistrate's training sheet (art. 136): the magistrate, their evaluator, the heads of
/// their court, the School and the director; the Ministry once the sheet was transmitted to it.
pub fn can_read_sheet(
    user: &CurrentUser,
    magistrate_id: i64,
    profile: &MagistrateProfile,
    transmitted_to_ministry: bool,
) -> bool {
    user.id == magistrate_id
        || (user.has_role(Role::HeadOfJurisdiction) && profile.evaluator_id == Some(user.id))
        || user.has_role_in_court(Role::HeadOfCourt, profile.court_id)
        || user.has_role(Role::SchoolOfficer)
        || user.has_role(Role::Director)
        || (user.has_role(Role::Ministry) && transmitted_to_ministry)
}

/// Reading a court's compliance report: its heads of court, the School and the director.
pub fn can_read_compliance(user: &CurrentUser, court_id: i64) -> bool {
    user.has_role_in_court(Role::HeadOfCourt, court_id)
        || user.has_role(Role::SchoolOfficer)
        || user.has_role(Role::Director)
}

/// Organising a court's deconcentrated programme: its delegate or regional coordinator (art. 137, 142).
pub fn organises_court(user: &CurrentUser, court_id: i64) -> bool {
    organises_any(user, &[court_id])
}

/// Reading a court's plan, needs and budget dashboard (art. 139: shared between the financial
/// services, the School and the delegate): the court's organisers, finance officers and heads,
/// and national staff and the Ministry.
pub fn can_read_court_budget(user: &CurrentUser, court_id: i64) -> bool {
    organises_court(user, court_id)
        || user.has_role_in_court(Role::FinanceOfficer, court_id)
        || user.has_role_in_court(Role::HeadOfCourt, court_id)
        || NATIONAL_STAFF.iter().any(|r| user.has_role(*r))
        || user.has_role(Role::Ministry)
}

/// Whether `user` sees every court on the national dashboard.
pub fn sees_every_court(user: &CurrentUser) -> bool {
    NATIONAL_STAFF.iter().any(|r| user.has_role(*r)) || user.has_role(Role::Ministry)
}

/// Recording an expense on a court's credits: its finance officers and organisers (art. 139),
/// and the School, which alone may force a commitment beyond the credits.
pub fn can_record_expense(user: &CurrentUser, court_id: i64) -> bool {
    organises_court(user, court_id) || user.has_role_in_court(Role::FinanceOfficer, court_id) || may_force_expense(user)
}

/// Forcing a commitment beyond the remaining credits: the School.
pub fn may_force_expense(user: &CurrentUser) -> bool {
    user.has_role(Role::SchoolOfficer) || user.has_role(Role::Director)
}

/// Seeing drafts: those who may manage the session.
pub fn can_see_draft(user: &CurrentUser, session: &SessionScope<'_>) -> bool {
    can_manage_session(user, session)
}

/// Running the deadline sweep on demand.
pub fn can_run_sweep(user: &CurrentUser) -> bool {
    NATIONAL_STAFF.iter().any(|r| user.has_role(*r))
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
    } else if user.has_role_in_court(Role::HeadOfCourt, applicant.court_id) {
        Some(ObservationAuthority::HeadOfCourt)
    } else {
        None
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
    user.id == applicant_id
        || observation_authority(user, applicant_id, applicant).is_some()
        || can_view_applicants(user, session)
}

/// Which magistrates `user` may list: `None` for all, or the courts and evaluated people they may see.
pub enum MagistrateReach {
    All,
    Limited { courts: Vec<i64>, evaluator_of: Option<i64> },
}

/// The reach of the magistrate directory for `user`, or `None` when they may not list it.
pub fn magistrate_reach(user: &CurrentUser) -> Option<MagistrateReach> {
    if NATIONAL_STAFF.iter().any(|r| user.has_role(*r)) || user.has_role(Role::Ministry) {
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
