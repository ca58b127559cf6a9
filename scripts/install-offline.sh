#!/usr/bin/env bash
# Installs qinglian on a Debian/Ubuntu server without internet, from the unpacked
# offline bundle (make bundle; docs/operations.md, "离线安装 / Offline installation").
#
#   sudo ./scripts/install-offline.sh            # from the bundle's folder
#
# Options:
#   --prefix DIR      where the source and the virtual environment go (default /opt/qinglian)
#   --env-file FILE   the environment file (default /etc/qinglian/qinglian.env)
#   --wheels DIR      the wheels (default: wheels/ beside the source)
#   --no-systemd      install, collect static files and migrate, but create no user and
#                     install no systemd unit (a test, or a server run otherwise)
#
# Steps: copies the source to PREFIX/app; creates PREFIX/venv with python3.11 and installs
# the production lock with `pip install --no-index --find-links WHEELS` (nothing is
# downloaded); writes the environment file from deploy/qinglian.env.example with a new
# SECRET_KEY when there is none, and stops so it can be filled in; then `check --deploy`,
# collectstatic and migrate; then the user `qinglian` and the units of deploy/systemd/,
# enabled and (re)started. Run it again for an upgrade: the environment file and the data
# stay.
set -euo pipefail

SOURCE="$(cd "$(dirname "$0")/.." && pwd)"
PREFIX=/opt/qinglian
ENV_FILE=/etc/qinglian/qinglian.env
WHEELS="$SOURCE/wheels"
SYSTEMD=1
PYTHON="${PYTHON:-python3.11}"

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --env-file) ENV_FILE="$2"; shift 2 ;;
    --wheels) WHEELS="$2"; shift 2 ;;
    --no-systemd) SYSTEMD=0; shift ;;
    *) echo "未知参数 / unknown option: $1" >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }
fail() { printf '%s\n' "$@" >&2; exit 1; }

if ! command -v "$PYTHON" >/dev/null 2>&1 || ! "$PYTHON" -c "import ensurepip, venv" 2>/dev/null; then
  fail "需要 Python 3.11 及 venv：请从系统安装介质安装 python3.11 python3.11-venv。" \
    "Python 3.11 with venv is needed: install python3.11 and python3.11-venv from the OS media."
fi
[ -d "$WHEELS" ] || fail "找不到 wheel 目录 / no wheels folder: $WHEELS"
if [ "$SYSTEMD" = 1 ] && [ "$(id -u)" -ne 0 ]; then
  fail "请以 root 运行（或加 --no-systemd）。" "Run as root (or with --no-systemd)."
fi

say "源代码 / source -> $PREFIX/app"
mkdir -p "$PREFIX/app"
tar -C "$SOURCE" -cf - \
  --exclude=./wheels --exclude=./docker --exclude=./.venv --exclude=./var --exclude=./.git \
  --exclude=./dist --exclude=./.env --exclude='*/__pycache__' . | tar -C "$PREFIX/app" -xf -

say "虚拟环境 / virtual environment $PREFIX/venv (pip --no-index)"
[ -x "$PREFIX/venv/bin/python" ] || "$PYTHON" -m venv "$PREFIX/venv"
"$PREFIX/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  --no-index --find-links "$WHEELS" -r "$PREFIX/app/requirements.txt"

if [ ! -f "$ENV_FILE" ]; then
  mkdir -p "$(dirname "$ENV_FILE")"
  secret="$("$PREFIX/venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(64))')"
  sed "s|^SECRET_KEY=.*|SECRET_KEY=$secret|" "$PREFIX/app/deploy/qinglian.env.example" >"$ENV_FILE"
  chmod 640 "$ENV_FILE"
  fail "已生成环境文件 $ENV_FILE：请填写主机名、数据库、Redis 与邮件设置，然后再次运行本脚本。" \
    "Wrote $ENV_FILE: fill in the host name, database, Redis and e-mail, then run this script again."
fi

set -a
# shellcheck disable=SC1090
. "$ENV_FILE"
set +a
VAR_DIR="${QINGLIAN_VAR_DIR:-/var/lib/qinglian}"
export QINGLIAN_VAR_DIR="$VAR_DIR"
mkdir -p "$VAR_DIR"
export PATH="$PREFIX/venv/bin:$PATH"
cd "$PREFIX/app"

say "检查 / check --deploy"
python manage.py check --deploy --fail-level WARNING
if ! ls locale/*/LC_MESSAGES/django.mo >/dev/null 2>&1; then
  # The bundle carries the compiled translations; a plain checkout needs gettext.
  python manage.py compilemessages --ignore=.venv --verbosity 0
fi
say "静态文件 / collectstatic"
python manage.py collectstatic --noinput --verbosity 0
say "数据库迁移 / migrate"
python manage.py migrate --noinput

if [ "$SYSTEMD" = 0 ]; then
  say "完成（未安装 systemd 单元）/ done (no systemd units installed)"
  exit 0
fi

say "用户与 systemd 单元 / user and systemd units"
id qinglian >/dev/null 2>&1 \
  || useradd --system --home-dir "$VAR_DIR" --shell /usr/sbin/nologin qinglian
chown -R qinglian:qinglian "$VAR_DIR"
chown root:qinglian "$ENV_FILE"
chmod 640 "$ENV_FILE"
for unit in qinglian-web qinglian-worker qinglian-beat; do
  sed -e "s|/opt/qinglian|$PREFIX|g" -e "s|/etc/qinglian/qinglian.env|$ENV_FILE|g" \
    "deploy/systemd/$unit.service" >"/etc/systemd/system/$unit.service"
done
systemctl daemon-reload
systemctl enable qinglian-web qinglian-worker qinglian-beat
systemctl restart qinglian-web qinglian-worker qinglian-beat
say "完成 / done: systemctl status qinglian-web qinglian-worker qinglian-beat"
echo "反向代理示例 / reverse proxy example: $PREFIX/app/deploy/nginx/qinglian.conf"
echo "创建管理员 / first administrator:"
echo "  sudo -u qinglian bash -c 'set -a; . $ENV_FILE; exec $PREFIX/venv/bin/python $PREFIX/app/manage.py createsuperuser'"
