#!/usr/bin/env bash
# `make lock`: the two locks, from pyproject.toml's pins (needs PyPI).
#   requirements.txt      production: what the Docker image and the offline bundle install
#   requirements-dev.txt  `-r requirements.txt` plus the test and lint tools and their dependencies
# Both are resolved in one go (".[dev]"), then the production set is installed alone under
# that resolution as constraints, so a package in both files has the same version in both.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pip_in() { "$work/$1/bin/pip" --quiet --disable-pip-version-check "${@:2}"; }

"$PYTHON" -m venv "$work/all"
pip_in all install ".[dev]"
pip_in all freeze --exclude qinglian >"$work/all.txt"

"$PYTHON" -m venv "$work/production"
pip_in production install --constraint "$work/all.txt" "."
{
  echo "# Production lock (make lock): the image and the offline bundle install exactly this."
  pip_in production freeze --exclude qinglian
} >requirements.txt
{
  echo "# Development lock (make lock): the production lock plus the test and lint tools."
  echo "-r requirements.txt"
  grep -vxFf requirements.txt "$work/all.txt"
} >requirements-dev.txt
echo "requirements.txt: $(grep -vc '^#' requirements.txt) packages; requirements-dev.txt: $(grep -vc '^[#-]' requirements-dev.txt) more."
