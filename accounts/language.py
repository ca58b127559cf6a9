"""The interface language: Chinese unless the person chose English (docs/architecture.md,
"Translations").

The browser's Accept-Language is never asked: a hospital's computers often say
English while their users read Chinese. The language comes from, in order:

- a signed-in user: the language they chose (``User.language``), else the site's;
- a visitor not signed in: the language cookie ``set_language`` sets on this
  browser, else the site's (``LANGUAGE_CODE``).

A choice made while signed in is stored on the user, so it follows them to
another browser; a choice made on the sign-in page becomes theirs when they sign
in on that page.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from core.errors import DomainError

from .models import User

# A language picked before signing in, in this browser's session: adopted at sign-in.
CHOSEN_BEFORE_SIGN_IN = "_language_chosen"


def _supported(language):
    return language if language in dict(settings.LANGUAGES) else ""


def request_language(request):
    """The language of the interface for this request (see the module's docstring)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        chosen = user.language
    else:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return _supported(chosen) or settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activates ``request_language``; replaces Django's LocaleMiddleware, which
    follows Accept-Language. Listed after AuthenticationMiddleware, as it asks
    for the user. The answer does not vary with Accept-Language, so no ``Vary``
    on it (the session cookie already varies the signed-in pages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(request_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def user_language_set(*, user, language):
    """Store the interface language ``user`` chose (a code of ``LANGUAGES``; empty: the site's).

    Side effects: ``user.language`` saved, nothing else. Refused for an unknown code.
    """
    if language and not _supported(language):
        raise DomainError(_("不支持该界面语言：%(language)s。") % {"language": language})
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return user


@require_POST
def set_language(request):
    """Django's ``set_language`` (the cookie, the safe redirect to ``next``), and the
    choice stored on the signed-in user, or kept in the session until sign-in."""
    response = django_set_language(request)
    language = _supported(request.POST.get("language", ""))
    if language:
        if request.user.is_authenticated:
            user_language_set(user=request.user, language=language)
        else:
            request.session[CHOSEN_BEFORE_SIGN_IN] = language
    return response


@receiver(user_logged_in, dispatch_uid="qinglian-language-at-sign-in")
def language_at_sign_in(sender, request, user, **kwargs):
    """A language picked on the sign-in page, in this session, is the person's newest
    choice: it becomes theirs. Otherwise the language they chose before applies."""
    session = getattr(request, "session", None)
    chosen = session.pop(CHOSEN_BEFORE_SIGN_IN, "") if session is not None else ""
    if _supported(chosen) and chosen != user.language:
        user_language_set(user=user, language=chosen)
