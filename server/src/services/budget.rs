//! Credits and expenses of the courts (art. 139): the director reserves credits per court and
//! year; finance officers and delegates commit and pay against them; a commitment beyond what
//! remains is refused unless the School forces it. The running counter in `court_budgets` is moved
//! by conditional updates, so credits hold whatever the concurrency and the number of servers.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use shared::rules::budget::Entry;
use shared::rules::ledger::{check_reversal, check_settlement, LedgerRefusal, Posted};
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

/// The board of directors' opinion a reservation of credits follows (art. 139).
pub struct BoardOpinion {
    pub date: chrono::NaiveDate,
    /// The reference of its deliberation; absent only for credits reserved before Magistra held
    /// the plans (the demo's history).
    pub reference: Option<String>,
}

/// Reserves (or changes) a court's credits for a year, after the board's opinion (art. 139): the
/// first reservation funds the court's evaluated plan, whose retained actions become sessions
/// ([`super::plan_funding`]). Never below what is already consumed.
pub async fn allocate(
    env: &Env<'_>,
    court_id: i64,
    year: i32,
    amount_cents: i64,
    board: BoardOpinion,
) -> AppResult<allocation::Model> {
    reserve(env, court_id, year, amount_cents, board, true).await
}

/// Credits reserved before Magistra held the plans, as the demo's history records them: no plan
/// to fund, no cycle to follow.
pub(crate) async fn reserve_past_credits(
    env: &Env<'_>,
    court_id: i64,
    year: i32,
    amount_cents: i64,
    board_opinion_date: chrono::NaiveDate,
) -> AppResult<allocation::Model> {
    let board = BoardOpinion { date: board_opinion_date, reference: None };
    reserve(env, court_id, year, amount_cents, board, false).await
}

async fn reserve(
    env: &Env<'_>,
    court_id: i64,
    year: i32,
    amount_cents: i64,
    board: BoardOpinion,
    in_cycle: bool,
) -> AppResult<allocation::Model> {
    policy::ensure(policy::can_allocate_credits(env.user))?;
    if !(0..=MAX_AMOUNT_CENTS * 10).contains(&amount_cents) {
        return Err(AppError::validation("amountCents", "un montant positif, en centimes"));
    }
    let txn = begin_write(env.db).await?;
    court::Entity::find_by_id(court_id).one(&txn).await?.ok_or_else(|| AppError::not_found("Cour d’appel"))?;
    if in_cycle {
        super::plan_funding::on_credits_reserved(env, &txn, court_id, year, board.date).await?;
    }
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
        board_opinion_date: Set(board.date),
        board_reference: Set(board.reference),
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
    policy::ensure(policy::can_record_expense(env.user, draft.court_id))?;
    if draft.amount_cents <= 0 || draft.amount_cents > MAX_AMOUNT_CENTS {
        return Err(AppError::validation(
            "amountCents",
            "un montant strictement positif, en centimes, de 10 M€ au plus",
        ));
    }
    policy::ensure(draft.force_reason.is_none() || policy::may_force_expense(env.user))?;
    let txn = begin_write(env.db).await?;
    let court_id = draft.court_id;
    let created = post(env, &txn, draft).await?;
    txn.commit().await?;
    env.events.budget_changed(BudgetChanged { court_id, year: created.year }).await;
    Ok(created)
}

/// Posts `draft` on its court's credits inside `txn`, its rights already checked: the ledger's
/// rules, the conditional update of the counter (`BUDGET_EXCEEDED` beyond the credits unless
/// forced), the entry and its audit row. The caller commits and tells the dashboards.
pub(crate) async fn post(
    env: &Env<'_>,
    txn: &sea_orm::DatabaseTransaction,
    draft: ExpenseDraft,
) -> AppResult<expense::Model> {
    court::Entity::find_by_id(draft.court_id).one(txn).await?.ok_or_else(|| AppError::not_found("Cour d’appel"))?;
    if draft.reverses.is_some() && draft.settles.is_some() {
        return Err(AppError::validation(
            "reversesExpenseId",
            "une contre-passation reprend l’écriture d’origine telle quelle",
        ));
    }
    // What the entry is charged to: a reversal takes the year, category, session and settled
    // commitment of the entry it cancels, whatever the form says.
    let mut year = chrono::Datelike::year(&draft.date);
    let mut category = draft.category;
    let mut session_id = draft.session_id;
    let mut amount = draft.amount_cents;
    let mut settles_id = draft.settles;
    if let Some(reversed_id) = draft.reverses {
        let (original, ledger) = with_ledger(txn, reversed_id, "Écriture").await?;
        if original.court_id != draft.court_id {
            return Err(AppError::validation("reversesExpenseId", "l’écriture appartient à une autre cour"));
        }
        check_reversal(&ledger, &posted(&original), draft.kind, draft.amount_cents).map_err(
            |refusal| match refusal {
                LedgerRefusal::WrongReversalAmount => AppError::validation("amountCents", refusal.to_string()),
                LedgerRefusal::NotReversible => AppError::validation("reversesExpenseId", refusal.to_string()),
                LedgerRefusal::AlreadyReversed => AppError::client(ErrorCode::Conflict, refusal.to_string()),
                _ => AppError::invalid_transition(refusal.to_string()),
            },
        )?;
        year = original.year;
        category = original.category;
        session_id = original.session_id;
        amount = -original.amount_cents;
        settles_id = original.settles_expense_id;
    }
    if let Some(commitment_id) = draft.settles {
        let (commitment, ledger) = with_ledger(txn, commitment_id, "Engagement").await?;
        if draft.kind != ExpenseKind::Paid || commitment.court_id != draft.court_id {
            return Err(AppError::validation("settlesExpenseId", "un paiement solde un engagement de la même cour"));
        }
        check_settlement(&ledger, &posted(&commitment), amount).map_err(|refusal| match refusal {
            LedgerRefusal::BeyondCommitment => AppError::validation("amountCents", refusal.to_string()),
            _ => AppError::validation("settlesExpenseId", refusal.to_string()),
        })?;
    }
    if let Some(session_id) = session_id {
        let s = lookup::session(txn, session_id).await?;
        let courts =
            session_court::Entity::find().filter(session_court::Column::SessionId.eq(session_id)).all(txn).await?;
        if s.scope != Scope::Deconcentrated || !courts.iter().any(|c| c.court_id == draft.court_id) {
            return Err(AppError::validation("sessionId", "l’action n’est pas une action déconcentrée de cette cour"));
        }
    }
    let entry = Entry {
        kind: draft.kind,
        amount_cents: amount,
        category,
        session_id,
        settles_commitment: settles_id.is_some(),
        date: draft.date,
    };
    let consumed = entry.consumed_cents();
    let budget = counter(txn, draft.court_id, year).await?;
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
    if update.exec(txn).await?.rows_affected == 0 {
        return Err(AppError::client(
            ErrorCode::BudgetExceeded,
            "Cet engagement dépasse les crédits restants de la cour ; seule l’École peut le forcer, en le motivant.",
        ));
    }
    let created = expense::ActiveModel {
        court_id: Set(draft.court_id),
        year: Set(year),
        session_id: Set(session_id),
        category: Set(category),
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
    .insert(txn)
    .await?;
    audit::record(
        txn,
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
    Ok(created)
}

/// An entry and every entry that settles or reverses it, as the ledger rules see them.
async fn with_ledger(db: &impl ConnectionTrait, id: i64, what: &str) -> AppResult<(expense::Model, Vec<Posted>)> {
    // Locked until the transaction ends, so that two reversals or payments of one entry at once
    // are judged one after the other (PostgreSQL; SQLite has one writer at a time).
    let entry =
        expense::Entity::find_by_id(id).lock_exclusive().one(db).await?.ok_or_else(|| AppError::not_found(what))?;
    let related = expense::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(expense::Column::SettlesExpenseId.eq(id))
                .add(expense::Column::ReversesExpenseId.eq(id)),
        )
        .all(db)
        .await?;
    let ledger = std::iter::once(&entry).chain(&related).map(posted).collect();
    Ok((entry, ledger))
}

fn posted(e: &expense::Model) -> Posted {
    Posted {
        id: e.id,
        kind: e.kind,
        amount_cents: e.amount_cents,
        settles: e.settles_expense_id,
        reverses: e.reverses_expense_id,
    }
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
