"""The onboarding pages: open accounts, the batch with its slips, the record, a reset."""

import io
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from departments.models import Person
from onboarding import services
from onboarding.models import AccountBatch
from onboarding.slips import kept_slips
from tests.factories import DepartmentFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _pdf_text(content, tmp_path):
    path = tmp_path / "slips.pdf"
    path.write_bytes(content)
    return subprocess.run(  # noqa: S603 - poppler-utils on our own file, fixed arguments
        [shutil.which("pdftotext"), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout


@pytest.fixture
def newcomers(department_a, department_b):
    return [
        PersonFactory(department=department_a, employee_number="Q001", name="王一"),
        PersonFactory(department=department_a, employee_number="Q002", name="王二"),
        PersonFactory(department=department_b, employee_number="Q101", name="李一"),
    ]


def test_accounts_page_counts_by_department(persona_client, newcomers):
    response = persona_client("party_office").get(reverse("onboarding:accounts"))
    page = response.content.decode()
    assert response.status_code == 200
    # party_office's own roster entry has an account; the three newcomers do not.
    assert "在职人员中已有账号 1 人，尚未开通 3 人。" in page
    rows = {
        department.code: (department.people_count, department.without_account)
        for department in response.context["departments"]
    }
    assert rows == {"A01": (2, 2), "B01": (1, 1), "P01": (1, 0)}


def test_accounts_page_opens_one_department_and_goes_to_its_batch(persona_client, newcomers):
    client = persona_client("party_office")
    response = client.post(
        reverse("onboarding:accounts"),
        {"scope": "department", "department": newcomers[0].department_id},
    )
    batch = AccountBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding:batch", args=[batch.pk])
    assert batch.size == 2
    page = client.get(response["Location"]).content.decode()
    assert "已为 2 人开通账号。" in page
    assert reverse("onboarding:slips_pdf", args=[batch.pk]) in page


def test_accounts_page_rerun_says_nothing_changed(persona_client, newcomers):
    client = persona_client("party_office")
    client.post(reverse("onboarding:accounts"), {"scope": "all"})
    response = client.post(reverse("onboarding:accounts"), {"scope": "all"})
    assert response.status_code == 200
    assert "都已有账号，没有需要开通的账号，未做任何更改" in response.content.decode()
    assert AccountBatch.objects.count() == 1


def test_accounts_page_duplicate_username_named_on_the_form(persona_client, newcomers):
    UserFactory(username="Q002", name="别人")
    response = persona_client("admin_user").post(reverse("onboarding:accounts"), {"scope": "all"})
    assert response.status_code == 200
    assert "王二（Q002）" in response.content.decode()
    assert not AccountBatch.objects.exists()


def test_accounts_page_department_required_for_that_scope(persona_client, newcomers):
    response = persona_client("party_office").post(
        reverse("onboarding:accounts"), {"scope": "department"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"department": ["请选择科室。"]}


def test_slip_pdf_holds_the_name_and_password(persona_client, party_office, newcomers, tmp_path):
    batch = services.accounts_open(by=party_office, scope="all")
    slip = next(slip for slip in kept_slips(batch) if slip.username == "Q001")
    response = persona_client("party_office").get(reverse("onboarding:slips_pdf", args=[batch.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = _pdf_text(b"".join(response.streaming_content), tmp_path)
    assert "王一" in text
    assert slip.password in text
    assert "Q001" in text
    assert "心内科" in text


def test_slip_pdf_of_one_department(persona_client, party_office, newcomers, tmp_path):
    batch = services.accounts_open(by=party_office, scope="all")
    response = persona_client("party_office").get(
        reverse("onboarding:slips_pdf", args=[batch.pk]),
        {"department": newcomers[2].department_id},
    )
    text = _pdf_text(b"".join(response.streaming_content), tmp_path)
    assert "李一" in text
    assert "王一" not in text


def test_slip_excel_holds_every_slip(persona_client, party_office, newcomers):
    from openpyxl import load_workbook

    batch = services.accounts_open(by=party_office, scope="all")
    passwords = {slip.username: slip.password for slip in kept_slips(batch)}
    response = persona_client("party_office").get(reverse("onboarding:slips_xlsx", args=[batch.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("科室", "姓名", "用户名", "初始密码", "登录网址")
    assert {row[2]: row[3] for row in rows[1:]} == passwords


def test_slips_refused_to_another_administrator(persona_client, party_office, newcomers):
    batch = services.accounts_open(by=party_office, scope="all")
    client = persona_client("admin_user")
    assert client.get(reverse("onboarding:slips_pdf", args=[batch.pk])).status_code == 403
    assert client.get(reverse("onboarding:slips_xlsx", args=[batch.pk])).status_code == 403
    page = client.get(reverse("onboarding:batch", args=[batch.pk])).content.decode()
    assert "只有本批次的操作人（党办干事）可以下载" in page
    assert reverse("onboarding:slips_pdf", args=[batch.pk]) not in page


def test_slips_done_then_gone(persona_client, party_office, newcomers):
    batch = services.accounts_open(by=party_office, scope="all")
    client = persona_client("party_office")
    response = client.post(reverse("onboarding:slips_done", args=[batch.pk]))
    assert response.status_code == 302
    page = client.get(reverse("onboarding:batch", args=[batch.pk])).content.decode()
    assert "该批开通通知单已不可下载" in page
    assert "重置其密码" in page
    download = client.get(reverse("onboarding:slips_pdf", args=[batch.pk]))
    assert download.status_code == 302
    assert download["Location"] == reverse("onboarding:batch", args=[batch.pk])


def test_slips_expired_from_the_cache_are_gone(persona_client, party_office, newcomers):
    from django.core.cache import cache

    batch = services.accounts_open(by=party_office, scope="all")
    cache.clear()
    page = persona_client("party_office").get(reverse("onboarding:batch", args=[batch.pk]))
    assert "该批开通通知单已不可下载" in page.content.decode()


def test_person_reset_page_and_post(persona_client, admin_user, newcomers):
    services.accounts_open(by=admin_user, scope="all")
    person = Person.objects.get(employee_number="Q001")
    client = persona_client("admin_user")
    detail = client.get(reverse("departments:person_detail", args=[person.pk])).content.decode()
    assert reverse("onboarding:person_reset", args=[person.pk]) in detail
    page = client.get(reverse("onboarding:person_reset", args=[person.pk]))
    assert "重置王一（Q001）的密码" in page.content.decode()

    response = client.post(
        reverse("onboarding:person_reset", args=[person.pk]), {"reason": "本人忘记密码"}
    )
    batch = AccountBatch.objects.get(kind=AccountBatch.Kind.RESET)
    assert response["Location"] == reverse("onboarding:batch", args=[batch.pk])
    assert batch.reason == "本人忘记密码"
    assert len(kept_slips(batch)) == 1


def test_person_reset_needs_a_reason_on_the_form(persona_client, admin_user, newcomers):
    services.accounts_open(by=admin_user, scope="all")
    person = Person.objects.get(employee_number="Q001")
    response = persona_client("admin_user").post(
        reverse("onboarding:person_reset", args=[person.pk]), {"reason": ""}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not AccountBatch.objects.filter(kind=AccountBatch.Kind.RESET).exists()


def test_person_detail_hides_the_reset_of_an_administrator_from_the_party_office(
    persona_client, admin_user
):
    client = persona_client("party_office")
    person = admin_user.person
    page = client.get(reverse("departments:person_detail", args=[person.pk])).content.decode()
    assert reverse("onboarding:person_reset", args=[person.pk]) not in page
    assert client.get(reverse("onboarding:person_reset", args=[person.pk])).status_code == 403


def _batches(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("onboarding:batches"))
    assert response.status_code == 200
    return response, len(queries)


def test_batch_list_queries_do_not_grow_with_rows(persona_client, party_office):
    client = persona_client("party_office")
    department = DepartmentFactory(code="Z01", name="新科室")

    def batch(number):
        PersonFactory(department=department, employee_number=f"Z{number:03d}")
        return services.accounts_open(by=party_office, scope="department", department=department)

    batch(1)
    one, few = _batches(client)
    for number in range(2, 5):
        batch(number)
    services.password_reset(
        person=Person.objects.get(employee_number="Z001"), by=party_office, reason="忘记密码"
    )
    many, more = _batches(client)
    assert many.content.decode().count("<tr") == 6 > one.content.decode().count("<tr") == 2
    assert more == few


def test_accounts_page_queries_do_not_grow_with_departments(persona_client, party_office):
    client = persona_client("party_office")

    def department(number):
        unit = DepartmentFactory(code=f"Y{number:02d}", name=f"科室{number}")
        PersonFactory(department=unit)
        DepartmentFactory(code=f"Y{number:02d}T", name=f"团队{number}", parent=unit)
        PersonFactory(department=unit.clean_teams.get())
        services.accounts_open(by=party_office, scope="department", department=unit)

    department(1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("onboarding:accounts"))
    for number in range(2, 5):
        department(number)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("onboarding:accounts"))
    assert len(response.context["departments"]) == 9  # 4 departments, 4 teams, the office's
    assert len(many) == len(one)


# --- the lists: sorted, filtered, exported; a batch's people never with a password ----------


def _sheet(response):
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def _body(response):
    content = response.content.decode()
    return content[content.index("<tbody") :]


@pytest.fixture
def two_batches(party_office, newcomers):
    """An opening of department A's two newcomers, then a reset of 王一's password."""
    opening = services.accounts_open(
        by=party_office, scope="department", department=newcomers[0].department
    )
    reset = services.password_reset(person=newcomers[0], by=party_office, reason="忘记密码")
    return opening, reset


def test_batch_list_sorts_by_size_and_filters_by_kind(persona_client, two_batches):
    opening, reset = two_batches
    client = persona_client("party_office")
    url = reverse("onboarding:batches")
    rows = _body(client.get(url, {"sort": "-size"}))
    assert rows.index(f"#{opening.pk}<") < rows.index(f"#{reset.pk}<")
    rows = _body(client.get(url, {"sort": "size"}))
    assert rows.index(f"#{reset.pk}<") < rows.index(f"#{opening.pk}<")
    resets = _body(client.get(url, {"kind": "reset"}))
    assert f"#{reset.pk}<" in resets
    assert f"#{opening.pk}<" not in resets


def test_batch_list_export_holds_what_the_list_shows(persona_client, two_batches, newcomers):
    opening, _reset = two_batches
    response = persona_client("party_office").get(
        reverse("onboarding:batches"), {"kind": "opening", "export": "xlsx"}
    )
    rows = _sheet(response)
    assert rows[0] == ("编号", "类型", "范围", "人数", "操作人", "时间")
    assert [row[:5] for row in rows[1:]] == [
        (
            opening.pk,
            "开通账号",
            f"科室“{newcomers[0].department.name}”（含其清廉团队）",
            2,
            str(opening.created_by),
        )
    ]


def test_batch_entries_export_never_holds_a_password(persona_client, party_office, newcomers):
    batch = services.accounts_open(by=party_office, scope="all")
    passwords = [slip.password for slip in kept_slips(batch)]
    assert passwords
    response = persona_client("party_office").get(
        reverse("onboarding:batch", args=[batch.pk]), {"sort": "-employee_number", "export": "xlsx"}
    )
    rows = _sheet(response)
    assert rows[0] == ("工号", "姓名", "科室", "用户名")
    assert [row[0] for row in rows[1:]] == ["Q101", "Q002", "Q001"]
    cells = {cell for row in rows for cell in row}
    assert not cells & set(passwords)
    assert kept_slips(batch) is not None  # the export leaves the slips to their creator


def test_batch_entries_filter_by_department(persona_client, party_office, newcomers):
    batch = services.accounts_open(by=party_office, scope="all")
    client = persona_client("party_office")
    rows = _body(
        client.get(
            reverse("onboarding:batch", args=[batch.pk]),
            {"department": newcomers[2].department_id},
        )
    )
    assert "李一" in rows
    assert "王一" not in rows


@pytest.mark.parametrize("query", [{}, {"export": "xlsx"}])
def test_batch_entries_queries_do_not_grow_with_rows(persona_client, party_office, query):
    client = persona_client("party_office")
    department = DepartmentFactory(code="Z01", name="新科室")

    def batch(count):
        for n in range(count):
            PersonFactory(department=department, employee_number=f"Z{count}{n:02d}")
        return services.accounts_open(by=party_office, scope="department", department=department)

    def queries(opened):
        url = reverse("onboarding:batch", args=[opened.pk])
        client.get(url, query)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, query).status_code == 200
        return len(captured)

    assert queries(batch(1)) == queries(batch(4))


def test_batch_list_export_queries_do_not_grow_with_rows(persona_client, party_office):
    client = persona_client("party_office")
    department = DepartmentFactory(code="Z01", name="新科室")

    def batch(number):
        PersonFactory(department=department, employee_number=f"Z{number:03d}")
        return services.accounts_open(by=party_office, scope="department", department=department)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("onboarding:batches"), {"export": "xlsx"})
        assert response.status_code == 200
        return len(captured)

    batch(1)
    few = queries()
    for number in range(2, 5):
        batch(number)
    assert queries() == few
