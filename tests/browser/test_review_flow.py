"""The party office's review through the pages, in Debian's Chromium: automatic
assignment without conflicts, a reviewer scores (drafts saved as they type) and
submits, the party office reopens nothing it need not, writes its opinion and
forwards the recommended list to the leading group."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from appraisal.enums import CampaignState
from appraisal.models import Campaign, Criterion
from appraisal.services import reviews
from appraisal.services.assignment import pool_add
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    close_applications,
    open_campaign,
    submitted_application,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reviewing_campaign(
    party_office, reviewer_a, applicant_a, applicant_b, head_a, department_a, department_b
):
    """Departments A and B have applied; the window has closed; the review team is
    reviewer_a (of department A) and a reviewer of a third department."""
    campaign = open_campaign(party_office)
    submitted_application(campaign, department_a, applicant=applicant_a)
    submitted_application(campaign, department_b, applicant=applicant_b)
    close_applications(campaign)
    other = UserFactory(username="reviewer_c", name="评审人丙", roles=[Role.REVIEWER])
    PersonFactory(
        department=DepartmentFactory(code="C09", name="检验科"), user=other, name="评审人丙"
    )
    for reviewer in (reviewer_a, other):
        pool_add(campaign=campaign, reviewer=reviewer, by=party_office)
    return campaign


def test_reviewer_scores_and_the_party_office_forwards(
    sign_in, live_server, reviewing_campaign, party_office
):
    campaign = reviewing_campaign
    office = sign_in("party_office")
    office.goto(live_server.url + reverse("appraisal:review_overview", args=[campaign.pk]))
    office.get_by_label("每份申报评审人数").fill("1")
    office.get_by_role("button", name="自动分配").click()
    expect(office.get_by_role("alert").first).to_contain_text(
        "已分配 2 份评审任务；每位评审人员现有 1–1 份。"
    )

    # reviewer_a works in department A: the assignment gave them B's application only.
    reviewer = sign_in("reviewer_a")
    reviewer.get_by_role("link", name="评审任务").first.click()
    expect(reviewer.locator("main")).not_to_contain_text("心内科")
    expect(reviewer.locator("main")).to_contain_text("骨科")
    reviewer.get_by_role("link", name="评分", exact=True).click()
    criteria = list(
        Criterion.objects.filter(standard__rubric=campaign.rubric).order_by(
            "standard__order", "order"
        )
    )
    for criterion in criteria:
        box = reviewer.locator(f"#score-{criterion.pk}")
        box.fill(str(criterion.points.normalize()))
        expect(reviewer.locator(f"#score-status-{criterion.pk}")).to_contain_text("已保存")
    reviewer.get_by_role("button", name="提交评审").click()
    expect(reviewer.get_by_role("alert").first).to_contain_text(
        "已提交对“骨科”的评审，评分已锁定。"
    )

    # The other reviewer's review of A is finished outside the browser.
    other_review = campaign.applications.get(unit__code="A01").reviews.get()
    for criterion in criteria:
        reviews.score_save(
            review=other_review,
            by=other_review.reviewer,
            criterion=criterion,
            score=str(criterion.points),
            not_applicable=False,
        )
    reviews.review_submit(review=other_review, by=other_review.reviewer)

    office.goto(live_server.url + reverse("appraisal:ranking", args=[campaign.pk]))
    expect(office.locator("main")).to_contain_text("100.00")
    for unit in ("心内科", "骨科"):
        application = campaign.applications.get(unit__name=unit)
        office.goto(
            live_server.url + reverse("appraisal:application_reviews", args=[application.pk])
        )
        office.get_by_role("radio", name="推荐", exact=True).check()
        office.get_by_label("评审意见").fill(f"{unit}材料扎实，推荐。")
        office.get_by_role("button", name="保存评审意见").click()
        expect(office.get_by_role("alert").first).to_contain_text("评审意见已保存。")

    office.goto(live_server.url + reverse("appraisal:review_overview", args=[campaign.pk]))
    office.locator("#forward").get_by_role("button").last.click()
    expect(office.get_by_role("alert").first).to_contain_text("推荐名单已报送领导小组审定。")
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.DECIDING


def test_party_office_reminds_the_late_reviewer_who_reads_it(
    sign_in, live_server, reviewing_campaign, party_office, reviewer_a
):
    """The deadline has passed: reviewer_a submitted B's review, 评审人丙 has not
    finished A's. The party office sees who is late and reminds; 评审人丙 reads it."""
    import datetime

    from django.utils import timezone

    from appraisal.services.assignment import review_assign
    from tests.factories import fill_review

    campaign = reviewing_campaign
    late = campaign.reviewer_pool.exclude(reviewer=reviewer_a).get().reviewer
    review_assign(
        application=campaign.applications.get(unit__code="A01"), reviewer=late, by=party_office
    )
    done = review_assign(
        application=campaign.applications.get(unit__code="B01"),
        reviewer=reviewer_a,
        by=party_office,
    )
    fill_review(done, by=reviewer_a)
    Campaign.objects.filter(pk=campaign.pk).update(
        review_due_at=timezone.now() - datetime.timedelta(hours=1)
    )

    office = sign_in("party_office")
    office.goto(live_server.url + reverse("appraisal:review_progress", args=[campaign.pk]))
    expect(office.locator("#late-reviewers")).to_contain_text("评审人丙：1 份未完成")
    bar = office.get_by_role("progressbar", name="评审人丙的评审进度")
    expect(bar).to_have_attribute("aria-valuetext", "已完成 0/1")
    expect(office.locator("#last-reminder")).to_contain_text("党办尚未手动提醒过评审人员。")
    office.get_by_role("button", name="提醒所有未完成的评审人").click()
    expect(office.get_by_role("alert").first).to_contain_text("已提醒 1 名尚未完成评审的评审人员。")
    expect(office.locator("#last-reminder")).to_contain_text(f"由{party_office}发送，提醒 1 人。")

    reviewer = sign_in("reviewer_c")
    reviewer.goto(live_server.url + reverse("notifications:inbox"))
    expect(reviewer.locator("main")).to_contain_text(f"“{campaign.title}”评审已过截止时间")
    expect(reviewer.locator("main")).to_contain_text("您还有 1 份评审未提交")
