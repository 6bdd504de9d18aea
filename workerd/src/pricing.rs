//! The price table: USD per million input / output tokens per model, and
//! the cost of a run. Models without a price get `cost_usd = None` and a
//! warning in the log.
//!
//! The built-in entries are DEFAULTS taken from the providers' published
//! list prices at the time of writing. Operators should check them and set
//! their own under `[prices."MODEL"]` in the worker's config file.

use std::collections::BTreeMap;

use m3shd_api::Usage;
use serde::{Deserialize, Serialize};

/// The price of one model in USD per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
}

/// Default prices (USD per million input / output tokens). Check them.
pub const DEFAULT_PRICES: &[(&str, f64, f64)] = &[
    ("claude-opus-4-5", 5.0, 25.0),
    ("claude-opus-4-1", 15.0, 75.0),
    ("claude-opus-4-0", 15.0, 75.0),
    ("claude-sonnet-4-5", 3.0, 15.0),
    ("claude-sonnet-4-0", 3.0, 15.0),
    ("claude-haiku-4-5", 1.0, 5.0),
    ("claude-3-5-haiku", 0.8, 4.0),
    ("gpt-4o", 2.5, 10.0),
    ("gpt-4o-mini", 0.15, 0.6),
    ("gpt-4.1", 2.0, 8.0),
    ("gpt-4.1-mini", 0.4, 1.6),
    ("gpt-4.1-nano", 0.1, 0.4),
];

/// The default price table.
pub fn default_prices() -> BTreeMap<String, Price> {
    DEFAULT_PRICES
        .iter()
        .map(|(m, i, o)| {
            (
                m.to_string(),
                Price {
                    input_per_mtok: *i,
                    output_per_mtok: *o,
                },
            )
        })
        .collect()
}

/// The price of `model`: an exact entry, else the entry `model` is a dated
/// snapshot of (`claude-sonnet-4-5-20250929`, `gpt-4o-mini-2024-07-18`).
pub fn price_of<'a>(prices: &'a BTreeMap<String, Price>, model: &str) -> Option<&'a Price> {
    if let Some(p) = prices.get(model) {
        return Some(p);
    }
    prices
        .iter()
        .filter(|(k, _)| {
            model
                .strip_prefix(k.as_str())
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|date| {
                    !date.is_empty() && date.chars().all(|c| c.is_ascii_digit() || c == '-')
                })
        })
        .max_by_key(|(k, _)| k.len())
        .map(|(_, p)| p)
}

/// Cost in USD of a run, None (with a warning) when the model has no price.
pub fn cost(
    prices: &BTreeMap<String, Price>,
    model: &str,
    input_tokens: i64,
    output_tokens: i64,
) -> Option<f64> {
    match price_of(prices, model) {
        Some(p) => {
            let c = (input_tokens.max(0) as f64 * p.input_per_mtok
                + output_tokens.max(0) as f64 * p.output_per_mtok)
                / 1_000_000.0;
            c.is_finite().then_some(c)
        }
        None => {
            tracing::warn!(
                model,
                "no price for this model in the price table: cost_usd is null (add [prices.\"{model}\"] to the config)"
            );
            None
        }
    }
}

/// A [`Usage`] with its cost from the table.
pub fn usage(
    prices: &BTreeMap<String, Price>,
    model: &str,
    input_tokens: i64,
    output_tokens: i64,
) -> Usage {
    Usage {
        model: model.to_string(),
        input_tokens: input_tokens.max(0),
        output_tokens: output_tokens.max(0),
        cost_usd: cost(prices, model, input_tokens, output_tokens),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_from_the_table() {
        let p = default_prices();
        let c = cost(&p, "claude-sonnet-4-5", 1_000_000, 100_000).unwrap();
        assert!((c - 4.5).abs() < 1e-9, "{c}");
        // Dated snapshots find their model; the longest name wins.
        assert_eq!(
            price_of(&p, "claude-sonnet-4-5-20250929")
                .unwrap()
                .input_per_mtok,
            3.0
        );
        assert_eq!(
            price_of(&p, "gpt-4o-mini-2024-07-18")
                .unwrap()
                .input_per_mtok,
            0.15
        );
        // A different model is not a snapshot.
        assert!(price_of(&p, "gpt-4o-audio").is_none());
        assert!(price_of(&p, "gpt-4o-").is_none());
        assert_eq!(cost(&p, "my-local-model", 10, 10), None);
        let u = usage(&p, "unknown", -5, 3);
        assert_eq!((u.input_tokens, u.output_tokens, u.cost_usd), (0, 3, None));
    }
}
