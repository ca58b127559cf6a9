from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.templatetags.qinglian import minutes

from .selectors import home_sections


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            failure_limit=settings.AXES_FAILURE_LIMIT,
            lockout_minutes=minutes(settings.AXES_COOLOFF_TIME),
            **kwargs,
        )


@login_required
def home(request):
    """What waits for this person, one section per role they hold."""
    return render(request, "accounts/home.html", {"sections": home_sections(request.user)})
