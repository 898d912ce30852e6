//! Rendering: report contexts to bytes (text, Markdown, HTML, JSON, SVG).
//!
//! Renderers are pure: the same context gives the same bytes, whatever the
//! clock, time zone, locale or folder.

pub mod diagnostics;
pub mod style;

pub use style::Style;
