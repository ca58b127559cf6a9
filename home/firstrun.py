"""The first run of a new installation (首次使用向导): the first administrator, then
the steps every app registered (``core.firstrun``).

A fresh installation has no users. Its first administrator is created in the
browser, on the first-run page, by whoever holds the one-time setup code: the
code is written on first request to ``QINGLIAN_VAR_DIR/setup-code`` (mode 600)
and logged at WARNING, so only someone who can read the server's files or logs
can use it (as Jenkins shows its initial password). Once any administrator
exists, the form is gone and the code is removed. docs/operations.md says how
to find it.
"""

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role
from core.errors import DomainError
from core.firstrun import FirstRunStep, first_run_steps

logger = logging.getLogger(__name__)

VIEW_FIRST_RUN = "home.view_first_run"
SETUP_CODE_FILE = "setup-code"


# --- the first administrator ------------------------------------------------------------


def administrators():
    """Every administrator account, active or not: a superuser or a holder of the role."""
    return get_user_model().objects.filter(Q(is_superuser=True) | Q(groups__name=Role.ADMIN))


def administrator_exists():
    return administrators().exists()


def is_fresh_installation():
    """No account at all: nobody could sign in yet."""
    return not get_user_model().objects.exists()


def setup_code_path():
    return Path(settings.VAR_DIR) / SETUP_CODE_FILE


def setup_code():
    """The one-time setup code, written to the var dir (mode 600) and logged at
    WARNING the first time it is asked for; the same code until it is used."""
    path = setup_code_path()
    code = secrets.token_hex(16)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(code + "\n")
    logger.warning(
        "First run: no administrator yet. Create one in the browser at %s with the "
        "one-time setup code %s (also in %s).",
        reverse("home:first_administrator"),
        code,
        path,
    )
    return code


def _remove_setup_code():
    setup_code_path().unlink(missing_ok=True)


@transaction.atomic
def first_administrator_create(*, code, username, name, password):
    """Create the installation's first administrator, once.

    Refused when an administrator exists already, when ``code`` is not the
    setup code, when the username is taken and when the password is weak
    (Django's validators, settings.AUTH_PASSWORD_VALIDATORS). Side effects: the
    user (is_staff, the 系统管理员 role's group); after commit, the setup code's
    file is removed and the creation logged at WARNING.
    """
    # Two people sending the form at once queue on the role's group row.
    group, _created = Group.objects.get_or_create(name=Role.ADMIN)
    Group.objects.select_for_update().get(pk=group.pk)
    if administrator_exists():
        raise DomainError(_("已有系统管理员，请直接登录。"))
    path = setup_code_path()
    expected = path.read_text(encoding="ascii").strip() if path.exists() else ""
    if not expected or not secrets.compare_digest(code.strip(), expected):
        raise DomainError(
            _("设置码不正确。请在服务器上查看 %(path)s 文件或启动日志中的设置码。")
            % {"path": path},
            field="setup_code",
        )
    User = get_user_model()  # noqa: N806 - the model class
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            _("用户名“%(username)s”已被使用。") % {"username": username}, field="username"
        )
    user = User(username=username, name=name.strip(), is_staff=True)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password1") from None
    user.set_password(password)
    user.save()
    user.groups.add(group)
    transaction.on_commit(_remove_setup_code)
    transaction.on_commit(
        lambda: logger.warning("First run: administrator %s created.", user.username)
    )
    return user


# --- the steps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepStatus:
    step: FirstRunStep
    done: bool
    progress: str
    url: str  # the step's page, empty for a user without the step's permission


def first_run_status(user):
    """``[StepStatus]`` of the registered steps in their order, for ``user``."""
    return [
        StepStatus(
            step=step,
            done=step.is_done(),
            progress=step.progress(),
            url=reverse(step.url_name) if user.has_perm(step.perm) else "",
        )
        for step in first_run_steps()
    ]
