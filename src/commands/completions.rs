//! `tracker completions SHELL` and `tracker man`: generated from the CLI definition.

use crate::exit;
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;

pub fn completions<C: CommandFactory>(shell: clap_complete::Shell) -> Result<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut C::command(), "tracker", &mut out);
    write_stdout(&out)
}

pub fn man<C: CommandFactory>() -> Result<u8> {
    let mut out = Vec::new();
    clap_mangen::Man::new(C::command()).render(&mut out)?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> Result<u8> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(exit::SUCCESS)
}
