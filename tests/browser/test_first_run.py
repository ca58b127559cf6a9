"""A fresh installation in Debian's Chromium, with the pages alone (no shell, no admin
site): the first administrator is created with the setup code from the server's file,
sets the hospital's name, imports the roster, opens the accounts of one department and
takes its slips, and appoints its contact and the party office; the party office opens
the first campaign and the contact, signed in with the slip's password and made to
change it, starts the department's application."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from appraisal.models import Application
from departments.models import Department, Person
from hospital.selectors import hospital_profile
from onboarding.models import AccountBatch
from tests.browser.helpers import alert, pdf_text
from tests.factories import DEPARTMENT_HEADERS, PEOPLE_HEADERS, spreadsheet_bytes

pytestmark = [pytest.mark.browser(minutes=1), pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "Qinglian-Setup-2026"
CONTACT_PASSWORD = "Xinneike-Lianluo-2026"
OFFICE_PASSWORD = "Dangban-Ganshi-2026"

DEPARTMENTS = [
    ["DBB", "党委办公室", "行政职能", "", "机关党支部", "", "是"],
    ["XNK", "心血管内科", "临床", "", "内科党支部", "", "是"],
]
PEOPLE = [
    ["D001", "王书记", "DBB", "2019-03-01", "是", "是"],
    ["D002", "赵干事", "DBB", "2021-07-01", "是", "是"],
    ["X001", "李主任", "XNK", "2015-09-01", "是", "是"],
    ["X002", "陈联络", "XNK", "2020-02-01", "否", "是"],
    ["X003", "刘医生", "XNK", "2023-08-01", "否", "是"],
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN"}


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _import(page, roster, path):
    page.get_by_label("名册").select_option(label=roster)
    page.get_by_label("表格文件").set_input_files(path)
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_role("button", name="确认导入").click()
    expect(alert(page)).to_contain_text("导入完成")


def _slip_passwords(page, tmp_path, name):
    """The batch page's slips, as the party office takes them: the PDF to print and
    the Excel file. Returns the PDF's text and {username: initial password}."""
    from openpyxl import load_workbook

    with page.expect_download() as download:
        page.get_by_role("link", name="下载全部通知单（PDF）").click()
    pdf = tmp_path / f"{name}.pdf"
    download.value.save_as(pdf)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = tmp_path / f"{name}.xlsx"
    download.value.save_as(workbook)
    sheet = load_workbook(workbook, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("科室", "姓名", "用户名", "初始密码")
    passwords = {username: password for _unit, _name, username, password, *_ in rows[1:]}
    text = pdf_text(pdf)
    for username, password in passwords.items():
        assert username in text
        assert password in text  # every slip carries its own password
    return text, passwords


def _first_sign_in(browser, live_server, username, slip_password, new_password):
    """Signs in with the slip's password, is made to change it, and is let in."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + "/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(slip_password)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#must-change-password")).to_be_visible()
    page.goto(live_server.url + "/")  # no way round it
    expect(page.locator("#must-change-password")).to_be_visible()
    page.get_by_label("旧密码").fill(slip_password)
    page.get_by_role("textbox", name="新密码", exact=True).fill(new_password)
    page.get_by_label("新密码确认").fill(new_password)
    page.get_by_role("button", name="保存新密码").click()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")
    return page


def test_an_empty_installation_to_a_first_application(
    browser, page, live_server, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    assert not User.objects.exists()
    page.on("dialog", lambda dialog: dialog.accept())  # the import asks before it changes

    # The first administrator, with the setup code the server wrote to its folder.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="首次使用：创建系统管理员")).to_be_visible()
    code = (tmp_path / "setup-code").read_text().strip()
    page.get_by_label("设置码").fill(code)
    page.get_by_label("用户名").fill("xinxike")
    page.get_by_label("姓名").fill("信息科管理员")
    page.get_by_label(re.compile(r"^密码")).fill(ADMIN_PASSWORD)
    page.get_by_label("再次输入密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="创建系统管理员").click()
    expect(alert(page)).to_contain_text("系统管理员账号已创建")
    page.get_by_label("用户名").fill("xinxike")
    page.get_by_label("密码").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="首次使用向导")).to_be_visible()
    assert not (tmp_path / "setup-code").exists()

    # 1. The hospital's settings.
    expect(page.locator("#first-run-hospital_settings")).to_contain_text("待完成")
    page.locator("#first-run-hospital_settings").get_by_role("link", name="去完成").click()
    page.get_by_label("医院名称").fill("青山市人民医院")
    page.get_by_label("修改原因").fill("首次使用，填写本院信息")
    page.get_by_role("button", name="保存设置").click()
    expect(alert(page)).to_contain_text("已保存")
    assert hospital_profile().name == "青山市人民医院"

    # 2. The roster: departments first, then their people.
    departments_file = tmp_path / "科室名册.xlsx"
    departments_file.write_bytes(spreadsheet_bytes(DEPARTMENT_HEADERS, DEPARTMENTS))
    people_file = tmp_path / "人员名册.xlsx"
    people_file.write_bytes(spreadsheet_bytes(PEOPLE_HEADERS, PEOPLE))
    page.goto(live_server.url + "/setup/")
    page.locator("#first-run-roster").get_by_role("link", name="去完成").click()
    _import(page, "科室", departments_file)
    page.get_by_role("link", name="导入", exact=True).click()
    _import(page, "人员", people_file)
    page.goto(live_server.url + "/setup/")
    expect(page.locator("#first-run-roster")).to_contain_text("已导入 2 个科室、5 人。")

    # 3. Accounts for one department, and its slips.
    page.locator("#first-run-accounts").get_by_role("link", name="去完成").click()
    expect(page.locator("#account-totals")).to_contain_text("尚未开通 5 人")
    page.get_by_label("一个科室（含其清廉团队）").check()
    page.get_by_label("科室", exact=True).select_option(label="心血管内科")
    page.get_by_role("button", name="开通账号").click()
    expect(alert(page)).to_contain_text("已为 3 人开通账号。")
    text, passwords = _slip_passwords(page, tmp_path, "xnk")
    assert set(passwords) == {"X001", "X002", "X003"}
    assert "陈联络" in text
    assert "刘医生" in text  # the department's three, on one file
    assert "首次登录须修改密码" in text
    contact_password = passwords["X002"]
    # The party office's clerk gets an account too, in a second batch.
    page.goto(live_server.url + "/setup/")
    page.locator("#first-run-accounts").get_by_role("link", name="去完成").click()
    page.get_by_label("一个科室（含其清廉团队）").check()
    page.get_by_label("科室", exact=True).select_option(label="党委办公室")
    page.get_by_role("button", name="开通账号").click()
    expect(alert(page)).to_contain_text("已为 2 人开通账号。")
    _text, passwords = _slip_passwords(page, tmp_path, "dbb")
    office_password = passwords["D002"]
    assert AccountBatch.objects.count() == 2
    assert set(User.objects.exclude(username="xinxike").values_list("username", flat=True)) == {
        "D001",
        "D002",
        "X001",
        "X002",
        "X003",
    }

    # 4. Appointments: the department's contact and the party office.
    page.goto(live_server.url + "/setup/")
    page.locator("#first-run-appointments").get_by_role("link", name="去完成").click()
    page.get_by_role("combobox", name="职务").select_option(label="科室联络员")
    page.get_by_role("textbox", name="人员").fill("X002")
    page.get_by_label("科室", exact=True).select_option(label="心血管内科")
    page.get_by_label("任命依据").fill("科室推荐")
    page.get_by_role("button", name="任命").click()
    expect(alert(page)).to_contain_text("已任命陈联络")
    expect(page.get_by_role("heading", level=1)).to_contain_text("心血管内科")
    page.goto(live_server.url + "/setup/")
    expect(page.locator("#first-run-appointments")).to_contain_text("科室联络员 1 人")
    page.locator("#first-run-appointments").get_by_role("link", name="去完成").click()
    page.get_by_role("combobox", name="职务").select_option(label="党办")
    page.get_by_role("textbox", name="人员").fill("D002")
    page.get_by_label("任命依据").fill("党委办公室干事")
    page.get_by_role("button", name="任命").click()
    expect(alert(page)).to_contain_text("已任命赵干事")

    # 5. The party office, in its own browser, opens the first campaign.
    office = _first_sign_in(browser, live_server, "D002", office_password, OFFICE_PASSWORD)
    office.get_by_role("link", name="评选批次", exact=True).first.click()
    office.get_by_role("link", name="新建评选批次").click()
    office.get_by_label("评选年度").fill(str(timezone.localdate().year))
    office.get_by_label("名称").fill("首届清廉科室评选")
    now = timezone.now()
    office.get_by_label("申报开始").fill(_local(now - datetime.timedelta(hours=1)))
    office.get_by_label("申报截止").fill(_local(now + datetime.timedelta(days=14)))
    office.get_by_label("评选名额").fill("1")
    office.get_by_role("button", name="保存").click()
    expect(alert(office)).to_contain_text("已套用默认考评细则")
    office.get_by_role("button", name="开放申报").click()
    expect(alert(office)).to_contain_text("已开放申报")

    # 6. The contact signs in with the slip's password, changes it and applies.
    contact = _first_sign_in(browser, live_server, "X002", contact_password, CONTACT_PASSWORD)
    contact.get_by_role("link", name="首届清廉科室评选：心血管内科").click()
    contact.get_by_role("button", name="开始申报").click()
    expect(alert(contact)).to_contain_text("人数已按人员名单预填")
    application = Application.objects.get()
    assert application.unit == Department.objects.get(code="XNK")
    contact_user = Person.objects.get(employee_number="X002").user
    contact_user.refresh_from_db()
    assert not contact_user.must_change_password
    assert contact_user.check_password(CONTACT_PASSWORD)

    # The guide says what is done and what is left.
    page.goto(live_server.url + "/setup/")
    expect(page.locator("#first-run-first_campaign")).to_contain_text("已完成")
    expect(page.locator("#first-run-accounts")).to_contain_text("已有账号 5 人，尚未开通 0 人。")
    expect(page.locator("#first-run-appointments")).to_contain_text("还须任命：纪检监察室")
