//! Scratch databases beside an operator's: an empty database per test hub
//! (the suites run against PostgreSQL when `M3SHD_TEST_POSTGRES` names a
//! server) and per benchmark run, dropped when done.

use super::db::Io;
use crate::store::error::StoreError;

/// Scratch database names start with this, so they are easy to find.
const PREFIX: &str = "m3shd_scratch_";

/// Create an empty database on the server `base_url` names; returns its URL.
pub fn create_scratch(base_url: &str) -> Result<String, StoreError> {
    base_url
        .parse::<tokio_postgres::Config>()
        .map_err(|e| StoreError::Migration(format!("database url: {e}").into()))?;
    let suffix: u64 = rand::random();
    let name = format!("{PREFIX}{suffix:016x}");
    let io = Io::start()?;
    let db = io.connect(base_url)?;
    db.batch(&format!("CREATE DATABASE {name}"))?;
    Ok(url_of(base_url, &name))
}

/// Drop a database `create_scratch` made, even while connections remain.
pub fn drop_scratch(url: &str) -> Result<(), StoreError> {
    let config: tokio_postgres::Config = url
        .parse()
        .map_err(|e| StoreError::Migration(format!("database url: {e}").into()))?;
    let Some(name) = config.get_dbname().filter(|n| n.starts_with(PREFIX)) else {
        return Err(StoreError::Unsupported("not a scratch database"));
    };
    let name = name.to_string();
    let io = Io::start()?;
    let db = io.connect(&url_of(url, "postgres"))?;
    db.batch(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
}

/// `base_url` with its database replaced by `name`.
fn url_of(base_url: &str, name: &str) -> String {
    let (head, query) = match base_url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (base_url, None),
    };
    let after_scheme = head.find("://").map_or(0, |i| i + 3);
    let head = match head[after_scheme..].find('/') {
        Some(i) => &head[..after_scheme + i],
        None => head,
    };
    match query {
        Some(q) => format!("{head}/{name}?{q}"),
        None => format!("{head}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_of_a_url_is_replaced() {
        assert_eq!(url_of("postgres://u@h/db", "x"), "postgres://u@h/x");
        assert_eq!(url_of("postgres://u:p@h:5/db?a=b", "x"), "postgres://u:p@h:5/x?a=b");
        assert_eq!(url_of("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
