"""Opening accounts from the roster and resetting a password (docs/architecture.md,
"Initial passwords").

Both draw random initial passwords, keep them for the one who acted as slips
(``onboarding.slips``, never in the database) and record who did what, when,
for whom and why (``AccountBatch``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.hashers import INITIAL_PASSWORD_HASHER
from accounts.roles import Role
from core.errors import DomainError
from core.i18n import join_items, site_language
from core.permissions import require
from departments.models import PartyBranch, Person, Roster, RosterImport

from . import selectors
from .models import AccountBatch, AccountBatchEntry
from .passwords import initial_password
from .rules import CREATE_ACCOUNTS, DOWNLOAD_SLIPS, RESET_PASSWORD
from .slips import Slip, forget_slips, keep_slips

BATCH_SIZE = 1000
# The most people a refusal names; the rest are counted.
NAMED_AT_MOST = 20


def _scope_text(scope, department, roster_import):
    if scope == AccountBatch.Scope.DEPARTMENT:
        return _("科室“%(department)s”（含其清廉团队）") % {"department": department.name}
    if scope == AccountBatch.Scope.ROSTER_IMPORT:
        return _("名册导入第 %(number)s 号新增的人员中") % {"number": roster_import.pk}
    return _("全院")


def _check_scope(scope, department, roster_import):
    if scope == AccountBatch.Scope.DEPARTMENT:
        if department is None:
            raise DomainError(_("请选择科室。"), field="department")
    elif scope == AccountBatch.Scope.ROSTER_IMPORT:
        if roster_import is None:
            raise DomainError(_("请选择一次名册导入。"), field="roster_import")
        if (
            roster_import.roster != Roster.PEOPLE
            or roster_import.state != RosterImport.State.IMPORTED
        ):
            raise DomainError(
                _("只能为已导入的人员名册新增的人员开通账号。"), field="roster_import"
            )
    elif scope != AccountBatch.Scope.ALL:
        raise DomainError(_("请选择开通范围。"), field="scope")


def _named(people):
    names = [str(person) for person in people[:NAMED_AT_MOST]]
    if len(people) > NAMED_AT_MOST:
        names.append(_("等 %(count)s 人") % {"count": len(people)})
    return join_items(names)


def _hash(password):
    return make_password(password, hasher=INITIAL_PASSWORD_HASHER)


@transaction.atomic
def accounts_open(*, by, scope, department=None, roster_import=None):
    """Open an account for every active person in ``scope`` who has none.

    ``scope`` is an ``AccountBatch.Scope``: ALL, DEPARTMENT (``department`` and
    its clean teams) or ROSTER_IMPORT (the people ``roster_import`` added).
    People who have an account are left exactly as they are and counted as
    skipped. When an employee number is already some other account's username,
    nothing is opened at all and the refusal names the people.

    Side effects: one ``User`` per person (username = employee number, name
    from the roster, a random initial password hashed by the initial-password
    hasher, ``must_change_password``), in the staff group (and the branch secretary's, for a secretary appointed before); ``Person.user``
    linked with a history row per person (who, and the batch as the reason); an
    ``AccountBatch`` with one ``AccountBatchEntry`` per person; the slips kept
    for ``by`` for an hour (``onboarding.slips``). Returns the batch.
    """
    require(by, CREATE_ACCOUNTS, message=_("只有系统管理员和党办可以开通账号。"))
    _check_scope(scope, department, roster_import)
    in_scope = selectors.people_in_scope(
        scope=scope, department=department, roster_import=roster_import
    )
    # Locked, so two batches at once never open two accounts for one person: the
    # second waits here and then finds the person has one.
    people = list(in_scope.filter(user__isnull=True).select_for_update(of=("self",)))
    skipped = in_scope.filter(user__isnull=False).count()
    where = _scope_text(scope, department, roster_import)
    if not people:
        if skipped:
            raise DomainError(
                _(
                    "%(scope)s的 %(count)s 名在职人员都已有账号，没有需要开通的账号，"
                    "未做任何更改。已有的账号和密码保持不变。"
                )
                % {"scope": where, "count": skipped}
            )
        raise DomainError(_("%(scope)s没有在职人员，未做任何更改。") % {"scope": where})

    user_model = get_user_model()
    numbers = [person.employee_number for person in people]
    taken = set(
        user_model.objects.filter(
            username__in=in_scope.filter(user__isnull=True).values("employee_number")
        ).values_list("username", flat=True)
    )
    if taken:
        clashing = [person for person in people if person.employee_number in taken]
        raise DomainError(
            _(
                "以下人员的工号已被其他账号用作用户名，本次没有开通任何账号：%(people)s。"
                "请系统管理员先核对这些账号（是否应关联到该人员，或改用其他用户名），再重新开通。"
            )
            % {"people": _named(clashing)}
        )

    passwords = [initial_password() for _person in people]
    users = user_model.objects.bulk_create(
        [
            user_model(
                username=person.employee_number,
                name=person.name,
                password=_hash(password),
                must_change_password=True,
            )
            for person, password in zip(people, passwords, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    if any(user.pk is None for user in users):  # a database that returns no keys
        by_username = dict(
            user_model.objects.filter(username__in=numbers).values_list("username", "pk")
        )
        for user in users:
            user.pk = by_username[user.username]
    staff_group = Group.objects.get(name=Role.STAFF)
    membership = user_model.groups.through
    # A branch secretary appointed before they had an account (a roster post,
    # departments.services.appoint) gets the secretary's group with the account.
    secretaries = set(
        PartyBranch.objects.filter(secretary__in=people).values_list("secretary_id", flat=True)
    )
    secretary_group = Group.objects.get(name=Role.BRANCH_SECRETARY)
    membership.objects.bulk_create(
        [
            *(membership(user_id=user.pk, group_id=staff_group.pk) for user in users),
            *(
                membership(user_id=user.pk, group_id=secretary_group.pk)
                for person, user in zip(people, users, strict=True)
                if person.pk in secretaries
            ),
        ],
        batch_size=BATCH_SIZE,
    )

    batch = AccountBatch.objects.create(
        kind=AccountBatch.Kind.OPENING,
        scope=scope,
        department=department if scope == AccountBatch.Scope.DEPARTMENT else None,
        roster_import=roster_import if scope == AccountBatch.Scope.ROSTER_IMPORT else None,
        created_by=by,
        size=len(people),
        skipped=skipped,
    )
    for person, user in zip(people, users, strict=True):
        person.user = user
    with site_language():  # history rows are read by everyone, later
        reason = _("开通账号（第 %(number)s 批）") % {"number": batch.pk}
    bulk_update_with_history(
        people,
        Person,
        fields=["user"],
        batch_size=BATCH_SIZE,
        default_user=by,
        default_change_reason=reason,
    )
    AccountBatchEntry.objects.bulk_create(
        [
            AccountBatchEntry(
                batch=batch, person=person, user=user, department_id=person.department_id
            )
            for person, user in zip(people, users, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    keep_slips(
        batch,
        [
            Slip(
                department_id=person.department_id,
                department=person.department.name,
                name=person.name,
                username=person.employee_number,
                password=password,
            )
            for person, password in zip(people, passwords, strict=True)
        ],
    )
    return batch


@transaction.atomic
def password_reset(*, person, by, reason):
    """Give ``person``'s account a new random initial password, for the reason given.

    Refused for a person who has left, has no account or whose account is
    deactivated (reopening one is the administrator's decision, in the admin).

    Side effects: the account's password (initial-password hasher) and
    ``must_change_password``; the account's other sessions end (Django ties a
    session to the password); an ``AccountBatch`` of kind RESET with the reason
    and its one entry; the new slip kept for ``by`` for an hour. Returns the batch.
    """
    require(
        by,
        RESET_PASSWORD,
        person,
        message=_("您不能重置该人员的密码：只有系统管理员和党办可以重置他人的密码。"),
    )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写重置密码的原因。"), field="reason")
    person = Person.objects.select_for_update().select_related("department").get(pk=person.pk)
    if not person.active:
        raise DomainError(_("%(person)s已离职（在职 = 否），不能重置密码。") % {"person": person})
    if person.user_id is None:
        raise DomainError(
            _("%(person)s还没有账号，请在“开通账号”页面为其开通。") % {"person": person}
        )
    user = get_user_model().objects.select_for_update().get(pk=person.user_id)
    if not user.is_active:
        raise DomainError(
            _("%(person)s的账号已停用，重置密码不会重新启用它；如需启用，请联系系统管理员。")
            % {"person": person}
        )
    password = initial_password()
    user.password = _hash(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    batch = AccountBatch.objects.create(
        kind=AccountBatch.Kind.RESET,
        scope=AccountBatch.Scope.PERSON,
        reason=reason,
        created_by=by,
        size=1,
    )
    AccountBatchEntry.objects.create(
        batch=batch, person=person, user=user, department_id=person.department_id
    )
    keep_slips(
        batch,
        [
            Slip(
                department_id=person.department_id,
                department=person.department.name,
                name=person.name,
                username=user.username,
                password=password,
            )
        ],
    )
    return batch


@transaction.atomic
def account_slips_done(*, batch, by):
    """The creator has printed the batch's slips: they are no longer kept.

    Side effects: ``slips_done_at`` set (once; saying it again changes nothing);
    the slips taken out of the cache after commit. Returns the batch.
    """
    require(by, DOWNLOAD_SLIPS, batch, message=_("只有开通该批账号的人可以处理其开通通知单。"))
    batch = AccountBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.slips_done_at is None:
        batch.slips_done_at = timezone.now()
        batch.save(update_fields=["slips_done_at"])
    transaction.on_commit(lambda: forget_slips(batch))
    return batch
