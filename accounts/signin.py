"""A sign-in refused for a reason the person should read on the login page.

An authentication backend that checked the credentials but will not sign
them in (a directory user not on the roster, a directory that does not
answer) says why with ``refuse_sign_in`` and answers ``None``: Django then
records the failure as for a wrong password (``user_login_failed``: a
LoginEvent, a failure django-axes counts), and ``SignInForm`` shows the
reason instead of the wrong-password message. django-axes carries its
lockout the same way, on the request.
"""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

_REFUSAL = "_qinglian_sign_in_refusal"


def refuse_sign_in(request, message):
    """Keep ``message`` (Chinese, translated) for the login form of ``request``."""
    if request is not None:
        setattr(request, _REFUSAL, message)


def sign_in_refusal(request):
    """The message a backend left with ``refuse_sign_in``, or None."""
    return getattr(request, _REFUSAL, None)


class SignInForm(AuthenticationForm):
    """Django's login form; a backend's refusal replaces the wrong-password message."""

    def get_invalid_login_error(self):
        message = sign_in_refusal(self.request)
        if message:
            return ValidationError(message, code="refused")
        return super().get_invalid_login_error()
