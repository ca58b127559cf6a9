"""The yearly evaluation through the pages, in Debian's Chromium: the party office
creates and opens it (every department is in it without applying), reviewers score,
the party office forwards, the party committee confirms, the party office publishes,
and a department reads its own result."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from appraisal.enums import CampaignState, ReviewState
from appraisal.models import Campaign, Criterion, EvaluationResult, Review
from appraisal.services import reviews
from appraisal.services.assignment import pool_add
from tests.factories import DepartmentFactory, PersonFactory, UserFactory, close_applications

pytestmark = [pytest.mark.browser(minutes=2), pytest.mark.django_db(transaction=True)]

LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def hospital(party_office, party_committee, reviewer_a, applicant_a, head_a, department_b):
    """Departments A and B, the party office's and a third one (检验科), whose reviewer
    scores with reviewer_a (of department A)."""
    other = UserFactory(username="reviewer_c", name="评审人丙", roles=[Role.REVIEWER])
    PersonFactory(
        department=DepartmentFactory(code="C09", name="检验科"), user=other, name="评审人丙"
    )
    return other


def test_party_office_opens_committee_confirms_department_reads(
    sign_in, live_server, hospital, reviewer_a
):
    now = timezone.localtime()
    office = sign_in("party_office")
    office.goto(live_server.url + reverse("appraisal:campaigns"))
    office.get_by_role("link", name="新建年度考评").click()
    office.get_by_label("名称").fill("年度清廉考评（浏览器）")
    office.get_by_label("考评开始").fill(now.strftime(LOCAL))
    office.get_by_label("情况说明截止（评审开始）").fill(
        (now + datetime.timedelta(days=7)).strftime(LOCAL)
    )
    office.get_by_label("每个单元评审人数").fill("1")
    office.get_by_role("button", name="保存").click()
    expect(office.get_by_role("alert").first).to_contain_text("年度清廉考评已创建")
    expect(office.locator("#evaluated-units")).to_contain_text("心内科")
    expect(office.locator("#grade-bands")).to_contain_text("优秀 90–100")
    office.get_by_role("button", name="开始考评").click()
    expect(office.get_by_role("alert").first).to_contain_text("已开始考评，各单元已纳入。")
    campaign = Campaign.objects.get(title="年度清廉考评（浏览器）")
    assert campaign.applications.count() == 5  # A, B, 检验科, the two offices

    # H2: here each department reads its computed draft and explains it
    # (the unit's draft page), before the window closes.

    close_applications(campaign)
    for reviewer in (reviewer_a, hospital):
        pool_add(campaign=campaign, reviewer=reviewer, by=campaign.created_by)
    office.goto(live_server.url + reverse("appraisal:review_overview", args=[campaign.pk]))
    office.get_by_label("每份申报评审人数").fill("1")
    office.get_by_role("button", name="自动分配").click()
    expect(office.get_by_role("alert").first).to_contain_text("已分配 5 份评审任务")

    # reviewer_a scores one of theirs in the browser; the rest are finished outside it.
    criteria = list(
        Criterion.objects.filter(standard__rubric=campaign.rubric).order_by(
            "standard__order", "order"
        )
    )
    reviewer = sign_in("reviewer_a")
    reviewer.goto(live_server.url + reverse("appraisal:review_queue"))
    expect(reviewer.locator("main")).not_to_contain_text("心内科")
    reviewer.get_by_role("link", name="评分", exact=True).first.click()
    for criterion in criteria:
        reviewer.locator(f"#score-{criterion.pk}").fill(str(criterion.points.normalize()))
        expect(reviewer.locator(f"#score-status-{criterion.pk}")).to_contain_text("已保存")
    reviewer.get_by_role("button", name="提交评审").click()
    expect(reviewer.get_by_role("alert").first).to_contain_text("评分已锁定")
    for review in Review.objects.filter(
        application__campaign=campaign, state=ReviewState.ASSIGNED
    ).select_related("reviewer", "application__unit"):
        for criterion in criteria:
            reviews.score_save(
                review=review,
                by=review.reviewer,
                criterion=criterion,
                score=str(criterion.points - (1 if review.application.unit.code == "A01" else 0)),
                not_applicable=False,
                comment="台账不全",
            )
        reviews.review_submit(review=review, by=review.reviewer)

    office.goto(live_server.url + reverse("appraisal:ranking", args=[campaign.pk]))
    expect(office.locator("#ranking")).to_contain_text("等次")
    office.goto(live_server.url + reverse("appraisal:review_overview", args=[campaign.pk]))
    office.locator("#forward").get_by_role("button", name="报送院党委确认").click()
    expect(office.get_by_role("alert").first).to_contain_text("考评结果已报送院党委确认。")

    committee = sign_in("party_committee")
    committee.goto(live_server.url + reverse("appraisal:evaluation_results", args=[campaign.pk]))
    expect(committee.locator("#results")).to_contain_text("心内科")
    committee.get_by_label("会议").fill("院党委会2026年第3次会议")
    committee.get_by_role("button", name="确认考评结果").click()
    expect(committee.get_by_role("alert").first).to_contain_text("考评结果已确认")
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.CLOSED

    office.goto(live_server.url + reverse("appraisal:evaluation_results", args=[campaign.pk]))
    office.get_by_role("button", name="发布考评结果").click()
    expect(office.get_by_role("alert").first).to_contain_text("考评结果已发布")

    result = EvaluationResult.objects.get(campaign=campaign, unit__code="A01")
    department = sign_in("applicant_a")
    department.get_by_role("link", name="本单元年度清廉考评结果").click()
    department.get_by_role("link", name="心内科").click()
    expect(department.locator("#result-grade")).to_have_text(result.get_grade_display())
    expect(department.locator("#result-total")).to_contain_text(str(result.total))
    expect(department.locator("#result-rank")).to_contain_text("共 5 个单元")
    expect(department.locator("main")).not_to_contain_text("评审人丙")
    expect(department.locator("main")).not_to_contain_text("骨科")
