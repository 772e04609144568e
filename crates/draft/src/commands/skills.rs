//! `draft skills`: lists and prints the workflow skills built into the binary.

use crate::commands::Ctx;
use crate::output::{Output, style};
use crate::report::{ErrorJson, SkillsJson, Version};
use crate::skills;
use crate::{EXIT_ERROR, EXIT_OK};
use clap::{Args, Subcommand};
use std::fmt::Write as _;

/// List or print the workflow skills built into draft.
///
/// The skills (skills/<name>/SKILL.md in the source tree) are embedded at
/// build time; `draft install <host>` puts them into an AI coding host.
#[derive(Debug, Args)]
pub struct SkillsArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: SkillsCommand,
}

/// `draft skills list|show`
#[derive(Debug, Subcommand)]
pub enum SkillsCommand {
    /// Every skill with its description (when a host loads it).
    List,
    /// Print a skill's SKILL.md.
    Show {
        /// The skill's name (as `draft skills list` shows it).
        #[arg(value_name = "NAME")]
        name: String,
    },
}

pub fn run(ctx: &Ctx, args: &SkillsArgs, out: &mut Output) -> draft_core::Result<u8> {
    match &args.command {
        SkillsCommand::List => {
            let list = skills::all();
            if ctx.json {
                out.json(&SkillsJson { version: Version, skills: list });
                return Ok(EXIT_OK);
            }
            let width = list.iter().map(|s| s.name.len()).max().unwrap_or(0);
            let (b, dim) = (style::BOLD, style::DIM);
            for skill in &list {
                let _ = writeln!(out.stdout, "{b}{:<width$}{b:#}  {}", skill.name, skill.description);
            }
            if !out.quiet {
                let _ = writeln!(
                    out.stdout,
                    "\n{dim}`draft skills show <name>` prints one; `draft install <host>` puts them into an AI host.{dim:#}"
                );
            }
            Ok(EXIT_OK)
        }
        SkillsCommand::Show { name } => match skills::find(name) {
            Some(skill) => {
                out.stdout.push_str(skill.text);
                if !skill.text.ends_with('\n') {
                    out.stdout.push('\n');
                }
                Ok(EXIT_OK)
            }
            None => {
                let names: Vec<String> = skills::all().into_iter().map(|s| s.name).collect();
                if ctx.json {
                    let hint = format!("the skills are: {}", names.join(", "));
                    out.json(&ErrorJson::new("unknown-skill", format!("no skill {name:?}"), Some(hint)));
                    return Ok(EXIT_ERROR);
                }
                let e = style::ERROR;
                let _ = writeln!(out.stderr, "{e}error{e:#}: no skill {name:?}");
                let dim = style::DIM;
                let _ = writeln!(out.stderr, "  {dim}hint:{dim:#} the skills are: {}", names.join(", "));
                Ok(EXIT_ERROR)
            }
        },
    }
}
