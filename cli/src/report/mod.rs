//! Formatters: each renders a [`Report`](crate::findings::Report) to a
//! writer. They know findings and rule metadata, never engines.

pub mod json;
pub mod text;

use std::io::{self, Write};

use crate::findings::Report;

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Grouped by operation, `file:line:column` on every finding.
    Text,
    /// The stable machine interface (DESIGN.md).
    Json,
}

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// ANSI colours (only on a terminal, unless forced).
    pub color: bool,
}

pub fn write(report: &Report, format: Format, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::write(report, style, out),
        Format::Json => json::write(report, out),
    }
}
