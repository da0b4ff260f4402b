//! sea-orm entities: the rows as stored. Never exposed over GraphQL; `graphql::types` has the API
//! types and converts from these.

pub mod allocation;
pub mod allocation_run;
pub mod allocation_run_action;
pub mod allocation_run_wish;
pub mod application;
pub mod attendance;
pub mod audit_log;
pub mod court;
pub mod court_budget;
pub mod directory_import;
pub mod evaluation;
pub mod expense;
pub mod function;
pub mod jurisdiction;
pub mod login_failure;
pub mod magistrate;
pub mod notification;
pub mod observation;
pub mod plan;
pub mod plan_action;
pub mod plan_adoption;
pub mod plan_cost_line;
pub mod plan_council_opinion;
pub mod posting;
pub mod programme_release;
pub mod revoked_token;
pub mod role_assignment;
pub mod selection_seed;
pub mod session;
pub mod session_court;
pub mod sheet_transmission;
pub mod training_need;
pub mod user;
pub mod validation_request;
