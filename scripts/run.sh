#!/usr/bin/env bash
# `make run`: the product with demo data on http://127.0.0.1:8000, one Celery
# worker with beat (django-celery-beat's DatabaseScheduler), all stopped by Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-true}"
PY=.venv/bin/python

$PY manage.py migrate --noinput
$PY manage.py load_demo_hospital

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "正在停止 / stopping…"
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/celery -A qinglian worker --beat --concurrency 1 --loglevel WARNING \
  --scheduler django_celery_beat.schedulers:DatabaseScheduler \
  --schedule var/celerybeat-schedule &
pids+=($!)
$PY manage.py runserver 127.0.0.1:8000 --noreload &
pids+=($!)

sleep 2
$PY manage.py demo_accounts
echo
echo "清廉科室已启动：http://127.0.0.1:8000  （Ctrl-C 停止）"
echo "qinglian is running at http://127.0.0.1:8000 (Ctrl-C stops it)"
wait -n "${pids[@]}"
