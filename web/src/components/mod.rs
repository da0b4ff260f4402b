//! Parts shared by the pages: the frame around every screen, loading/empty/error states, charts.

pub mod charts;
pub mod court_picker;
pub mod date_field;
pub mod exports;
pub mod focus;
pub mod layout;
pub mod mutation;
pub mod state;
