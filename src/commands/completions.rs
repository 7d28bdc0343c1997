//! `tracker completions SHELL` and `tracker man [--dir DIR]`: generated from the CLI
//! definition, so they cannot drift from `--help`.

use crate::exit;
use crate::settings::Settings;
use anyhow::{Context, Result};
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

pub fn completions<C: CommandFactory>(shell: clap_complete::Shell) -> Result<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut C::command(), "tracker", &mut out);
    write_stdout(&out)
}

/// `tracker.1` to stdout, or with `dir` that and one page per subcommand
/// (`tracker-fetch.1`, `tracker-tags-add.1`, …) written into the folder.
pub fn man<C: CommandFactory>(settings: &Settings, dir: Option<&Path>) -> Result<u8> {
    let mut root = C::command().disable_help_subcommand(true);
    root.build();
    let Some(dir) = dir else {
        return write_stdout(&page(&root, &[])?);
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("could not create folder '{}'", dir.display()))?;
    let mut pages = Vec::new();
    collect(&root, &mut pages);
    let names: Vec<String> = pages.iter().map(page_name).collect();
    for cmd in &pages {
        let see_also: Vec<&str> = if cmd.get_name() == root.get_name() {
            names.iter().skip(1).map(String::as_str).collect()
        } else {
            vec![names[0].as_str()]
        };
        let path = dir.join(format!("{}.1", page_name(cmd)));
        std::fs::write(&path, page(cmd, &see_also)?)
            .with_context(|| format!("could not write '{}'", path.display()))?;
    }
    settings.note(format!(
        "wrote {} man pages to {}",
        pages.len(),
        dir.display()
    ));
    Ok(exit::SUCCESS)
}

/// The command and every subcommand below it, depth first.
fn collect(cmd: &clap::Command, out: &mut Vec<clap::Command>) {
    out.push(cmd.clone());
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, out);
    }
}

/// `tracker`, `tracker-fetch`, `tracker-tags-add` (clap's display name once built).
fn page_name(cmd: &clap::Command) -> String {
    cmd.get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_string()
}

/// One page: clap's sections, then FILES, ENVIRONMENT, EXIT STATUS and SEE ALSO.
fn page(cmd: &clap::Command, see_also: &[&str]) -> Result<Vec<u8>> {
    let man = clap_mangen::Man::new(cmd.clone()).title(page_name(cmd));
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut out)?;
    }
    // The top page's after-help is the environment and exit codes, written out below as
    // their own sections; a subcommand's (the formulas of `trends`) is kept as it is.
    if cmd.get_display_name().is_some_and(|n| n.contains('-'))
        && let Some(after) = cmd.get_after_help()
    {
        section(&mut out, "DETAILS");
        preformatted(&mut out, &after.to_string());
    }
    section(&mut out, "FILES");
    for (term, text) in FILES {
        item(&mut out, term, text);
    }
    section(&mut out, "ENVIRONMENT");
    for (term, text) in ENVIRONMENT {
        item(&mut out, term, text);
    }
    section(&mut out, "EXIT STATUS");
    for (term, text) in EXIT_STATUS {
        item(&mut out, term, text);
    }
    if !see_also.is_empty() {
        section(&mut out, "SEE ALSO");
        let refs: Vec<String> = see_also
            .iter()
            .map(|n| format!("\\fB{}\\fR(1)", escape(n)))
            .collect();
        out.extend_from_slice(refs.join(", ").as_bytes());
        out.push(b'\n');
    }
    man.render_version_section(&mut out)?;
    Ok(once_preamble(&out))
}

/// Each of clap_mangen's sections starts with the same two-line preamble (the `Aq`
/// string); a page needs it once.
fn once_preamble(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len());
    for l in text.lines() {
        let preamble = l.starts_with(".ie \\n(.g .ds Aq") || l.starts_with(".el .ds Aq");
        if preamble && !seen.insert(l.to_string()) {
            continue;
        }
        out.push_str(l);
        out.push('\n');
    }
    out.into_bytes()
}

const FILES: &[(&str, &str)] = &[
    (
        "hashtags.toml",
        "The config: hashtags to track, [api] and [storage] settings. Looked for in the \
         current folder, then in the platform config folder ($XDG_CONFIG_HOME/tracker on \
         Linux); --config or TRACKER_CONFIG name another. Start one with `tracker init`.",
    ),
    (
        "tracker.db",
        "The SQLite database of snapshots, the raw answers paid for and the run log. Where \
         the config's [storage] path says, else beside the config; --db or TRACKER_DB name \
         another.",
    ),
    (
        "tracker.db.lock",
        "Held by a running `tracker fetch` (an advisory lock, dropped when the process ends) \
         so that two runs never pay for the same day.",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "SCAVIO_API_KEY",
        "The API key for `fetch`; never printed, logged or stored.",
    ),
    ("SCAVIO_BASE_URL", "Overrides [api] base_url."),
    ("TRACKER_CONFIG", "Same as --config."),
    ("TRACKER_DB", "Same as --db."),
    (
        "NO_COLOR",
        "Disables colour; tables still fit the terminal.",
    ),
    (
        "COLUMNS",
        "The width tables fit when stdout is a terminal (else the terminal's own).",
    ),
    ("RUST_LOG", "Refines the -v logs (e.g. tracker=debug)."),
];

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    (
        "1",
        "Error: config, key missing or rejected, database, budget, another fetch running.",
    ),
    ("2", "Usage error: a bad flag or value."),
    (
        "3",
        "fetch: some hashtags failed, the others were stored; re-run to fetch only what is missing.",
    ),
    (
        "130",
        "fetch: interrupted (Ctrl-C); what was paid for is stored; re-run to fetch the rest.",
    ),
];

fn section(out: &mut Vec<u8>, name: &str) {
    out.extend_from_slice(format!(".SH \"{name}\"\n").as_bytes());
}

fn item(out: &mut Vec<u8>, term: &str, text: &str) {
    out.extend_from_slice(format!(".TP\n\\fB{}\\fR\n{}\n", escape(term), line(text)).as_bytes());
}

fn preformatted(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(b".nf\n");
    for l in text.lines() {
        out.extend_from_slice(line(l).as_bytes());
        out.push(b'\n');
    }
    out.extend_from_slice(b".fi\n");
}

/// Text made safe for roff: backslashes and hyphens escaped.
fn escape(s: &str) -> String {
    s.replace('\\', "\\e").replace('-', "\\-")
}

/// One line of roff text: escaped, and never starting with a control character.
fn line(s: &str) -> String {
    let e = escape(s);
    if e.starts_with('.') || e.starts_with('\'') {
        format!("\\&{e}")
    } else {
        e
    }
}

fn write_stdout(bytes: &[u8]) -> Result<u8> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(exit::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_the_shared_sections() {
        let mut root = crate::cli::Cli::command().disable_help_subcommand(true);
        root.build();
        let mut pages = Vec::new();
        collect(&root, &mut pages);
        let names: Vec<String> = pages.iter().map(page_name).collect();
        assert!(names.contains(&"tracker-fetch".to_string()), "{names:?}");
        assert!(names.contains(&"tracker-tags-add".to_string()), "{names:?}");
        for cmd in &pages {
            let text = String::from_utf8(page(cmd, &["tracker"]).unwrap()).unwrap();
            for s in ["FILES", "ENVIRONMENT", "EXIT STATUS", "SYNOPSIS"] {
                assert!(
                    text.contains(&format!(".SH \"{s}\"")) || text.contains(&format!(".SH {s}")),
                    "{s} in {}",
                    page_name(cmd)
                );
            }
        }
    }
}
