//! `tracker alerts test` (a sample message to the webhook) and `tracker alerts list` (the
//! alert log).

use crate::alerts;
use crate::cli::AlertsCommand;
use crate::exit;
use crate::settings::{Output, Settings};
use crate::views::build_alerts;
use anyhow::Result;
use chrono::Utc;

pub fn run(settings: &Settings, command: AlertsCommand) -> Result<u8> {
    match command {
        AlertsCommand::Test => {
            let config = settings.config()?;
            let host = alerts::send_test(&config.alerts, Utc::now().date_naive())?;
            settings.note(format!("alerts: test message delivered to {host}"));
            Ok(exit::SUCCESS)
        }
        AlertsCommand::List(args) => {
            let store = settings.open_db()?;
            let view = build_alerts(&store, args.limit)?;
            let output = Output::Stdout;
            settings.emit_view(&view, args.format.into(), &output)?;
            Ok(exit::SUCCESS)
        }
    }
}
