//! Counts and lengths crossing into the store's and the wire's integer
//! types. Each conversion saturates: a length past `i64::MAX` cannot occur
//! in memory, and a clamp is a better answer than a wrapped negative.

/// A length or count as the store's `i64`.
pub fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A stored non-negative count as `usize` (negative reads as 0).
pub fn to_usize(n: i64) -> usize {
    usize::try_from(n.max(0)).unwrap_or(usize::MAX)
}

/// A `u64` count as `usize` (saturating on 32-bit targets).
pub fn u64_to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_saturate_instead_of_wrapping() {
        assert_eq!(to_i64(7), 7);
        assert_eq!(to_usize(-3), 0);
        assert_eq!(to_usize(12), 12);
        assert_eq!(u64_to_usize(5), 5);
    }
}
