"""Printing (static/css/print.css, templates/partials/print.html): the ranking, the
decision page, the review progress and an objection carry the print stylesheet, a
print button and the header printed on paper; the ranking printed by Chromium is A4
without the navigation, the buttons or the footer."""

import io
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appraisal.services import assignment
from tests.factories import (
    deciding_campaign,
    fill_review,
    listed_publicity,
    objection_of,
    objector,
)

A4_POINTS = (595.28, 841.89)  # 210 × 297 mm
PRINT_LINK = '<link rel="stylesheet" href="/static/css/print.css" media="print">'


def _today():
    today = timezone.localdate()
    return f"{today.year}年{today.month}月{today.day}日"


def _assert_printable(page, title):
    assert PRINT_LINK in page
    header = re.search(
        r'<header class="print-header d-none d-print-block">(.*?)</header>', page, re.S
    )
    assert header, "no print header"
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", header.group(1)))
    assert settings.HOSPITAL_NAME in text
    assert title in text
    assert f"打印日期：{_today()}" in text
    assert re.search(r'<button type="button" class="btn[^"]*" data-print>打印</button>', page)
    assert "onclick" not in page


def _found(expected, text):
    """Where ``expected`` is in text read from a PDF. The CJK font's Unicode map
    names some characters by the radical of the same glyph (⺠ for 民, ⽇ for 日),
    so any character may also read as a radical."""
    radical = "[\u2e80-\u2fdf]"
    return re.search("".join(f"(?:{re.escape(c)}|{radical})" for c in expected), text)


def _ranked(reviewing, team, party_office):
    for application, reviewer in ((reviewing.a, team[1]), (reviewing.b, team[2])):
        review = assignment.review_assign(
            application=application, reviewer=reviewer, by=party_office
        )
        fill_review(review, by=reviewer, direct=True)


@pytest.mark.django_db
def test_ranking_prints(reviewing, team, party_office, persona_client):
    _ranked(reviewing, team, party_office)
    page = persona_client("party_office").get(
        reverse("appraisal:ranking", args=[reviewing.campaign.pk])
    )
    _assert_printable(page.content.decode(), f"排名 · {reviewing.campaign.title}")


@pytest.mark.django_db
def test_review_progress_prints(reviewing, persona_client):
    page = persona_client("party_office").get(
        reverse("appraisal:review_progress", args=[reviewing.campaign.pk])
    )
    _assert_printable(page.content.decode(), f"评审进度 · {reviewing.campaign.title}")


@pytest.mark.django_db
def test_decision_page_prints(party_office, department_a, persona_client):
    campaign, _ = deciding_campaign(party_office, [department_a], quota=1)
    page = persona_client("leading_group").get(reverse("appraisal:decision", args=[campaign.pk]))
    _assert_printable(page.content.decode(), f"领导小组审定 · {campaign.title}")


@pytest.mark.django_db
def test_objection_prints(party_office, department_a, department_b, persona_client, media_root):
    publicity, (a, _b) = listed_publicity(party_office, [department_a, department_b])
    raised = objection_of(publicity, a, objector("print_objector", department=department_b))
    page = persona_client("discipline_office").get(reverse("publicity:objection", args=[raised.pk]))
    _assert_printable(page.content.decode(), f"异议 · {raised.receipt_number}")


def test_print_stylesheet_keeps_the_screen_off_paper():
    css = (settings.BASE_DIR / "static" / "css" / "print.css").read_text()
    assert re.search(r"@page\s*{\s*size:\s*A4;", css)
    for hidden in ("body > nav", "body > footer", ".btn", "form:not(:has(table))"):
        assert f"{hidden}," in css or f"{hidden} {{" in css
    assert re.search(r"tr,\s*th,\s*td\s*{\s*break-inside: avoid;", css)
    assert re.search(r"a\[href\]::after\s*{\s*content: none !important;", css)


# --- printed by Chromium -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ranking_printed_to_pdf_is_a4_without_the_navigation(
    reviewing, team, party_office, browser, live_server
):
    import pdfplumber

    _ranked(reviewing, team, party_office)
    client = Client()
    client.force_login(party_office)
    context = browser.new_context(locale="zh-CN")
    try:
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.goto(live_server.url + reverse("appraisal:ranking", args=[reviewing.campaign.pk]))
        page.emulate_media(media="print")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        sizes = [(p.width, p.height) for p in document.pages]
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    # Chromium writes whole points across: 595 × 841.9.
    assert sizes
    assert all(abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in sizes)
    hospital = _found(settings.HOSPITAL_NAME, text)
    assert hospital
    assert _found(f"打印日期：{_today()}", text)
    assert hospital.start() < _found("心内科", text).start()
    assert _found("骨科", text)
    for screen_only in ("公示栏", "荣誉榜", "评审组与分配", "导出评分", "清廉科室创建考评系统"):
        assert screen_only not in text
    assert "打印\n" not in text
    assert "http" not in text
