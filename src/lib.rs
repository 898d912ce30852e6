//! promocase: a promotion case kept in Git, compiled into a brief.
//!
//! Data flows one way through the stages, each a module:
//!
//! ```text
//! source     working tree | Git revision  -> Snapshot (path, bytes, blob id)
//! case       Snapshot                     -> Case + diagnostics
//! readiness  Case, as-of date, audience   -> Readiness (pure)
//! report     Readiness, Case              -> status / brief / diff / timeline contexts
//! render     context                      -> Markdown, HTML (Handlebars + SVG), JSON, text
//! ```
//!
//! The binary (`src/main.rs`) is a thin shell over [`cli::main`]; tests drive
//! the library in-process. Only what tests, benches, fuzz targets and
//! examples name is `pub`; the rest is `pub(crate)`, so the compiler reports
//! dead code (`src/layout.rs` counts the `pub` items).

#![warn(unreachable_pub)]

pub mod case;
pub mod cli;
pub mod date;
pub mod diagnostic;
pub(crate) mod error;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod idhash;
pub(crate) mod output;
pub(crate) mod parallel;
pub mod pipeline;
pub mod readiness;
pub mod render;
pub mod report;
pub(crate) mod scaffold;
pub mod schema;
pub mod seal;
pub(crate) mod sorted;
pub mod source;
pub mod yaml;

pub use error::{Error, Result};

#[cfg(test)]
mod layout;

/// The GitHub Actions workflow `promocase init --ci github` writes.
pub(crate) const GITHUB_WORKFLOW: &str = include_str!("../examples/ci/github-actions.yml");
