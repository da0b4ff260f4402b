//! Magistra's server: the GraphQL API over the national enrolment cycle of Title VII of the ENM's
//! internal regulations (art. 124–143), its services, notifications and scheduler.

pub mod app;
pub mod auth;
pub mod backup;
pub mod calendar;
pub mod calendar_feed;
#[cfg(feature = "bench-ceiling")]
pub mod ceiling;
pub mod client_address;
pub mod clock;
pub mod db;
pub mod directory_report;
pub mod directory_upload;
pub mod entities;
pub mod error;
pub mod events;
pub mod exports;
pub mod graphql;
pub mod headers;
pub mod http;
pub mod live;
pub mod mail_content;
pub mod mailer;
pub mod metrics;
pub mod rules_page;
pub mod scheduler;
pub mod seed;
pub mod services;
pub mod settings;
pub mod sso;
pub mod state;
pub mod visitor_limit;
pub mod ws;

pub use app::Application;
