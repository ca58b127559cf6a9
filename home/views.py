from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.roles import user_roles
from home.progress import campaign_progress
from home.selectors import home_sections


@login_required
def home(request):
    """Where each campaign stands with this person's next step, then what waits for
    them, one section per role they hold."""
    roles = user_roles(request.user)
    return render(
        request,
        "home/home.html",
        {
            "campaigns": campaign_progress(request.user) if roles else [],
            "sections": home_sections(request.user),
        },
    )
