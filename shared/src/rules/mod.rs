//! Pure rules of Title VII: deadlines, windows, the application state machine, attendance and
//! obligations.
//!
//! Every function takes the dates it needs (never reads a clock), so each case is a unit test.

pub mod action_costs;
pub mod allocation;
pub mod attendance;
pub mod budget;
pub mod capacity;
pub mod careers;
pub mod confirmation;
pub mod delivery;
pub mod ledger;
pub mod lifecycle;
pub mod local_time;
pub mod obligations;
pub mod observation_period;
pub mod plan_cycle;
pub mod planning;
pub mod reports;
pub mod roles;
pub mod session_programme;
pub mod session_state;
pub mod sheet;
pub mod window;

pub use capacity::seats_left;
pub use confirmation::{confirmation_due, may_confirm, must_lapse};
pub use lifecycle::{is_live, keeps_wish, transition, Action, TransitionError};
pub use window::{applications_open, open_to_magistrate, session_started, taking_applications, Offer};
