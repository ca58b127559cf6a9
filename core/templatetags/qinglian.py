from django import template
from django.utils import timezone

register = template.Library()

_DIGITS = "〇一二三四五六七八九"


def _as_local_date(value):
    if hasattr(value, "hour"):
        return timezone.localtime(value).date()
    return value


@register.filter
def cn_date(value):
    """A date as official Chinese documents write it, whatever the UI language: 2026年9月18日.

    Pages use Django's ``|date`` (zh-hans DATE_FORMAT is the same); notices,
    certificates and e-mails use this so they stay Chinese in English sessions.
    """
    if not value:
        return ""
    value = _as_local_date(value)
    return f"{value.year}年{value.month}月{value.day}日"


def _cn_number(number):
    """1–31 in Chinese numerals as dates read them: 9 → 九, 10 → 十, 18 → 十八, 30 → 三十."""
    tens, units = divmod(number, 10)
    if tens == 0:
        return _DIGITS[units]
    return ("十" if tens == 1 else f"{_DIGITS[tens]}十") + (_DIGITS[units] if units else "")


@register.filter
def cn_numeral_date(value):
    """A date in Chinese numerals, as certificates print it: 二〇二六年九月十八日.

    The year is read digit by digit with 〇 for zero; month and day as numbers.
    """
    if not value:
        return ""
    value = _as_local_date(value)
    year = "".join(_DIGITS[int(digit)] for digit in str(value.year))
    return f"{year}年{_cn_number(value.month)}月{_cn_number(value.day)}日"


@register.filter
def minutes(value):
    """A ``timedelta`` as whole minutes (``timedelta(minutes=30)`` → 30)."""
    if not value:
        return 0
    return int(value.total_seconds() // 60)


@register.filter
def item(sequence, index):
    """``sequence[index]``: the header beside a cell drawn in another loop, e.g. the
    standard a subtotal belongs to, for the cell's ``data-label`` (cards on a phone)."""
    return sequence[index]
