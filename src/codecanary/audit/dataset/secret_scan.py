"""The ``secret`` flag: Yelp's ``detect-secrets`` judges, a cheap pre-filter picks lines.

detect-secrets runs ~25 plugins (AWS, GitHub, Slack, Stripe, private keys, JWT,
basic-auth URLs, keyword assignments such as ``password = "..."``, high-entropy
strings...) and its false-positive filters, at roughly a quarter of a millisecond
per line -- too slow for every line of a large dataset. Every plugin needs one of
a few shapes on the line (a quoted run of 16+ key-like characters, a secret-ish
word, ``BEGIN ... KEY``, ``://user:pass@``, a known token prefix), so only lines
with one of those shapes are handed to detect-secrets, through its public
``scan_file`` on a temporary file named with the record's language extension
(its keyword rules depend on the file type). The pre-filter is a superset of what
the plugins look at; detect-secrets alone decides.
"""

from __future__ import annotations

import os
import re
import tempfile
from functools import cache

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.core.scan import scan_file
from detect_secrets.settings import cache_bust, configure_settings_from_baseline

from codecanary.audit.dataset.lang_tables import language_table

_CANDIDATE = re.compile(
    r"[\"'`][^\"'`\n]*?[A-Za-z0-9+/=_\-.]{16,}"
    r"|(?i:pass|pwd|secret|token|api_?key|auth|private|priv_?key|credential|contrase)"
    r"|BEGIN[A-Z ]*PRIVATE KEY|://[^/\s:@]+:[^/\s@]+@"
    r"|\b(?:AKIA|ASIA|ghp_|gho_|ghs_|xox[abpors]-|sk_live_|rk_live_|eyJ|SG\.|AIza)"
)
_PLACEHOLDER_VALUE = re.compile(r"(?i)x{6,}|\*{4,}|<[^>]+>|your[_-]|example|changeme|dummy")


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
    lines = code.splitlines()
    picked = [(k + 1, line) for k, line in enumerate(lines)
              if len(line) < 2000 and _CANDIDATE.search(line)]
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
