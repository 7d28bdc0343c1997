//! Settings resolved once: which config file and database, the file's values with the
//! environment and the command line on top, and how to talk to people (quiet, colour,
//! progress, where results go). The precedence is written here and nowhere else:
//! command line > environment > config file > built-in default.

use crate::config::{CONFIG_FILE_NAME, Config, DB_FILE_NAME, parse_base_url};
use crate::model::WebhookUrl;
use crate::render::{Color, DataFormat, View, Width, render};
use crate::store::{Store, check_db_path};
use anyhow::{Context, Result, bail};
use std::cell::OnceCell;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Environment variable that overrides `[api] base_url` (staging, proxies, mocks).
pub const BASE_URL_ENV: &str = "SCAVIO_BASE_URL";

/// The global options, as the command line (and its `TRACKER_*` variables) gave them.
#[derive(Debug, Clone, Default)]
pub struct GlobalArgs {
    pub config: Option<PathBuf>,
    pub db: Option<PathBuf>,
    pub quiet: bool,
    /// stdout is a terminal and `NO_COLOR` is unset.
    pub stdout_colour: bool,
    /// stderr is a terminal.
    pub stderr_terminal: bool,
    /// The columns of the terminal stdout is (`None`: a file or a pipe).
    pub stdout_width: Option<u16>,
    /// `--wide`: tables keep every column whatever the terminal's width.
    pub wide: bool,
}

/// Where a result goes: `-o FILE`, or stdout (no `-o`, or `-o -`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Stdout,
    File(PathBuf),
}

impl Output {
    pub fn from_arg(arg: Option<PathBuf>) -> Output {
        match arg {
            Some(p) if p.as_os_str() != "-" => Output::File(p),
            _ => Output::Stdout,
        }
    }
}

/// Everything a command needs to know beyond its own arguments.
#[derive(Debug, Default)]
pub struct Settings {
    global: GlobalArgs,
    /// The config, read and layered once.
    config: OnceCell<Config>,
}

/// The first value that is set: command line, then environment, then the file's (which
/// already holds the default when the file says nothing).
pub fn layered<T>(cli: Option<T>, env: Option<T>, file: T) -> T {
    cli.or(env).unwrap_or(file)
}

/// The platform folders (XDG on Linux) where a config and database may live.
pub fn platform_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("dev", "scavio", "tracker")
}

/// The database used when no config is found: `$XDG_DATA_HOME/tracker/tracker.db` on Linux.
pub fn fallback_db_path() -> Option<PathBuf> {
    platform_dirs().map(|d| d.data_dir().join(DB_FILE_NAME))
}

/// Where a config is looked for, in search order.
pub fn config_candidates() -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from(CONFIG_FILE_NAME)];
    if let Some(dirs) = platform_dirs() {
        out.push(dirs.config_dir().join(CONFIG_FILE_NAME));
    }
    out
}

impl Settings {
    pub fn new(global: GlobalArgs) -> Settings {
        Settings {
            global,
            config: OnceCell::new(),
        }
    }

    pub fn quiet(&self) -> bool {
        self.global.quiet
    }

    /// Progress bars: on a terminal, unless quiet.
    pub fn progress(&self) -> bool {
        !self.global.quiet && self.global.stderr_terminal
    }

    /// Colour for a result going to `output`: only on a terminal's stdout.
    pub fn colour_for(&self, output: &Output) -> Color {
        match output {
            Output::Stdout if self.global.stdout_colour => Color::Always,
            _ => Color::Never,
        }
    }

    /// How wide a table going to `output` may be: a terminal's width, unless `--wide`.
    pub fn width_for(&self, output: &Output) -> Width {
        match (output, self.global.stdout_width) {
            (Output::Stdout, Some(w)) if !self.global.wide => Width::Fit(w),
            _ => Width::Full,
        }
    }

    /// Whether the API's base URL comes from `SCAVIO_BASE_URL` rather than the config.
    pub fn base_url_from_env(&self) -> bool {
        std::env::var(BASE_URL_ENV).is_ok_and(|u| !u.trim().is_empty())
    }

    /// The `--config` flag (or `TRACKER_CONFIG`), when given.
    pub fn config_flag(&self) -> Option<&Path> {
        self.global.config.as_deref()
    }

    /// The `--db` flag (or `TRACKER_DB`), when given.
    pub fn db_flag(&self) -> Option<&Path> {
        self.global.db.as_deref()
    }

    /// The config file in use: `--config`, else the first that exists of
    /// `./hashtags.toml` and the platform config folder.
    pub fn config_path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.global.config {
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

    /// The config file with the environment on top (`SCAVIO_BASE_URL`,
    /// `TRACKER_WEBHOOK_URL`), read once.
    pub fn config(&self) -> Result<&Config> {
        if let Some(c) = self.config.get() {
            return Ok(c);
        }
        let mut config = Config::load(&self.config_path()?)?;
        let env_url = match std::env::var(BASE_URL_ENV) {
            Ok(url) if !url.trim().is_empty() => {
                Some(parse_base_url(&url).with_context(|| format!("invalid {BASE_URL_ENV}"))?)
            }
            _ => None,
        };
        config.api.base_url = layered(None, env_url, config.api.base_url);
        // The webhook is a secret: its errors never repeat it.
        let env_hook = match std::env::var(WebhookUrl::ENV) {
            Ok(url) if !url.trim().is_empty() => Some(Some(
                WebhookUrl::parse(&url).with_context(|| format!("invalid {}", WebhookUrl::ENV))?,
            )),
            _ => None,
        };
        config.alerts.webhook_url = layered(None, env_hook, config.alerts.webhook_url);
        Ok(self.config.get_or_init(|| config))
    }

    /// The database in use: `--db`, else the config's, else one in the platform data folder.
    /// It must be a plain file path (see [`check_db_path`]).
    pub fn db_path(&self) -> Result<PathBuf> {
        let path = self.db_path_unchecked()?;
        check_db_path(&path)?;
        Ok(path)
    }

    fn db_path_unchecked(&self) -> Result<PathBuf> {
        if let Some(p) = &self.global.db {
            return Ok(p.clone());
        }
        // A config that exists but does not parse is a config error, reported as one.
        match self.config_path() {
            Ok(_) => Ok(self.config()?.db_path.clone()),
            Err(no_config) => match fallback_db_path() {
                Some(p) if p.is_file() => Ok(p),
                Some(p) => Err(no_config.context(format!(
                    "cannot tell which database to use: no config, and no database at '{}' \
                     (the one used without a config); pass --db FILE",
                    p.display()
                ))),
                None => {
                    Err(no_config.context("cannot tell which database to use (pass --db FILE)"))
                }
            },
        }
    }

    /// Opens the existing database read-only for reading commands; says so when its schema
    /// is older than this build (read as it is; the next `fetch` upgrades it).
    pub fn open_db(&self) -> Result<Store> {
        let path = self.db_path()?;
        let store = Store::open_existing(&path)?;
        if store.is_simulated()? {
            // Short enough for a narrow terminal: the note shares the screen with a table.
            self.note("note: the demo's simulated data, not real TikTok counts");
        }
        if let Some(p) = store.pending_migration() {
            self.note(format!(
                "note: the database has schema version {}, this tracker uses {}; reading it \
                 as it is (the next `tracker fetch` upgrades it)",
                p.have, p.want
            ));
        }
        Ok(store)
    }

    /// The files a result must never overwrite: the database, its `-wal` and `-shm`, and
    /// the config (with its tags lock).
    fn protected_files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if let Ok(db) = self.db_path_unchecked() {
            for suffix in ["-wal", "-shm", "-journal", ".lock"] {
                let mut name = db.as_os_str().to_owned();
                name.push(suffix);
                out.push(PathBuf::from(name));
            }
            out.push(db);
        }
        if let Ok(config) = self.config_path() {
            out.push(crate::config::lock_path(&config));
            out.push(config);
        }
        out
    }

    /// Refuses an `--output` that is (by file identity, whatever its name) the database,
    /// one of its companion files or the config.
    pub fn check_output(&self, path: &Path) -> Result<()> {
        if let Some(hit) = self
            .protected_files()
            .iter()
            .find(|p| crate::files::same_file(path, p))
        {
            bail!(
                "refusing to write the output to '{}': that is '{}', which tracker needs; \
                 choose another file",
                path.display(),
                hit.display()
            );
        }
        Ok(())
    }

    /// Writes a result to `output`; a file gets a one-line note on stderr. A file is written
    /// whole or not at all (a temporary file beside it, then a rename), and never over the
    /// database or the config.
    pub fn emit(&self, bytes: &[u8], output: &Output) -> Result<()> {
        match output {
            Output::File(p) => {
                self.check_output(p)?;
                crate::files::write_atomic(p, |w| Ok(w.write_all(bytes)?))?;
                self.note(format!("wrote {}", p.display()));
                Ok(())
            }
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()?;
                Ok(())
            }
        }
    }

    /// Renders `view` in `format` for `output` (colour and width only for a terminal) and
    /// writes it there.
    pub fn emit_view<V: View>(&self, view: &V, format: DataFormat, output: &Output) -> Result<()> {
        let bytes = render(
            view,
            format,
            self.colour_for(output),
            self.width_for(output),
        )?;
        self.emit(&bytes, output)
    }

    /// A status line for people (stderr), silenced by `-q`.
    pub fn note(&self, msg: impl std::fmt::Display) {
        if !self.global.quiet {
            eprintln!("{msg}");
        }
    }
}
