"""A holder's problem and responsibility list through the pages, in Debian's Chromium.

The party office adds 心内科's contact to this year's holders of public power by pasting
their employee number; the holder follows the home page's item to their list, writes a
responsibility with its measures and due date and signs it in their own account; the
party office sees the list signed and filed in the year's list of holders.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import alert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_party_office_adds_a_holder_who_files_and_signs(
    sign_in, live_server, department_a, applicant_a, party_office
):
    year = timezone.localdate().year
    number = applicant_a.person.employee_number

    # 1. The party office adds the holder.
    office = sign_in("party_office")
    office.get_by_role("button", name="日常工作").or_(
        office.get_by_role("link", name="日常工作")
    ).click()
    office.get_by_role("link", name="问题清单和责任清单", exact=True).click()
    expect(office.get_by_role("heading", level=1)).to_have_text(f"{year}年度问题清单和责任清单")
    office.get_by_role("link", name="添加掌握公权力人员").click()
    office.get_by_label("类别").select_option("key_post")
    office.get_by_label("工号").fill(f"{number}\n")
    office.get_by_label("说明").fill("药品采购")
    office.get_by_role("button", name="保存").click()
    expect(alert(office)).to_contain_text("已添加 1 人。")
    row = office.locator("#holder-rows tbody tr").filter(has_text="申报人甲")
    expect(row).to_contain_text("未填报")
    expect(row).to_contain_text("重点岗位")

    # 2. The holder files and signs in their own account.
    holder = sign_in("applicant_a")
    holder.get_by_role("link", name="填报并签名本年度问题清单和责任清单").click()
    expect(holder.get_by_role("heading", level=1)).to_have_text(
        f"申报人甲的{year}年度问题清单和责任清单"
    )
    expect(holder.locator("#filing-status")).to_have_text("未填报")
    holder.get_by_role("link", name="添加问题或责任").click()
    holder.get_by_label("类别").select_option("responsibility")
    holder.get_by_label("内容").fill("药品采购环节落实集体决策，杜绝回扣")
    holder.get_by_label("措施").fill("采购全程留痕，每季度向科室报告")
    holder.get_by_label("完成时限").fill(f"{year}-12-31")
    holder.get_by_role("button", name="保存").click()
    expect(alert(holder)).to_contain_text("已添加事项。")
    expect(holder.locator("#filing-status")).to_have_text("已填报未签名")
    holder.get_by_role("button", name="本人签名并报党办备案").click()
    expect(alert(holder)).to_contain_text("已签名，清单已报党办备案。")
    expect(holder.locator("#filing-status")).to_have_text("已签名备案")
    expect(holder.locator("#in-force")).to_contain_text("本人在线签名")
    expect(holder.locator("#in-force")).to_contain_text("药品采购环节落实集体决策")

    # 3. The party office sees it filed.
    office.reload()
    row = office.locator("#holder-rows tbody tr").filter(has_text="申报人甲")
    expect(row).to_contain_text("已签名备案")
    expect(row).to_contain_text("本人在线签名")
    row.get_by_role("link", name="申报人甲").click()
    expect(office.locator("#in-force")).to_contain_text("采购全程留痕")
