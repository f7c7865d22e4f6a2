from collections import Counter

from .parse import parse_entry


def summarize(text):
    """Return 'N requests, E errors, first..last' for a log text."""
    entries = [parse_entry(line) for line in text.splitlines() if line.strip()]
    if not entries:
        return "0 requests"
    errors = sum(1 for e in entries if e.status >= 500)
    first = min(e.ts for e in entries).strftime("%Y-%m-%d %H:%M")
    last = max(e.ts for e in entries).strftime("%Y-%m-%d %H:%M")
    return f"{len(entries)} requests, {errors} errors, {first}..{last} UTC"
