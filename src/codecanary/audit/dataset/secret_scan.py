"""The ``secret`` flag: Yelp's ``detect-secrets`` judges, a cheap pre-filter picks lines.

detect-secrets runs ~25 plugins (AWS, GitHub, Slack, Stripe, private keys, JWT,
basic-auth URLs, keyword assignments such as ``password = "..."``, high-entropy
strings...) and its false-positive filters, at roughly a quarter of a millisecond
per line -- too slow for every line of a large dataset. Every plugin needs one of
a few shapes on the line (a known token prefix or frame, a denylisted keyword with a
quoted value, a quoted run of 8+ hex or 16+ base64 characters whose entropy is near
the high-entropy plugins' limits), so only lines with one of those shapes are handed
to detect-secrets, through its public
``scan_file`` on a temporary file named with the record's language extension
(its keyword rules depend on the file type). The pre-filter is a superset of what
the plugins look at; detect-secrets alone decides.
"""

from __future__ import annotations

import bisect
import math
import os
import re
import tempfile
from collections import Counter
from functools import cache

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.core.scan import scan_file
from detect_secrets.settings import cache_bust, configure_settings_from_baseline

from codecanary.audit.dataset.lang_tables import language_table

# Token shapes with a fixed prefix or frame (AWS, GitHub, Slack, Stripe, JWT, SendGrid,
# Google, private keys, basic auth in URLs, webhooks).
_SHAPED = re.compile(
    r"\b(?:AKIA|ASIA|ghp_|gho_|ghs_|ghu_|ghr_|github_pat_|xox[abpors]-|sk_live_|rk_live_"
    r"|eyJ|SG\.|AIza|sq0csp-|sq0atp-|AKC|npm_)|BEGIN[A-Z ]*PRIVATE KEY|://[^/\s:@]+:[^/\s@]+@"
    r"|hooks\.slack\.com|AccountKey=|_authToken")
# detect-secrets' KeywordDetector denylist; it also needs a quoted value on the line.
_KEYWORD = re.compile(
    r"(?i:api_?key|auth_?key|service_?key|account_?key|db_?key|database_?key|priv_?key"
    r"|private_?key|client_?key|db_?pass|database_?pass|key_?pass|password|passwd|pwd|secret"
    r"|contrase)")
# High-entropy plugins look at quoted strings: hex (entropy > 3) or base64 (> 4.5), which
# needs 8+ hex or 16+ base64 characters in a row.
_RUN = re.compile(r"[0-9a-fA-F]{8,}|[A-Za-z0-9+/=_\-]{16,}")
_QUOTES = "\"'`"
_MAX_LINE = 2000
_PLACEHOLDER_VALUE = re.compile(r"(?i)x{6,}|\*{4,}|<[^>]+>|your[_-]|example|changeme|dummy")


def _entropy(text: str) -> float:
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _candidate_lines(code: str) -> set[int]:
    """0-based numbers of the lines a plugin could fire on (whole-text regex passes)."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", code))

    def line_of(pos: int) -> int:
        return bisect.bisect_right(starts, pos) - 1

    lines: set[int] = {line_of(m.start()) for m in _SHAPED.finditer(code)}
    for m in _KEYWORD.finditer(code):
        k = line_of(m.start())
        end = starts[k + 1] if k + 1 < len(starts) else len(code)
        if any(q in code[starts[k]:end] for q in _QUOTES):
            lines.add(k)
    for m in _RUN.finditer(code):
        k = line_of(m.start())
        before = code[starts[k]:m.start()]
        if k not in lines and any(q in before for q in _QUOTES) \
                and _entropy(m.group()) > 2.9:  # below both plugins' limits: a superset
            lines.add(k)
    return lines


@cache
def _settings() -> None:
    # detect-secrets reads its plugin list from a global settings object: enable every
    # plugin with the default filters once per process (what its ``default_settings``
    # context does, without the restore at exit that fails during interpreter shutdown).
    cache_bust()
    plugins: list[type] = list(get_mapping_from_secret_type_to_class().values())
    configure_settings_from_baseline({"plugins_used": [{"name": p.__name__} for p in plugins]})


def find_secrets(code: str, language: str | None) -> list[str]:
    """Evidence (``line N: <type>``) of every secret detect-secrets finds in the code."""
    wanted = _candidate_lines(code)
    if not wanted:
        return []
    lines = code.split("\n")
    picked = [(k + 1, lines[k]) for k in sorted(wanted)
              if k < len(lines) and len(lines[k]) <= _MAX_LINE]
    if not picked:
        return []
    _settings()
    ext = language_table(language).extension
    fd, path = tempfile.mkstemp(suffix=f".{ext}", prefix="codecanary-secret-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as handle:
            handle.write("\n".join(line for _, line in picked) + "\n")
        found: list[str] = []
        for secret in scan_file(path):
            lineno = picked[secret.line_number - 1][0] if secret.line_number else 0
            value = secret.secret_value or ""
            if _PLACEHOLDER_VALUE.search(value):
                continue
            found.append(f"line {lineno}: {secret.type}")
        return sorted(set(found), key=found.index)
    except UnicodeEncodeError:
        return []
    finally:
        os.unlink(path)
