"""The rectification notice names every title the confirmed veto event revoked,
and only those: the confirmation revokes all the unit holds at once."""

import datetime
import io

import pdfplumber
import pytest

from appraisal.enums import TitleStatus
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from documents.registry import document_content
from tests.factories import campaign_with_titles, rectification_of, veto_event_in_state
from veto.documents import rectification_notice, revoked_titles
from veto.models import Rectification
from veto.services.events import veto_event_confirm

pytestmark = pytest.mark.django_db

NOVEMBER_30 = datetime.date(2026, 11, 30)


@pytest.fixture
def no_render(monkeypatch):
    """The notice is requested on commit; these tests build it themselves."""
    monkeypatch.setattr("documents.services._enqueue_render", lambda pk, revision: None)


def _confirm(unit, *, by, discipline_office, today=NOVEMBER_30):
    event = veto_event_in_state(unit, discipline_office, state="verified")
    veto_event_confirm(
        event=event,
        by=by,
        reason="院党委会2026年第20次会议决定",
        rectification_months=3,
        today=today,
    )
    return Rectification.objects.get(event=event)


def test_rectification_notice_names_both_titles_the_event_revoked(
    party_office, party_committee, discipline_office, department_a, no_render
):
    _campaign, (older,) = campaign_with_titles(party_office, [department_a], year=2024)
    _campaign, (newer,) = campaign_with_titles(party_office, [department_a], year=2025)

    rectification = _confirm(department_a, by=party_committee, discipline_office=discipline_office)
    paragraph = rectification_notice(rectification).body[0]

    assert revoked_titles(rectification) == [older, newer]
    assert paragraph.endswith(
        "经院党委研究决定，取消你科室2024年度、2025年度“清廉科室”称号，并给予3个月整改期。"
    )


def test_rectification_notice_pdf_prints_both_revoked_titles(
    party_office, party_committee, discipline_office, department_a, no_render
):
    campaign_with_titles(party_office, [department_a], year=2024)
    campaign_with_titles(party_office, [department_a], year=2025)
    rectification = _confirm(department_a, by=party_committee, discipline_office=discipline_office)
    document = OfficialDocument.objects.get(
        kind=DocumentKind.RECTIFICATION, rectification=rectification
    )

    content, _number = document_content(document)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")

    assert "取消你科室2024年度、2025年度“清廉科室”称号" in text


def test_rectification_notice_leaves_out_a_title_revoked_by_another_event(
    party_office, party_committee, discipline_office, department_a, department_b, no_render
):
    # Department B's title, revoked the same day by its own event, is not A's.
    _campaign, (title_a,) = campaign_with_titles(party_office, [department_a], year=2025)
    _campaign, (title_b,) = campaign_with_titles(party_office, [department_b], year=2024)
    _confirm(department_b, by=party_committee, discipline_office=discipline_office)
    # An older title of A, revoked earlier by another event, is not this event's either.
    earlier = rectification_of(
        department_a,
        title=campaign_with_titles(party_office, [department_a], year=2023)[1][0],
        starts_on=datetime.date(2025, 3, 1),
        state="accepted",
        notice_number="院纪〔2025〕1号",
    )

    rectification = _confirm(department_a, by=party_committee, discipline_office=discipline_office)

    title_b.refresh_from_db()
    assert (title_b.status, title_b.revoked_on) == (TitleStatus.REVOKED, NOVEMBER_30)
    assert earlier.title.status == TitleStatus.REVOKED
    assert revoked_titles(rectification) == [title_a]
    assert "取消你科室2025年度“清廉科室”称号" in rectification_notice(rectification).body[0]


def test_rectification_notice_without_a_title_names_none(department_a):
    rectification = rectification_of(department_a, starts_on=NOVEMBER_30, months=6)

    assert revoked_titles(rectification) == []
    assert "称号" not in rectification_notice(rectification).body[0]
