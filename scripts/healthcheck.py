"""Health check of the web container (docker-compose.yml): GET /health/ from gunicorn.

The request names a host of ALLOWED_HOSTS, so Django's host check lets it
through; /health/ is exempt from the HTTPS redirect. Exit status 0 is healthy.
"""

import os
import sys
import urllib.request


def probe_host():
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")  # ".example.org" allows example.org itself
        if host and host != "*":
            return host
    return "localhost"


def main():
    request = urllib.request.Request(
        "http://127.0.0.1:8000/health/", headers={"Host": probe_host()}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310  (fixed http URL)
            return 0 if response.status == 200 else 1
    except OSError as error:
        sys.stderr.write(f"health check failed: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
