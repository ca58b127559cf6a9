"""Where a request comes from, as far as the login lockout and the login audit trust it."""

from ipaddress import ip_address

from django.conf import settings


def _valid(address):
    try:
        return str(ip_address(address.strip()))
    except (ValueError, AttributeError):
        return None


def client_ip_address(request):
    """The client's address: ``REMOTE_ADDR``, or the one the trusted proxies saw.

    ``X-Forwarded-For`` is believed only as far as ``TRUSTED_PROXY_COUNT``
    proxies of our own append to it; anything further left was written by the
    client and could be anything, so a client cannot dodge the lockout by
    sending a new address with every guess. Used by django-axes
    (``AXES_CLIENT_IP_CALLABLE``) and by the login audit.
    """
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < proxies:
        return remote
    return _valid(forwarded[-proxies]) or remote
