"""The roster pages: upload, preview, confirm, export, a person's departments, the home items."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from departments import services
from departments.forms import RosterImportForm
from departments.models import Person, RosterImport
from tests.factories import PEOPLE_HEADERS, PersonFactory, spreadsheet_upload

pytestmark = pytest.mark.usefixtures("media_root")

IMPORT = reverse("departments:import")


def person_row(number="E001", name="张三", code="A01", joined="2020-03-01"):
    return [number, name, code, joined, "否", "是"]


def post_upload(client, rows, *, headers=PEOPLE_HEADERS, roster="people", **kwargs):
    return client.post(
        IMPORT, {"roster": roster, "file": spreadsheet_upload(headers, rows, **kwargs)}
    )


def uploaded_by(user, rows):
    return services.roster_import_upload(
        roster="people", uploaded_file=spreadsheet_upload(PEOPLE_HEADERS, rows), by=user
    )


class LazyBody:
    """A request body of ``size`` bytes made on demand; remembers the largest single read."""

    def __init__(self, size):
        self.size = size
        self.position = 0
        self.largest_read = 0

    def read(self, size=-1):
        left = self.size - self.position
        size = left if size is None or size < 0 else min(size, left)
        self.largest_read = max(self.largest_read, size)
        self.position += size
        return b"x" * size

    def readline(self, size=-1):
        return self.read(size)


# --- upload ---------------------------------------------------------------------------------------


def test_import_page_shows_the_upload_form_and_the_columns(persona_client):
    response = persona_client("party_office").get(IMPORT + "?roster=departments")
    content = response.content.decode()
    assert response.status_code == 200
    assert "上传并预览" in content
    assert "调入本科室日期（必填）" in content
    assert '<option value="departments" selected>科室</option>' in content
    assert 'accept=".xlsx,.csv"' in content
    assert 'data-max-bytes="10485760"' in content


def test_import_upload_redirects_to_its_preview(persona_client, department_a):
    response = post_upload(persona_client("party_office"), [person_row()])
    roster_import = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("departments:import_preview", args=[roster_import.pk])
    assert roster_import.state == RosterImport.State.PREVIEWED


def test_import_upload_refuses_a_format_that_is_not_a_spreadsheet(persona_client):
    client = persona_client("party_office")
    response = client.post(
        IMPORT, {"roster": "people", "file": SimpleUploadedFile("名册.pdf", b"%PDF")}
    )
    assert response.status_code == 200
    assert (
        "“名册.pdf”不是可导入的表格，只能导入 .xlsx、.csv 格式的文件（旧版 .xls 请在 Excel 中另存为 .xlsx）。"
        in response.content.decode()
    )
    assert not RosterImport.objects.exists()


def test_import_upload_refuses_an_empty_file(persona_client):
    client = persona_client("party_office")
    response = client.post(
        IMPORT, {"roster": "people", "file": SimpleUploadedFile("名册.xlsx", b"")}
    )
    assert "文件是空的（0 字节），请选择填好数据的表格文件。" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_import_upload_refuses_a_missing_file(persona_client):
    response = persona_client("party_office").post(IMPORT, {"roster": "people"})
    assert "请选择要导入的表格文件。" in response.content.decode()


def test_import_upload_stops_reading_a_file_over_the_limit(persona_client, settings):
    """The file passes the limit by less than the multipart allowance: the upload handler cuts it off."""
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    client = persona_client("party_office")
    data = b"a,b\n" * (1024 * 1024 // 4 + 2560)
    response = client.post(
        IMPORT, {"roster": "people", "file": SimpleUploadedFile("名册.csv", data)}
    )
    assert response.status_code == 413
    assert (
        "文件超过了 1 MB 的上限，未读取。请删除多余的工作表和图片，或拆分成几个文件后分批导入。"
        in response.content.decode()
    )
    assert not RosterImport.objects.exists()


def test_import_upload_refuses_a_50_mb_body_before_reading_it(persona_client):
    client = persona_client("party_office")
    body = LazyBody(50 * 1024 * 1024)
    response = client.generic(
        "POST",
        IMPORT,
        b"",
        **{
            "CONTENT_TYPE": "multipart/form-data; boundary=qinglian",
            "CONTENT_LENGTH": str(body.size),
            "wsgi.input": body,
        },
    )
    assert response.status_code == 413
    assert (
        "文件大小约 50 MB，超过了 10 MB 的上限，未读取。请删除多余的工作表和图片，或拆分成几个文件后分批导入。"
        in response.content.decode()
    )
    assert body.largest_read <= 64 * 1024  # drained in small pieces, never held whole
    assert not RosterImport.objects.exists()


def test_roster_import_form_refuses_a_file_over_the_limit(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("名册.xlsx", b"x" * (3 * 1024 * 1024 // 2))
    form = RosterImportForm({"roster": "people"}, {"file": upload})
    assert form.errors == {
        "file": [
            "文件大小约 1.5 MB，超过了 1 MB 的上限，未读取。请删除多余的工作表和图片，或拆分成几个文件后分批导入。"
        ]
    }


def test_import_upload_answers_too_many_fields_in_chinese(persona_client, settings, department_a):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    client = persona_client("party_office")
    data = {
        "roster": "people",
        "a": "1",
        "b": "2",
        "file": spreadsheet_upload(PEOPLE_HEADERS, [person_row()]),
    }
    response = client.post(IMPORT, data)
    assert response.status_code == 400
    assert (
        "提交的内容过多或过大，无法处理。请只选择一个表格文件后重新上传。"
        in response.content.decode()
    )
    assert not RosterImport.objects.exists()


def test_request_over_django_limits_elsewhere_gets_a_chinese_page(client, settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post(reverse("accounts:login"), {"username": "x" * 200, "password": "y"})
    assert response.status_code == 400
    assert (
        "提交的内容过多、过大或格式不正确，服务器没有处理，数据未作任何改动。"
        in response.content.decode()
    )


def test_import_upload_checks_the_csrf_token(party_office, department_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(party_office)
    response = post_upload(client, [person_row()])
    assert response.status_code == 403
    assert "页面已过期，操作未执行" in response.content.decode()
    assert not RosterImport.objects.exists()


# --- preview and confirm ----------------------------------------------------------------------------


def test_import_preview_lists_new_rows_and_offers_confirmation(
    persona_client, party_office, department_a
):
    roster_import = uploaded_by(party_office, [person_row(), person_row("E002", "李四")])
    response = persona_client("party_office").get(
        reverse("departments:import_preview", args=[roster_import.pk])
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "新增 2" in content
    assert "<td>E002</td><td>李四</td><td>心内科（A01）</td><td>2020-03-01</td>" in content
    assert reverse("departments:import_confirm", args=[roster_import.pk]) in content
    assert 'data-confirm="确认导入？将新增 2 条、修改 0 条。"' in content


def test_import_preview_shows_changes_of_changed_rows(persona_client, party_office, department_a):
    PersonFactory(
        employee_number="E001",
        name="张三",
        department=department_a,
        joined_department_on=datetime.date(2020, 3, 1),
    )
    roster_import = uploaded_by(party_office, [person_row(name="张叁")])
    url = reverse("departments:import_preview", args=[roster_import.pk])
    content = persona_client("party_office").get(url + "?show=changed").content.decode()
    assert "姓名：<del>张三</del> → <strong>张叁</strong>" in content


def test_import_preview_shows_every_problem_and_no_confirmation(
    persona_client, party_office, department_a
):
    roster_import = uploaded_by(
        party_office, [person_row(code="X99"), person_row("E002", joined="2026-02-30")]
    )
    response = persona_client("party_office").get(
        reverse("departments:import_preview", args=[roster_import.pk])
    )
    content = response.content.decode()
    assert "发现 2 处错误，未导入任何数据。" in content
    assert "<li>第 2 行「科室编码」：科室编码“X99”不存在</li>" in content
    assert "<li>第 3 行「调入本科室日期」：日期“2026-02-30”不存在</li>" in content
    assert reverse("departments:import_confirm", args=[roster_import.pk]) not in content
    assert "上传并预览" in content  # the corrected file can be uploaded from here


def test_import_preview_queries_do_not_grow_with_rows(persona_client, party_office, department_a):
    client = persona_client("party_office")
    small = uploaded_by(party_office, [person_row()])
    large = uploaded_by(party_office, [person_row(f"E{n:03d}") for n in range(1, 40)])

    def queries_for(roster_import):
        url = reverse("departments:import_preview", args=[roster_import.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_for(small) == queries_for(large)


def test_import_confirm_imports_and_says_what_it_did(persona_client, party_office, department_a):
    roster_import = uploaded_by(party_office, [person_row(), person_row("E002", "李四")])
    client = persona_client("party_office")
    response = client.post(
        reverse("departments:import_confirm", args=[roster_import.pk]), follow=True
    )
    content = response.content.decode()
    assert response.redirect_chain == [(reverse("departments:people"), 302)]
    assert "导入完成：新增 2 条，修改 0 条，0 条无变化。" in content
    assert "李四" in content
    assert Person.objects.get(employee_number="E002").history.get().history_user == party_office


def test_import_confirm_of_a_stale_preview_imports_nothing_and_says_so(
    persona_client, party_office, department_a
):
    roster_import = uploaded_by(party_office, [person_row()])
    PersonFactory(
        employee_number="E001",
        name="张山",
        department=department_a,
        joined_department_on=datetime.date(2020, 3, 1),
    )
    preview = reverse("departments:import_preview", args=[roster_import.pk])
    response = persona_client("party_office").post(
        reverse("departments:import_confirm", args=[roster_import.pk]), follow=True
    )
    content = response.content.decode()
    assert response.redirect_chain == [(preview, 302)]
    assert (
        "预览之后名册数据已被修改，本次没有导入任何数据。下面是按最新数据重新生成的预览，请核对后再确认。"
        in content
    )
    assert "修改 1" in content
    assert Person.objects.get(employee_number="E001").name == "张山"


def test_import_confirm_twice_shows_why_not(persona_client, party_office, department_a):
    roster_import = uploaded_by(party_office, [person_row()])
    client = persona_client("party_office")
    url = reverse("departments:import_confirm", args=[roster_import.pk])
    client.post(url)
    response = client.post(url, follow=True)
    roster_import.refresh_from_db()
    imported_at = timezone.localtime(roster_import.imported_at)
    content = response.content.decode()
    assert f"该文件已于 {imported_at:%Y-%m-%d %H:%M} 导入，不能重复导入。" in content
    assert "已导入" in content


def test_import_confirm_needs_post(persona_client, party_office, department_a):
    roster_import = uploaded_by(party_office, [person_row()])
    response = persona_client("party_office").get(
        reverse("departments:import_confirm", args=[roster_import.pk])
    )
    assert response.status_code == 405


# --- export -------------------------------------------------------------------------------------------


def test_export_people_as_xlsx_escapes_formulas(persona_client, department_a):
    PersonFactory(employee_number="E1", name="=1+1", department=department_a)
    response = persona_client("party_office").get(
        reverse("departments:export", args=["people", "xlsx"])
    )
    today = timezone.localdate()
    assert response.status_code == 200
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E4%BA%BA%E5%91%98%E5%90%8D%E5%86%8C-"
        + f"{today:%Y%m%d}.xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == [
        "工号",
        "姓名",
        "科室编码",
        "科室名称",
        "调入本科室日期",
        "党员",
        "在职",
    ]
    assert [cell.value for cell in sheet[2]][:3] == ["E1", "'=1+1", "A01"]


def test_export_departments_as_csv(persona_client, department_a):
    response = persona_client("admin_user").get(
        reverse("departments:export", args=["departments", "csv"])
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert (
        lines[0]
        == "科室编码,科室名称,类别,所属科室编码,党支部,负责人工号,负责人姓名,在用,科室联络员工号"
    )
    assert "A01,心内科,临床,,内科党支部,,,是," in lines


@pytest.mark.parametrize("args", [["people", "pdf"], ["staff", "csv"]])
def test_export_of_something_else_is_not_found(persona_client, args):
    response = persona_client("party_office").get(reverse("departments:export", args=args))
    assert response.status_code == 404


def test_list_pages_link_import_and_export_for_the_party_office(persona_client):
    client = persona_client("party_office")
    people = client.get(reverse("departments:people")).content.decode()
    departments = client.get(reverse("departments:list")).content.decode()
    assert f'href="{IMPORT}?roster=people"' in people
    assert reverse("departments:export", args=["people", "csv"]) in people
    assert f'href="{IMPORT}?roster=departments"' in departments
    assert reverse("departments:export", args=["departments", "xlsx"]) in departments


def test_list_pages_offer_no_import_to_readers_who_may_not(persona_client):
    content = (
        persona_client("discipline_office").get(reverse("departments:people")).content.decode()
    )
    assert IMPORT not in content
    assert reverse("departments:export", args=["people", "xlsx"]) not in content


# --- a person and their departments -----------------------------------------------------------------


def test_person_detail_shows_previous_departments(
    persona_client, party_office, department_a, department_b
):
    first = uploaded_by(party_office, [person_row()])
    services.roster_import_confirm(roster_import=first, by=party_office)
    move = uploaded_by(party_office, [person_row(code="B01", joined="2024-07-01")])
    services.roster_import_confirm(roster_import=move, by=party_office)
    person = Person.objects.get(employee_number="E001")

    response = persona_client("discipline_office").get(
        reverse("departments:person_detail", args=[person.pk])
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert '<td>骨科（B01） <span class="badge text-bg-primary">当前</span></td>' in content
    assert "<td>心内科（A01）</td>" in content
    assert "2020年3月1日" in content
    assert "2024年7月1日" in content
    assert f"名册导入第 {first.pk} 号（名册.xlsx）" in content


def test_person_detail_queries_do_not_grow_with_history(persona_client, department_a):
    client = persona_client("party_office")
    once = PersonFactory(department=department_a)
    often = PersonFactory(department=department_a)
    for day in range(1, 5):
        often.joined_department_on = datetime.date(2021, 1, day)
        often.save(update_fields=["joined_department_on"])

    def queries_for(person):
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("departments:person_detail", args=[person.pk])).status_code
                == 200
            )
        return len(queries)

    assert queries_for(once) == queries_for(often)


def test_person_list_links_each_person(persona_client, department_a):
    person = PersonFactory(department=department_a, name="周七")
    content = persona_client("party_office").get(reverse("departments:people")).content.decode()
    assert f'<a href="{reverse("departments:person_detail", args=[person.pk])}">周七</a>' in content


# --- home ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["party_office", "admin_user"])
def test_home_offers_import_and_export(persona_client, persona):
    content = persona_client(persona).get(reverse("home")).content.decode()
    assert f'<a href="{IMPORT}">导入科室与人员名册</a>' in content
    assert (
        f'<a href="{reverse("departments:export", args=["people", "xlsx"])}">导出人员名册（Excel）</a>'
        in content
    )
    assert (
        f'<a href="{reverse("departments:export", args=["departments", "xlsx"])}">导出科室名册（Excel）</a>'
        in content
    )


def test_home_lists_previews_waiting_for_confirmation(persona_client, party_office, department_a):
    roster_import = uploaded_by(party_office, [person_row()])
    content = persona_client("party_office").get(reverse("home")).content.decode()
    assert (
        f'<a href="{reverse("departments:import_preview", args=[roster_import.pk])}">待确认的导入：名册.xlsx</a>'
        in content
    )
