from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role, user_roles
from core.views import run_action
from home.firstrun import (
    VIEW_FIRST_RUN,
    administrator_exists,
    first_administrator_create,
    first_run_status,
    is_fresh_installation,
    setup_code,
)
from home.forms import FirstAdministratorForm
from home.progress import campaign_progress
from home.selectors import home_sections


def home(request):
    """Where each campaign stands with this person's next step, then what waits for
    them, one section per role they hold. A fresh installation (no account at
    all) sends the visitor to the first-run page."""
    if not request.user.is_authenticated:
        if is_fresh_installation():
            return redirect("home:first_run")
        return redirect_to_login(request.get_full_path())
    roles = user_roles(request.user)
    context = {
        "campaigns": campaign_progress(request.user) if roles else [],
        "sections": home_sections(request.user),
    }
    if Role.ADMIN in roles:
        steps = first_run_status(request.user)
        if not all(status.done for status in steps):
            context["first_run"] = steps
    return render(request, "home/home.html", context)


def first_run(request):
    """The first-run page: the steps of a new installation, done and left. Before
    any administrator exists, it is where the first one is created."""
    if not administrator_exists():
        return redirect("home:first_administrator")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(VIEW_FIRST_RUN):
        raise PermissionDenied
    steps = first_run_status(request.user)
    return render(
        request,
        "home/first_run.html",
        {"steps": steps, "done_count": sum(status.done for status in steps)},
    )


def first_administrator(request):
    """The first administrator, created with the one-time setup code; gone (404)
    once any administrator exists."""
    if administrator_exists():
        raise Http404
    setup_code()  # written to the var dir and logged the first time
    form = FirstAdministratorForm(request.POST or None)
    page = lambda: render(request, "home/first_administrator.html", {"form": form})  # noqa: E731
    if request.method != "POST":
        return page()
    return run_action(
        request,
        lambda: first_administrator_create(
            code=form.cleaned_data["setup_code"],
            username=form.cleaned_data["username"],
            name=form.cleaned_data["name"],
            password=form.cleaned_data["password1"],
        ),
        form=form,
        page=page,
        success_url=f"{reverse('accounts:login')}?next={reverse('home:first_run')}",
        success_message=_("系统管理员账号已创建，请用它登录，然后按向导逐步完成设置。"),
    )
