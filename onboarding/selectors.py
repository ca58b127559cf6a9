"""Reads of onboarding: who lacks an account, where, and the record of the batches."""

from django.db.models import Count, Q

from departments.models import Department, Person, Roster, RosterImport

from .models import AccountBatch


def active_people():
    return Person.objects.filter(active=True)


def account_totals():
    """``{"with": n, "without": m}``: active people with and without an account, one query."""
    counts = active_people().aggregate(
        with_account=Count("pk", filter=Q(user__isnull=False)),
        without_account=Count("pk", filter=Q(user__isnull=True)),
    )
    return {"with": counts["with_account"], "without": counts["without_account"]}


def department_account_counts():
    """Every unit with active people, with how many of them lack an account, in code order."""
    return (
        Department.objects.annotate(
            people_count=Count("people", filter=Q(people__active=True)),
            without_account=Count(
                "people", filter=Q(people__active=True, people__user__isnull=True)
            ),
        )
        .filter(people_count__gt=0)
        .select_related("parent")
        .order_by("code")
    )


def imports_of_people(limit=20):
    """The latest people rosters imported: a batch may open accounts for their new people."""
    return (
        RosterImport.objects.filter(roster=Roster.PEOPLE, state=RosterImport.State.IMPORTED)
        .defer("preview")
        .order_by("-imported_at", "-pk")[:limit]
    )


def new_employee_numbers(roster_import):
    """The employee numbers a people roster import added (its rows of kind "new")."""
    rows = (roster_import.preview or {}).get("rows", [])
    return [row["key"] for row in rows if row.get("type") == "new"]


def people_in_scope(*, scope, department=None, roster_import=None):
    """The active people a batch of ``scope`` is about, with accounts or not, in slip order."""
    people = active_people().select_related("department")
    if scope == AccountBatch.Scope.DEPARTMENT:
        people = people.filter(Q(department=department) | Q(department__parent=department))
    elif scope == AccountBatch.Scope.ROSTER_IMPORT:
        people = people.filter(employee_number__in=new_employee_numbers(roster_import))
    return people.order_by("department__code", "employee_number")


def batch_list():
    """Every batch, newest first, with what its rows show (no query per row)."""
    return AccountBatch.objects.select_related("created_by", "department", "roster_import").defer(
        "roster_import__preview", "roster_import__fingerprint"
    )


def batch_entries(batch):
    return batch.entries.select_related("person", "department", "user").order_by(
        "department__code", "person__employee_number"
    )
