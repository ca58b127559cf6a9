#!/usr/bin/env bash
# `make run`: the product with demo data on http://127.0.0.1:8000 (PORT to change
# it), one Celery worker with beat (django-celery-beat's DatabaseScheduler) on
# the filesystem broker under var/celery, all stopped by Ctrl-C.
#
# Each server runs in its own process group (setsid), so Ctrl-C reaches only
# this script, which then stops every group as a whole: no process is left
# behind, not even the worker's pool and beat children.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-true}"
PORT="${PORT:-8000}"
ADDRESS="http://127.0.0.1:${PORT}"
export SITE_URL="${SITE_URL:-$ADDRESS}"
PY=.venv/bin/python
LOG_DIR=var/log
CELERY_LOG="$LOG_DIR/celery.log"
mkdir -p "$LOG_DIR"

if $PY -c "import socket, sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1)" "$PORT" 2>/dev/null; then
  echo "端口 ${PORT} 已被占用（是否已有一个 make run 在运行？可用 PORT=8001 make run）。" >&2
  echo "Port ${PORT} is in use (is make run already running? try PORT=8001 make run)." >&2
  exit 1
fi

echo "数据库迁移 / migrating the database…"
$PY manage.py migrate --noinput --verbosity 0
$PY manage.py load_demo_hospital
$PY manage.py load_demo_year_round
$PY manage.py load_demo_campaign

pids=()
stop() {
  local status="$1"
  trap - INT TERM HUP EXIT
  echo
  echo "正在停止 / stopping…"
  local pid
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  # Celery finishes the task in hand (warm shutdown); give it ten seconds.
  for _ in $(seq 50); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "已停止 / stopped."
  exit "$status"
}
trap 'stop 0' INT TERM HUP
trap 'stop $?' EXIT

echo "启动 Celery worker 与 beat（日志 / log: $CELERY_LOG）"
: >"$CELERY_LOG"
setsid .venv/bin/celery -A qinglian worker --beat --concurrency 1 --loglevel INFO \
  --scheduler django_celery_beat.schedulers:DatabaseScheduler \
  </dev/null >>"$CELERY_LOG" 2>&1 &
pids+=($!)
setsid $PY manage.py runserver "127.0.0.1:${PORT}" --noreload </dev/null &
pids+=($!)

# Wait until the web server answers before printing where it is.
if ! $PY - "$ADDRESS/health/" <<'EOF'; then
import sys
import time
import urllib.request

for _ in range(150):
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
            sys.exit(0 if response.status == 200 else 1)
    except OSError:
        time.sleep(0.2)
sys.exit(1)
EOF
  echo "网页服务未能启动（端口 ${PORT} 是否已被占用？可用 PORT=8001 make run）。" >&2
  echo "The web server did not start (is port ${PORT} in use? try PORT=8001 make run)." >&2
  exit 1
fi

echo
$PY manage.py demo_accounts
echo
echo "清廉科室已启动：${ADDRESS}  （Ctrl-C 停止；邮件与定时任务见 ${CELERY_LOG}）"
echo "qinglian is running at ${ADDRESS} (Ctrl-C stops it; e-mail and beat tasks in ${CELERY_LOG})"
set +e
wait -n "${pids[@]}"
echo "有一个服务意外退出，见上方输出或 ${CELERY_LOG}。" >&2
echo "A server stopped unexpectedly; see the output above or ${CELERY_LOG}." >&2
exit 1
