#!/usr/bin/env bash
# Install everything, then run the main job on the bundled corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/kow2v demo "$@"
