"""Record, as appointments, the posts people already hold when appointments start being
recorded: heads, branch secretaries, contacts (the guardian grant) and the hospital's
roles (their groups), so that the roles page lists them and they can be removed there.

Appointed by nobody (the system), reason 启用任命记录前已任. A contact with grants on
several departments is recorded for the first (by code) only: a contact speaks for one
department; the other grants stay as they are until removed in the admin site.
"""

from django.db import migrations
from django.utils import timezone

REASON = "启用任命记录前已任"
HOSPITAL_ROLES = [
    "reviewer",
    "leading_group",
    "party_committee",
    "discipline_office",
    "party_office",
    "admin",
]


def record_posts(apps, schema_editor):
    Appointment = apps.get_model("departments", "Appointment")
    Department = apps.get_model("departments", "Department")
    PartyBranch = apps.get_model("departments", "PartyBranch")
    Person = apps.get_model("departments", "Person")
    now = timezone.now()
    rows = []

    def add(person_id, post, **place):
        rows.append(
            Appointment(person_id=person_id, post=post, appointed_at=now, reason=REASON, **place)
        )

    for department_id, head_id in Department.objects.exclude(head=None).values_list(
        "pk", "head_id"
    ):
        add(head_id, "head", department_id=department_id)
    for branch_id, secretary_id in PartyBranch.objects.exclude(secretary=None).values_list(
        "pk", "secretary_id"
    ):
        add(secretary_id, "branch_secretary", party_branch_id=branch_id)

    person_of_user = dict(Person.objects.exclude(user=None).values_list("user_id", "pk"))
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    department_type = ContentType.objects.filter(app_label="departments", model="department")
    codes = dict(Department.objects.values_list("pk", "code"))
    contact_of = {}
    for user_id, object_pk in UserObjectPermission.objects.filter(
        permission__codename="apply_for_department", content_type__in=department_type
    ).values_list("user_id", "object_pk"):
        department_id = int(object_pk)
        if user_id in person_of_user and department_id in codes:
            contact_of.setdefault(user_id, []).append(department_id)
    for user_id, departments in contact_of.items():
        first = min(departments, key=codes.get)
        add(person_of_user[user_id], "contact", department_id=first)

    User = apps.get_model("accounts", "User")
    for role in HOSPITAL_ROLES:
        for user_id in User.objects.filter(groups__name=role).values_list("pk", flat=True):
            if user_id in person_of_user:
                add(person_of_user[user_id], role)
    Appointment.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0003_appointment"),
        ("accounts", "0002_user_password_change_and_language"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(record_posts, migrations.RunPython.noop)]
