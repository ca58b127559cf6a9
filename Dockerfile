# The production image of qinglian: gunicorn serving Django, the same image runs
# the Celery worker and beat (see docker-compose.yml). Configuration comes from
# the environment only (README.md, "配置 / Configuration"). It installs the
# production lock only (requirements.txt): no test or lint tools.

# python-ldap has no wheel on PyPI: it is built here, with a compiler and the
# OpenLDAP and SASL headers that the final image does without.
FROM python:3.11-slim-bookworm AS wheels
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libldap2-dev libsasl2-dev \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN pip wheel --no-cache-dir --disable-pip-version-check --no-deps \
    --wheel-dir /wheels -r /tmp/requirements.txt

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=qinglian.settings \
    QINGLIAN_VAR_DIR=/var/lib/qinglian \
    STATIC_ROOT=/app/staticfiles \
    WEB_CONCURRENCY=3

# Pango and HarfBuzz for WeasyPrint (official notices as PDF), Noto CJK so the
# PDFs embed a Chinese font, gettext for compilemessages, OpenLDAP's and SASL's
# libraries for python-ldap (directory sign-in).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext \
        libldap-2.5-0 libsasl2-2 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 qinglian \
    && useradd --system --uid 1000 --gid qinglian --home-dir /app --shell /usr/sbin/nologin qinglian

WORKDIR /app
COPY requirements.txt .
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels \
    pip install --no-index --find-links /wheels -r requirements.txt

COPY . .

# Translations and static files are part of the image. The settings need a
# SECRET_KEY to load; this one exists only during the build.
RUN SECRET_KEY=build-only-key-never-used-at-run-time-0123456789abcdefghij \
    QINGLIAN_VAR_DIR=/tmp/qinglian-build \
    python manage.py compilemessages --ignore=.venv --verbosity 0 \
    && SECRET_KEY=build-only-key-never-used-at-run-time-0123456789abcdefghij \
    QINGLIAN_VAR_DIR=/tmp/qinglian-build \
    python manage.py collectstatic --noinput --verbosity 0 \
    && rm -rf /tmp/qinglian-build \
    && mkdir -p /var/lib/qinglian/media \
    && chown -R qinglian:qinglian /var/lib/qinglian

USER qinglian
VOLUME ["/var/lib/qinglian"]
EXPOSE 8000

# migrate, then gunicorn (deploy/gunicorn.conf.py; WEB_CONCURRENCY sets its number of workers).
CMD ["scripts/web.sh"]
