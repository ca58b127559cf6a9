"""``{% demo_clock_link %}``: the footer's link to the demo clock, with DEBUG on and for
someone signed in; nothing at all with DEBUG off."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from home.demo_clock import demo_clock_available

register = template.Library()


@register.simple_tag(takes_context=True)
def demo_clock_link(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if not demo_clock_available() or user is None or not user.is_authenticated:
        return ""
    try:
        url = reverse("demo_clock")
    except NoReverseMatch:
        return ""
    return format_html(' · <a href="{}" id="demo-clock-link">{}</a>', url, _("演示时钟"))
