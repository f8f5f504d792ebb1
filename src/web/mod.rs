//! Request plumbing shared by every area: who is asking, in which language, CSRF-checked forms,
//! page rendering, the outcome of a form (flash and redirect, or the form again with its errors),
//! error pages, static files, pagination.

pub mod assets;
pub mod auth;
pub mod choice;
pub mod csrf;
pub mod csv;
pub mod format;
pub mod forms;
pub mod i18n;
pub mod limiter;
pub mod log_span;
pub mod middleware;
pub mod openapi;
pub mod outcome;
pub mod page;
pub mod pagination;
pub mod ratelimit;
pub mod session_store;
pub mod sliding_window;
pub mod space;
pub mod templates;
pub mod text;
pub mod uploads;
