//! What actions cost (art. 132, 139): the School's yearly scale of speakers' fees; each action's
//! lines (fees, travel, accommodation of speakers and participants), estimated then actual. A
//! deconcentrated action's lines are the court's own entries on its shared dashboard: the
//! estimate a commitment on its credits, the actual a payment that replaces it (the commitment
//! reversed), each refused beyond the credits unless the School forces it. A national action's
//! lines consume the School's national budget, set by the director, by the same conditional
//! updates.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use shared::rules::action_costs::{charged_to, check_amount, check_line, consumption_change, fee_cents};
use shared::{CostBeneficiary, CostCategory, ErrorCode, ExpenseKind, FeeUnit};

use crate::auth::policy::{self, SessionScope};
use crate::db::begin_write;
use crate::entities::{action_cost, application, fee_rate, national_budget, session, trainer};
use crate::error::{AppError, AppResult};
use crate::events::BudgetChanged;

use super::audit::{self, snapshot, Change};
use super::budget::{self, ExpenseDraft};
use super::{lookup, Env};

/// A rate of the scale, as the School writes it.
pub struct FeeRateInput {
    pub label: String,
    pub unit: FeeUnit,
    pub amount_cents: i64,
}

/// Sets a rate of `year`'s scale (the same label again changes its amount).
pub async fn set_fee_rate(env: &Env<'_>, year: i32, input: FeeRateInput) -> AppResult<fee_rate::Model> {
    policy::ensure(policy::can_set_fee_scale(env.user))?;
    check_amount(input.amount_cents, false).map_err(|m| AppError::validation("amountCents", m))?;
    let txn = begin_write(env.db).await?;
    let before = fee_rate::Entity::find()
        .filter(fee_rate::Column::Year.eq(year))
        .filter(fee_rate::Column::Label.eq(input.label.clone()))
        .one(&txn)
        .await?;
    let after = match before.clone() {
        Some(row) => {
            let mut active = row.into_active_model();
            active.unit = Set(input.unit);
            active.amount_cents = Set(input.amount_cents);
            active.set_by = Set(Some(env.user.id));
            active.set_at = Set(env.now);
            active.update(&txn).await?
        }
        None => {
            fee_rate::ActiveModel {
                year: Set(year),
                label: Set(input.label),
                unit: Set(input.unit),
                amount_cents: Set(input.amount_cents),
                set_by: Set(Some(env.user.id)),
                set_at: Set(env.now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    audit::record(
        &txn,
        Change::by(env, "fee_rate.set", "fee_rate", after.id, before.as_ref().and_then(snapshot), snapshot(&after)),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The scale of `year`, by label.
pub async fn fee_scale(env: &Env<'_>, year: i32) -> AppResult<Vec<fee_rate::Model>> {
    policy::ensure(policy::can_read_fee_scale(env.user))?;
    Ok(fee_rate::Entity::find()
        .filter(fee_rate::Column::Year.eq(year))
        .order_by_asc(fee_rate::Column::Label)
        .all(env.db)
        .await?)
}

/// Sets the budget of the School's own actions for `year` (the director), never below what their
/// lines already consume.
pub async fn set_national_budget(env: &Env<'_>, year: i32, amount_cents: i64) -> AppResult<national_budget::Model> {
    policy::ensure(policy::can_set_national_budget(env.user))?;
    if !(0..=budget::MAX_AMOUNT_CENTS).contains(&amount_cents) {
        return Err(AppError::validation("amountCents", "un montant de 0 à 10 M€, en centimes"));
    }
    let txn = begin_write(env.db).await?;
    let before = national_row(&txn, year).await?;
    let after = match before.clone() {
        Some(row) => {
            if amount_cents < row.consumed_cents {
                return Err(AppError::validation(
                    "amountCents",
                    "le budget national ne descend pas sous ce que les actions en consomment déjà",
                ));
            }
            let mut active = row.into_active_model();
            active.allocated_cents = Set(amount_cents);
            active.set_by = Set(Some(env.user.id));
            active.updated_at = Set(env.now);
            active.update(&txn).await?
        }
        None => {
            national_budget::ActiveModel {
                year: Set(year),
                allocated_cents: Set(amount_cents),
                consumed_cents: Set(0),
                set_by: Set(Some(env.user.id)),
                updated_at: Set(env.now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    audit::record(
        &txn,
        Change::by(
            env,
            "national_budget.set",
            "national_budget",
            after.id,
            before.as_ref().and_then(snapshot),
            snapshot(&after),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The national budget of `year`, if the director set it.
pub async fn national_row(db: &impl ConnectionTrait, year: i32) -> AppResult<Option<national_budget::Model>> {
    Ok(national_budget::Entity::find().filter(national_budget::Column::Year.eq(year)).one(db).await?)
}

/// A line as written: a fee from the scale (`fee` with its units) or an estimated amount.
pub struct LineDraft {
    pub category: CostCategory,
    pub beneficiary: CostBeneficiary,
    pub trainer_id: Option<i64>,
    pub magistrate_id: Option<i64>,
    pub label: String,
    pub fee: Option<(i64, i32)>,
    pub estimated_cents: Option<i64>,
    /// The court whose credits carry a deconcentrated action's line (one of its courts).
    pub court_id: Option<i64>,
    /// The School's reason to go beyond the credits or the national budget.
    pub force_reason: Option<String>,
}

/// Adds a line to an action: the estimate is committed on the court's credits, or consumed from
/// the national budget.
pub async fn add_line(env: &Env<'_>, session_id: i64, draft: LineDraft) -> AppResult<action_cost::Model> {
    policy::ensure(draft.force_reason.is_none() || policy::may_force_expense(env.user))?;
    check_line(draft.category, draft.beneficiary).map_err(|m| AppError::validation("category", m))?;
    let txn = begin_write(env.db).await?;
    let session = lookup::session_for_update(&txn, session_id).await?;
    let courts = lookup::session_courts(&txn, session_id).await?;
    policy::ensure(policy::can_cost_action(env.user, &SessionScope { scope: session.scope, court_ids: &courts }))?;
    let court_id =
        charged_to(session.scope, &courts, draft.court_id).map_err(|m| AppError::validation("courtId", m))?;
    // A speaker of the School's directory is named by their entry; a court's local speaker, by the label.
    if let Some(trainer_id) = draft.trainer_id.filter(|_| draft.beneficiary == CostBeneficiary::Speaker) {
        trainer::Entity::find_by_id(trainer_id)
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::validation("trainerId", "cet intervenant n’est pas dans l’annuaire"))?;
    }
    // A participant's line names someone who asked for the action.
    if let Some(magistrate_id) = draft.magistrate_id.filter(|_| draft.beneficiary == CostBeneficiary::Participant) {
        application::Entity::find()
            .filter(application::Column::SessionId.eq(session_id))
            .filter(application::Column::MagistrateId.eq(magistrate_id))
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::validation("magistrateId", "ce magistrat n’a pas demandé à suivre l’action"))?;
    }
    let (estimated, rate_id, units) = match (draft.fee, draft.estimated_cents) {
        (Some((rate_id, units)), None) => {
            let rate =
                fee_rate::Entity::find_by_id(rate_id).one(&txn).await?.filter(|r| r.year == session.year).ok_or_else(
                    || AppError::validation("feeRateId", "ce tarif n’est pas au barème de l’année de l’action"),
                )?;
            if draft.category != CostCategory::SpeakerFees {
                return Err(AppError::validation("feeRateId", "le barème fixe les honoraires des intervenants"));
            }
            (
                fee_cents(rate.amount_cents, units).map_err(|m| AppError::validation("units", m))?,
                Some(rate_id),
                Some(units),
            )
        }
        (None, Some(cents)) => {
            check_amount(cents, false).map_err(|m| AppError::validation("estimatedCents", m))?;
            if draft.category == CostCategory::SpeakerFees {
                return Err(AppError::validation("feeRateId", "les honoraires se calculent au barème de l’École"));
            }
            (cents, None, None)
        }
        _ => {
            return Err(AppError::validation(
                "estimatedCents",
                "un tarif du barème avec ses unités, ou un montant estimé",
            ))
        }
    };
    let today = session.today(env.now);
    let commitment_id = match court_id {
        Some(court) => Some(
            budget::post(
                env,
                &txn,
                entry(court, &session, draft.category, estimated, &draft.label, draft.force_reason.clone(), today),
            )
            .await?
            .id,
        ),
        None => {
            consume_national(&txn, session.year, estimated, draft.force_reason.is_some()).await?;
            None
        }
    };
    let line = action_cost::ActiveModel {
        session_id: Set(session_id),
        year: Set(session.year),
        category: Set(draft.category),
        beneficiary: Set(draft.beneficiary),
        trainer_id: Set(draft.trainer_id.filter(|_| draft.beneficiary == CostBeneficiary::Speaker)),
        magistrate_id: Set(draft.magistrate_id.filter(|_| draft.beneficiary == CostBeneficiary::Participant)),
        label: Set(draft.label),
        fee_rate_id: Set(rate_id),
        units: Set(units),
        estimated_cents: Set(estimated),
        actual_cents: Set(None),
        court_id: Set(court_id),
        commitment_id: Set(commitment_id),
        payment_id: Set(None),
        estimated_on: Set(today),
        actual_on: Set(None),
        recorded_by: Set(Some(env.user.id)),
        recorded_at: Set(env.now),
        updated_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, Change::by(env, "cost.estimate", "action_cost", line.id, None, snapshot(&line))).await?;
    txn.commit().await?;
    if let Some(court_id) = court_id {
        env.events.budget_changed(BudgetChanged { court_id, year: session.year }).await;
    }
    Ok(line)
}

/// Records what a line actually cost; it replaces the estimate in what is consumed (on a court:
/// the commitment, or the earlier payment, is reversed and the actual amount paid).
pub async fn record_actual(
    env: &Env<'_>,
    line_id: i64,
    actual_cents: i64,
    force_reason: Option<String>,
) -> AppResult<action_cost::Model> {
    policy::ensure(force_reason.is_none() || policy::may_force_expense(env.user))?;
    check_amount(actual_cents, true).map_err(|m| AppError::validation("actualCents", m))?;
    let txn = begin_write(env.db).await?;
    let before = action_cost::Entity::find_by_id(line_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("Ligne de coût"))?;
    let session = lookup::session_for_update(&txn, before.session_id).await?;
    let courts = lookup::session_courts(&txn, session.id).await?;
    policy::ensure(policy::can_cost_action(env.user, &SessionScope { scope: session.scope, court_ids: &courts }))?;
    let today = session.today(env.now);
    let payment_id = match before.court_id {
        Some(court) => {
            let replaced = before.payment_id.or(before.commitment_id);
            if let Some(previous) = replaced {
                let kind = if before.payment_id.is_some() { ExpenseKind::Paid } else { ExpenseKind::Committed };
                let amount = before.actual_cents.unwrap_or(before.estimated_cents);
                let mut reversal = entry(court, &session, before.category, amount, &before.label, None, today);
                reversal.kind = kind;
                reversal.reverses = Some(previous);
                budget::post(env, &txn, reversal).await?;
            }
            if actual_cents > 0 {
                let mut paid =
                    entry(court, &session, before.category, actual_cents, &before.label, force_reason, today);
                paid.kind = ExpenseKind::Paid;
                Some(budget::post(env, &txn, paid).await?.id)
            } else {
                None
            }
        }
        None => {
            let change = consumption_change(before.estimated_cents, before.actual_cents, actual_cents);
            consume_national(&txn, session.year, change, force_reason.is_some()).await?;
            None
        }
    };
    let mut active = before.clone().into_active_model();
    active.actual_cents = Set(Some(actual_cents));
    active.actual_on = Set(Some(today));
    active.payment_id = Set(payment_id);
    active.updated_at = Set(env.now);
    let after = active.update(&txn).await?;
    audit::record(&txn, Change::by(env, "cost.actual", "action_cost", line_id, snapshot(&before), snapshot(&after)))
        .await?;
    txn.commit().await?;
    if let Some(court_id) = after.court_id {
        env.events.budget_changed(BudgetChanged { court_id, year: session.year }).await;
    }
    Ok(after)
}

/// The lines of an action, oldest first.
pub async fn lines(env: &Env<'_>, session_id: i64) -> AppResult<Vec<action_cost::Model>> {
    let session = lookup::session(env.db, session_id).await?;
    let courts = lookup::session_courts(env.db, session_id).await?;
    policy::ensure(policy::can_read_action_costs(
        env.user,
        &SessionScope { scope: session.scope, court_ids: &courts },
    ))?;
    Ok(action_cost::Entity::find()
        .filter(action_cost::Column::SessionId.eq(session_id))
        .order_by_asc(action_cost::Column::Id)
        .all(env.db)
        .await?)
}

/// The court's entry for a line: on the action, in its category, dated `date` (today where it is held).
fn entry(
    court_id: i64,
    session: &session::Model,
    category: CostCategory,
    amount_cents: i64,
    label: &str,
    force_reason: Option<String>,
    date: chrono::NaiveDate,
) -> ExpenseDraft {
    ExpenseDraft {
        court_id,
        session_id: Some(session.id),
        category,
        amount_cents,
        kind: ExpenseKind::Committed,
        date,
        label: label.to_owned(),
        settles: None,
        reverses: None,
        force_reason,
    }
}

/// Moves the national budget's counter of `year` by `delta`: an increase is refused beyond the
/// budget unless `forced`; none set yet refuses any line.
async fn consume_national(txn: &DatabaseTransaction, year: i32, delta: i64, forced: bool) -> AppResult<()> {
    let Some(row) = national_row(txn, year).await? else {
        return Err(AppError::client(
            ErrorCode::BudgetExceeded,
            format!("Le directeur n’a pas encore fixé le budget national {year} des actions de l’École."),
        ));
    };
    let mut update = national_budget::Entity::update_many()
        .col_expr(national_budget::Column::ConsumedCents, Expr::col(national_budget::Column::ConsumedCents).add(delta))
        .filter(national_budget::Column::Id.eq(row.id));
    if delta > 0 && !forced {
        update = update.filter(
            Expr::col(national_budget::Column::ConsumedCents)
                .add(delta)
                .lte(Expr::col(national_budget::Column::AllocatedCents)),
        );
    }
    if update.exec(txn).await?.rows_affected == 0 {
        return Err(AppError::client(
            ErrorCode::BudgetExceeded,
            "Cette ligne dépasse le budget national restant ; seule l’École peut la forcer, en la motivant.",
        ));
    }
    Ok(())
}
