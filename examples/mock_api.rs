//! A standalone, latency-injecting mock of the Scavio API for manual benchmarks.
//!
//! It runs the crate's own simulated API ([`tracker::sim::SimServer`]), the same one
//! `tracker demo` and `examples/bench.rs` use, and adds a fixed delay to every answer.
//!
//! ```sh
//! cargo run --release --example mock_api -- --latency-ms 50 --port 0
//! # first line of stdout: http://127.0.0.1:PORT   (then it serves until killed)
//! SCAVIO_BASE_URL=http://127.0.0.1:PORT SCAVIO_API_KEY=anything tracker fetch
//! ```
//!
//! Any non-empty Bearer key is accepted. Flags:
//!
//! * `--latency-ms N`  delay added before every answer (default 50)
//! * `--port P`        port to listen on, 127.0.0.1 only (default 0: any free port)
//! * `--day D`         simulated day (0-based) the counts are taken from (default 0)
//! * `--credits N`     starting credit balance reported to the client (default 1e9)
//! * `--breakout TAG=DAY`  make TAG break out on DAY (repeatable)
//! * `--plan NAME`     the plan `GET /api/v1/usage` names (default growth)
//! * `--max-in-flight N`  the plan's limit on requests in flight; more get a 429
//!
//! It is as strict as the real API (Scavio's SDK contract): see `tracker::sim`.
//!
//! `SimServer::start` always binds a free port; with `--port P` (P != 0) this program
//! listens on P itself and relays each connection to the simulator (a loopback copy,
//! which adds microseconds, not milliseconds).

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tracker::sim::{SimOptions, SimServer};

const USAGE: &str = "usage: mock_api [--latency-ms N] [--port P] [--day D] [--credits N] [--plan NAME] [--max-in-flight N] [--breakout TAG=DAY]...";

struct Args {
    latency_ms: u64,
    port: u16,
    day: u32,
    credits: u64,
    plan: Option<String>,
    max_in_flight: Option<u32>,
    breakouts: HashMap<String, u32>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        latency_ms: 50,
        port: 0,
        day: 0,
        credits: 1_000_000_000,
        plan: None,
        max_in_flight: None,
        breakouts: HashMap::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value:?}: {e}");
        match flag.as_str() {
            "--latency-ms" => args.latency_ms = value.parse().map_err(|e| bad(&e))?,
            "--port" => args.port = value.parse().map_err(|e| bad(&e))?,
            "--day" => args.day = value.parse().map_err(|e| bad(&e))?,
            "--credits" => args.credits = value.parse().map_err(|e| bad(&e))?,
            "--plan" => args.plan = Some(value.clone()),
            "--max-in-flight" => args.max_in_flight = Some(value.parse().map_err(|e| bad(&e))?),
            "--breakout" => {
                let (tag, day) = value
                    .split_once('=')
                    .ok_or_else(|| bad(&"expected TAG=DAY"))?;
                let day: u32 = day.parse().map_err(|e| bad(&e))?;
                args.breakouts.insert(tag.to_string(), day);
            }
            _ => return Err(format!("unknown flag {flag}\n{USAGE}")),
        }
    }
    Ok(args)
}

/// Relays one client connection to the simulator, both ways, until either side closes.
async fn relay(mut client: TcpStream, sim: SocketAddr) {
    let Ok(mut upstream) = TcpStream::connect(sim).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = upstream.set_nodelay(true);
    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("mock_api: {e}");
            std::process::exit(2);
        }
    };
    let sim = match SimServer::start(SimOptions {
        latency: Duration::from_millis(args.latency_ms),
        breakouts: args.breakouts,
        credits: args.credits,
        plan: args.plan.clone(),
        max_in_flight: args.max_in_flight,
    })
    .await
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("mock_api: could not start the simulated API: {e}");
            std::process::exit(1);
        }
    };
    sim.set_day(args.day);

    let base_url = if args.port == 0 {
        sim.base_url()
    } else {
        let sim_addr: SocketAddr = match sim
            .base_url()
            .trim_start_matches("http://")
            .parse::<SocketAddr>()
        {
            Ok(a) => a,
            Err(e) => {
                eprintln!("mock_api: unexpected simulator address: {e}");
                std::process::exit(1);
            }
        };
        let listener = match TcpListener::bind(("127.0.0.1", args.port)).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("mock_api: could not listen on 127.0.0.1:{}: {e}", args.port);
                std::process::exit(1);
            }
        };
        tokio::spawn(async move {
            loop {
                if let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(relay(stream, sim_addr));
                }
            }
        });
        format!("http://127.0.0.1:{}", args.port)
    };

    // The base URL is the first line of stdout, so scripts can read it and go on.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{base_url}");
    let _ = out.flush();
    drop(out);
    eprintln!(
        "mock_api: serving the simulated Scavio API at {base_url} with {} ms latency (any non-empty Bearer key); Ctrl-C to stop",
        args.latency_ms
    );

    // Serve until killed; report the request count now and then if it moved.
    let mut last = 0;
    loop {
        tokio::time::sleep(Duration::from_secs(10)).await;
        let n = sim.requests();
        if n != last {
            eprintln!("mock_api: {n} requests answered");
            last = n;
        }
    }
}
