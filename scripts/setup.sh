#!/usr/bin/env bash
# Install kow2v with every extra into ./.venv, and a Java runtime for KoNLPy if none is found.
# Safe to run again: it only does what is missing (plus a quick pip check).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  echo "setup: no Java runtime found; installing default-jre-headless for KoNLPy"
  apt_install default-jre-headless
fi

# the report's figures label Korean words: they need a font with Hangul glyphs
if ! fc-list :lang=ko 2>/dev/null | grep -q . && command -v apt-get >/dev/null 2>&1; then
  echo "setup: no Korean font found; installing fonts-nanum for the report's figures"
  apt_install fonts-nanum fontconfig || echo "setup: could not install fonts-nanum; figures will show boxes for Hangul"
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    echo "setup: python3-venv is missing; installing it"
    rm -rf .venv
    apt_install python3-venv
    "$PY" -m venv .venv
  fi
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[all]'
echo "setup: kow2v installed in .venv ($(.venv/bin/python --version))"
