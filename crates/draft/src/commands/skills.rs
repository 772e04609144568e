//! `draft skills`: lists and prints the workflow skills built into the binary.

use crate::output::{Output, style};
use crate::skills::{self, SkillInfo};
use crate::{EXIT_ERROR, EXIT_OK};
use clap::{Args, Subcommand};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

/// `draft skills`
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
    List {
        /// Print the list as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a skill's SKILL.md.
    Show {
        /// The skill's name (as `draft skills list` shows it).
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Debug, Serialize)]
struct SkillList {
    version: u32,
    skills: Vec<SkillInfo>,
}

pub fn run(_start: &Path, args: &SkillsArgs, out: &mut Output) -> draft_core::Result<u8> {
    match &args.command {
        SkillsCommand::List { json } => {
            let list = skills::all();
            if *json {
                out.json(&SkillList { version: draft_hosts::REPORT_VERSION, skills: list });
                return Ok(EXIT_OK);
            }
            let width = list.iter().map(|s| s.name.len()).max().unwrap_or(0);
            let (b, dim) = (style::BOLD, style::DIM);
            for skill in &list {
                let _ = writeln!(out.stdout, "{b}{:<width$}{b:#}  {}", skill.name, skill.description);
            }
            let _ = writeln!(
                out.stdout,
                "\n{dim}`draft skills show <name>` prints one; `draft install <host>` puts them into an AI host.{dim:#}"
            );
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
                let e = style::ERROR;
                let _ = writeln!(out.stderr, "{e}error{e:#}: no skill {name:?}");
                let dim = style::DIM;
                let _ = writeln!(out.stderr, "  {dim}hint:{dim:#} the skills are: {}", names.join(", "));
                Ok(EXIT_ERROR)
            }
        },
    }
}
