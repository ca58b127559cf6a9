"""The hospital's settings on what the product prints: each notice's issuer, its
number in the issuer's own sequence, the title's wording and who takes objections;
the board and the honour roll name the title as the hospital does."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from documents import registry as builders
from documents.enums import DocumentKind
from documents.models import OfficialDocument
from documents.numbers import document_number_next
from documents.services import document_request
from notifications.models import Notification
from publicity.services.publicities import publicity_open
from tests.factories import campaign_with_titles, decided_campaign, veto_event_in_state
from tests.hospital.helpers import PARTY, save_settings
from tests.publicity.test_notices import _flowing_text, _poppler
from veto.services.events import veto_event_confirm

pytestmark = pytest.mark.django_db

PARTY_NAME = "中共某某县人民医院委员会"
DISCIPLINE_NAME = "中共某某县人民医院纪律检查委员会"


@pytest.fixture
def county_hospital(admin_user, django_capture_on_commit_callbacks):
    """A hospital that calls the title 清廉示范科室 (seed 001) and numbers as 县医党, 县医纪."""
    with django_capture_on_commit_callbacks(execute=True):
        save_settings(
            admin_user,
            name="某某县人民医院",
            title_wording="清廉示范科室",
            objection_contact="院纪委办公室，电话 6666",
            party_name=PARTY_NAME,
            party_prefix="县医党",
            discipline_name=DISCIPLINE_NAME,
            discipline_prefix="县医纪",
        )


def _read(document, tmp_path):
    content, number = builders.document_content(document)
    path = tmp_path / "notice.pdf"
    path.write_bytes(content)
    return number, _poppler("pdftotext", path, "-").splitlines(), _flowing_text(path)


def test_the_publicity_notice_and_the_board_use_the_settings(
    county_hospital,
    statutory_calendar,
    party_office,
    department_a,
    department_b,
    persona_client,
    tmp_path,
    media_root,
):
    campaign, _applications = decided_campaign(party_office, [department_a, department_b])
    publicity = publicity_open(
        campaign=campaign,
        by=party_office,
        starts_on=datetime.date(2026, 9, 18),
        now=datetime.datetime(2026, 9, 1, 1, tzinfo=datetime.UTC),
    )
    assert publicity.contact == "院纪委办公室，电话 6666"
    assert publicity.document_number == "县医党〔2026〕1号"

    document = OfficialDocument.objects.get(kind=DocumentKind.PUBLICITY)
    number, lines, text = _read(document, tmp_path)
    assert number == "县医党〔2026〕1号"
    assert lines[:2] == [PARTY_NAME, "县医党〔2026〕1号"]
    assert "关于2026年度清廉示范科室拟表扬名单的公示全院职工：" in text
    assert (
        "根据2026年度清廉示范科室创建考评工作安排，经科室申报、党办评审、"
        "清廉示范科室创建考评工作领导小组审定，拟对以下2个科室（团队）予以表扬，"
        "并授予“清廉示范科室”称号，现予公示。" in text
    )
    assert "可登录清廉科室评选系统或向院纪委办公室，电话 6666实名提出" in text
    assert f"{PARTY_NAME}2026年9月18日（此件院内公开）" in text

    board = persona_client("staff").get(reverse("publicity:board")).content.decode()
    assert "拟表扬并授予“清廉示范科室”称号" in board
    assert "某某县人民医院" in board  # the footer


def test_the_certificate_and_the_honour_roll_name_the_title_as_the_hospital_does(
    county_hospital, party_office, department_a, persona_client, tmp_path, media_root
):
    campaign, (title,) = campaign_with_titles(party_office, [department_a], year=2026)
    document = document_request(
        kind=DocumentKind.CERTIFICATE, subject=title, campaign=campaign, title=title
    )
    _number, lines, text = _read(document, tmp_path)
    # A longer wording wraps the citation: read it as one paragraph.
    assert text.startswith(
        "荣誉证书心内科：在2026年度清廉示范科室创建考评工作中成绩突出，被评为"
        "清廉示范科室特发此证，以资鼓励。"
    )
    assert "清廉示范科室" in lines  # the honour on its own line, in large red type
    assert PARTY_NAME in lines

    commendation = document_request(
        kind=DocumentKind.COMMENDATION, subject=campaign, campaign=campaign
    )
    _number, lines, text = _read(commendation, tmp_path)
    assert lines[0] == f"{PARTY_NAME}文件"
    assert "关于表扬2026年度清廉示范科室的通报" in text
    assert "并授予“清廉示范科室”称号。" in text

    roll = persona_client("staff").get(reverse("appraisal:honour_roll")).content.decode()
    assert '<small class="text-muted" id="title-wording">清廉示范科室</small>' in roll


def test_the_rectification_notice_is_the_discipline_commissions_in_its_own_sequence(
    county_hospital,
    party_office,
    party_committee,
    discipline_office,
    department_a,
    tmp_path,
    media_root,
):
    campaign_with_titles(party_office, [department_a], year=2025)
    with transaction.atomic():  # the party committee has issued two documents this year
        assert [document_number_next(year=2026, issuer=PARTY) for _ in range(2)] == [
            "县医党〔2026〕1号",
            "县医党〔2026〕2号",
        ]
    event = veto_event_in_state(department_a, discipline_office, state="verified")
    veto_event_confirm(
        event=event,
        by=party_committee,
        reason="院党委会2026年第20次会议决定",
        rectification_months=3,
        today=datetime.date(2026, 11, 30),
    )
    document = OfficialDocument.objects.get(kind=DocumentKind.RECTIFICATION)
    assert document.rectification.notice_number == "县医纪〔2026〕1号"
    # The notification (and its e-mail) names the title as the hospital does.
    assert Notification.objects.filter(
        recipient=party_office, subject="“心内科”的清廉示范科室称号已撤销，整改 3 个月"
    ).exists()

    number, lines, text = _read(document, tmp_path)
    assert number == "县医纪〔2026〕1号"
    assert lines[:2] == [DISCIPLINE_NAME, "县医纪〔2026〕1号"]
    assert "取消你科室2025年度“清廉示范科室”称号，并给予3个月整改期。" in text
    assert "可按程序重新申报“清廉示范科室”。" in text
    assert f"{DISCIPLINE_NAME}2026年11月30日" in text
    with transaction.atomic():  # the party committee's sequence went on untouched
        assert document_number_next(year=2026, issuer=PARTY) == "县医党〔2026〕3号"
