#!/usr/bin/env bash
# Prepare a fresh machine: system packages (when root), then .venv with codecanary.
# Idempotent and quick when nothing changed. Used by quickstart.sh, test.sh and CI.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x scripts/install-toolchains.sh ]; then
  scripts/install-toolchains.sh
elif ! command -v bwrap >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "codecanary needs Python 3.11+; set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.codecanary-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  echo "$want" > "$stamp"
fi
