//! Entry point: parse the command line, resolve the settings, dispatch, print the error
//! chain, exit with a documented code. Nothing else lives here.

use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;
use tracker::cli::Cli;
use tracker::commands;
use tracker::exit;
use tracker::settings::{GlobalArgs, Settings};
use tracker::text::sanitize;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    let settings = Settings::new(GlobalArgs {
        config: cli.config,
        db: cli.db,
        quiet: cli.quiet,
        stdout_colour: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        stderr_terminal: std::io::stderr().is_terminal(),
        stdout_width: tracker::render::terminal_width(),
        wide: cli.wide,
    });
    match commands::dispatch(&settings, cli.command) {
        Ok(code) => exit::code(code),
        Err(e) if is_broken_pipe(&e) => exit::code(exit::SUCCESS),
        Err(e) => {
            // The chain may quote the API (a rejected key's message): no escapes reach the
            // terminal. Line by line, so a multi-line config error keeps its layout.
            eprintln!("error: {}", sanitize_lines(&format!("{e:#}")));
            exit::code(exit::ERROR)
        }
    }
}

/// `tracker report | head` closes the pipe early; that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Each line of `s` sanitised ([`sanitize`]), the line breaks kept.
fn sanitize_lines(s: &str) -> String {
    s.split('\n').map(sanitize).collect::<Vec<_>>().join("\n")
}

/// stderr for the logs, every event sanitised as it is written: retry messages quote the
/// API. The formatter writes one event in one call, ending with its line break.
struct SanitizedStderr;

impl std::io::Write for SanitizedStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let (body, end) = match text.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (&*text, ""),
        };
        let mut err = std::io::stderr().lock();
        write!(err, "{}{end}", sanitize(body))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// `-v` / `-vv` turn on logs to stderr; `RUST_LOG` refines them (`target=level` pairs, or a
/// bare level). Quiet by default. Logs carry no colour: their text is sanitised whole, so no
/// escape sequence passes. `Targets` rather than `EnvFilter`: the same directives without
/// the regex engine in every build (#24, the first build's time).
fn init_logging(verbose: u8, quiet: bool) {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (_, 0) => "warn",
        (_, 1) => "tracker=info",
        _ => "tracker=debug",
    };
    let from_env = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| v.parse::<Targets>().ok());
    let filter = from_env.unwrap_or_else(|| level.parse().unwrap_or_default());
    let logs = tracing_subscriber::fmt::layer()
        .with_writer(|| SanitizedStderr)
        .with_ansi(false)
        .with_target(false);
    tracing_subscriber::registry()
        .with(logs)
        .with(filter)
        .init();
}
