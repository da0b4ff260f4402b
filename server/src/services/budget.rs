//! Credits and expenses of the courts (art. 139): the director reserves credits per court and
//! year; finance officers and delegates commit and pay against them; a commitment beyond what
//! remains is refused unless the School forces it. The running counter in `court_budgets` is moved
//! by conditional updates, so credits hold whatever the concurrency and the number of servers.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::rules::budget::Entry;
use shared::{CostCategory, ErrorCode, ExpenseKind, NotificationKind, Role, Scope};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::{allocation, court, court_budget, expense, session_court};
use crate::error::{AppError, AppResult};
use crate::events::BudgetChanged;

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};
use super::{lookup, Env};

/// Largest single amount: ten million euros.
pub const MAX_AMOUNT_CENTS: i64 = 1_000_000_000;

/// The counter of a court's year, created at zero when missing.
async fn counter(db: &impl ConnectionTrait, court_id: i64, year: i32) -> AppResult<court_budget::Model> {
    let find = || {
        court_budget::Entity::find()
            .filter(court_budget::Column::CourtId.eq(court_id))
            .filter(court_budget::Column::Year.eq(year))
    };
    if let Some(found) = find().one(db).await? {
        return Ok(found);
    }
    court_budget::ActiveModel {
        court_id: Set(court_id),
        year: Set(year),
        allocated_cents: Set(0),
        consumed_cents: Set(0),
        ..Default::default()
    }
    .insert(db)
    .await?;
    find().one(db).await?.ok_or_else(|| AppError::internal("court budget vanished"))
}

/// Reserves (or changes) a court's credits for a year, after the board's opinion (art. 139).
/// Never below what is already consumed.
pub async fn allocate(
    env: &Env<'_>,
    court_id: i64,
    year: i32,
    amount_cents: i64,
    board_opinion_date: chrono::NaiveDate,
) -> AppResult<allocation::Model> {
    if !env.user.has_role(Role::Director) {
        return Err(AppError::forbidden());
    }
    if !(0..=MAX_AMOUNT_CENTS * 10).contains(&amount_cents) {
        return Err(AppError::validation("amountCents", "un montant positif, en centimes"));
    }
    let txn = begin_write(env.db).await?;
    court::Entity::find_by_id(court_id).one(&txn).await?.ok_or_else(|| AppError::not_found("Cour d’appel"))?;
    let before = counter(&txn, court_id, year).await?;
    let moved = court_budget::Entity::update_many()
        .col_expr(court_budget::Column::AllocatedCents, Expr::value(amount_cents))
        .filter(court_budget::Column::Id.eq(before.id))
        .filter(court_budget::Column::ConsumedCents.lte(amount_cents))
        .exec(&txn)
        .await?
        .rows_affected;
    if moved == 0 {
        return Err(AppError::validation(
            "amountCents",
            "les crédits ne peuvent être inférieurs à ce qui est déjà engagé ou payé",
        ));
    }
    let created = allocation::ActiveModel {
        court_id: Set(court_id),
        year: Set(year),
        amount_cents: Set(amount_cents),
        board_opinion_date: Set(board_opinion_date),
        decided_by: Set(Some(env.user.id)),
        decided_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Change::by(env, "credits.allocate", "court_budget", before.id, snapshot(&before), snapshot(&created)),
    )
    .await?;
    let message = Message {
        kind: NotificationKind::CreditsAllocated,
        title: format!("Crédits de formation déconcentrée {year}"),
        body: format!(
            "Le directeur de l’École a arrêté les crédits réservés à la cour pour {year} : {} (art. 139).",
            shared::Money::from_cents(amount_cents).format_fr()
        ),
        session_id: None,
        application_id: None,
    };
    notifications::send_to_role(&txn, Role::TrainingDelegate, Some(court_id), &message, env.now).await?;
    notifications::send_to_role(&txn, Role::FinanceOfficer, Some(court_id), &message, env.now).await?;
    txn.commit().await?;
    env.events.budget_changed(BudgetChanged { court_id, year }).await;
    Ok(created)
}

/// An expense as entered.
pub struct ExpenseDraft {
    pub court_id: i64,
    pub session_id: Option<i64>,
    pub category: CostCategory,
    pub amount_cents: i64,
    pub kind: ExpenseKind,
    pub date: chrono::NaiveDate,
    pub label: String,
    /// The commitment a payment settles.
    pub settles: Option<i64>,
    /// The entry this one reverses (same amount, opposite sign).
    pub reverses: Option<i64>,
    /// The School's reason to commit beyond the credits.
    pub force_reason: Option<String>,
}

/// Records a commitment or a payment (art. 139).
pub async fn record_expense(env: &Env<'_>, draft: ExpenseDraft) -> AppResult<expense::Model> {
    if !policy::can_record_expense(env.user, draft.court_id) {
        return Err(AppError::forbidden());
    }
    if draft.amount_cents <= 0 || draft.amount_cents > MAX_AMOUNT_CENTS {
        return Err(AppError::validation(
            "amountCents",
            "un montant strictement positif, en centimes, de 10 M€ au plus",
        ));
    }
    if draft.force_reason.is_some() && !policy::may_force_expense(env.user) {
        return Err(AppError::forbidden());
    }
    let year = chrono::Datelike::year(&draft.date);
    let txn = begin_write(env.db).await?;
    court::Entity::find_by_id(draft.court_id).one(&txn).await?.ok_or_else(|| AppError::not_found("Cour d’appel"))?;
    if let Some(session_id) = draft.session_id {
        let s = lookup::session(&txn, session_id).await?;
        let courts =
            session_court::Entity::find().filter(session_court::Column::SessionId.eq(session_id)).all(&txn).await?;
        if s.scope != Scope::Deconcentrated || !courts.iter().any(|c| c.court_id == draft.court_id) {
            return Err(AppError::validation("sessionId", "l’action n’est pas une action déconcentrée de cette cour"));
        }
    }
    if draft.reverses.is_some() && draft.settles.is_some() {
        return Err(AppError::validation(
            "reversesExpenseId",
            "une contre-passation reprend l’écriture d’origine telle quelle",
        ));
    }
    let mut amount = draft.amount_cents;
    let mut settles_id = draft.settles;
    if let Some(reversed_id) = draft.reverses {
        let original =
            expense::Entity::find_by_id(reversed_id).one(&txn).await?.ok_or_else(|| AppError::not_found("Écriture"))?;
        if original.court_id != draft.court_id || original.amount_cents < 0 || original.kind != draft.kind {
            return Err(AppError::validation(
                "reversesExpenseId",
                "seule une écriture positive de même nature et de la même cour s’annule",
            ));
        }
        if original.amount_cents != draft.amount_cents {
            return Err(AppError::validation(
                "amountCents",
                "une contre-passation reprend le montant exact de l’écriture",
            ));
        }
        amount = -draft.amount_cents;
        settles_id = original.settles_expense_id;
    }
    if let Some(commitment_id) = draft.settles {
        let commitment = expense::Entity::find_by_id(commitment_id)
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::not_found("Engagement"))?;
        if draft.kind != ExpenseKind::Paid
            || commitment.kind != ExpenseKind::Committed
            || commitment.court_id != draft.court_id
        {
            return Err(AppError::validation("settlesExpenseId", "un paiement solde un engagement de la même cour"));
        }
        let already: i64 = expense::Entity::find()
            .filter(expense::Column::SettlesExpenseId.eq(commitment_id))
            .all(&txn)
            .await?
            .iter()
            .map(|e| e.amount_cents)
            .sum();
        if already + amount > commitment.amount_cents {
            return Err(AppError::validation("amountCents", "le paiement dépasse le reste de l’engagement"));
        }
    }
    let entry = Entry {
        kind: draft.kind,
        amount_cents: amount,
        category: draft.category,
        session_id: draft.session_id,
        settles_commitment: settles_id.is_some(),
        date: draft.date,
    };
    let consumed = entry.consumed_cents();
    let budget = counter(&txn, draft.court_id, year).await?;
    let mut update = court_budget::Entity::update_many()
        .col_expr(court_budget::Column::ConsumedCents, Expr::col(court_budget::Column::ConsumedCents).add(consumed))
        .filter(court_budget::Column::Id.eq(budget.id));
    if consumed > 0 && draft.force_reason.is_none() {
        update = update.filter(
            Expr::col(court_budget::Column::ConsumedCents)
                .add(consumed)
                .lte(Expr::col(court_budget::Column::AllocatedCents)),
        );
    }
    if update.exec(&txn).await?.rows_affected == 0 {
        return Err(AppError::client(
            ErrorCode::BudgetExceeded,
            "Cet engagement dépasse les crédits restants de la cour ; seule l’École peut le forcer, en le motivant.",
        ));
    }
    let created = expense::ActiveModel {
        court_id: Set(draft.court_id),
        year: Set(year),
        session_id: Set(draft.session_id),
        category: Set(draft.category),
        amount_cents: Set(amount),
        kind: Set(draft.kind),
        spent_on: Set(draft.date),
        label: Set(draft.label),
        settles_expense_id: Set(settles_id),
        reverses_expense_id: Set(draft.reverses),
        forced: Set(draft.force_reason.is_some()),
        force_reason: Set(draft.force_reason),
        recorded_by: Set(Some(env.user.id)),
        recorded_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Change::by(
            env,
            if created.forced { "expense.record_forced" } else { "expense.record" },
            "expense",
            created.id,
            None,
            snapshot(&created),
        ),
    )
    .await?;
    txn.commit().await?;
    env.events.budget_changed(BudgetChanged { court_id: draft.court_id, year }).await;
    Ok(created)
}

/// Every entry of a court's year, oldest first.
pub async fn entries(db: &impl ConnectionTrait, court_ids: Vec<i64>, year: i32) -> AppResult<Vec<expense::Model>> {
    Ok(expense::Entity::find()
        .filter(expense::Column::CourtId.is_in(court_ids))
        .filter(expense::Column::Year.eq(year))
        .order_by_asc(expense::Column::Id)
        .all(db)
        .await?)
}

/// The dashboard's view of a stored entry.
pub fn as_entry(e: &expense::Model) -> Entry {
    Entry {
        kind: e.kind,
        amount_cents: e.amount_cents,
        category: e.category,
        session_id: e.session_id,
        settles_commitment: e.settles_expense_id.is_some(),
        date: e.spent_on,
    }
}
