"""The party office imports a people spreadsheet through the pages, then sorts the people
list by a column and exports what it shows to Excel, in Debian's Chromium."""

import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.factories import PASSWORD, PEOPLE_HEADERS, spreadsheet_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    """A browser set up in English: the pages are Chinese all the same (never Accept-Language)."""
    return {**browser_context_args, "locale": "en-US"}


def test_party_office_imports_people_after_correcting_an_error(
    page, live_server, party_office, department_a, media_root, tmp_path
):
    with_error = tmp_path / "人员名册-有错.xlsx"
    with_error.write_bytes(
        spreadsheet_bytes(
            PEOPLE_HEADERS,
            [
                ["E101", "林小雨", "A01", "2023-09-01", "是", "是"],
                ["E102", "郭大海", "X99", "2024-02-01", "否", "是"],
            ],
        )
    )
    corrected = tmp_path / "人员名册.xlsx"
    corrected.write_bytes(
        spreadsheet_bytes(
            PEOPLE_HEADERS,
            [
                ["E101", "林小雨", "A01", "2023-09-01", "是", "是"],
                ["E102", "郭大海", "A01", "2024-02-01", "否", "是"],
            ],
        )
    )

    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("用户名").fill("party_office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#role-party_office")).to_be_visible()

    page.get_by_role("link", name="人员", exact=True).first.click()
    page.get_by_role("link", name="导入", exact=True).click()
    page.get_by_label("表格文件").set_input_files(with_error)
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#import-problems")).to_contain_text("发现 1 处错误，未导入任何数据。")
    expect(page.locator("#import-problems")).to_contain_text(
        "第 3 行「科室编码」：科室编码“X99”不存在"
    )

    page.get_by_label("表格文件").set_input_files(corrected)
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#import-counts")).to_contain_text("新增 2")
    expect(page.locator("#import-rows")).to_contain_text("郭大海")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "导入完成：新增 2 条，修改 0 条，0 条无变化。"
    )
    people = page.locator("#person-table")
    expect(people).to_contain_text("林小雨")
    expect(people).to_contain_text("郭大海")

    # Department A's people, by number, highest first. The list comes by department, then
    # by number, and its headers say so; one click on 工号 turns it round.
    page.get_by_label("科室", exact=True).select_option(label=department_a.name)
    expect(page).to_have_url(re.compile(rf"department={department_a.pk}"))
    number = people.locator("thead th").filter(has_text="工号")
    expect(number).to_have_attribute("aria-sort", "ascending")
    number.get_by_role("link").click()
    expect(number).to_have_attribute("aria-sort", "descending")
    expect(page).to_have_url(re.compile(r"sort=-employee_number"))
    shown = people.locator("tbody tr td:first-child").all_inner_texts()
    assert shown[:2] == ["E102", "E101"]
    assert shown == sorted(shown, reverse=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel（当前筛选和排序）").click()
    assert download.value.suggested_filename.startswith("人员-")
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    sheet = load_workbook(exported).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("工号", "姓名", "科室", "调入本科室日期", "党员", "在职")
    assert [row[0] for row in rows[1:]] == shown
    assert [row[:3] for row in rows[1:3]] == [
        ("E102", "郭大海", department_a.name),
        ("E101", "林小雨", department_a.name),
    ]
