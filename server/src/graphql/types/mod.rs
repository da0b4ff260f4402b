//! API types, separate from the stored rows: each wraps or copies a row and exposes only what
//! the API promises.

pub mod allocation;
pub mod application;
pub mod budget;
pub mod connection;
pub mod costs;
pub mod court;
pub mod notification;
pub mod people;
pub mod permissions;
pub mod person;
pub mod reports;
pub mod session;
pub mod sheet;
pub mod trainer;

pub use application::Application;
pub use court::{Court, Jurisdiction};
pub use notification::{Notification, UndeliveredEmail};
pub use person::{Magistrate, Person, User};
pub use session::Session;
