"""Records become evidence, through the pages, in Debian's Chromium: department A,
with its commitments on record, attaches their summary to a criterion of its
application with one click and submits; the assigned reviewer opens the review
sheet and sees the attached summary, as it was attached, with its link.

The records apps are not needed: a record kind is registered for this test only
(tests/appraisal/fake_records.py), as integrity registers its own.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from appraisal.enums import ApplicationState
from appraisal.models import AttachedRecord, Criterion
from appraisal.services import applications as application_services
from appraisal.services import assignment
from tests.appraisal.fake_records import register_fake_kinds
from tests.factories import (
    STATEMENT,
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    close_applications,
    open_campaign,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMITMENTS = "integrity.commitments"


def named(action):
    """The accessible name of an action on the commitments: its visible word and the
    kind it concerns (visually hidden; Chromium puts a space between them)."""
    return re.compile(rf"^{action}\s*：廉洁承诺书$")


@pytest.fixture
def fake_records():
    fake, restore = register_fake_kinds()
    yield fake
    restore()


@pytest.fixture
def draft(fake_records, party_office, applicant_a, department_a, head_a):
    """Department A's application, filled in, with 42 of 42 commitments on record."""
    campaign = open_campaign(party_office)
    application = application_services.application_start(
        campaign=campaign, unit=department_a, by=applicant_a
    )
    application_services.application_save(
        application=application,
        by=applicant_a,
        staff_count=42,
        party_member_count=12,
        materials_list="廉洁承诺书",
        statement=STATEMENT,
    )
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人（100%）")
    return application


def test_department_attaches_its_records_and_the_reviewer_reads_them(
    sign_in, live_server, draft, fake_records, party_office, head_a, department_a
):
    criterion = Criterion.objects.get(
        standard__rubric=draft.campaign.rubric, text="科室与全体人员签订廉洁承诺书"
    )
    records_url = f"/records/{COMMITMENTS}/{department_a.pk}/"

    applicant = sign_in("applicant_a")
    applicant.goto(live_server.url + reverse("appraisal:application_edit", args=[draft.pk]))
    panel = applicant.locator(f"#records-{criterion.pk}")
    expect(panel).to_contain_text("本年度台账")
    expect(panel).to_contain_text("已签 42/42 人（100%）")
    panel.get_by_role("button", name=named("附上")).click()
    # htmx swapped the criterion's panel: attached, with the time and the way to take it off.
    expect(panel.locator(".attached-records")).to_contain_text("已签 42/42 人（100%）")
    expect(panel.get_by_role("button", name=named("移除"))).to_be_visible()
    expect(panel.get_by_role("button", name=named("按当前台账更新"))).to_be_visible()
    assert AttachedRecord.objects.filter(criterion=criterion, detached_at__isnull=True).count() == 1

    # Attaching changed the application: the head confirms it as it stands now.
    application_services.head_confirm(application=draft, by=head_a)
    applicant.goto(live_server.url + reverse("appraisal:application", args=[draft.pk]))
    applicant.get_by_role("button", name="提交申报").click()
    expect(applicant.get_by_role("alert").first).to_contain_text("已提交党办")
    draft.refresh_from_db()
    assert draft.state == ApplicationState.SUBMITTED

    # The records change after submission: what was submitted does not.
    fake_records.set(department_a, COMMITMENTS, "已签 30/42 人（71%）")
    campaign = close_applications(draft.campaign)
    user = UserFactory(username="reviewer_c", name="评审人丙", roles=[Role.REVIEWER])
    PersonFactory(department=DepartmentFactory(code="C09", name="检验科"), user=user)
    assignment.pool_add(campaign=campaign, reviewer=user, by=party_office)
    review = assignment.review_assign(application=draft, reviewer=user, by=party_office)

    reviewer = sign_in("reviewer_c")
    reviewer.goto(live_server.url + reverse("appraisal:review", args=[review.pk]))
    item = reviewer.locator(f"#criterion-{criterion.pk}")
    expect(item).to_contain_text("附上的台账")
    expect(item).to_contain_text("已签 42/42 人（100%）")
    expect(item).not_to_contain_text("已签 30/42 人")
    link = item.get_by_role("link", name=named("查看台账"))
    expect(link).to_have_attribute("href", records_url)
