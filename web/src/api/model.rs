//! What the pages read from the API, decoded from GraphQL's camelCase JSON into typed values
//! with the shared enums, so a wrong wire name fails loudly instead of showing nonsense.

use super::json::Decode;

use crate::decoded;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use shared::{
    ApplicationStatus, CostCategory, ExpenseKind, HalfDay, ObservationAuthority, Opinion, PlanStatus, Role, Scope,
    SessionFormat, SessionStatus, ValidationKind, ValidationStatus, WithdrawalReason,
};

decoded! {
    pub struct Court {
        pub id: String = "id",
        pub name: String = "name",
    }
}

decoded! {
    pub struct Named {
        pub id: String = "id",
        pub name: String = "name",
    }
}

decoded! {
    pub struct RoleGrant {
        pub role: Role = "role",
        pub court: Option<Court> = "court",
        pub jurisdiction: Option<Named> = "jurisdiction",
    }
}

decoded! {
    pub struct MagistrateRef {
        pub id: String = "id",
        pub court: Option<Court> = "court",
    }
}

decoded! {
    pub struct Me {
        pub id: String = "id",
        pub display_name: String = "displayName",
        pub roles: Vec<RoleGrant> = "roles",
        pub magistrate: Option<MagistrateRef> = "magistrate",
    }
}

impl Me {
    pub fn has(&self, role: Role) -> bool {
        self.roles.iter().any(|grant| grant.role == role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|role| self.has(*role))
    }

    /// The courts reachable through a court-scoped role (delegate, coordinator, finance, head of court).
    pub fn courts(&self) -> Vec<Court> {
        let mut courts: Vec<Court> = Vec::new();
        for grant in &self.roles {
            if let Some(court) = &grant.court {
                if matches!(
                    grant.role,
                    Role::HeadOfCourt | Role::TrainingDelegate | Role::RegionalCoordinator | Role::FinanceOfficer
                ) && !courts.iter().any(|c| c.id == court.id)
                {
                    courts.push(court.clone());
                }
            }
        }
        courts
    }

    pub fn is_national(&self) -> bool {
        self.has_any(&[Role::SchoolOfficer, Role::Director, Role::Ministry, Role::Admin])
    }
}

decoded! {
    pub struct Session {
        pub id: String = "id",
        pub code: String = "code",
        pub title: String = "title",
        pub description: Option<String> = "description",
        pub format: SessionFormat = "format",
        pub scope: Scope = "scope",
        pub courts: Vec<Court> = "courts",
        pub start_date: NaiveDate = "startDate",
        pub end_date: NaiveDate = "endDate",
        pub duration_days: f64 = "durationDays",
        pub location: Option<String> = "location",
        pub capacity: i64 = "capacity",
        pub seats_taken: i64 = "seatsTaken",
        pub seats_left: i64 = "seatsLeft",
        pub waitlist_length: i64 = "waitlistLength",
        pub applications_open: NaiveDate = "applicationsOpen",
        pub applications_close: NaiveDate = "applicationsClose",
        pub open_for_applications: bool = "openForApplications",
        pub status: SessionStatus = "status",
        pub target_functions: Vec<String> = "targetFunctions",
    }
}

/// The fields of [`Session`] every list asks for.
#[macro_export]
macro_rules! session_fields {
    () => {
        "id code title description format scope courts { id name } startDate endDate \
    durationDays location capacity seatsTaken seatsLeft waitlistLength applicationsOpen applicationsClose \
    openForApplications status targetFunctions"
    };
}

decoded! {
    pub struct PageInfo {
        pub has_next_page: bool = "hasNextPage",
        pub end_cursor: Option<String> = "endCursor",
    }
}

/// A page of a cursor connection: its nodes, the next cursor and the total.
#[derive(Debug, Clone, PartialEq)]
pub struct Connection<T> {
    pub nodes: Vec<T>,
    pub page_info: PageInfo,
    pub total_count: i64,
}

impl<T: Decode> Decode for Connection<T> {
    fn decode(value: Option<&Value>) -> Option<Self> {
        let object = value?.as_object()?;
        let nodes =
            object.get("edges")?.as_array()?.iter().map(|edge| T::decode(edge.get("node"))).collect::<Option<_>>()?;
        Some(Self {
            nodes,
            page_info: PageInfo::decode(object.get("pageInfo"))?,
            total_count: i64::decode(object.get("totalCount"))?,
        })
    }
}

decoded! {
    pub struct Person {
        pub id: String = "id",
        pub display_name: String = "displayName",
    }
}

decoded! {
    pub struct Observation {
        pub authority: ObservationAuthority = "authority",
        pub opinion: Opinion = "opinion",
        pub comment: Option<String> = "comment",
        pub author: Option<Person> = "author",
    }
}

decoded! {
    pub struct Withdrawal {
        pub reason: WithdrawalReason = "reason",
        pub details: String = "details",
        pub withdrawn_at: DateTime<Utc> = "withdrawnAt",
        pub serious: Option<bool> = "serious",
        pub head_of_court_notified: bool = "headOfCourtNotified",
    }
}

decoded! {
    pub struct Magistrate {
        pub id: String = "id",
        pub display_name: String = "displayName",
        pub function_title: String = "functionTitle",
        pub function_new: bool = "functionNew",
        pub court: Option<Court> = "court",
        pub jurisdiction: Option<Named> = "jurisdiction",
    }
}

/// The fields of [`Magistrate`] lists ask for.
#[macro_export]
macro_rules! magistrate_fields {
    () => {
        "id displayName functionTitle functionNew court { id name } jurisdiction { id name }"
    };
}

decoded! {
    pub struct Application {
        pub id: String = "id",
        pub year: i32 = "year",
        pub rank: i64 = "rank",
        pub motivation: Option<String> = "motivation",
        pub status: ApplicationStatus = "status",
        pub observations: Vec<Observation> = "observations",
        pub confirmation_due_date: Option<NaiveDate> = "confirmationDueDate",
        pub waitlist_position: Option<i64> = "waitlistPosition",
        pub withdrawal: Option<Withdrawal> = "withdrawal",
        pub session: Option<Session> = "session",
        pub magistrate: Option<Magistrate> = "magistrate",
        pub created_at: DateTime<Utc> = "createdAt",
    }
}

decoded! {
    pub struct Notification {
        pub id: String = "id",
        pub title: String = "title",
        pub body: String = "body",
        pub session_id: Option<String> = "sessionId",
        pub created_at: DateTime<Utc> = "createdAt",
        pub read: bool = "read",
    }
}

decoded! {
    pub struct Obligation {
        pub article: String = "article",
        pub label: String = "label",
        pub required_days: f64 = "requiredDays",
        pub counted_days: f64 = "countedDays",
        pub shortfall_days: f64 = "shortfallDays",
        pub met: bool = "met",
    }
}

decoded! {
    pub struct SheetEntry {
        pub application_id: String = "applicationId",
        pub session: Session = "session",
        pub status: ApplicationStatus = "status",
        pub days: f64 = "days",
    }
}

decoded! {
    pub struct ValidationRequest {
        pub id: String = "id",
        pub kind: ValidationKind = "kind",
        pub title: String = "title",
        pub description: Option<String> = "description",
        pub year: i32 = "year",
        pub days_requested: f64 = "daysRequested",
        pub status: ValidationStatus = "status",
        pub days_credited: Option<f64> = "daysCredited",
        pub comment: Option<String> = "comment",
        pub created_at: DateTime<Utc> = "createdAt",
    }
}

#[macro_export]
macro_rules! validation_fields {
    () => {
        "id kind title description year daysRequested status daysCredited comment createdAt"
    };
}

decoded! {
    pub struct TrainingSheet {
        pub year: i32 = "year",
        pub requested: Vec<SheetEntry> = "requested",
        pub accepted: Vec<SheetEntry> = "accepted",
        pub refused: Vec<SheetEntry> = "refused",
        pub attended: Vec<SheetEntry> = "attended",
        pub withdrawn: Vec<SheetEntry> = "withdrawn",
        pub deconcentrated: Vec<SheetEntry> = "deconcentrated",
        pub validated_activities: Vec<ValidationRequest> = "validatedActivities",
        pub days_counted: f64 = "daysCounted",
        pub obligations: Vec<Obligation> = "obligations",
        pub shortfall_days: f64 = "shortfallDays",
        pub compliant: bool = "compliant",
    }
}

decoded! {
    pub struct Amounts {
        pub committed_cents: i64 = "committedCents",
        pub paid_cents: i64 = "paidCents",
        pub consumed_cents: i64 = "consumedCents",
    }
}

decoded! {
    pub struct Expense {
        pub id: String = "id",
        pub kind: ExpenseKind = "kind",
        pub category: CostCategory = "category",
        pub amount_cents: i64 = "amountCents",
        pub date: NaiveDate = "date",
        pub label: String = "label",
        pub forced: bool = "forced",
    }
}

decoded! {
    pub struct CourtBudget {
        pub court: Court = "court",
        pub year: i32 = "year",
        pub allocated_cents: i64 = "allocatedCents",
        pub committed_cents: i64 = "committedCents",
        pub paid_cents: i64 = "paidCents",
        pub consumed_cents: i64 = "consumedCents",
        pub remaining_cents: i64 = "remainingCents",
        pub forecast_cents: i64 = "forecastCents",
        pub by_category: Vec<CategoryBudget> = "byCategory",
        pub monthly: Vec<MonthBudget> = "monthly",
        pub expenses: Vec<Expense> = "expenses",
    }
}

#[macro_export]
macro_rules! court_budget_fields {
    () => {
        "court { id name } year allocatedCents committedCents paidCents consumedCents \
    remainingCents forecastCents byCategory { category plannedCents spent { committedCents paidCents consumedCents } } \
    monthly { month spent { committedCents paidCents consumedCents } cumulativeConsumedCents } \
    expenses { id kind category amountCents date label forced }"
    };
}

decoded! {
    pub struct CategoryBudget {
        pub category: CostCategory = "category",
        pub planned_cents: i64 = "plannedCents",
        pub spent: Amounts = "spent",
    }
}

decoded! {
    pub struct MonthBudget {
        pub month: String = "month",
        pub spent: Amounts = "spent",
        pub cumulative_consumed_cents: i64 = "cumulativeConsumedCents",
    }
}

decoded! {
    pub struct CostLine {
        pub category: CostCategory = "category",
        pub amount_cents: i64 = "amountCents",
    }
}

decoded! {
    pub struct PlanAction {
        pub id: String = "id",
        pub title: String = "title",
        pub format: SessionFormat = "format",
        pub planned_start: NaiveDate = "plannedStart",
        pub planned_end: NaiveDate = "plannedEnd",
        pub expected_participants: i64 = "expectedParticipants",
        pub priority: Option<i64> = "priority",
        pub cost_lines: Vec<CostLine> = "costLines",
        pub planned_cents: i64 = "plannedCents",
    }
}

decoded! {
    pub struct Plan {
        pub id: String = "id",
        pub year: i32 = "year",
        pub status: PlanStatus = "status",
        pub actions: Vec<PlanAction> = "actions",
        pub planned_cents: i64 = "plannedCents",
        pub adopted_by: Vec<Person> = "adoptedBy",
        pub evaluation_comment: Option<String> = "evaluationComment",
    }
}

#[macro_export]
macro_rules! plan_fields {
    () => {
        "id year status plannedCents evaluationComment adoptedBy { id displayName } \
    actions { id title format plannedStart plannedEnd expectedParticipants priority plannedCents \
    costLines { category amountCents } }"
    };
}

decoded! {
    pub struct AttendanceRecord {
        pub application_id: String = "applicationId",
        pub date: NaiveDate = "date",
        pub half_day: HalfDay = "halfDay",
        pub present: bool = "present",
    }
}
