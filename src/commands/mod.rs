//! One module per subcommand, and the context they share: where the config and database
//! are, whether to be quiet, whether to colour, where results go.

pub mod completions;
pub mod costs;
pub mod demo;
pub mod doctor;
pub mod export;
pub mod fetch;
pub mod history;
pub mod init;
pub mod report;
pub mod tags;
pub mod trends;
pub mod videos;

use crate::config::{CONFIG_FILE_NAME, Config, DB_FILE_NAME};
use crate::store::Store;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Settings every command may need, from global flags and the environment.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    pub config_flag: Option<PathBuf>,
    pub db_flag: Option<PathBuf>,
    pub quiet: bool,
    /// Colour in tables: stdout is a terminal and `NO_COLOR` is unset.
    pub color: bool,
    /// Progress bars: stderr is a terminal and not quiet.
    pub progress: bool,
}

/// The platform folders (XDG on Linux) where a config and database may live.
pub fn platform_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("dev", "scavio", "tracker")
}

/// Where a config was found, in search order.
pub fn config_candidates() -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from(CONFIG_FILE_NAME)];
    if let Some(dirs) = platform_dirs() {
        out.push(dirs.config_dir().join(CONFIG_FILE_NAME));
    }
    out
}

impl Ctx {
    /// The config file in use: `--config`, else the first that exists of
    /// `./hashtags.toml` and the platform config folder.
    pub fn config_path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.config_flag {
            return Ok(p.clone());
        }
        let candidates = config_candidates();
        if let Some(found) = candidates.iter().find(|p| p.is_file()) {
            return Ok(found.clone());
        }
        let looked: Vec<String> = candidates
            .iter()
            .map(|p| format!("'{}'", p.display()))
            .collect();
        bail!(
            "no config file found (looked in {}); create one with `tracker init` or pass --config FILE",
            looked.join(" and ")
        )
    }

    pub fn config(&self) -> Result<Config> {
        let mut config = Config::load(&self.config_path()?)?;
        config.apply_env()?;
        Ok(config)
    }

    /// The database in use: `--db`, else the config's, else one in the platform data folder.
    pub fn db_path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.db_flag {
            return Ok(p.clone());
        }
        match self.config() {
            Ok(c) => Ok(c.db_path),
            Err(e) => {
                if let Some(dirs) = platform_dirs() {
                    let p = dirs.data_dir().join(DB_FILE_NAME);
                    if p.is_file() && self.config_flag.is_none() {
                        return Ok(p);
                    }
                }
                Err(e.context("cannot tell which database to use (pass --db FILE)"))
            }
        }
    }

    /// Opens the existing database for reading commands.
    pub fn open_db(&self) -> Result<Store> {
        Store::open_existing(&self.db_path()?)
    }

    /// Writes a result to `output` (a file; `-` or none is stdout).
    pub fn emit(&self, bytes: &[u8], output: Option<&Path>) -> Result<()> {
        match output {
            Some(p) if p != Path::new("-") => std::fs::write(p, bytes)
                .with_context(|| format!("could not write '{}'", p.display())),
            _ => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()?;
                Ok(())
            }
        }
    }

    /// A status line for people (stderr), silenced by `-q`.
    pub fn note(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }
}
