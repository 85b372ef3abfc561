#!/usr/bin/env bash
# Install everything, then run the whole test suite. Optional-backend tests fail rather than
# skip here (KOW2V_REQUIRE_ALL=1): every extra is installed, so every test must run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export KOW2V_REQUIRE_ALL=1
exec .venv/bin/python -m pytest "$@"
