#!/usr/bin/env bash
# Fresh machine -> the test suite: installs what is needed, then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/python -m pytest "$@"
