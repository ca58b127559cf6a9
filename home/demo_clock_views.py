"""The demo clock's page (DEBUG only; its URL exists only then, see ``urlpatterns``)."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.forms import BootstrapFormMixin
from core.views import acts, run_action

from .demo_clock import demo_clock_advance, moved_summary, waiting_on_the_clock
from .rules import USE_DEMO_CLOCK


class DemoClockForm(BootstrapFormMixin, forms.Form):
    to = forms.DateField(
        label=gettext_lazy("拨到哪一天"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _page(request, form, waiting):
    return render(
        request,
        "home/demo_clock.html",
        {"form": form, "waiting": waiting, "today": timezone.localdate()},
    )


@login_required
@permission_required(USE_DEMO_CLOCK, raise_exception=True)
def demo_clock_page(request):
    """What waits on the clock, and the form that moves it; proposes the first due day."""
    waiting = waiting_on_the_clock()
    initial = {"to": waiting[0].due_on} if waiting else {}
    return _page(request, DemoClockForm(initial=initial), waiting)


@acts(USE_DEMO_CLOCK)
def demo_clock_move(request):
    form = DemoClockForm(request.POST)
    return run_action(
        request,
        lambda: demo_clock_advance(to=form.cleaned_data["to"]),
        form=form,
        page=lambda: _page(request, form, waiting_on_the_clock()),
        success_url="demo_clock",
        success_message=moved_summary,
    )


def demo_clock_urlpatterns():
    """The demo clock's URLs with DEBUG on; none with DEBUG off."""
    if not settings.DEBUG:
        return []
    return [
        path("demo/clock/", demo_clock_page, name="demo_clock"),
        path("demo/clock/move/", demo_clock_move, name="demo_clock_move"),
    ]
