//! `tracker raw TAG --endpoint E`: a stored answer exactly as it was received, so a parser
//! fix can be checked against history without paying for the data again.

use crate::cli::{RawArgs, RawEndpoint};
use crate::exit;
use crate::model::{Endpoint, hashtag};
use crate::settings::{Output, Settings};
use crate::text::sanitize;
use anyhow::{Result, bail};
use std::io::IsTerminal;

pub fn run(settings: &Settings, args: RawArgs) -> Result<u8> {
    let tag = hashtag::normalize(&args.tag)?;
    let endpoint = match args.endpoint {
        RawEndpoint::Stats => Endpoint::Stats,
        RawEndpoint::Videos => Endpoint::Videos,
    };
    // Pages are counted from 1 here, from 0 in the database; the stats answer is page 1.
    let page = args.page.saturating_sub(1);
    let store = settings.open_db()?;
    let Some(answer) = store.raw_response(&tag, endpoint, args.date, page)? else {
        let day = args.date.map(|d| format!(" on {d}")).unwrap_or_default();
        let which = if args.page > 1 {
            format!(" page {}", args.page)
        } else {
            String::new()
        };
        bail!(
            "no stored {} answer{which} for #{tag}{day}",
            endpoint.as_str()
        );
    };
    if let Some(reason) = &answer.parse_error {
        settings.note(format!(
            "note: the parser could not read this answer of {} ({})",
            answer.date,
            sanitize(reason)
        ));
    }
    // The bytes go out untouched, except to a terminal, where network text is never
    // printed as it is (escape sequences).
    if std::io::stdout().is_terminal() {
        let text = String::from_utf8_lossy(&answer.body);
        settings.emit(sanitize(&text).as_bytes(), &Output::Stdout)?;
        settings.note("\n(sanitised for the terminal; redirect or pipe for the exact bytes)");
    } else {
        settings.emit(&answer.body, &Output::Stdout)?;
    }
    Ok(exit::SUCCESS)
}
