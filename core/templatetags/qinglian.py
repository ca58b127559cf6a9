from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def cn_date(value):
    """A date as official Chinese documents write it, whatever the UI language: 2026年9月18日.

    Pages use Django's ``|date`` (zh-hans DATE_FORMAT is the same); notices,
    certificates and e-mails use this so they stay Chinese in English sessions.
    """
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def minutes(value):
    """A ``timedelta`` as whole minutes (``timedelta(minutes=30)`` → 30)."""
    if not value:
        return 0
    return int(value.total_seconds() // 60)
