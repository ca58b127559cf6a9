"""The data migration that records, as appointments, the posts held before they were recorded."""

import importlib

import pytest
from django.apps import apps

from departments.models import Appointment

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "departments.migrations.0004_record_posts_held_before_appointments"
)


def test_posts_held_before_are_recorded(
    head_a, applicant_a, branch_secretary_a, party_office, admin_user, department_a
):
    migration.record_posts(apps, None)

    recorded = {
        (a.person.user.username, a.post, a.department_id, a.party_branch_id)
        for a in Appointment.objects.select_related("person__user")
    }
    assert recorded == {
        ("head_a", "head", department_a.pk, None),
        ("applicant_a", "contact", department_a.pk, None),
        ("secretary_a", "branch_secretary", None, department_a.party_branch_id),
        ("party_office", "party_office", None, None),
        ("admin", "admin", None, None),
    }
    assert set(Appointment.objects.values_list("reason", flat=True)) == {"启用任命记录前已任"}
    assert not Appointment.objects.filter(appointed_by__isnull=False).exists()
