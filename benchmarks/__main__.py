"""Run the benchmarks: ``python -m benchmarks [NAME ...]``.

Each database gets a process of its own (Django is configured once per
process): SQLite in a temporary folder always, and PostgreSQL when
DATABASE_URL names one (a temporary database ``<name>_bench`` beside it is
created and dropped; the named database is not touched). The processes use
the production settings (DEBUG off) with their files in a temporary folder,
and talk to no Redis or broker. Figures go to ``benchmarks/results.json``,
each with the date, the database and the machine's core count.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
WORKER_MARK = "BENCHMARK-FIGURES "


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument("--no-save", action="store_true", help="print the figures only")
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.worker:
        return _worker(options.worker, options.names)

    from benchmarks import discover

    benchmarks = discover()
    if options.list:
        for item in benchmarks.values():
            print(f"{item.name}: {item.description}")
        return 0
    unknown = sorted(set(options.names) - benchmarks.keys())
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    names = options.names or sorted(benchmarks)

    databases = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://")):
        databases.append("postgresql")
    runs = {}
    failed = False
    for database in databases:
        print(f"== {database}: {', '.join(names)}", flush=True)
        figures = _run_worker(database, names)
        if figures is None:
            failed = True
            continue
        for name, entry in figures.items():
            runs.setdefault(name, {})[database] = entry
            _print_entry(name, database, entry)
            failed = failed or entry["figures"].get("within_limit") is False
    if os.environ.get("QINGLIAN_BENCH_LOAD_PAGES") and not options.no_save:
        print("QINGLIAN_BENCH_LOAD_PAGES measures a few pages: results.json is left as it was")
        options.no_save = True
    if runs and not options.no_save:
        _save(runs)
        print(f"figures written to {RESULTS.relative_to(REPOSITORY)}")
    return 1 if failed else 0


def _run_worker(database, names):
    environment = dict(os.environ)
    for variable in ("REDIS_URL", "CELERY_BROKER_URL"):
        environment.pop(variable, None)
    with tempfile.TemporaryDirectory(prefix="qinglian-bench-") as folder:
        environment.update(
            {
                "DJANGO_SETTINGS_MODULE": "qinglian.settings",
                "DEBUG": "false",
                "SECRET_KEY": "benchmark-only-secret-key-not-for-any-deployment-0123456789",
                "ALLOWED_HOSTS": "testserver",
                "SECURE_SSL_REDIRECT": "false",
                "SECURE_COOKIES": "false",
                "QINGLIAN_VAR_DIR": folder,
                "MEDIA_ROOT": str(Path(folder) / "media"),
                "LOG_LEVEL": "WARNING",
            }
        )
        if database == "sqlite":
            environment["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        command = [sys.executable, "-m", "benchmarks", "--worker", database, *names]
        finished = subprocess.run(
            command, cwd=REPOSITORY, env=environment, capture_output=True, text=True, check=False
        )
    if finished.returncode != 0:
        print(finished.stdout + finished.stderr, file=sys.stderr)
        print(f"!! {database}: the benchmark process failed", file=sys.stderr)
        return None
    for line in finished.stdout.splitlines():
        if line.startswith(WORKER_MARK):
            return json.loads(line.removeprefix(WORKER_MARK))
    print(finished.stdout + finished.stderr, file=sys.stderr)
    return None


def _worker(database, names):
    """Inside the benchmark process: a fresh database, each benchmark once, figures on stdout."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import override_settings

    from benchmarks import discover

    benchmarks = discover()
    settings_dict = connection.settings_dict
    original_name = settings_dict["NAME"]
    settings_dict.setdefault("TEST", {})
    settings_dict["TEST"]["NAME"] = (
        original_name if database == "sqlite" else f"{original_name}_bench"
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    database_version = _database_version(connection)
    results = {}
    try:
        # Pages render {% static %}; no collectstatic manifest exists in the temporary folder.
        storages = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(STORAGES=storages):
            for name in names:
                started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
                load = os.getloadavg()[0]
                figures = benchmarks[name].function()
                results[name] = {
                    "measured_at": started,
                    "load_average_before": round(load, 2),
                    "database": database_version,
                    "cpu_count": os.cpu_count(),
                    "platform": platform.platform(),
                    "python": platform.python_version(),
                    "figures": figures,
                }
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    print(WORKER_MARK + json.dumps(results, ensure_ascii=False), flush=True)
    return 0


def _database_version(connection):
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def _print_entry(name, database, entry):
    print(
        f"-- {name} on {entry['database']} ({entry['cpu_count']} cores, "
        f"load average {entry['load_average_before']} before)"
    )
    for key, value in entry["figures"].items():
        shown = f"{value:.2f}" if isinstance(value, float) else value
        print(f"   {key}: {shown}")


def _save(runs):
    saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name, by_database in runs.items():
        saved.setdefault(name, {}).update(by_database)
    RESULTS.write_text(json.dumps(saved, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    sys.exit(main())
