from django.db.models import Count, Q
from guardian.shortcuts import get_objects_for_user

from .models import Department, PartyBranch, Person


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


def branches_led_by(user):
    return PartyBranch.objects.filter(secretary__user=user, active=True).annotate(
        department_count=Count("departments", filter=Q(departments__active=True))
    )


def roster_counts():
    return {
        "departments": Department.objects.filter(active=True).count(),
        "people": Person.objects.filter(active=True).count(),
    }


def department_list(*, query="", kind="", branch_id=None, unit_kind="", include_inactive=False):
    """Departments for the party office's list, with their people counted in SQL."""
    departments = Department.objects.select_related("party_branch", "parent", "head").annotate(
        people_count=Count("people", filter=Q(people__active=True)),
        party_member_count=Count(
            "people", filter=Q(people__active=True, people__is_party_member=True)
        ),
    )
    if not include_inactive:
        departments = departments.filter(active=True)
    if query:
        departments = departments.filter(Q(name__icontains=query) | Q(code__icontains=query))
    if kind:
        departments = departments.filter(kind=kind)
    if branch_id:
        departments = departments.filter(party_branch_id=branch_id)
    if unit_kind == "department":
        departments = departments.filter(parent__isnull=True)
    elif unit_kind == "clean_team":
        departments = departments.filter(parent__isnull=False)
    return departments.order_by("code")


def person_list(*, query="", department_id=None, party_member=None, include_inactive=False):
    people = Person.objects.select_related("department")
    if not include_inactive:
        people = people.filter(active=True)
    if query:
        people = people.filter(Q(name__icontains=query) | Q(employee_number__icontains=query))
    if department_id:
        people = people.filter(department_id=department_id)
    if party_member is not None:
        people = people.filter(is_party_member=party_member)
    return people.order_by("department__code", "employee_number")
