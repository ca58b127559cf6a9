from django.conf import settings
from django.contrib.auth import views as auth_views

from core.templatetags.qinglian import minutes

from .signin import SignInForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            failure_limit=settings.AXES_FAILURE_LIMIT,
            lockout_minutes=minutes(settings.AXES_COOLOFF_TIME),
            **kwargs,
        )
