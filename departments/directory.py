"""Sign-in with the hospital's directory (LDAP / Active Directory), linked to the roster.

The directory checks the password; the roster decides who may come in. A
directory user is the roster person (``Person``) whose employee number the
directory holds in ``DIRECTORY_EMPLOYEE_NUMBER_ATTRIBUTE``: they sign in to
that person's account, opened on their first sign-in when the person has
none. Roles are only those given in the product (no directory group is
read); a new account gets the staff role. The password stays in the
directory: an account opened here has no local password, and an account
that had one (from an account slip) keeps it, unchanged, for the days the
directory is down.

Refused, with a message on the login page and nothing written: a directory
user without employee number, not on the roster, or marked 在职 = 否; a
deactivated account. A directory that does not answer (refused, timed out,
misconfigured) gives its own message, and local accounts still sign in:
they are checked first (settings.AUTHENTICATION_BACKENDS).

The settings are built by ``qinglian.directory.directory_settings``.
"""

import logging

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_auth_ldap.backend import LDAPBackend, ldap_error

from accounts.roles import Role
from accounts.signin import refuse_sign_in
from core.errors import DomainError
from core.i18n import site_language

from .models import Person

logger = logging.getLogger(__name__)


@transaction.atomic
def directory_account(*, employee_number):
    """The account the directory user with ``employee_number`` signs in to.

    Side effects, when the roster person has no account yet: creates one
    (username = the employee number, the roster's name, no usable password,
    the staff role) and links it to the person (``Person.user``, with a
    history row). Refuses with a ``DomainError`` when nobody on the roster has
    that number, the person has left, the account is deactivated, or the
    username is taken by an account of somebody else.
    """
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(employee_number=employee_number)
        .first()
    )
    if person is None:
        raise DomainError(
            _("目录账号的工号 %(number)s 不在本院人员名册中，不能登录本系统。请联系党办核对名册。")
            % {"number": employee_number}
        )
    if not person.active:
        raise DomainError(
            _("人员名册中工号 %(number)s 的人员已标为不在职，不能登录本系统。")
            % {"number": employee_number}
        )
    if person.user is not None:
        if not person.user.is_active:
            raise DomainError(
                _("工号 %(number)s 的账号已停用，请联系系统管理员。") % {"number": employee_number}
            )
        return person.user
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=employee_number).exists():
        raise DomainError(
            _("用户名 %(number)s 已被另一个账号占用，无法为目录账号开通。请联系系统管理员。")
            % {"number": employee_number}
        )
    user = user_model(username=employee_number, name=person.name)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=Role.STAFF))
    person.user = user
    with site_language():  # history rows are read by everyone, later
        person._change_reason = _("首次通过目录登录，开通账号")
    person.save(update_fields=["user"])
    return user


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap's backend, with the account chosen by the roster
    (``directory_account``) and no permissions of its own."""

    _request = None
    # A directory session proves the directory's password, not a slip's: it is
    # not sent to change the local one (accounts.middleware).
    checks_password_elsewhere = True

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not self.settings.SERVER_URI:
            return None  # directory sign-in is off
        # Django makes a backend for each sign-in: the request is this attempt's.
        self._request = request
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and request is not None and username != user.get_username():
            # django-axes forgets the failures of the account's username on
            # success; those were counted under the directory name typed.
            axes_reset(ip=getattr(request, "axes_ip_address", None), username=username)
        return user

    def get_or_build_user(self, username, ldap_user):
        # Called once the directory accepted the password.
        values = (ldap_user.attrs or {}).get(settings.DIRECTORY_EMPLOYEE_NUMBER_ATTRIBUTE) or []
        number = values[0].strip() if values else ""
        if not number:
            self._refuse(
                ldap_user,
                _("目录中您的账号没有工号，不能登录本系统。请联系信息科在目录中补全工号。"),
            )
        try:
            return directory_account(employee_number=number), False
        except DomainError as error:
            self._refuse(ldap_user, str(error))

    def _refuse(self, ldap_user, message):
        logger.info("Directory sign-in of %s refused: %s", ldap_user.dn, message)
        refuse_sign_in(self._request, message)
        # django-auth-ldap answers None for this exception: a failed sign-in.
        raise ldap_user.AuthenticationFailed(message)

    def get_user(self, user_id):
        # As the model backend: a deactivated account's sessions end.
        user = self.get_user_model()._default_manager.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None

    # Roles and grants come from the product (the model, guardian and rules backends).
    def has_perm(self, user, perm, obj=None):
        return False

    def has_module_perms(self, user, app_label):
        return False

    def get_all_permissions(self, user, obj=None):
        return set()

    def get_group_permissions(self, user, obj=None):
        return set()


@receiver(ldap_error, sender=DirectoryBackend, dispatch_uid="departments-directory-unavailable")
def _directory_unavailable(sender, context, request, exception, **kwargs):
    """The directory did not answer, or answered with an error (django-auth-ldap
    logged it and goes on as for a wrong password): say so on the login page."""
    logger.error("Directory sign-in unavailable (%s): %r", context, exception)
    refuse_sign_in(
        request,
        _("目录服务暂时无法连接，请稍后再试；有本地账号的，可使用本地账号和密码登录。"),
    )
