"""The 申报表 (seed 001 附件 2) carries the working group's opinion (工作小组审核意见) and
the party committee's (医院党委意见), filled from the records: the party office's review
opinion once forwarded, the leading group's decision once the list is fixed, the
confirmation once the party committee confirmed; blank with the signing line before."""

import re
import subprocess

import pytest
from django.utils import timezone

from appraisal.documents import (
    PARTY_COMMITTEE_BLANK,
    WORKING_GROUP_BLANK,
    application_form,
)
from appraisal.services.decisions import campaign_fix_list, decision_record
from core.templatetags.qinglian import cn_date
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from documents.notices import render_notice
from hospital.selectors import hospital_profile
from tests.factories import (
    confirmed_campaign,
    deciding_campaign,
    open_campaign,
    submitted_application,
)

pytestmark = pytest.mark.django_db


def _row(application, label):
    application.refresh_from_db()
    (row,) = [r for r in application_form(application).form if r.label == label]
    return row


def _working_group(application):
    return _row(application, "工作小组审核意见")


def _party_committee(application):
    return _row(application, "医院党委意见")


def test_form_opinion_rows_are_blank_with_their_lines_before_the_review_is_forwarded(
    party_office, department_a
):
    campaign = open_campaign(party_office)
    application = submitted_application(campaign, department_a)

    working_group = _working_group(application)
    party_committee = _party_committee(application)

    assert (working_group.value, working_group.signed) == ("", WORKING_GROUP_BLANK)
    assert (party_committee.value, party_committee.signed) == ("", PARTY_COMMITTEE_BLANK)
    assert WORKING_GROUP_BLANK == "小组成员签名：＿＿＿＿＿＿＿＿　　　　年　　月　　日"
    labels = [r.label for r in application_form(application).form]
    assert labels[-2:] == ["工作小组审核意见", "医院党委意见"]


def test_form_working_group_row_carries_the_forwarded_review_opinion(party_office, department_a):
    _campaign, (application,) = deciding_campaign(party_office, [department_a])
    opinion = application.review_opinions.get()
    day = cn_date(opinion.written_at)

    row = _working_group(application)

    assert row.value == f"党办评审意见（{day}）：推荐。材料齐全，建议推荐。"
    assert row.signed == f"党办干事　{day}"
    assert _party_committee(application).value == ""


def test_form_working_group_row_adds_the_leading_groups_decision_once_the_list_is_fixed(
    party_office, leading_group, department_a
):
    campaign, (application,) = deciding_campaign(party_office, [department_a])
    decision_record(
        application=application, by=leading_group, approve=True, reason="创建成效突出，同意。"
    )
    before_fixing = _working_group(application)
    campaign_fix_list(campaign=campaign, by=leading_group)

    row = _working_group(application)

    today = cn_date(timezone.localdate())
    assert "领导小组审定" not in before_fixing.value
    assert row.value.splitlines() == [
        f"党办评审意见（{today}）：推荐。材料齐全，建议推荐。",
        f"领导小组审定（{today}）：通过。创建成效突出，同意。",
    ]
    assert row.signed == f"领导小组成员　{today}"


def test_form_working_group_row_records_a_rejection_with_its_reason(
    party_office, leading_group, department_a, department_b
):
    campaign, (kept, rejected) = deciding_campaign(party_office, [department_a, department_b])
    decision_record(application=kept, by=leading_group, approve=True, reason="同意。")
    decision_record(
        application=rejected, by=leading_group, approve=False, reason="廉政约谈记录不全。"
    )
    campaign_fix_list(campaign=campaign, by=leading_group)

    row = _working_group(rejected)

    assert row.value.splitlines()[-1].endswith("：不通过。廉政约谈记录不全。")
    assert _party_committee(rejected).signed == PARTY_COMMITTEE_BLANK


def test_form_party_committee_row_carries_the_confirmation_with_its_date(
    party_office, party_committee, department_a
):
    campaign, (application,) = confirmed_campaign(party_office, party_committee, [department_a])
    profile = hospital_profile()

    row = _party_committee(application)

    assert row.value == (
        f"经院党委会2026年第12次会议研究，同意授予“{profile.title_wording}”称号，予以通报表扬。"
    )
    assert row.signed == f"{profile.party_committee.name}（盖章）　{cn_date(campaign.confirmed_on)}"


def test_fixing_the_list_and_confirming_ask_for_the_forms_again(
    party_office, leading_group, party_committee, department_a
):
    campaign, (application,) = deciding_campaign(party_office, [department_a])
    form = OfficialDocument.objects.get(kind=DocumentKind.APPLICATION_FORM, application=application)
    revision = form.revision
    decision_record(application=application, by=leading_group, approve=True, reason="同意。")
    campaign_fix_list(campaign=campaign, by=leading_group)

    form.refresh_from_db()
    assert form.revision == revision + 1


def test_confirming_asks_for_the_commended_forms_again(party_office, party_committee, department_a):
    _campaign, (application,) = confirmed_campaign(party_office, party_committee, [department_a])
    form = OfficialDocument.objects.get(kind=DocumentKind.APPLICATION_FORM, application=application)
    # Submitted (1), then confirmed (2): the decided campaign of the factories was
    # written past the services, the confirmation went through its service.
    assert form.revision == 2


def test_rendered_form_prints_both_opinions(party_office, party_committee, department_a, tmp_path):
    campaign, (application,) = confirmed_campaign(party_office, party_committee, [department_a])
    path = tmp_path / "form.pdf"
    path.write_bytes(render_notice(application_form(application)))

    tool = "pdftotext"  # poppler-utils, as tests/publicity/test_notices.py
    text = subprocess.run(  # noqa: S603 - poppler-utils on our own file, fixed arguments
        [tool, str(path), "-"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    text = re.sub(r"^—\d+—$", "", text, flags=re.MULTILINE).replace("\n", "").replace("\f", "")

    assert "工作小组审核意见" in text
    assert "党办评审意见" in text
    assert "医院党委意见" in text
    assert f"（盖章）{cn_date(campaign.confirmed_on)}" in text.replace("\u3000", "")
