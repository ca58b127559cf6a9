from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user, get_users_with_perms

from .models import UNIT_POSTS, Appointment, Department, PartyBranch, Person, Post, RosterImport
from .resources import ROSTER_RESOURCES


def person_of(user):
    """The roster entry linked to ``user``, or None."""
    return Person.objects.select_related("department").filter(user=user).first()


def departments_user_applies_for(user):
    """Departments ``user`` holds the applicant grant for (object grants only)."""
    return get_objects_for_user(
        user,
        "departments.apply_for_department",
        klass=Department.objects.filter(active=True).order_by("code"),
        accept_global_perms=False,
        with_superuser=False,
    )


def applicants_of(unit):
    """The users holding the applicant grant for ``unit`` (object grants; no superuser)."""
    return get_users_with_perms(
        unit, only_with_perms_in=["apply_for_department"], with_superusers=False
    )


def applicants_and_head(unit):
    """Who is told about ``unit``'s affairs: its applicants and its head (when the
    head has an account)."""
    recipients = list(applicants_of(unit))
    if unit.head_id is not None and unit.head.user_id is not None:
        recipients.append(unit.head.user)
    return recipients


def branches_led_by(user):
    return PartyBranch.objects.filter(secretary__user=user, active=True).annotate(
        department_count=Count("departments", filter=Q(departments__active=True))
    )


def roster_counts():
    return {
        "departments": Department.objects.filter(active=True).count(),
        "people": Person.objects.filter(active=True).count(),
    }


def department_list():
    """Departments for the party office's list, with their people counted in SQL (retired
    ones too: departments/lists.py leaves them out unless asked)."""
    departments = Department.objects.select_related("party_branch", "parent", "head").annotate(
        people_count=Count("people", filter=Q(people__active=True)),
        party_member_count=Count(
            "people", filter=Q(people__active=True, people__is_party_member=True)
        ),
    )
    return departments.order_by("code")


def person_list():
    """Everyone on the roster, leavers too (departments/lists.py leaves them out unless
    asked), by department and number."""
    return Person.objects.select_related("department").order_by(
        "department__code", "employee_number"
    )


def roster_table(roster):
    """The whole roster of ``roster`` ("people" or "departments") as (headers, rows) for export.

    Every row, retired ones included, in the columns an import reads back
    (plus a name column for readers), so an exported file re-imports unchanged.
    """
    resource = ROSTER_RESOURCES[roster]()
    dataset = resource.export(resource.export_queryset())
    return list(dataset.headers), list(dataset)


def person_department_history(person):
    """The departments ``person`` has been in, newest first, from the person's history.

    Each entry: ``department``, ``joined_on``, ``recorded_at``, ``recorded_by``
    and ``reason`` of the history row that first recorded it; ``correction``
    when only the join date changed (same department).
    """
    records = person.history.select_related("department", "history_user").order_by(
        "history_date", "history_id"
    )
    periods = []
    for record in records:
        previous = periods[-1] if periods else None
        if previous and (previous["department_id"], previous["joined_on"]) == (
            record.department_id,
            record.joined_department_on,
        ):
            continue
        periods.append(
            {
                "department_id": record.department_id,
                "department": record.department,
                "joined_on": record.joined_department_on,
                "recorded_at": record.history_date,
                "recorded_by": record.history_user,
                "reason": record.history_change_reason or "",
                "correction": previous is not None
                and previous["department_id"] == record.department_id,
            }
        )
    periods.reverse()
    return periods


def roster_imports_waiting(user):
    """Previews ``user`` uploaded in the last three days and has not confirmed, newest first."""
    return RosterImport.objects.filter(
        uploaded_by=user,
        state=RosterImport.State.PREVIEWED,
        uploaded_at__gte=timezone.now() - timedelta(days=3),
    ).only("pk", "roster", "original_name", "uploaded_at")


def roster_import_counts(roster_import):
    """The preview's counts (new, changed, unchanged, problems), without loading its rows."""
    return (
        RosterImport.objects.filter(pk=roster_import.pk)
        .values_list("preview__counts", flat=True)
        .get()
    )


# --- appointments ---------------------------------------------------------------------------


def _appointments():
    return Appointment.objects.select_related(
        "person__department", "department", "party_branch", "appointed_by", "removed_by"
    )


def appointment_list():
    """Every appointment ever made, newest first (departments/lists.py filters and sorts)."""
    return _appointments().order_by("-appointed_at", "-pk")


def current_holders():
    """``[(post, [current appointments])]`` for every post, in the order of ``Post``: one query."""
    by_post = {post: [] for post in Post}
    for appointment in (
        _appointments()
        .current()
        .order_by("department__code", "party_branch__name", "person__employee_number")
    ):
        by_post[Post(appointment.post)].append(appointment)
    return list(by_post.items())


def unit_posts(unit):
    """The current head and contacts of ``unit`` (appointments), head first."""
    return list(
        _appointments()
        .current()
        .filter(department=unit, post__in=UNIT_POSTS)
        .order_by("-post", "person__employee_number")  # head, then contacts
    )


def appointment_counts():
    """How many hold each post now: ``{post value: count}``."""
    counts = dict.fromkeys(Post.values, 0)
    for post, count in (
        Appointment.objects.current().order_by().values_list("post").annotate(count=Count("pk"))
    ):
        counts[post] = count
    return counts


def lifetime_changes(unit):
    """Who recorded ``unit``'s setting up, closing or merging, when and why: one dict per
    historical row that changed ``opened_on``, ``closed_on`` or ``merged_into``, oldest
    first (``at``, ``by``, ``opened_on``, ``closed_on``, ``merged_into``, ``reason``).
    Two queries whatever the number of rows."""
    rows = list(unit.history.select_related("history_user").order_by("history_date", "history_id"))
    names = dict(
        Department.objects.filter(
            pk__in={row.merged_into_id for row in rows if row.merged_into_id}
        ).values_list("pk", "name")
    )
    changes = []
    before = None
    for row in rows:
        now = (row.opened_on, row.closed_on, row.merged_into_id)
        if before is not None and now != before:
            changes.append(
                {
                    "at": row.history_date,
                    "by": row.history_user,
                    "opened_on": row.opened_on if now[0] != before[0] else None,
                    "closed_on": row.closed_on if now[1] != before[1] else None,
                    "merged_into": names.get(row.merged_into_id, ""),
                    "reason": row.history_change_reason or "",
                }
            )
        before = now
    return changes
