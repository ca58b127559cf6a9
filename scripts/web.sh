#!/bin/sh
# The web server, stated once: the Docker image's CMD, docker-compose.yml's web service and
# deploy/systemd/qinglian-web.service run this script. It brings the database up to date
# (migrate, idempotent) and replaces itself with gunicorn, whose settings are in
# deploy/gunicorn.conf.py. `python` and `gunicorn` are those on PATH (the image's, or the
# virtual environment's bin/ that the systemd unit puts first).
set -eu
cd "$(dirname "$0")/.."
python manage.py migrate --noinput
exec gunicorn --config deploy/gunicorn.conf.py
