#!/usr/bin/env bash
# Fresh machine -> offline demo: installs what is needed, then runs `codecanary quickstart`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/codecanary quickstart "$@"
