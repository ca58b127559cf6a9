"""Drill: Redis is unreachable when the party committee confirms the list.

The confirmation commits and the page answers as usual; its side effects
wait in the database (inbox rows with their e-mail pending, documents
pending). When Redis is back the beat sweeps deliver every one of them
exactly once, and sweeping again does nothing more.
"""

import datetime
import time

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from appraisal.enums import CampaignState
from appraisal.models import Campaign
from core import broker
from documents.enums import DocumentKind, DocumentState
from documents.models import OfficialDocument
from documents.rendering import PENDING_GRACE, render_pending_documents
from notifications.models import EmailStatus, Notification
from notifications.tasks import send_pending_email
from tests.drills.conftest import redis_down
from tests.factories import confirmable_campaign

pytestmark = pytest.mark.django_db(transaction=True)

MEETING = "院党委会2026年第12次会议"


@pytest.fixture(autouse=True)
def _no_pause():
    broker._down_until.clear()
    yield
    broker._down_until.clear()


@pytest.fixture
def ready(party_office, leading_group, department_a, department_b, applicant_a, head_a):
    campaign, _applications, publicity = confirmable_campaign(
        party_office, [department_a, department_b]
    )
    return campaign, publicity


CONFIRMATION_DOCUMENTS = (
    DocumentKind.COMMENDATION,
    DocumentKind.CERTIFICATE,
    DocumentKind.CERTIFICATES,
)


def _documents(campaign):
    return OfficialDocument.objects.filter(
        campaign=campaign, kind__in=CONFIRMATION_DOCUMENTS
    ).order_by("pk")


def _sent_to(outbox):
    return sorted((message.to[0], message.subject) for message in outbox)


def test_confirmation_with_redis_down_answers_and_its_side_effects_follow_once(
    ready, client, party_committee, media_root
):
    campaign, publicity = ready
    client.force_login(party_committee)
    earlier = Notification.objects.order_by("pk").last().pk
    mail.outbox.clear()
    with redis_down():
        started = time.monotonic()
        response = client.post(
            reverse("confirmation:confirm", args=[campaign.pk]),
            {"confirmed_on": publicity.last_day.isoformat(), "reference": MEETING},
        )

        took = time.monotonic() - started
        board = client.get(reverse("publicity:board"))

    assert response.status_code == 302
    # Seven messages could not be sent; the page waited for the refused broker once.
    assert took < 5
    assert response["Location"] == reverse("appraisal:campaign", args=[campaign.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "名单已确认，各科室予以表扬；表扬通报和荣誉证书正在生成。"
    ]
    assert board.status_code == 200
    assert Campaign.objects.get(pk=campaign.pk).state == CampaignState.CLOSED
    # The inbox is written in the decision's transaction; the e-mails wait.
    notifications = list(
        Notification.objects.filter(pk__gt=earlier).select_related("recipient").order_by("pk")
    )
    # Each commended unit's applicants and head; the party office and the leading group.
    assert sorted((n.recipient.username, n.subject) for n in notifications) == [
        ("applicant_a", "心内科获评2026年度清廉科室"),
        ("applicant_a01", "心内科获评2026年度清廉科室"),
        ("applicant_b01", "骨科获评2026年度清廉科室"),
        ("head_a", "心内科获评2026年度清廉科室"),
        ("head_b01", "骨科获评2026年度清廉科室"),
        ("leading_group", "院党委已确认“2026年度清廉科室评选”名单（2 个）"),
        ("party_office", "院党委已确认“2026年度清廉科室评选”名单（2 个）"),
    ]
    assert {n.email_status for n in notifications} == {EmailStatus.PENDING}
    assert mail.outbox == []
    documents = _documents(campaign)
    assert sorted(documents.values_list("kind", flat=True)) == sorted(
        [
            DocumentKind.COMMENDATION,
            DocumentKind.CERTIFICATE,
            DocumentKind.CERTIFICATE,
            DocumentKind.CERTIFICATES,
        ]
    )
    assert set(documents.values_list("state", "revision", "rendered_revision")) == {
        (DocumentState.PENDING, 1, 0)
    }

    # Redis is back; the beat's next runs (a minute on for the documents' grace).
    later = timezone.now() + PENDING_GRACE + datetime.timedelta(seconds=1)
    assert send_pending_email() == len(notifications)
    # The four confirmation documents, and the two commended units' 申报表, asked for again at
    # the confirmation for seed 001's party committee row.
    forms = OfficialDocument.objects.filter(campaign=campaign, kind=DocumentKind.APPLICATION_FORM)
    assert set(forms.values_list("state", flat=True)) == {DocumentState.PENDING}
    assert render_pending_documents(now=later) == 4 + forms.count() == 6
    assert set(forms.values_list("state", flat=True)) == {DocumentState.READY}

    expected = sorted((n.recipient.email, f"[清廉科室] {n.subject}") for n in notifications)
    assert _sent_to(mail.outbox) == expected
    assert set(
        Notification.objects.filter(pk__gt=earlier).values_list("email_status", "email_attempts")
    ) == {(EmailStatus.SENT, 1)}
    assert set(documents.values_list("state", "revision", "rendered_revision")) == {
        (DocumentState.READY, 1, 1)
    }
    files = list(documents.values_list("file", flat=True))
    assert len(set(files)) == 4

    # Sweeping again sends and renders nothing more.
    assert send_pending_email() == 0
    assert render_pending_documents(now=later + datetime.timedelta(minutes=1)) == 0
    assert _sent_to(mail.outbox) == expected
    assert list(documents.values_list("file", flat=True)) == files


def test_board_answers_from_the_database_while_redis_is_down(ready, client, party_committee):
    client.force_login(party_committee)
    with redis_down():
        first = client.get(reverse("publicity:board"))
        second = client.get(reverse("publicity:board"))
    assert first.status_code == second.status_code == 200
    for page in (first, second):
        assert "2026年度清廉科室评选" in page.content.decode()
