#!/usr/bin/env bash
# `make bundle`: one archive with everything a server without internet needs, built on a
# machine with access to PyPI (and, for the images, to Docker Hub):
#
#   dist/qinglian-<version>-<date>.tar.gz
#     qinglian-<version>-<date>/        the source of HEAD (git archive) with the compiled
#                                       translations; docker-compose.yml, deploy/, docs/
#       wheels/                         the production lock as wheels (scripts/bundle-wheels.sh)
#       docker/qinglian-images.tar.gz   `docker save` of qinglian, postgres and redis, when a
#                                       Docker daemon answers and the images can be built/pulled
#       scripts/install-offline.sh      the plain-server installation (systemd units)
#       BUNDLE.txt                      what is inside
#
# docs/operations.md, "离线安装 / Offline installation", tells how to use it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
PY="$(cd "$(dirname "$(command -v "$PY")")" && pwd)/$(basename "$PY")"  # absolute: used from $STAGE too
VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
NAME="qinglian-$VERSION-$(date +%Y%m%d)"
STAGE="dist/$NAME"
COMMIT="$(git rev-parse --short HEAD)"

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "注意：打包的是已提交的 HEAD ($COMMIT)，未提交的修改不在其中。" >&2
  echo "Note: the bundle holds the committed HEAD ($COMMIT); uncommitted changes are not in it." >&2
fi

rm -rf "$STAGE" "dist/$NAME.tar.gz"
mkdir -p "$STAGE"
echo "== 源代码 / source: HEAD $COMMIT"
git archive --format=tar HEAD | tar -C "$STAGE" -xf -
# The translations compiled here: the offline server need not have gettext.
(cd "$STAGE" && DEBUG=true QINGLIAN_VAR_DIR="$(mktemp -d)" "$PY" manage.py compilemessages --ignore=.venv --verbosity 0)

echo "== wheels (requirements.txt)"
bash scripts/bundle-wheels.sh "$STAGE/wheels"

echo "== Docker"
IMAGES="not included: no Docker daemon answered on the machine that built the bundle"
if docker info >/dev/null 2>&1; then
  others="$(sed -n 's/^ *image: *\([^ ]*\)$/\1/p' docker-compose.yml | grep -v '^qinglian:' | sort -u)"
  mkdir -p "$STAGE/docker"
  # shellcheck disable=SC2086
  if docker build --tag "qinglian:$VERSION" --tag qinglian:latest "$STAGE" \
    && for image in $others; do docker pull "$image" || exit 1; done \
    && docker save "qinglian:$VERSION" qinglian:latest $others | gzip >"$STAGE/docker/qinglian-images.tar.gz"; then
    IMAGES="docker/qinglian-images.tar.gz: qinglian:$VERSION (also tagged latest) $others"
  else
    rm -rf "$STAGE/docker"
    IMAGES="not included: the image could not be built or a base image could not be pulled"
    echo "Docker 镜像未能构建或拉取，压缩包中不含镜像（其余照常）。" >&2
    echo "The Docker images could not be built or pulled; the bundle goes without them." >&2
  fi
else
  echo "没有可用的 Docker 守护进程：压缩包中不含镜像（其余照常）。" >&2
  echo "No Docker daemon answers: the bundle goes without the images (the rest is built)." >&2
fi

cat >"$STAGE/BUNDLE.txt" <<TEXT
qinglian $VERSION, commit $COMMIT, built $(date -u +%Y-%m-%dT%H:%MZ) on $(. /etc/os-release && echo "$PRETTY_NAME")
wheels/: $(find "$STAGE/wheels" -name '*.whl' | wc -l) wheels of requirements.txt for CPython 3.11, Linux x86_64
  python-ldap's wheel was built on the system above: the server needs the same release's
  libldap and libsasl2 (Debian 12: libldap-2.5-0 libsasl2-2)
Docker images: $IMAGES
Installation: docs/operations.md, "离线安装 / Offline installation"
TEXT

tar -C dist -czf "dist/$NAME.tar.gz" "$NAME"
rm -rf "$STAGE"
(cd dist && sha256sum "$NAME.tar.gz" >"$NAME.tar.gz.sha256")
echo "== $(du -h "dist/$NAME.tar.gz" | cut -f1) dist/$NAME.tar.gz"
echo "   Docker images: $IMAGES"
