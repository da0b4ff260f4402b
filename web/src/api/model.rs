//! What the pages read from the API, decoded from GraphQL's camelCase JSON into typed values
//! with the shared enums, so a wrong wire name fails loudly instead of showing nonsense.

use super::json::{Decode, Field};

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
    /// What the person may do across Magistra, as the server decides it (`me.viewerCan`): the
    /// menu and the court pickers are built from it, with no role list of the client's own.
    pub struct Capabilities {
        pub enrol: bool = "enrol",
        pub manage_national_programme: bool = "manageNationalProgramme",
        pub read_national_dashboard: bool = "readNationalDashboard",
        pub decide_validations: bool = "decideValidations",
        pub list_every_validation: bool = "listEveryValidation",
        pub transmit_sheets: bool = "transmitSheets",
        pub run_sweep: bool = "runSweep",
        pub watch_outbox: bool = "watchOutbox",
        pub read_transmitted_sheets: bool = "readTransmittedSheets",
        pub allocate_credits: bool = "allocateCredits",
        pub force_expense: bool = "forceExpense",
        pub review: bool = "review",
        pub administer_people: bool = "administerPeople",
        pub read_allocation_runs: bool = "readAllocationRuns",
        pub run_allocation: bool = "runAllocation",
        pub compliance_courts: Vec<Court> = "complianceCourts",
        pub plan_courts: Vec<Court> = "planCourts",
        pub organised_courts: Vec<Court> = "organisedCourts",
        pub budget_courts: Vec<Court> = "budgetCourts",
        pub expense_courts: Vec<Court> = "expenseCourts",
    }
}

decoded! {
    pub struct Me {
        pub id: String = "id",
        pub display_name: String = "displayName",
        pub roles: Vec<RoleGrant> = "roles",
        pub magistrate: Option<MagistrateRef> = "magistrate",
        pub can: Capabilities = "viewerCan",
        /// Asked for the daily digest of new offers (art. 129).
        pub offers_digest: bool = "offersDigest",
    }
}

impl Me {
    /// Every court the person works on through a court-scoped capability, once each.
    pub fn courts(&self) -> Vec<Court> {
        let c = &self.can;
        let mut courts: Vec<Court> = Vec::new();
        for court in c.plan_courts.iter().chain(&c.organised_courts).chain(&c.budget_courts).chain(&c.compliance_courts)
        {
            if !courts.iter().any(|known| known.id == court.id) {
                courts.push(court.clone());
            }
        }
        courts
    }

    /// Whether the person works on every court (the School, the Ministry): pickers offer all 36.
    pub fn is_national(&self) -> bool {
        self.can.read_national_dashboard || self.can.manage_national_programme
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
        pub onboarding: bool = "onboarding",
        pub year: i32 = "year",
        pub confirmation_due_date: NaiveDate = "confirmationDueDate",
        pub can: SessionCan = "viewerCan",
    }
}

decoded! {
    /// What the person may do with a session, as the server decides it.
    pub struct SessionCan {
        pub apply: bool = "apply",
        pub decide: bool = "decide",
        pub manage: bool = "manage",
        pub cancel: bool = "cancel",
        pub publish: bool = "publish",
        pub view_applicants: bool = "viewApplicants",
        pub record_attendance: bool = "recordAttendance",
        pub close: bool = "close",
        pub read_evaluations: bool = "readEvaluations",
        pub assess_withdrawals: bool = "assessWithdrawals",
        pub issue_attestations: bool = "issueAttestations",
    }
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
    const SELECTION: &'static [Field] = &[
        Field { name: "totalCount", inner: &[] },
        Field { name: "pageInfo", inner: PageInfo::SELECTION },
        Field { name: "edges", inner: &[Field { name: "node", inner: T::SELECTION }] },
    ];

    fn decode(value: Option<&Value>) -> Option<Self> {
        let object = value?.as_object()?;
        let edges = object.get("edges")?.as_array()?;
        let mut nodes = Vec::with_capacity(edges.len());
        for edge in edges {
            nodes.push(T::decode(edge.get("node"))?);
        }
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

decoded! {
    pub struct Application {
        pub id: String = "id",
        pub year: i32 = "year",
        pub rank: i64 = "rank",
        pub motivation: Option<String> = "motivation",
        pub status: ApplicationStatus = "status",
        pub observations: Vec<Observation> = "observations",
        pub confirmation_due_date: Option<NaiveDate> = "confirmationDueDate",
        /// The last day observations may be given (art. 130), and whether they are still awaited.
        pub observation_deadline: Option<NaiveDate> = "observationDeadline",
        pub observations_awaited: bool = "observationsAwaited",
        pub waitlist_position: Option<i64> = "waitlistPosition",
        pub withdrawal: Option<Withdrawal> = "withdrawal",
        pub session: Option<Session> = "session",
        pub magistrate: Option<Magistrate> = "magistrate",
        pub created_at: DateTime<Utc> = "createdAt",
        /// What the person may do with it, when the query asked (`viewerCan`).
        pub can: Option<ApplicationCan> = "viewerCan",
    }
}

decoded! {
    /// What the person may do with an application, as the server decides it.
    pub struct ApplicationCan {
        pub cancel: bool = "cancel",
        pub confirm: bool = "confirm",
        pub withdraw: bool = "withdraw",
        pub evaluate: bool = "evaluate",
    }
}

decoded! {
    pub struct Notification {
        pub id: String = "id",
        pub title: String = "title",
        pub body: String = "body",
        pub page: String = "page",
        pub created_at: DateTime<Utc> = "createdAt",
        pub read: bool = "read",
    }
}

decoded! {
    /// Read by the client's training sheet, which the console leaves to the client.
    #[cfg_attr(feature = "console", allow(dead_code))]
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
    /// Read by the client's training sheet, which the console leaves to the client.
    #[cfg_attr(feature = "console", allow(dead_code))]
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

decoded! {
    /// Read by the client's training sheet, which the console leaves to the client.
    #[cfg_attr(feature = "console", allow(dead_code))]
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
        pub can: BudgetCan = "viewerCan",
    }
}

decoded! {
    /// What the person may do on a court's dashboard, as the server decides it.
    pub struct BudgetCan {
        pub record_expense: bool = "recordExpense",
        pub force_expense: bool = "forceExpense",
        pub allocate_credits: bool = "allocateCredits",
    }
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
        pub retained: Option<bool> = "retained",
        pub retained_cents: Option<i64> = "retainedCents",
        pub evaluation_reason: Option<String> = "evaluationReason",
    }
}

decoded! {
    /// The council's opinion on a plan (art. 137).
    pub struct CouncilOpinion {
        pub meeting_date: NaiveDate = "meetingDate",
        pub opinion: String = "opinion",
    }
}

decoded! {
    /// The next step of a plan and what it lacks, as the server says it.
    pub struct NextStep {
        pub label: Option<String> = "label",
        pub missing: Vec<String> = "missing",
    }
}

decoded! {
    pub struct Plan {
        pub id: String = "id",
        pub year: i32 = "year",
        pub status: PlanStatus = "status",
        pub actions: Vec<PlanAction> = "actions",
        pub planned_cents: i64 = "plannedCents",
        pub evaluation_comment: Option<String> = "evaluationComment",
        pub council: Option<CouncilOpinion> = "councilOpinion",
        pub next_step: NextStep = "nextStep",
        pub can: PlanCan = "viewerCan",
    }
}

decoded! {
    /// What the person may do with a plan, as the server decides it.
    pub struct PlanCan {
        pub edit: bool = "edit",
        pub record_council_opinion: bool = "recordCouncilOpinion",
        pub adopt: bool = "adopt",
        pub submit: bool = "submit",
        pub evaluate: bool = "evaluate",
    }
}

decoded! {
    pub struct AttendanceRecord {
        pub application_id: String = "applicationId",
        pub date: NaiveDate = "date",
        pub half_day: HalfDay = "halfDay",
        pub present: bool = "present",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_selects_its_count_its_next_page_and_its_nodes() {
        assert_eq!(
            super::super::json::document::<Connection<Person>>("query"),
            "query{totalCount pageInfo{hasNextPage endCursor } edges{node{id displayName } } }"
        );
    }
}
