"""gunicorn's settings for qinglian, the one place they are stated.

scripts/web.sh starts gunicorn with this file; the Docker image, docker-compose.yml
and deploy/systemd/qinglian-web.service all run scripts/web.sh. Environment:

- ``WEB_BIND``: the address to listen on, default ``0.0.0.0:8000`` (the container);
  the systemd unit sets ``127.0.0.1:8000`` behind nginx.
- ``WEB_CONCURRENCY``: the number of sync workers, default 3 (gunicorn reads it itself).
"""

import os

wsgi_app = "qinglian.wsgi:application"
# A container listens on all its interfaces; the systemd unit sets 127.0.0.1:8000.
bind = [os.environ.get("WEB_BIND", "0.0.0.0:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# PDFs (notices, certificates) are rendered by the worker, but an export of a large
# roster or the first render of a big page may take a while on a busy server.
timeout = 120
# The access log on standard output: docker logs / journalctl keep it.
accesslog = "-"
# The app logs on standard error (settings.LOGGING).
errorlog = "-"
