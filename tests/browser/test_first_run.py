"""A fresh installation in Debian's Chromium: the first administrator is created with
the setup code from the server's file, signs in and lands on the first-run guide."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import alert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qinglian-Setup-2026"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN"}


def test_first_administrator_is_created_in_the_browser(page, live_server, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="首次使用：创建系统管理员")).to_be_visible()
    code = (tmp_path / "setup-code").read_text().strip()

    page.get_by_label("设置码").fill(code)
    page.get_by_label("用户名").fill("xinxike")
    page.get_by_label("姓名").fill("信息科管理员")
    page.get_by_label(re.compile(r"^密码")).fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    page.get_by_role("button", name="创建系统管理员").click()
    expect(alert(page)).to_contain_text("系统管理员账号已创建")

    page.get_by_label("用户名").fill("xinxike")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="首次使用向导")).to_be_visible()
    expect(page.locator("#first-run-roster")).to_contain_text("待完成")
    expect(page.locator("#first-run-roster").get_by_role("link", name="去完成")).to_be_visible()
    assert not (tmp_path / "setup-code").exists()
