//! The hosts draft can install into and the scopes an install can have.
//!
//! Host ids are the strings users type (`draft install claude-code`) and the
//! keys of install manifests, so `Display` and `FromStr` are exact inverses
//! and the ids never change once shipped.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An AI coding host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Host {
    /// Anthropic's Claude Code.
    ClaudeCode,
    /// The Cursor editor and `cursor-agent`.
    Cursor,
    /// OpenAI's Codex CLI.
    Codex,
    /// opencode (V1 and V2 configuration shapes).
    Opencode,
    /// GitHub Copilot: the VS Code harness and the Copilot CLI.
    Copilot,
    /// Google's Gemini CLI.
    Gemini,
}

impl Host {
    /// Every host, in the order `draft install --list` shows them.
    pub const ALL: [Self; 6] =
        [Self::ClaudeCode, Self::Cursor, Self::Codex, Self::Opencode, Self::Copilot, Self::Gemini];

    /// The id used on the command line and in manifests.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::ClaudeCode => "claude-code",
            Self::Cursor => "cursor",
            Self::Codex => "codex",
            Self::Opencode => "opencode",
            Self::Copilot => "copilot",
            Self::Gemini => "gemini",
        }
    }

    /// The product name, for messages.
    #[must_use]
    pub fn display_name(self) -> &'static str {
        match self {
            Self::ClaudeCode => "Claude Code",
            Self::Cursor => "Cursor",
            Self::Codex => "Codex CLI",
            Self::Opencode => "opencode",
            Self::Copilot => "GitHub Copilot",
            Self::Gemini => "Gemini CLI",
        }
    }

    /// The scopes this host can be installed in. Every host has both today;
    /// the method exists so a future host with a single scope needs no new API.
    #[must_use]
    pub fn scopes(self) -> &'static [Scope] {
        &[Scope::Project, Scope::Global]
    }

    /// Whether `scope` is one of [`Host::scopes`].
    #[must_use]
    pub fn supports(self, scope: Scope) -> bool {
        self.scopes().contains(&scope)
    }
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A host id that names no host.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown host {given:?}; expected one of: claude-code, cursor, codex, opencode, copilot, gemini")]
pub struct UnknownHost {
    /// The id as given.
    pub given: String,
}

impl FromStr for Host {
    type Err = UnknownHost;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|h| h.id() == s).ok_or_else(|| UnknownHost { given: s.to_owned() })
    }
}

/// Where an install lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Inside one repository; the files are meant to be committed.
    Project,
    /// In the user's home directory, for every repository.
    Global,
}

impl Scope {
    /// `project` or `global`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Project => "project",
            Self::Global => "global",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for host in Host::ALL {
            assert_eq!(host.to_string().parse::<Host>(), Ok(host));
            assert_eq!(serde_json::to_value(host).expect("ser"), serde_json::json!(host.id()));
        }
        assert!("claude".parse::<Host>().is_err());
    }
}
