"""The settings of directory sign-in (LDAP / Active Directory), built from plain values.

``settings.py`` calls ``directory_settings`` with what it read from the
environment; the tests call it with their own slapd's address, so the two
cannot drift apart. Imported by settings: nothing here touches Django's
models or settings. The backend itself is ``departments.directory``.
"""

import ldap
from django_auth_ldap.config import LDAPSearch

DEFAULT_USER_SEARCH_FILTER = "(uid=%(user)s)"
DEFAULT_EMPLOYEE_NUMBER_ATTRIBUTE = "employeeNumber"
DEFAULT_TIMEOUT_SECONDS = 5


def directory_settings(
    *,
    server_uri="",
    bind_dn="",
    bind_password="",
    user_search_base="",
    user_search_filter=DEFAULT_USER_SEARCH_FILTER,
    employee_number_attribute=DEFAULT_EMPLOYEE_NUMBER_ATTRIBUTE,
    start_tls=False,
    ca_cert_file="",
    timeout=DEFAULT_TIMEOUT_SECONDS,
):
    """The ``AUTH_LDAP_*`` settings (django-auth-ldap) and ``DIRECTORY_*`` settings
    (ours) for one directory; an empty ``server_uri`` turns directory sign-in off."""
    options = {
        # Active Directory answers a search at the domain's root with referrals
        # that the client would follow anonymously, and fail.
        ldap.OPT_REFERRALS: 0,
        # A directory that does not answer holds the sign-in page this long, not minutes.
        ldap.OPT_NETWORK_TIMEOUT: timeout,
        ldap.OPT_TIMEOUT: timeout,
    }
    if ca_cert_file:
        options[ldap.OPT_X_TLS_REQUIRE_CERT] = ldap.OPT_X_TLS_DEMAND
        options[ldap.OPT_X_TLS_CACERTFILE] = ca_cert_file
        # The TLS options above take effect in a new TLS context; it must come last.
        options[ldap.OPT_X_TLS_NEWCTX] = 0
    return {
        "AUTH_LDAP_SERVER_URI": server_uri,
        "AUTH_LDAP_BIND_DN": bind_dn,
        "AUTH_LDAP_BIND_PASSWORD": bind_password,
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(
            user_search_base,
            ldap.SCOPE_SUBTREE,
            user_search_filter,
            attrlist=[employee_number_attribute],
        ),
        "AUTH_LDAP_START_TLS": start_tls,
        "AUTH_LDAP_CONNECTION_OPTIONS": options,
        # Roles are given in the product: no group is read from the directory,
        # no attribute copied onto the account (the roster has the name).
        "AUTH_LDAP_MIRROR_GROUPS": False,
        "AUTH_LDAP_FIND_GROUP_PERMS": False,
        "AUTH_LDAP_USER_ATTR_MAP": {},
        "AUTH_LDAP_ALWAYS_UPDATE_USER": False,
        "AUTH_LDAP_CACHE_TIMEOUT": 0,
        "DIRECTORY_EMPLOYEE_NUMBER_ATTRIBUTE": employee_number_attribute,
    }
