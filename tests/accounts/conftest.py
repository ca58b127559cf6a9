from tests.ldap_server import ldap_server, use_directory  # noqa: F401 (fixtures)
