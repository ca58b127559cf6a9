"""Drill: a double-clicked submit makes one record.

The same form posted twice, one after the other and (on PostgreSQL) at the
same moment from two connections: the objection form, the veto event report,
the evidence upload and the application's submit each make one record or
one transition; the second post is told so in a sentence.
"""

import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appraisal.enums import ApplicationState
from appraisal.models import Application, Evidence
from appraisal.services import applications as application_services
from notifications.models import Notification
from publicity.models import Objection
from tests.conftest import needs_postgresql
from tests.factories import (
    STATEMENT,
    listed_publicity,
    open_campaign,
    pdf_upload,
    veto_indicator,
)
from veto.models import VetoEvent

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _form_key(page):
    """The one-time key the form page hands out with a blank form."""
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page).group(1)


def _fresh_form(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url).content.decode()


def _twice_at_once(user, url, data):
    """Two clients of ``user`` post ``data()`` to ``url`` at the same moment."""
    responses = []
    barrier = threading.Barrier(2)

    def post():
        client = Client()
        client.force_login(user)
        body = data()
        barrier.wait()
        try:
            responses.append(client.post(url, body))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(responses) == 2
    return responses


# --- the objection form -------------------------------------------------------------------


@pytest.fixture
def objection_form(party_office, department_a, discipline_office, staff):
    publicity, (application,) = listed_publicity(party_office, [department_a])
    return reverse("publicity:objection_new", args=[publicity.pk]), application


def _objection_data(application, key):
    return {"application": application.pk, "content": "该科室收受红包。", "submission_key": key}


def _receipt_number(n=1):
    return f"YY{timezone.localdate().year}-{n:04d}"


def test_objection_form_posted_twice_makes_one_objection(objection_form, client, staff):
    url, application = objection_form
    client.force_login(staff)
    data = _objection_data(application, _form_key(client.get(url).content.decode()))
    first = client.post(url, data)
    second = client.post(url, data)
    objection = Objection.objects.get()
    receipt = reverse("publicity:objection_receipt", args=[objection.pk])
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == receipt
    assert _messages(first) == [f"异议已提交，受理编号 {_receipt_number()}。"]
    # Nothing was shown between the clicks: the page after the second shows both.
    assert _messages(second) == [
        f"异议已提交，受理编号 {_receipt_number()}。",
        f"这条异议已经提交过，受理编号 {_receipt_number()}，没有重复登记。",
    ]
    assert Notification.objects.filter(recipient=staff).count() == 1


def test_objection_form_opened_twice_makes_two_objections(objection_form, client, staff):
    url, application = objection_form
    client.force_login(staff)
    for _ in range(2):
        key = _form_key(client.get(url).content.decode())
        client.post(url, _objection_data(application, key))
    assert sorted(Objection.objects.values_list("receipt_number", flat=True)) == [
        _receipt_number(1),
        _receipt_number(2),
    ]


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_objection_form_posted_twice_at_once_makes_one_objection(objection_form, staff):
    url, application = objection_form
    key = _form_key(_fresh_form(staff, url))
    responses = _twice_at_once(staff, url, lambda: _objection_data(application, key))
    objection = Objection.objects.get()
    receipt = reverse("publicity:objection_receipt", args=[objection.pk])
    assert [r["Location"] for r in responses] == [receipt, receipt]
    assert sorted(m for r in responses for m in _messages(r)) == sorted(
        [
            f"这条异议已经提交过，受理编号 {_receipt_number()}，没有重复登记。",
            f"异议已提交，受理编号 {_receipt_number()}。",
        ]
    )
    assert Notification.objects.filter(recipient=staff).count() == 1


# --- the veto event report ------------------------------------------------------------------


def _report_data(indicator, unit, key):
    return {
        "indicator": indicator.pk,
        "unit": unit.pk,
        "employee_number": "",
        "occurred_on": "2026-01-05",
        "description": "收受红包，已受处分。",
        "submission_key": key,
    }


def test_veto_report_posted_twice_makes_one_event(
    client, discipline_office, department_a, media_root
):
    url = reverse("veto:event_report")
    client.force_login(discipline_office)
    data = _report_data(veto_indicator(), department_a, _form_key(client.get(url).content.decode()))
    first = client.post(url, data)
    second = client.post(url, data)
    event = VetoEvent.objects.get()
    assert first["Location"] == second["Location"] == reverse("veto:event", args=[event.pk])
    assert _messages(first) == ["否决事项已报告，纪检监察室将核实。"]
    assert _messages(second) == [
        "否决事项已报告，纪检监察室将核实。",
        "该否决事项已经报告过，没有重复登记。",
    ]
    assert list(event.events.values_list("transition", flat=True)) == ["report"]
    assert Notification.objects.filter(recipient=discipline_office).count() == 1


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_veto_report_posted_twice_at_once_makes_one_event(
    discipline_office, department_a, media_root
):
    url = reverse("veto:event_report")
    indicator = veto_indicator()
    key = _form_key(_fresh_form(discipline_office, url))
    responses = _twice_at_once(
        discipline_office, url, lambda: _report_data(indicator, department_a, key)
    )
    event = VetoEvent.objects.get()
    assert [r["Location"] for r in responses] == [reverse("veto:event", args=[event.pk])] * 2
    assert sorted(m for r in responses for m in _messages(r)) == sorted(
        [
            "否决事项已报告，纪检监察室将核实。",
            "该否决事项已经报告过，没有重复登记。",
        ]
    )
    assert Notification.objects.filter(recipient=discipline_office).count() == 1


# --- the evidence upload ----------------------------------------------------------------------


@pytest.fixture
def draft(party_office, applicant_a, department_a):
    campaign = open_campaign(party_office)
    return application_services.application_start(
        campaign=campaign, unit=department_a, by=applicant_a
    )


DUPLICATE_UPLOAD = "「制度汇编.pdf」已上传（内容相同），无需重复上传。"


def test_evidence_uploaded_twice_is_stored_once(draft, client, applicant_a, media_root):
    url = reverse("appraisal:evidence_add", args=[draft.pk])
    client.force_login(applicant_a)
    first = client.post(url, {"file": pdf_upload(), "criterion": ""})
    second = client.post(url, {"file": pdf_upload(), "criterion": ""})
    assert first["Location"] == second["Location"]
    assert _messages(first) == ["已上传「制度汇编.pdf」。"]
    assert _messages(second) == ["已上传「制度汇编.pdf」。", DUPLICATE_UPLOAD]
    assert Evidence.objects.filter(application=draft).count() == 1


def test_evidence_of_the_same_name_but_new_content_is_stored(
    draft, client, applicant_a, media_root
):
    url = reverse("appraisal:evidence_add", args=[draft.pk])
    client.force_login(applicant_a)
    client.post(url, {"file": pdf_upload(size=200), "criterion": ""})
    client.post(url, {"file": pdf_upload(size=300), "criterion": ""})
    assert sorted(Evidence.objects.values_list("size", flat=True)) == [200, 300]


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_evidence_uploaded_twice_at_once_is_stored_once(draft, applicant_a, media_root):
    url = reverse("appraisal:evidence_add", args=[draft.pk])
    responses = _twice_at_once(applicant_a, url, lambda: {"file": pdf_upload(), "criterion": ""})
    assert sorted(m for r in responses for m in _messages(r)) == sorted(
        [
            "已上传「制度汇编.pdf」。",
            DUPLICATE_UPLOAD,
        ]
    )
    assert Evidence.objects.filter(application=draft).count() == 1


# --- the application's submit -------------------------------------------------------------------


@pytest.fixture
def ready_to_submit(draft, applicant_a, head_a):
    application_services.application_save(
        application=draft,
        by=applicant_a,
        staff_count=10,
        party_member_count=3,
        materials_list="廉洁承诺书",
        statement=STATEMENT,
    )
    application_services.head_confirm(application=draft, by=head_a)
    return draft


SUBMITTED = "已提交党办。提交后申报为只读；评审开始前可撤回修改。"
ALREADY_SUBMITTED = "申报当前状态为“已提交”，不能修改。如需修改，请先撤回（评审开始前）。"


def test_submit_clicked_twice_submits_once(ready_to_submit, client, applicant_a):
    url = reverse("appraisal:application_submit", args=[ready_to_submit.pk])
    client.force_login(applicant_a)
    first = client.post(url)
    second = client.post(url)
    assert _messages(first) == [SUBMITTED]
    assert _messages(second) == [SUBMITTED, ALREADY_SUBMITTED]
    application = Application.objects.get(pk=ready_to_submit.pk)
    assert application.state == ApplicationState.SUBMITTED
    assert application.version == 1
    assert application.versions.count() == 1


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_submit_clicked_twice_at_once_submits_once(ready_to_submit, applicant_a):
    url = reverse("appraisal:application_submit", args=[ready_to_submit.pk])
    responses = _twice_at_once(applicant_a, url, dict)
    assert sorted(m for r in responses for m in _messages(r)) == sorted(
        [
            ALREADY_SUBMITTED,
            SUBMITTED,
        ]
    )
    application = Application.objects.get(pk=ready_to_submit.pk)
    assert application.version == 1
    assert application.versions.count() == 1
