"""A real OpenLDAP server for the directory sign-in tests.

Debian's slapd (installed by ``make setup``, never run as a service for the
tests) is started in a temporary folder with a generated ``slapd.conf``, the
schemas of /etc/ldap/schema, an mdb database seeded with ``slapadd`` from
tests/directory.ldif, listening on a free loopback port. Each pytest-xdist
worker starts its own (the fixture is session-scoped), on its own port.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from qinglian.directory import directory_settings

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")
SEED = Path(__file__).with_name("directory.ldif")

SUFFIX = "dc=hospital,dc=test"
PEOPLE = f"ou=people,{SUFFIX}"
SERVICE_DN = f"cn=qinglian,ou=services,{SUFFIX}"
SERVICE_PASSWORD = "service-secret"

_CONF = """\
include {schema}/core.schema
include {schema}/cosine.schema
include {schema}/nis.schema
include {schema}/inetorgperson.schema
pidfile {folder}/slapd.pid
argsfile {folder}/slapd.args
modulepath {modules}
moduleload back_mdb

database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "cn=admin,{suffix}"
directory {folder}/data
# As a hospital's directory would: a password serves only to bind, and only
# someone signed in (the product's service account) may search.
access to attrs=userPassword by anonymous auth by self read by * none
access to * by users read by * none
"""


@dataclass
class LdapServer:
    uri: str
    folder: Path
    process: subprocess.Popen

    def stop(self):
        """The directory goes down (its data stays)."""
        _end(self.process)

    def resume(self):
        """The directory comes back, at the same address with the same data."""
        process = _run_slapd(self.folder / "slapd.conf", self.uri)
        if process is None:
            raise RuntimeError(f"slapd did not start again on {self.uri}")
        self.process = process


def free_port():
    """A loopback port nobody listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _configure(folder):
    (folder / "data").mkdir()
    conf = folder / "slapd.conf"
    conf.write_text(
        _CONF.format(schema=SCHEMA_DIR, modules=MODULE_DIR, folder=folder, suffix=SUFFIX)
    )
    subprocess.run(  # noqa: S603 - slapadd with fixed arguments on our own files
        [SLAPADD, "-q", "-f", str(conf), "-l", str(SEED)],
        check=True,
        capture_output=True,
        text=True,
    )
    return conf


def _run_slapd(conf, uri):
    """slapd serving ``uri``, once it answers; None when it did not start."""
    port = int(uri.rsplit(":", 1)[1].strip("/"))
    # -d 0: stay in the foreground (no daemon to hunt for), log nothing.
    process = subprocess.Popen(  # noqa: S603 - slapd with fixed arguments
        [SLAPD, "-f", str(conf), "-h", uri, "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and process.poll() is None:
        if _answers(port):
            return process
        time.sleep(0.05)
    _end(process)
    return None


def _end(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_ldap_server():
    """Start slapd on a free loopback port; the caller stops it (``remove``)."""
    folder = Path(tempfile.mkdtemp(prefix="qinglian-slapd-"))
    conf = _configure(folder)
    for _attempt in range(3):
        # The port may be taken between the probe and slapd: then another.
        uri = f"ldap://127.0.0.1:{free_port()}/"
        process = _run_slapd(conf, uri)
        if process is not None:
            return LdapServer(uri=uri, folder=folder, process=process)
    shutil.rmtree(folder, ignore_errors=True)
    raise RuntimeError(f"slapd did not start with {conf} (try: {SLAPD} -f {conf} -d 1)")


def remove(server):
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


# --- pytest fixtures (imported by the conftest of the tests that use them) ---------------


@pytest.fixture(scope="session")
def ldap_server():
    """One slapd per test process (per xdist worker), stopped at the end."""
    server = start_ldap_server()
    yield server
    remove(server)


def directory_settings_for(uri, **overrides):
    """The product's settings (``qinglian.directory``) for the test directory at ``uri``."""
    values = {
        "server_uri": uri,
        "bind_dn": SERVICE_DN,
        "bind_password": SERVICE_PASSWORD,
        "user_search_base": PEOPLE,
        "timeout": 2,
        **overrides,
    }
    return directory_settings(**values)


@pytest.fixture
def use_directory(settings):
    """``use_directory(uri, **overrides)``: sign-in goes to the directory at ``uri``
    for the rest of the test (pytest-django's ``settings`` puts them back)."""

    def use(uri, **overrides):
        for name, value in directory_settings_for(uri, **overrides).items():
            setattr(settings, name, value)

    return use
