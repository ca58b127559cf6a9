"""Spreadsheet safety shared by every export."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """Return ``value`` so that a spreadsheet shows it as text, never runs it.

    A cell that begins with = + - @ tab or carriage return is prefixed with an
    apostrophe (OWASP's CSV injection advice); other values pass unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
