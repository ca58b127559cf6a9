"""The roster files and appointments: a departments file names heads and contacts, a people
file moves people out of their posts; both through departments.services.appointments."""

import pytest

from accounts.roles import Role, has_role
from departments import selectors, services
from departments.models import Appointment, Post
from departments.rules import is_applicant_of
from tests.factories import DEPARTMENT_HEADERS, PEOPLE_HEADERS, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

HEADERS = [*DEPARTMENT_HEADERS, "科室联络员工号"]


def row(code="A01", name="心内科", *, head="", contacts="", branch="内科党支部"):
    return [code, name, "临床", "", branch, head, "是", contacts]


def upload(by, headers, rows, roster="departments"):
    from tests.factories import spreadsheet_upload

    return services.roster_import_upload(
        roster=roster, uploaded_file=spreadsheet_upload(headers, rows), by=by
    )


def problems(roster_import):
    return [problem["text"] for problem in roster_import.preview["problems"]]


def _with_account(department, number, name=None, **options):
    return PersonFactory(
        employee_number=number,
        name=name or number,
        department=department,
        user=UserFactory(username=number.lower()),
        **options,
    )


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_departments_file_appoints_head_and_contacts_with_the_import_as_reason(
    party_office, department_a
):
    head = PersonFactory(employee_number="H001", name="钱主任", department=department_a)
    first = _with_account(department_a, "C001")
    second = _with_account(department_a, "C002")

    roster_import = upload(party_office, HEADERS, [row(head="H001", contacts="C001、C002")])

    assert roster_import.preview["counts"]["changed"] == 1
    assert roster_import.preview["rows"][0]["changes"] == [
        ["负责人工号", "", "钱主任（H001）"],
        ["科室联络员工号", "", "新增 C001、C002"],
    ]
    assert not Appointment.objects.exists()  # a preview appoints nobody

    services.roster_import_confirm(roster_import=roster_import, by=party_office)

    reason = f"名册导入第 {roster_import.pk} 号（{roster_import.original_name}）"
    appointments = Appointment.objects.order_by("post", "person__employee_number")
    assert [(a.post, a.person.employee_number, a.reason) for a in appointments] == [
        ("contact", "C001", reason),
        ("contact", "C002", reason),
        ("head", "H001", reason),
    ]
    assert all(a.appointed_by == party_office for a in appointments)
    department_a.refresh_from_db()
    assert department_a.head == head
    for person in (first, second):
        user = _fresh(person.user)
        assert is_applicant_of(user, department_a)
        assert has_role(user, Role.APPLICANT)


def test_departments_file_accepts_several_separators(party_office, department_a):
    for number in ("C001", "C002", "C003"):
        _with_account(department_a, number)
    roster_import = upload(party_office, HEADERS, [row(contacts="C001, C002，C003")])
    services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert Appointment.objects.filter(post=Post.CONTACT).count() == 3


def test_new_department_row_shows_its_contacts_in_the_preview(party_office, department_a):
    _with_account(department_a, "C001")
    roster_import = upload(party_office, HEADERS, [row("N01", "神经内科", contacts="C001")])
    assert roster_import.preview["rows"][0]["values"][-1] == "C001"
    assert roster_import.preview["columns"][-1] == "科室联络员工号"

    services.roster_import_confirm(roster_import=roster_import, by=party_office)

    assert Appointment.objects.get().department.code == "N01"


@pytest.mark.parametrize(
    ("contacts", "message"),
    [
        ("C404", "第 2 行「科室联络员工号」：科室联络员工号“C404”不存在"),
        (
            "N001",
            "第 2 行「科室联络员工号」：无账号（N001）还没有登录账号，请先开通账号，再任命为科室联络员",
        ),
        (
            "L001",
            "第 2 行「科室联络员工号」：离职者（L001）已离职（在职＝否），不能任命为科室联络员",
        ),
    ],
)
def test_departments_file_names_the_row_and_column_of_a_bad_contact(
    party_office, department_a, contacts, message
):
    PersonFactory(employee_number="N001", name="无账号", department=department_a)
    _with_account(department_a, "L001", "离职者", active=False)

    roster_import = upload(party_office, HEADERS, [row(contacts=contacts)])

    assert problems(roster_import) == [message]
    with pytest.raises(Exception, match="有错误"):
        services.roster_import_confirm(roster_import=roster_import, by=party_office)
    assert not Appointment.objects.exists()


def test_departments_file_refuses_one_contact_for_two_departments(
    party_office, department_a, department_b
):
    _with_account(department_a, "C001", "联络员")
    rows = [row(contacts="C001"), row("B01", "骨科", branch="外科党支部", contacts="C001")]

    roster_import = upload(party_office, HEADERS, rows)

    assert problems(roster_import) == [
        "第 3 行「科室联络员工号」：联络员（C001）已列为A01的科室联络员，一人只能担任一个科室的联络员"
    ]


def test_departments_file_refuses_the_contact_of_another_department(
    party_office, department_a, department_b
):
    person = _with_account(department_a, "C001", "联络员")
    services.appoint(person=person, post=Post.CONTACT, department=department_a, by=None)

    roster_import = upload(
        party_office, HEADERS, [row("B01", "骨科", branch="外科党支部", contacts="C001")]
    )

    assert problems(roster_import) == [
        "第 2 行「科室联络员工号」：联络员（C001）已是其他科室的科室联络员，请先在该科室页面免去"
    ]


def test_departments_file_refuses_a_head_who_has_left(party_office, department_a):
    PersonFactory(employee_number="H009", name="老主任", department=department_a, active=False)
    roster_import = upload(party_office, HEADERS, [row(head="H009")])
    assert problems(roster_import) == [
        "第 2 行「负责人工号」：老主任（H009）已离职（在职＝否），不能任命为科室负责人"
    ]


def test_departments_file_replaces_and_clears_heads_on_the_record(party_office, department_a):
    old = PersonFactory(employee_number="H001", name="老主任", department=department_a)
    PersonFactory(employee_number="H002", name="新主任", department=department_a)
    first = services.appoint(person=old, post=Post.HEAD, department=department_a, by=None)

    replacing = upload(party_office, HEADERS, [row(head="H002")])
    services.roster_import_confirm(roster_import=replacing, by=party_office)

    first.refresh_from_db()
    assert first.removal_reason == "由新主任（H002）接任"
    department_a.refresh_from_db()
    assert department_a.head.employee_number == "H002"

    clearing = upload(party_office, HEADERS, [row(head="")])
    services.roster_import_confirm(roster_import=clearing, by=party_office)

    department_a.refresh_from_db()
    assert department_a.head is None
    second = Appointment.objects.get(person__employee_number="H002")
    assert second.removal_reason == f"名册导入第 {clearing.pk} 号（{clearing.original_name}）"


def test_departments_export_with_contacts_reimports_unchanged(party_office, department_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.spreadsheets import write_xlsx

    person = _with_account(department_a, "C001")
    services.appoint(person=person, post=Post.CONTACT, department=department_a, by=None)
    headers, rows = selectors.roster_table("departments")
    assert rows[0][-1] == "C001"

    roster_import = services.roster_import_upload(
        roster="departments",
        uploaded_file=SimpleUploadedFile("科室名册.xlsx", write_xlsx(headers, rows)),
        by=party_office,
    )

    assert roster_import.preview["counts"]["unchanged"] == 2  # A01 and the party office's P01
    assert roster_import.preview["counts"]["changed"] == 0


# --- moving department ----------------------------------------------------------------------


def test_people_file_moving_a_contact_and_a_head_ends_their_posts(
    party_office, department_a, department_b
):
    contact = _with_account(department_a, "C001", "联络员")
    head = _with_account(department_a, "H001", "主任")
    as_contact = services.appoint(
        person=contact, post=Post.CONTACT, department=department_a, by=None
    )
    as_head = services.appoint(person=head, post=Post.HEAD, department=department_a, by=None)
    rows = [
        ["C001", "联络员", "B01", "2026-01-05", "否", "是"],
        ["H001", "主任", "B01", "2026-01-05", "否", "是"],
    ]

    roster_import = upload(party_office, PEOPLE_HEADERS, rows, roster="people")
    services.roster_import_confirm(roster_import=roster_import, by=party_office)

    for appointment in (as_contact, as_head):
        appointment.refresh_from_db()
        assert appointment.removal_reason == "调离原科室心内科"
        assert appointment.removed_by == party_office
    department_a.refresh_from_db()
    assert department_a.head is None
    assert not is_applicant_of(_fresh(contact.user), department_a)


def test_people_file_leaves_the_posts_of_who_stays(party_office, department_a):
    contact = _with_account(department_a, "C001", "联络员")
    appointment = services.appoint(
        person=contact, post=Post.CONTACT, department=department_a, by=None
    )
    rows = [["C001", "联络员改名", "A01", "2020-03-01", "否", "是"]]

    roster_import = upload(party_office, PEOPLE_HEADERS, rows, roster="people")
    services.roster_import_confirm(roster_import=roster_import, by=party_office)

    appointment.refresh_from_db()
    assert appointment.is_current


def test_admin_site_moving_a_contact_ends_the_post(client, admin_user, department_a, department_b):
    from django.urls import reverse

    contact = _with_account(department_a, "C001", "联络员")
    appointment = services.appoint(
        person=contact, post=Post.CONTACT, department=department_a, by=None
    )
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:departments_person_change", args=[contact.pk]),
        {
            "employee_number": "C001",
            "name": "联络员",
            "department": department_b.pk,
            "joined_department_on": "2026-01-05",
            "active": "on",
            "user": contact.user_id,
        },
    )

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.removal_reason, appointment.removed_by) == ("调离原科室心内科", admin_user)
    assert not is_applicant_of(_fresh(contact.user), department_a)
