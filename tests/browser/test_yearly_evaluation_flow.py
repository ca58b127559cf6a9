"""The yearly evaluation through the pages, in Debian's Chromium: the party office
creates it, makes a criterion computed from the records and opens it (every department
is in it without applying), computes the drafts; a department reads its draft and
explains it; reviewers read the computed criterion with the explanation and score the rest,
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
    # Begun an hour ago: closing the window (a minute ago) leaves it after the start.
    office.get_by_label("考评开始").fill((now - datetime.timedelta(hours=1)).strftime(LOCAL))
    office.get_by_label("情况说明截止（评审开始）").fill(
        (now + datetime.timedelta(days=7)).strftime(LOCAL)
    )
    office.get_by_label("每个单元评审人数").fill("1")
    office.get_by_role("button", name="保存").click()
    expect(office.get_by_role("alert").first).to_contain_text("年度清廉考评已创建")
    expect(office.locator("#evaluated-units")).to_contain_text("心内科")
    expect(office.locator("#grade-bands")).to_contain_text("优秀 90–100")
    # Before opening, the commitments' criterion is computed from the records.
    campaign = Campaign.objects.get(title="年度清廉考评（浏览器）")
    computed = Criterion.objects.get(standard__rubric=campaign.rubric, standard__order=1, order=5)
    office.goto(live_server.url + reverse("appraisal:formula", args=[campaign.pk, computed.pk]))
    office.get_by_label("台账数据项").select_option("integrity.commitments|percent")
    office.get_by_label("第 1 档门槛（≥）").fill("100")
    office.get_by_label("第 1 档得分").fill("4")
    office.get_by_label("第 2 档门槛（≥）").fill("90")
    office.get_by_label("第 2 档得分").fill("2")
    office.get_by_role("button", name="保存公式").click()
    expect(office.get_by_role("alert").first).to_contain_text("计算公式已保存")
    office.goto(live_server.url + reverse("appraisal:campaign", args=[campaign.pk]))
    office.get_by_role("button", name="开始考评").click()
    expect(office.get_by_role("alert").first).to_contain_text("已开始考评，各单元已纳入。")
    assert campaign.applications.count() == 5  # A, B, 检验科, the two offices

    # The party office computes the drafts and watches them finish.
    office.goto(live_server.url + reverse("appraisal:computed_scores", args=[campaign.pk]))
    office.get_by_role("button", name="计算全部单元的计算得分").click()
    expect(office.locator("#computation")).to_contain_text("完成 5 个单元的计算", timeout=15_000)
    expect(office.locator("#computed-table")).to_contain_text("心内科")

    # Department A reads its draft (no commitments signed yet: 0 points) and explains.
    department = sign_in("applicant_a")
    department.get_by_role("link", name="年度清廉考评（浏览器）：心内科的计算得分（草稿）").click()
    expect(department.locator(f"#computed-{computed.pk}")).to_contain_text("廉洁承诺书")
    department.locator(f"#explain-{computed.pk}").fill("承诺书已于年初线下签订，正在补录系统。")
    department.get_by_role("button", name="提交情况说明").click()
    expect(department.get_by_role("alert").first).to_contain_text("情况说明已添加")

    close_applications(campaign)
    for reviewer in (reviewer_a, hospital):
        pool_add(campaign=campaign, reviewer=reviewer, by=campaign.created_by)
    office.goto(live_server.url + reverse("appraisal:review_overview", args=[campaign.pk]))
    office.get_by_label("每份申报评审人数").fill("1")
    office.get_by_role("button", name="自动分配").click()
    expect(office.get_by_role("alert").first).to_contain_text("已分配 5 份评审任务")

    # reviewer_a scores one of theirs in the browser; the rest are finished outside it.
    criteria = list(
        Criterion.objects.filter(standard__rubric=campaign.rubric)
        .exclude(pk=computed.pk)
        .order_by("standard__order", "order")
    )
    # The reviewer of department A reads its computed criterion and its explanation.
    other_reviewer = sign_in("reviewer_c")
    other_reviewer.goto(live_server.url + reverse("appraisal:review_queue"))
    other_reviewer.get_by_role("row").filter(has_text="心内科").get_by_role(
        "link", name="评分", exact=True
    ).click()
    expect(other_reviewer.locator("main")).to_contain_text("本项按台账计算得分，评审人员不评分。")
    expect(other_reviewer.locator("main")).to_contain_text("承诺书已于年初线下签订")
    expect(other_reviewer.locator(f"#score-{computed.pk}")).to_have_count(0)
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
    assert result.criterion_scores[str(computed.pk)] == "0.00"
    department.goto(live_server.url + reverse("home"))
    department.get_by_role("link", name="本单元年度清廉考评结果").click()
    department.get_by_role("link", name="心内科").click()
    expect(department.locator("#result-grade")).to_have_text(result.get_grade_display())
    expect(department.locator("#result-total")).to_contain_text(str(result.total))
    expect(department.locator("#result-rank")).to_contain_text("共 5 个单元")
    expect(department.locator("main")).not_to_contain_text("评审人丙")
    expect(department.locator("main")).not_to_contain_text("骨科")
