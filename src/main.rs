//! Entry point: parse the command line, run the command, print the error chain, exit with
//! a documented code. Nothing else lives here.

use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;
use tracker::cli::{Cli, Command};
use tracker::commands::{self, Ctx};
use tracker::exit;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    let ctx = Ctx {
        config_flag: cli.config.clone(),
        db_flag: cli.db.clone(),
        quiet: cli.quiet,
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        progress: !cli.quiet && std::io::stderr().is_terminal(),
    };
    match run(&ctx, cli.command) {
        Ok(code) => exit::code(code),
        Err(e) if is_broken_pipe(&e) => exit::code(exit::SUCCESS),
        Err(e) => {
            eprintln!("error: {e:#}");
            exit::code(exit::ERROR)
        }
    }
}

fn run(ctx: &Ctx, command: Command) -> anyhow::Result<u8> {
    match command {
        Command::Fetch(a) => commands::fetch::run(ctx, a),
        Command::Report(a) => commands::report::run(ctx, a),
        Command::Trends(a) => commands::trends::run(ctx, a),
        Command::History(a) => commands::history::run(ctx, a),
        Command::Videos(a) => commands::videos::run(ctx, a),
        Command::Costs(a) => commands::costs::run(ctx, a),
        Command::Demo(a) => commands::demo::run(ctx, a),
        Command::Init(a) => commands::init::run(ctx, a.path),
        Command::Tags(c) => commands::tags::run(ctx, c),
        Command::Doctor => commands::doctor::run(ctx),
        Command::Export(a) => commands::export::run(ctx, a),
        Command::Completions(a) => commands::completions::completions(a.shell),
        Command::Man => commands::completions::man(),
    }
}

/// `tracker report | head` closes the pipe early; that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// `-v` / `-vv` turn on logs to stderr; `RUST_LOG` refines them. Quiet by default.
fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (_, 0) => "warn",
        (_, 1) => "tracker=info",
        _ => "tracker=debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .with_target(false)
        .init();
}
