//! A task's spend limit as a ceiling on one model call. What is left of its
//! `max_cost_usd` (after earlier attempts and earlier calls of this one),
//! less an upper estimate of what the prompt costs, buys at most so many
//! output tokens at the model's price: that is the call's `max_tokens`, so
//! no call can spend past the limit. A prompt that alone would use up what
//! is left is refused before any call, with `budget_exceeded`.

use m3shd_api::Task;

use super::ExecError;
use crate::pricing::Price;

/// The word a refused task's error starts with.
pub const BUDGET_EXCEEDED: &str = "budget_exceeded";
/// Tokenizers average 3–4 bytes of text per token; counting one token per
/// two bytes errs on the side of the limit.
const BYTES_PER_TOKEN: u64 = 2;
/// The message framing around the prompt.
const FRAMING_TOKENS: u64 = 16;
/// An image, as the providers count it (about 1,600 tokens for the largest
/// image they take without scaling it down).
const IMAGE_TOKENS: u64 = 1_600;
/// A ceiling this high bounds nothing a model can produce: no `max_tokens`
/// is sent for it where the API does not require one.
const NO_REAL_CEILING: u64 = 128_000;

/// USD left of the task's limit after `spent` in this attempt so far;
/// `None` when the task has no limit.
pub fn remaining(task: &Task, spent: f64) -> Option<f64> {
    task.max_cost_usd
        .map(|max| max - task.cost_usd.unwrap_or(0.0) - spent)
}

/// An upper estimate of the input tokens of a call.
pub fn input_tokens(prompt: &str, images: usize) -> u64 {
    (prompt.len() as u64).div_ceil(BYTES_PER_TOKEN) + FRAMING_TOKENS + images as u64 * IMAGE_TOKENS
}

/// The `max_tokens` of one call to `model`: `configured` when there is no
/// limit, else the output the rest of the budget buys (never more than
/// `configured`). Refuses the call when nothing is left for any output, or
/// when the model has no price to keep a limit with.
pub fn ceiling(
    remaining: Option<f64>,
    model: &str,
    price: Option<&Price>,
    input_tokens: u64,
    configured: Option<u32>,
) -> Result<Option<u32>, ExecError> {
    let Some(left) = remaining else {
        return Ok(configured);
    };
    let price = price.ok_or_else(|| {
        ExecError::permanent(format!(
            "the task has a spend limit (max_cost_usd), but model {model} has no price to keep \
             it with: add [prices.\"{model}\"] to the worker's config"
        ))
    })?;
    let input_cost = input_tokens as f64 * price.input_per_mtok / 1_000_000.0;
    let room = left - input_cost;
    let exceeded = || {
        ExecError::permanent(format!(
            "{BUDGET_EXCEEDED}: the prompt alone may cost ${input_cost:.6} at {model}'s price; \
             ${:.6} of the task's max_cost_usd is left",
            left.max(0.0)
        ))
    };
    if price.output_per_mtok <= 0.0 {
        return if room < 0.0 {
            Err(exceeded())
        } else {
            Ok(configured)
        };
    }
    let tokens = (room * 1_000_000.0 / price.output_per_mtok).floor();
    if tokens.is_nan() || tokens < 1.0 {
        return Err(exceeded());
    }
    // At least 1 (checked above) and at most u32::MAX: the conversion is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let tokens = tokens.min(f64::from(u32::MAX)) as u32;
    Ok(match configured {
        Some(c) => Some(c.min(tokens)),
        None if u64::from(tokens) >= NO_REAL_CEILING => None,
        None => Some(tokens),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SONNET: Price = Price {
        input_per_mtok: 3.0,
        output_per_mtok: 15.0,
    };

    #[test]
    fn the_rest_of_the_budget_buys_the_output() {
        // $0.01 left, 1,000 input tokens ($0.003): $0.007 buys 466 tokens.
        let c = ceiling(Some(0.01), "m", Some(&SONNET), 1_000, Some(4096)).unwrap();
        assert_eq!(c, Some(466));
        // The configured ceiling still applies when it is lower.
        let c = ceiling(Some(0.01), "m", Some(&SONNET), 1_000, Some(100)).unwrap();
        assert_eq!(c, Some(100));
        // No limit: as configured.
        assert_eq!(ceiling(None, "m", None, 1_000, None).unwrap(), None);
        // A generous limit bounds nothing where no ceiling is required.
        assert_eq!(
            ceiling(Some(100.0), "m", Some(&SONNET), 10, None).unwrap(),
            None
        );
    }

    #[test]
    fn a_prompt_that_uses_up_the_budget_is_refused() {
        let e = ceiling(Some(0.0001), "m", Some(&SONNET), 100, Some(4096)).unwrap_err();
        assert!(e.message.starts_with("budget_exceeded: "), "{}", e.message);
        assert!(!e.retryable);
        let e = ceiling(Some(0.01), "local", None, 10, None).unwrap_err();
        assert!(e.message.contains("[prices.\"local\"]"), "{}", e.message);
        let free = Price {
            input_per_mtok: 0.0,
            output_per_mtok: 0.0,
        };
        assert_eq!(
            ceiling(Some(0.0), "m", Some(&free), 10, Some(7)).unwrap(),
            Some(7)
        );
    }

    #[test]
    fn estimates_err_on_the_side_of_the_limit() {
        assert_eq!(input_tokens("abcd", 0), 2 + FRAMING_TOKENS);
        assert_eq!(
            input_tokens("abc", 2),
            2 + FRAMING_TOKENS + 2 * IMAGE_TOKENS
        );
        let mut t = Task::queued("t", "p", chrono::Utc::now());
        assert_eq!(remaining(&t, 0.0), None);
        t.max_cost_usd = Some(1.0);
        t.cost_usd = Some(0.25);
        assert_eq!(remaining(&t, 0.5), Some(0.25));
    }
}
