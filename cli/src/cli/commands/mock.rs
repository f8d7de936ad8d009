//! `accord mock --system S [--port P] [--tenant T]`.

use std::sync::Arc;

use super::registry::config;
use crate::cli::args::MockArgs;
use crate::cli::{Error, note};
use crate::exchange::{self, Systems};
use crate::findings::Outcome;
use crate::fixtures::Fixture;
use crate::fixtures::mock::MockTable;

pub fn run(args: &MockArgs) -> Result<Outcome, Error> {
    let Some(config) = config(&args.registry)? else {
        return Err(Error::Input(
            "mock needs accord.yaml (its systems name the contracts to serve)".to_owned(),
        ));
    };
    let systems = Systems::load(&config)?;
    let Some((_, contract)) = systems.contracts.get(&args.system) else {
        let known: Vec<&String> = systems.contracts.keys().collect();
        return Err(Error::Input(format!(
            "`{}` is not a system of accord.yaml (systems: {})",
            args.system,
            known
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let dir = args
        .fixtures
        .clone()
        .unwrap_or_else(|| config.resolve(std::path::Path::new("fixtures")));
    let recorded = exchange::read_fixtures(&dir)?;
    let fixtures: Vec<&Fixture> = recorded
        .iter()
        .map(|r| &r.fixture)
        .filter(|f| f.system == args.system)
        .filter(|f| {
            args.tenant
                .as_ref()
                .is_none_or(|t| f.tenant.as_ref() == Some(t))
        })
        .collect();
    let table = Arc::new(MockTable::new(contract, &fixtures));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Input(format!("cannot start the server: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind((args.host, args.port))
            .await
            .map_err(|e| {
                Error::Input(format!("cannot listen on {}:{}: {e}", args.host, args.port))
            })?;
        let address = listener
            .local_addr()
            .map_err(|e| Error::Input(format!("cannot listen: {e}")))?;
        note(&format!(
            "accord mock: {} on http://{address} ({} recordings{}; Ctrl-C stops it)",
            args.system,
            table.recordings(),
            args.tenant
                .as_ref()
                .map(|t| format!(" of {t}"))
                .unwrap_or_default()
        ));
        let shutdown = async {
            // If the signal cannot be awaited, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        let limits = crate::mock::Limits {
            max_body: args.max_body_mb.saturating_mul(1024 * 1024),
            read_timeout: std::time::Duration::from_secs(args.read_timeout.max(1)),
        };
        crate::mock::serve(listener, table, limits, |line| note(&line), shutdown)
            .await
            .map_err(Error::Output)?;
        note("accord mock: stopped");
        Ok::<(), Error>(())
    })?;
    Ok(Outcome::Clean)
}
