"""A department's risk register and key posts through the pages, in Debian's Chromium.

心内科's contact opens the register from the menu, records a risk point and reviews it
(the grade lowered to 二级); then records a key-post holder who started five years ago
and sees the rotation warning on the holding and in the list.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from risks.models import KeyPost
from risks.rotation import add_years
from tests.browser.helpers import alert, cn_date
from tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_contact_keeps_a_risk_point_and_a_key_post_holder(
    sign_in, live_server, department_a, applicant_a
):
    holder = PersonFactory(department=department_a, name="设备管理员")
    # The migration's list of key posts (risks 0002); a transactional test before this
    # one may have emptied the tables.
    KeyPost.objects.get_or_create(name="设备采购")
    today = timezone.localdate()
    since = add_years(today, -5)

    page = sign_in("applicant_a")
    page.get_by_role("button", name="日常工作").or_(
        page.get_by_role("link", name="日常工作")
    ).click()
    page.get_by_role("link", name="本科室风险点与重点岗位").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("心内科廉政风险点")

    # 1. A risk point of grade 一级, then its yearly review lowering it to 二级.
    page.get_by_role("link", name="登记风险点").click()
    page.locator("#id_post").fill("药品采购")
    page.get_by_label("风险描述").fill("药品遴选中收受回扣")
    page.get_by_label("风险等级").select_option("1")
    page.get_by_label("防控措施").fill("药事委员会集体决策，全程留痕")
    page.get_by_role("button", name="保存").click()
    expect(alert(page)).to_contain_text("已登记风险点。")
    expect(page.locator("#reviewed-this-year")).to_have_text("未复核")

    review = page.locator("#review")
    review.get_by_label("复核后等级").select_option("2")
    review.get_by_label("复核意见").fill("已实行集中带量采购，风险降低")
    review.get_by_role("button", name="记录复核").click()
    expect(alert(page)).to_contain_text("已记录年度复核。")
    expect(page.locator("#reviewed-this-year")).to_have_text("已复核")
    expect(page.locator("#grade")).to_have_text("二级（中）")
    expect(page.locator("#reviews")).to_contain_text("由一级（高）调整为二级（中）")

    # 2. A holder of 设备采购 for five years: the limit (5 years) is reached today.
    page.get_by_role("link", name="重点岗位", exact=True).click()
    page.get_by_role("link", name="登记在岗人员").click()
    page.get_by_label("在岗人员").select_option(str(holder.pk))
    page.locator("#id_post").select_option(label="设备采购")
    page.get_by_label("上岗日期").fill(since.isoformat())
    page.get_by_role("button", name="保存").click()
    expect(alert(page)).to_contain_text("已登记在岗人员。")
    expect(page.locator("#rotation-warning")).to_contain_text(
        f"已达轮岗年限：自上岗起满 5 年（{cn_date(today)}）"
    )

    page.goto(live_server.url + reverse("risks:unit_posts", args=[department_a.pk]))
    row = page.locator("#holding-rows tbody tr").filter(has_text="设备管理员")
    expect(row).to_contain_text("已达轮岗年限")
    expect(row).to_contain_text(cn_date(since))
