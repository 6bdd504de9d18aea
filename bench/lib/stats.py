def percentile(values, p):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def summary_ms(seconds):
    return {
        "n": len(seconds),
        "p50_ms": _ms(percentile(seconds, 50)),
        "p99_ms": _ms(percentile(seconds, 99)),
    }


def _ms(v):
    return None if v is None else round(v * 1000.0, 3)
