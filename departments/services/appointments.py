"""Appointing people to posts and removing them (任命与免去), with the record of both.

Every post a person can be given is an ``Appointment`` row (who, when, why; and
later who removed them, when, why), and the grant that goes with it is given or
taken in the same transaction:

| post | what the appointment gives |
|---|---|
| 科室负责人 (head) | ``Department.head`` |
| 科室联络员 (contact) | the applicant group and the guardian grant ``apply_for_department`` on the unit |
| 党支部书记 | ``PartyBranch.secretary``, and the branch_secretary group when the person has an account |
| the hospital's roles | the role's group (the administrator's also the admin site) |

The head is not given the applicant grant: the head already speaks for the unit
(``departments.rules.is_of_unit``) and confirms its application; whoever fills it in
is a contact, and the head is appointed contact as well when they do it themselves
(as the demo's heads are).

A head and a branch secretary are posts on the roster, which the roster file has
always set, so they may be held by someone without an account yet; every other
post is a grant to an account, so it needs one. Nobody who has left (在职 = 否) is
appointed. Who may appoint: ``departments.rules.APPOINT``.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from accounts.roles import Role
from core.errors import DomainError
from core.history import changed_by
from core.i18n import site_language
from core.permissions import require
from departments.models import (
    UNIT_POSTS,
    Appointment,
    Department,
    PartyBranch,
    Person,
    Post,
)
from departments.rules import APPLY, APPOINT

# Posts that a person without an account may hold (see the module's docstring).
ROSTER_POSTS = (Post.HEAD, Post.BRANCH_SECRETARY)


def _refuse_unless_may_appoint(by):
    if by is not None:
        require(by, APPOINT, message=_("只有系统管理员和党办可以任免职务。"))


def _group(role):
    return Group.objects.get(name=role)


def _describe(person):
    return _("%(name)s（%(number)s）") % {"name": person.name, "number": person.employee_number}


def _check_appointable(person, post):
    if not person.active:
        raise DomainError(
            _("%(person)s已离职（在职＝否），不能任命。") % {"person": _describe(person)},
            field="person",
        )
    if post in ROSTER_POSTS:
        return
    if person.user_id is None:
        raise DomainError(
            _("%(person)s还没有登录账号，请先为其开通账号，再任命为%(post)s。")
            % {"person": _describe(person), "post": Post(post).label},
            field="person",
        )
    if not person.user.is_active:
        raise DomainError(
            _("%(person)s的登录账号已停用，请先启用账号，再任命。") % {"person": _describe(person)},
            field="person",
        )


def _check_place(post, department, party_branch):
    if post in UNIT_POSTS:
        if department is None:
            raise DomainError(_("请选择科室。"), field="department")
        if not department.active:
            raise DomainError(
                _("科室“%(department)s”已停用，不能任命。") % {"department": department.name},
                field="department",
            )
        return department, None
    if post == Post.BRANCH_SECRETARY:
        if party_branch is None:
            raise DomainError(_("请选择党支部。"), field="party_branch")
        if not party_branch.active:
            raise DomainError(
                _("党支部“%(branch)s”已停用，不能任命。") % {"branch": party_branch.name},
                field="party_branch",
            )
        return None, party_branch
    return None, None


def _already(person, post, department, party_branch):
    current = Appointment.objects.current().filter(person=person, post=post)
    if department is not None:
        current = current.filter(department=department)
    if party_branch is not None:
        current = current.filter(party_branch=party_branch)
    return current.exists()


@transaction.atomic
def appoint(*, person, post, department=None, party_branch=None, by, reason=""):
    """Appoint ``person`` to ``post`` (in ``department`` for a head or contact, in
    ``party_branch`` for a branch secretary) and return the ``Appointment``.

    ``by`` is who appoints (``departments.appoint``), or None when the system does
    it (the demo loader). Refused, changing nothing: someone who has left, someone
    without an account for a post that needs one, a holding they already have, a
    second department for a contact. A unit's head and a branch's secretary are
    replaced: the one holding the post is removed in the same step, with a reason
    naming who follows them.

    Side effects: an ``Appointment`` row; for a head ``Department.head`` and for a
    secretary ``PartyBranch.secretary`` (each with a history row naming ``by``);
    for a contact the applicant group and the grant ``apply_for_department`` on the
    unit; for a secretary with an account the branch_secretary group; for a
    hospital role its group (the administrator's also ``is_staff``).
    """
    _refuse_unless_may_appoint(by)
    post = Post(post)
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    department, party_branch = _check_place(post, department, party_branch)
    _check_appointable(person, post)
    if _already(person, post, department, party_branch):
        place = department or party_branch
        raise DomainError(
            (
                _("%(person)s已是%(place)s的%(post)s，未重复任命。")
                if place
                else _("%(person)s已是%(post)s，未重复任命。")
            )
            % {"person": _describe(person), "place": place, "post": post.label},
            field="person",
        )
    if post == Post.CONTACT:
        other = (
            Appointment.objects.current()
            .filter(person=person, post=Post.CONTACT)
            .select_related("department")
            .first()
        )
        if other is not None:
            raise DomainError(
                _(
                    "%(person)s已是%(department)s的科室联络员；一人只能担任一个科室的联络员，"
                    "请先免去原任命。"
                )
                % {"person": _describe(person), "department": other.department.name},
                field="person",
            )

    now = timezone.now()
    if post == Post.HEAD:
        department = Department.objects.select_for_update().get(pk=department.pk)
        _replace(Appointment.objects.current().filter(post=post, department=department), person, by)
        department.head = person
        changed_by(department, by=by, reason=reason).save(update_fields=["head"])
    elif post == Post.BRANCH_SECRETARY:
        party_branch = PartyBranch.objects.select_for_update().get(pk=party_branch.pk)
        _replace(
            Appointment.objects.current().filter(post=post, party_branch=party_branch), person, by
        )
        party_branch.secretary = person
        changed_by(party_branch, by=by, reason=reason).save(update_fields=["secretary"])
        if person.user_id is not None:
            person.user.groups.add(_group(Role.BRANCH_SECRETARY))
    elif post == Post.CONTACT:
        person.user.groups.add(_group(Role.APPLICANT))
        assign_perm(APPLY, person.user, department)
    else:
        person.user.groups.add(_group(post.value))
        if post == Post.ADMIN and not person.user.is_staff:
            person.user.is_staff = True
            person.user.save(update_fields=["is_staff"])
    return Appointment.objects.create(
        person=person,
        post=post,
        department=department,
        party_branch=party_branch,
        appointed_by=by,
        appointed_at=now,
        reason=reason[:200],
    )


def _replace(current, successor, by):
    """End the holdings in ``current`` (a unit's head, a branch's secretary) as ``successor`` takes over."""
    with site_language():  # the record is read by everyone, later
        reason = _("由%(person)s接任") % {"person": _describe(successor)}
    for appointment in current.select_for_update():
        _end(appointment, by=by, reason=reason)


def _end(appointment, *, by, reason):
    appointment.removed_by = by
    appointment.removed_at = timezone.now()
    appointment.removal_reason = reason[:200]
    appointment.save(update_fields=["removed_by", "removed_at", "removal_reason"])


def _other_administrators(user):
    return (
        get_user_model()
        .objects.filter(groups__name=Role.ADMIN, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    )


@transaction.atomic
def appointment_remove(*, appointment, by, reason):
    """Remove the holder of ``appointment`` from their post, for ``reason`` (required).

    Refused, changing nothing: no reason, a holding already ended, the last active
    administrator (someone must be left to appoint).

    Side effects: the appointment records ``by``, now and ``reason``; what the
    appointment gave is taken back: ``Department.head`` or ``PartyBranch.secretary``
    emptied (with a history row) when the person still holds it; a contact's grant
    on the unit (and the applicant group once no grant is left); a secretary's group
    once they lead no branch; a role's group (the administrator's also ``is_staff``,
    unless a superuser).
    """
    _refuse_unless_may_appoint(by)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写免去的原因。"), field="reason")
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("person__user", "department", "party_branch")
        .get(pk=appointment.pk)
    )
    if not appointment.is_current:
        raise DomainError(
            _("%(person)s的这项任命已于之前免去，无需再次免去。")
            % {"person": _describe(appointment.person)}
        )
    user = appointment.person.user
    if appointment.post == Post.ADMIN and user is not None and not _other_administrators(user):
        raise DomainError(
            _("不能免去最后一名系统管理员：请先任命另一名系统管理员，再免去%(person)s。")
            % {"person": _describe(appointment.person)}
        )
    _end(appointment, by=by, reason=reason)
    _take_back(appointment, by=by, reason=reason)
    return appointment


def _take_back(appointment, *, by, reason):
    person, post = appointment.person, appointment.post
    user = person.user
    if post == Post.HEAD:
        department = Department.objects.select_for_update().get(pk=appointment.department_id)
        if department.head_id == person.pk:
            department.head = None
            changed_by(department, by=by, reason=reason).save(update_fields=["head"])
    elif post == Post.BRANCH_SECRETARY:
        branch = PartyBranch.objects.select_for_update().get(pk=appointment.party_branch_id)
        if branch.secretary_id == person.pk:
            branch.secretary = None
            changed_by(branch, by=by, reason=reason).save(update_fields=["secretary"])
        still = PartyBranch.objects.filter(secretary=person).exists()
        if user is not None and not still:
            user.groups.remove(_group(Role.BRANCH_SECRETARY))
    elif post == Post.CONTACT:
        if user is not None:
            _revoke_contact(user, appointment.department)
    elif user is not None:
        user.groups.remove(_group(post))
        if post == Post.ADMIN and user.is_staff and not user.is_superuser:
            user.is_staff = False
            user.save(update_fields=["is_staff"])


def _revoke_contact(user, department):
    remove_perm(APPLY, user, department)
    left = get_objects_for_user(
        user, APPLY, klass=Department, accept_global_perms=False, with_superuser=False
    )
    if not left.exists():
        user.groups.remove(_group(Role.APPLICANT))


def _end_current(appointments, *, by, reason):
    """End the current ones of ``appointments`` (locked) and take back what each gave."""
    ended = []
    for appointment in (
        appointments.current().select_for_update(of=("self",)).select_related("person__user")
    ):
        _end(appointment, by=by, reason=reason)
        _take_back(appointment, by=by, reason=reason)
        ended.append(appointment)
    return ended


@transaction.atomic
def posts_end_on_move(*, person, old_department, by, reason=""):
    """``person`` has moved out of ``old_department``: end what they held there.

    Called by whatever changes ``Person.department`` (the roster import, the admin
    site), after the change, in its transaction; no permission of its own (the move
    was allowed). Side effects: the headship of ``old_department`` and the contact
    grant on it end, each recorded as a removal by ``by`` with ``reason`` (default
    调离原科室); a head or grant held without an appointment record (given before
    appointments were recorded) is taken back too.
    """
    if not reason:
        with site_language():
            reason = _("调离原科室%(department)s") % {"department": old_department.name}
    ended = _end_current(
        Appointment.objects.filter(person=person, department=old_department, post__in=UNIT_POSTS),
        by=by,
        reason=reason,
    )
    # What was given before appointments were recorded.
    department = Department.objects.select_for_update().get(pk=old_department.pk)
    if department.head_id == person.pk:
        department.head = None
        changed_by(department, by=by, reason=reason).save(update_fields=["head"])
    if person.user_id is not None:
        _revoke_contact(person.user, department)
    return ended


@transaction.atomic
def posts_end_on_leaving(*, person, by, reason=""):
    """``person`` has left the hospital (在职 = 否): end every post they hold.

    Called by whatever marks a person as left (the roster import), after the
    change, in its transaction; no permission of its own (marking them was
    allowed). Side effects: each current appointment of ``person`` ends, recorded
    as a removal by ``by`` with ``reason`` (default 已离职), and what it gave is
    taken back (``_take_back``), the last administrator's post included: an
    account that can no longer sign in appoints nobody. A headship or contact
    grant held without an appointment record is taken back too.
    """
    if not reason:
        with site_language():
            reason = _("已离职")
    ended = _end_current(Appointment.objects.filter(person=person), by=by, reason=reason)
    # What was given before appointments were recorded.
    for department in Department.objects.select_for_update().filter(head=person):
        department.head = None
        changed_by(department, by=by, reason=reason).save(update_fields=["head"])
    if person.user_id is not None:
        for department in get_objects_for_user(
            person.user, APPLY, klass=Department, accept_global_perms=False, with_superuser=False
        ):
            _revoke_contact(person.user, department)
    return ended
