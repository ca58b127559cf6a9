#!/usr/bin/env bash
# The wheels of the production lock (requirements.txt) for the offline server: Linux
# x86_64, CPython 3.11. Binary wheels are downloaded for that platform (manylinux up to
# glibc 2.28); a package PyPI has only as source (python-ldap) is built into a wheel here,
# which needs this machine to be Linux x86_64 with Python 3.11, a compiler and the
# headers of libldap2-dev and libsasl2-dev (make setup installs them). Such a wheel links
# to the OpenLDAP and SASL libraries of this machine's OS release: the offline server
# needs the same release's libldap and libsasl2 (docs/operations.md).
#
# Usage: scripts/bundle-wheels.sh DEST    (needs PyPI; pip's cache makes a second run quick)
# make bundle and tests/ops/test_bundle.py call it.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST="${1:?usage: scripts/bundle-wheels.sh DEST}"
PY="${PYTHON:-.venv/bin/python}"
LOCK="${LOCK:-requirements.txt}"

if ! "$PY" -c 'import platform, sys; sys.exit(not (sys.platform == "linux" and platform.machine() == "x86_64" and sys.version_info[:2] == (3, 11)))'; then
  echo "需要在 Linux x86_64 与 Python 3.11 上构建（python-ldap 须在此编译）。" >&2
  echo "Build on Linux x86_64 with Python 3.11 (python-ldap is compiled here)." >&2
  exit 1
fi
mkdir -p "$DEST"
pip_() { "$PY" -m pip --disable-pip-version-check "$@"; }

# --no-deps: the lock lists every package. With --platform, pip takes a wheel for the
# target where there is one and the source archive where there is none.
pip_ download --quiet --no-deps --dest "$DEST" \
  --implementation cp --python-version 3.11 --abi cp311 \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 \
  --platform manylinux_2_24_x86_64 --platform manylinux_2_17_x86_64 \
  --platform manylinux2014_x86_64 \
  -r "$LOCK"

# Each source archive becomes a wheel, built by name (so pip's wheel cache serves the next run).
"$PY" - "$DEST" <<'PYTHON' | while read -r archive requirement; do
import sys
from pathlib import Path

from packaging.utils import parse_sdist_filename

for path in sorted(Path(sys.argv[1]).iterdir()):
    if path.name.endswith((".tar.gz", ".zip")):
        name, version = parse_sdist_filename(path.name)
        print(path, f"{name}=={version}")
PYTHON
  echo "构建 / building $requirement"
  pip_ wheel --quiet --no-deps --wheel-dir "$DEST" "$requirement"
  rm "$archive"
done

# Every package of the lock has its wheel, and nothing else is there.
"$PY" - "$DEST" "$LOCK" <<'PYTHON'
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

folder, lock = Path(sys.argv[1]), Path(sys.argv[2])
wanted = {
    canonicalize_name(Requirement(line).name)
    for line in lock.read_text().splitlines()
    if line.strip() and not line.startswith(("#", "-"))
}
have = {parse_wheel_filename(p.name)[0] for p in folder.glob("*.whl")}
if wanted != have:
    sys.exit(f"wheels missing: {sorted(wanted - have)}; not in the lock: {sorted(have - wanted)}")
print(f"{len(have)} wheels in {folder}")
PYTHON
