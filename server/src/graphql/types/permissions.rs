//! `viewerCan`: what the caller may do with an object, as the policy and the pure rules of its
//! state decide (`auth/policy.rs`, `shared::rules`). The web client shows its buttons from these
//! and keeps no role logic of its own; the server checks the same functions again on the action.

use async_graphql::{Context, SimpleObject};
use shared::rules::plan_cycle::{self, PlanStep};
use shared::rules::{may_confirm, session_started, session_state, transition, Action, Offer};
use shared::{ApplicationStatus, SessionStatus};

use crate::auth::policy::{self, SessionScope, WithdrawalView};
use crate::auth::CurrentUser;
use crate::entities::{application, court, plan, session};
use crate::graphql::context::{signed_in, state};
use crate::graphql::loaders::{load, MagistrateKey, SessionCourtsKey, SessionKey};

use super::Session;

/// What the caller may do with a session.
#[derive(SimpleObject, Default)]
pub struct SessionPermissions {
    /// Apply today (art. 129, 130, 140).
    pub apply: bool,
    /// Decide its applications (art. 131, 140).
    pub decide: bool,
    /// Edit it.
    pub manage: bool,
    /// Cancel it (until its last day).
    pub cancel: bool,
    /// Publish the draft (art. 129).
    pub publish: bool,
    /// Read its applicants.
    pub view_applicants: bool,
    /// Record attendance per half-day (art. 133).
    pub record_attendance: bool,
    /// Close it and send its final list (art. 141).
    pub close: bool,
    /// Read its evaluations (art. 135, 140).
    pub read_evaluations: bool,
    /// Assess withdrawals from it (art. 134).
    pub assess_withdrawals: bool,
    /// Download all of its attestations of attendance at once (art. 133).
    pub issue_attestations: bool,
}

/// The session's courts, through the request's loader.
async fn courts_of(ctx: &Context<'_>, session_id: i64) -> async_graphql::Result<Vec<i64>> {
    Ok(load(ctx, SessionCourtsKey(session_id)).await?.unwrap_or_default())
}

impl SessionPermissions {
    pub async fn of(ctx: &Context<'_>, s: &session::Model) -> async_graphql::Result<Self> {
        let Some(user) = signed_in(ctx) else { return Ok(Self::default()) };
        let courts = courts_of(ctx, s.id).await?;
        let today = s.today(state(ctx)?.clock.now());
        let scope = SessionScope { scope: s.scope, court_ids: &courts };
        let offer = Offer {
            status: s.status,
            scope: s.scope,
            applications_open: s.applications_open,
            applications_close: s.applications_close,
            court_ids: &courts,
        };
        let manages = policy::can_manage_session(user, &scope);
        Ok(Self {
            apply: policy::can_apply(user, &offer, today),
            decide: policy::can_decide(user, &scope) && session_state::takes_decisions(s.status, s.start_date, today),
            manage: manages && session_state::may_edit(s.status),
            cancel: manages && session_state::may_cancel(s.status, s.end_date, today),
            publish: manages && session_state::may_publish(s.status),
            view_applicants: policy::can_view_applicants(user, &scope),
            record_attendance: policy::can_record_attendance(user, &scope) && s.status == SessionStatus::Published,
            close: policy::can_close_session(user, &scope) && session_state::may_close(s.status, s.end_date, today),
            read_evaluations: policy::can_read_evaluations(user, &scope),
            assess_withdrawals: policy::can_assess_withdrawal(user, &scope),
            issue_attestations: policy::can_issue_attestations(user, &scope),
        })
    }
}

/// What the caller may do with an application.
#[derive(SimpleObject, Default)]
pub struct ApplicationPermissions {
    /// Cancel the wish before any decision.
    pub cancel: bool,
    /// Confirm the selection before its due date (art. 131).
    pub confirm: bool,
    /// Withdraw with a motive (art. 134).
    pub withdraw: bool,
    /// Fill the evaluation form (art. 135).
    pub evaluate: bool,
    /// Give an observation (art. 130).
    pub observe: bool,
    /// Decide it (art. 131, 140).
    pub decide: bool,
    /// Assess its withdrawal (art. 134).
    pub assess_withdrawal: bool,
    /// Read its withdrawal's reason, details and assessment (art. 134).
    pub read_withdrawal: bool,
}

impl ApplicationPermissions {
    pub async fn of(ctx: &Context<'_>, a: &application::Model) -> async_graphql::Result<Self> {
        let Some(user) = signed_in(ctx) else { return Ok(Self::default()) };
        let Some(s) = load(ctx, SessionKey(a.session_id)).await? else { return Ok(Self::default()) };
        let Some(profile) = load(ctx, MagistrateKey(a.magistrate_id)).await? else { return Ok(Self::default()) };
        let profile = crate::auth::MagistrateProfile::from(&profile);
        let courts = courts_of(ctx, s.id).await?;
        let today = s.today(state(ctx)?.clock.now());
        let scope = SessionScope { scope: s.scope, court_ids: &courts };
        let own = policy::owns_application(user, a.magistrate_id);
        let allows = |action| transition(a.status, action).is_ok();
        let withdrawal = WithdrawalView {
            applicant_id: a.magistrate_id,
            applicant: &profile,
            session: SessionScope { scope: s.scope, court_ids: &courts },
            head_of_court_notified: a.head_of_court_notified,
        };
        Ok(Self {
            cancel: own && allows(Action::Cancel),
            confirm: own && allows(Action::Confirm) && a.confirmation_due.is_some_and(|due| may_confirm(today, due)),
            withdraw: own && allows(Action::Withdraw) && !session_started(today, s.start_date),
            evaluate: own && session_state::may_evaluate(a.status),
            observe: policy::observation_authority(user, a.magistrate_id, &profile).is_some()
                && session_state::takes_observations(a.status),
            decide: policy::can_decide(user, &scope)
                && session_state::awaits_decision(a.status)
                && session_state::takes_decisions(s.status, s.start_date, today),
            assess_withdrawal: policy::can_assess_withdrawal(user, &scope)
                && a.status == ApplicationStatus::Withdrawn
                && a.withdrawal_assessed_at.is_none(),
            read_withdrawal: policy::can_read_withdrawal(user, &withdrawal),
        })
    }
}

/// What the caller may do on a court's budget dashboard (art. 139).
#[derive(SimpleObject, Default)]
pub struct BudgetPermissions {
    /// Record a commitment or a payment.
    pub record_expense: bool,
    /// Commit beyond the remaining credits, with a reason.
    pub force_expense: bool,
    /// Reserve the court's credits.
    pub allocate_credits: bool,
}

impl BudgetPermissions {
    pub fn of(ctx: &Context<'_>, c: &court::Model) -> Self {
        let Some(user) = signed_in(ctx) else { return Self::default() };
        Self {
            record_expense: policy::can_record_expense(user, c.id),
            force_expense: policy::may_force_expense(user),
            allocate_credits: policy::can_allocate_credits(user),
        }
    }
}

/// What the caller may do with a court's plan (art. 137, 139).
#[derive(SimpleObject, Default)]
pub struct PlanPermissions {
    /// Add actions and set the order of priority, while a draft.
    pub edit: bool,
    /// Record the council's opinion and its order of priority (art. 137).
    pub record_council_opinion: bool,
    /// Adopt it as a head of court, once each.
    pub adopt: bool,
    /// Send the adopted plan to the School.
    pub submit: bool,
    /// Evaluate the submitted plan, for the School.
    pub evaluate: bool,
}

impl PlanPermissions {
    pub fn of(ctx: &Context<'_>, p: &plan::Model, adopted_by: &[i64]) -> Self {
        let Some(user) = signed_in(ctx) else { return Self::default() };
        let at = |step| plan_cycle::check(step, p.status).is_ok();
        let organiser = policy::can_draft_plan(user, p.court_id);
        Self {
            edit: at(PlanStep::Edit) && organiser,
            record_council_opinion: at(PlanStep::RecordCouncilOpinion) && organiser,
            adopt: at(PlanStep::Adopt) && policy::can_adopt_plan(user, p.court_id) && !adopted_by.contains(&user.id),
            submit: at(PlanStep::Submit) && organiser,
            evaluate: at(PlanStep::Evaluate) && policy::can_evaluate_plan(user),
        }
    }
}

/// A session named inside another object (an application, a plan action, a budget line), or
/// `None` when it is a draft the caller may not see: drafts stay hidden through nested fields.
pub async fn nested_session(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Option<Session>> {
    let Some(found) = load(ctx, SessionKey(id)).await? else { return Ok(None) };
    if found.status == SessionStatus::Draft {
        let courts = courts_of(ctx, id).await?;
        let visible = signed_in(ctx)
            .is_some_and(|user| policy::can_see_draft(user, &SessionScope { scope: found.scope, court_ids: &courts }));
        if !visible {
            return Ok(None);
        }
    }
    Ok(Some(Session(found)))
}

/// What the signed-in person may do across Magistra: the menu of the web client is built from
/// this, not from a list of roles of its own.
#[derive(SimpleObject, Default)]
pub struct ViewerCapabilities {
    /// Enrol in the programme with ranked wishes (art. 130).
    pub enrol: bool,
    /// Manage the national programme (the School).
    pub manage_national_programme: bool,
    /// Read the national dashboard of every court (the School, the Ministry).
    pub read_national_dashboard: bool,
    /// Decide validation requests (art. 125).
    pub decide_validations: bool,
    /// Read everyone's validation requests.
    pub list_every_validation: bool,
    /// Transmit the year's training sheets (art. 136).
    pub transmit_sheets: bool,
    /// Run the deadline sweep on demand.
    pub run_sweep: bool,
    /// Follow the e-mails the outbox could not deliver.
    pub watch_outbox: bool,
    /// Read the training sheets transmitted to the Ministry (art. 136), court by court.
    pub read_transmitted_sheets: bool,
    /// Reserve courts' credits (art. 139).
    pub allocate_credits: bool,
    /// Commit beyond a court's credits, with a reason (art. 139).
    pub force_expense: bool,
    /// Give observations on requests (art. 130).
    pub review: bool,
    /// Administer people, their roles and the reference data (the administration console).
    pub administer_people: bool,
    /// Read the national selection's proposals (the School).
    pub read_allocation_runs: bool,
    /// Run and adopt a proposal of the national selection (the director).
    pub run_allocation: bool,
    /// Courts whose compliance the person reads.
    pub compliance_courts: Vec<super::Court>,
    /// Courts whose deconcentrated plan the person drafts, adopts (art. 137) or evaluates (art. 139).
    pub plan_courts: Vec<super::Court>,
    /// Courts whose deconcentrated sessions the person organises (art. 140).
    pub organised_courts: Vec<super::Court>,
    /// Courts whose budget dashboard the person reads (art. 139).
    pub budget_courts: Vec<super::Court>,
    /// Courts on whose credits the person records expenses (art. 139).
    pub expense_courts: Vec<super::Court>,
}

impl ViewerCapabilities {
    pub fn of(user: &CurrentUser, courts: &[court::Model]) -> Self {
        let pick = |allowed: &dyn Fn(i64) -> bool| -> Vec<super::Court> {
            courts.iter().filter(|c| allowed(c.id)).cloned().map(super::Court).collect()
        };
        let national = policy::sees_every_court(user);
        Self {
            enrol: policy::is_magistrate(user),
            manage_national_programme: policy::can_manage_session(
                user,
                &SessionScope { scope: shared::Scope::National, court_ids: &[] },
            ),
            read_national_dashboard: national,
            decide_validations: policy::can_decide_validation(user),
            list_every_validation: policy::can_list_every_validation(user),
            transmit_sheets: policy::can_transmit_sheets(user),
            run_sweep: policy::can_run_sweep(user),
            watch_outbox: policy::can_watch_outbox(user),
            read_transmitted_sheets: policy::reads_transmitted_sheets(user),
            allocate_credits: policy::can_allocate_credits(user),
            force_expense: policy::may_force_expense(user),
            review: policy::can_review(user),
            administer_people: policy::can_administer_people(user),
            read_allocation_runs: policy::can_read_allocation_runs(user),
            run_allocation: policy::can_run_allocation(user),
            compliance_courts: pick(&|c| policy::can_read_compliance(user, c)),
            plan_courts: pick(&|c| {
                policy::can_draft_plan(user, c) || policy::can_adopt_plan(user, c) || policy::can_evaluate_plan(user)
            }),
            organised_courts: pick(&|c| policy::organises_court(user, c)),
            budget_courts: pick(&|c| !national && policy::can_read_court_budget(user, c)),
            expense_courts: pick(&|c| policy::can_record_expense(user, c) && !policy::may_force_expense(user)),
        }
    }
}
