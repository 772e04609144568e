//! Which tool's tree a project carries: Draft's `draft/` or Conductor's
//! `conductor/`. The two map onto one model; the layout only decides the
//! directory name and the vocabulary written back (see [`crate::derive`]).

use serde::Serialize;

/// Which tool's tree the project carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// `draft/`
    Draft,
    /// `conductor/`
    Conductor,
}

impl Layout {
    /// The context directory's name.
    #[must_use]
    pub fn dir_name(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Conductor => "conductor",
        }
    }

    /// Parse `draft` or `conductor` (as written in config or on the command line).
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "draft" => Some(Self::Draft),
            "conductor" => Some(Self::Conductor),
            _ => None,
        }
    }

    /// The other layout.
    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Self::Draft => Self::Conductor,
            Self::Conductor => Self::Draft,
        }
    }
}
