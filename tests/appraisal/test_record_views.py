"""The pages of records as evidence: the applicant's panel 本年度台账 (edit page and its
own page, htmx and plain posts), the reviewer's sheet, the application page, the
rubric editor's record kinds, and the panel's query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.documents import application_form
from appraisal.models import AttachedRecord, Criterion
from appraisal.services import applications as application_services
from appraisal.services import assignment
from appraisal.services import records as services
from tests.appraisal.fake_records import FAKE_KINDS
from tests.factories import STATEMENT, open_campaign

pytestmark = pytest.mark.django_db

COMMITMENTS = "integrity.commitments"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def campaign(party_office):
    return open_campaign(party_office)


@pytest.fixture
def application(campaign, applicant_a, department_a):
    return application_services.application_start(
        campaign=campaign, unit=department_a, by=applicant_a
    )


@pytest.fixture
def commitments(campaign):
    return Criterion.objects.get(
        standard__rubric=campaign.rubric, text="科室与全体人员签订廉洁承诺书"
    )


@pytest.fixture
def applicant(client, applicant_a):
    client.force_login(applicant_a)
    return client


def _attach_url(application, criterion):
    return reverse("appraisal:record_attach", args=[application.pk, criterion.pk])


# --- the applicant's panel -------------------------------------------------------------------


def test_edit_page_offers_each_kind_of_the_criterion_with_its_summary_and_one_click(
    fake_records, application, commitments, department_a, applicant
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人（100%）")
    page = applicant.get(reverse("appraisal:application_edit", args=[application.pk]))
    html = page.content.decode()
    assert f'id="records-{commitments.pk}"' in html
    assert "本年度台账" in html
    assert "已签 42/42 人（100%）" in html
    assert f'href="/records/{COMMITMENTS}/{department_a.pk}/"' in html
    assert f'hx-post="{_attach_url(application, commitments)}"' in html
    assert f'value="{COMMITMENTS}"' in html
    # A kind offered by a criterion but not registered (supervision is not installed here).
    assert "该台账类型现未启用" in html
    # One summarize call per kind for the whole page, not one per criterion.
    assert sorted(key for key, _year in fake_records.calls) == sorted(FAKE_KINDS)


def test_plain_attach_goes_back_to_the_criterion_on_the_edit_page(
    fake_records, application, commitments, department_a, applicant
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    response = applicant.post(
        _attach_url(application, commitments), {"kind": COMMITMENTS, "shown": ""}
    )
    edit = reverse("appraisal:application_edit", args=[application.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{edit}#criterion-{commitments.pk}"
    attached = AttachedRecord.objects.get()
    assert attached.criterion == commitments
    assert attached.text == "已签 42/42 人"
    page = applicant.get(edit).content.decode()
    assert "已附上“廉洁承诺书”：已签 42/42 人" in page
    assert reverse("appraisal:record_detach", args=[application.pk, attached.pk]) in page


def test_htmx_attach_answers_the_criterions_panel(
    fake_records, application, commitments, department_a, applicant
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    response = applicant.post(
        _attach_url(application, commitments), {"kind": COMMITMENTS, "shown": ""}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    attached = AttachedRecord.objects.get()
    assert html.startswith(f'<div id="records-{commitments.pk}"')
    assert "已附上" in html
    assert "按当前台账更新" in html
    assert f'name="shown" value="{attached.pk}"' in html
    assert reverse("appraisal:record_detach", args=[application.pk, attached.pk]) in html


def test_htmx_attach_from_a_stale_page_shows_the_refusal_in_the_panel(
    fake_records, application, commitments, department_a, applicant
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    data = {"kind": COMMITMENTS, "shown": ""}
    applicant.post(_attach_url(application, commitments), data, headers=HTMX)
    response = applicant.post(_attach_url(application, commitments), data, headers=HTMX)
    assert response.status_code == 200
    assert "页面已过期" in response.content.decode()
    assert AttachedRecord.objects.count() == 1


def test_plain_attach_of_a_kind_not_offered_is_refused_with_a_message(
    fake_records, application, commitments, department_a, applicant
):
    fake_records.set(department_a, "integrity.talks", "约谈 38/42 人")
    response = applicant.post(
        _attach_url(application, commitments), {"kind": "integrity.talks"}, follow=True
    )
    assert "不以“廉政约谈”台账作佐证" in response.content.decode()
    assert AttachedRecord.objects.count() == 0


def test_detach_plain_and_htmx(
    fake_records, application, commitments, department_a, applicant_a, applicant
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    first = services.records_attach(
        application=application, criterion=commitments, kind=COMMITMENTS, by=applicant_a
    )
    url = reverse("appraisal:record_detach", args=[application.pk, first.pk])
    response = applicant.post(url, {"reason": "重新核对"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.detached_by == applicant_a
    assert first.detach_reason == "重新核对"

    second = services.records_attach(
        application=application, criterion=commitments, kind=COMMITMENTS, by=applicant_a
    )
    url = reverse("appraisal:record_detach", args=[application.pk, second.pk])
    response = applicant.post(url, headers=HTMX)
    assert response.status_code == 200
    assert "已附上" not in response.content.decode()
    second.refresh_from_db()
    assert second.detached_at is not None


def test_records_page_lists_every_criterion_with_kinds(
    fake_records, application, commitments, department_a, applicant
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    url = reverse("appraisal:application_records", args=[application.pk])
    html = applicant.get(url).content.decode()
    assert "<h1" in html
    assert "科室与全体人员签订廉洁承诺书" in html
    assert "已签 42/42 人" in html
    # A criterion that names no kind is not on the page.
    assert "实行首问负责制" not in html
    fragment = applicant.get(url, headers=HTMX).content.decode()
    assert fragment.startswith('<div id="record-panels">')


def test_records_page_of_a_submitted_application_offers_no_button(
    fake_records, application, commitments, department_a, applicant_a, head_a, applicant
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    services.records_attach(
        application=application, criterion=commitments, kind=COMMITMENTS, by=applicant_a
    )
    _submit(application, applicant_a, head_a)
    html = applicant.get(
        reverse("appraisal:application_records", args=[application.pk])
    ).content.decode()
    assert "已签 42/42 人" in html
    assert "record_attach" not in html
    assert "/attach/" not in html
    assert "/detach/" not in html


def _submit(application, applicant, head):
    application_services.application_save(
        application=application,
        by=applicant,
        staff_count=10,
        party_member_count=3,
        materials_list="廉洁承诺书",
        statement=STATEMENT,
    )
    application_services.head_confirm(application=application, by=head)
    return application_services.application_submit(application=application, by=applicant)


def _panel_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_records_panel_queries_do_not_grow_with_kinds_criteria_or_attachments(
    fake_records, application, campaign, department_a, applicant_a, applicant, party_office
):
    """One criterion with one kind, then three criteria with three kinds each and
    attachments: the same number of queries (one record_summaries call in all)."""
    criteria = list(Criterion.objects.filter(standard__rubric=campaign.rubric).order_by("pk"))
    Criterion.objects.filter(standard__rubric=campaign.rubric).update(record_kinds=[])
    Criterion.objects.filter(pk=criteria[0].pk).update(record_kinds=[COMMITMENTS])
    for key in FAKE_KINDS:
        fake_records.set(department_a, key, f"{key} 摘要")
    url = reverse("appraisal:application_records", args=[application.pk])
    one = _panel_queries(applicant, url)

    for criterion in criteria[:3]:
        Criterion.objects.filter(pk=criterion.pk).update(record_kinds=list(FAKE_KINDS))
        criterion.refresh_from_db()
        for key in FAKE_KINDS:
            services.records_attach(
                application=application, criterion=criterion, kind=key, by=applicant_a
            )
    many = _panel_queries(applicant, url)
    assert many == one
    html = applicant.get(url).content.decode()
    assert html.count("按当前台账更新") == 9


def test_edit_page_queries_do_not_grow_with_attached_records(
    fake_records, application, campaign, department_a, applicant_a, applicant
):
    url = reverse("appraisal:application_edit", args=[application.pk])
    for key in FAKE_KINDS:
        fake_records.set(department_a, key, f"{key} 摘要")
    one = _panel_queries(applicant, url)
    for criterion in Criterion.objects.filter(standard__rubric=campaign.rubric):
        for key in criterion.record_kinds:
            if key in FAKE_KINDS:
                services.records_attach(
                    application=application, criterion=criterion, kind=key, by=applicant_a
                )
    assert AttachedRecord.objects.count() >= 3
    # The head's confirmation was cleared by the attachments; nothing else changed.
    assert _panel_queries(applicant, url) == one


# --- readers ---------------------------------------------------------------------------------


@pytest.fixture
def submitted_with_records(
    fake_records, application, commitments, department_a, applicant_a, head_a
):
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人（100%）")
    services.records_attach(
        application=application, criterion=commitments, kind=COMMITMENTS, by=applicant_a
    )
    submitted = _submit(application, applicant_a, head_a)
    # Changed after submission: no reader sees it.
    fake_records.set(department_a, COMMITMENTS, "已签 20/42 人（48%）")
    return submitted


def test_assigned_reviewer_sees_the_attached_record_beside_the_evidence(
    submitted_with_records, party_office, client, department_a
):
    from tests.factories import DepartmentFactory, close_applications, make_reviewer

    campaign = close_applications(submitted_with_records.campaign)
    reviewer = make_reviewer(DepartmentFactory(code="R01", name="医技科1"), "reviewer1")
    assignment.pool_add(campaign=campaign, reviewer=reviewer, by=party_office)
    review = assignment.review_assign(
        application=submitted_with_records, reviewer=reviewer, by=party_office
    )
    client.force_login(reviewer)
    html = client.get(reverse("appraisal:review", args=[review.pk])).content.decode()
    assert "附上的台账" in html
    assert "已签 42/42 人（100%）" in html
    assert "已签 20/42 人" not in html
    assert f'href="/records/{COMMITMENTS}/{department_a.pk}/"' in html


def test_party_office_sees_the_attached_record_on_the_application_page(
    submitted_with_records, party_office, client
):
    client.force_login(party_office)
    html = client.get(
        reverse("appraisal:application", args=[submitted_with_records.pk])
    ).content.decode()
    assert "已签 42/42 人（100%）" in html
    assert "已签 20/42 人" not in html


def test_the_application_form_lists_the_attached_records_under_their_criterion(
    submitted_with_records, commitments
):
    notice = application_form(submitted_with_records)
    rows = {row.label: row.value for row in notice.form}
    assert rows["附上的台账"] == f"1. {commitments.text}\n　　廉洁承诺书：已签 42/42 人（100%）"


# --- the rubric editor -----------------------------------------------------------------------


def test_rubric_editor_offers_the_registered_kinds_and_shows_an_unregistered_one(
    fake_records, party_office, client
):
    from tests.factories import make_campaign

    draft = make_campaign(party_office)
    client.force_login(party_office)
    html = client.get(reverse("appraisal:rubric", args=[draft.pk])).content.decode()
    for label in FAKE_KINDS.values():
        assert f">{label}</label>" in html
    assert "supervision.ledger_items（未注册的台账类型）" in html
    assert 'name="record_kinds_shown" value="1"' in html


def test_rubric_editor_saves_the_ticked_kinds(fake_records, party_office, client):
    from tests.factories import make_campaign

    draft = make_campaign(party_office)
    criterion = Criterion.objects.get(
        standard__rubric=draft.rubric, text="科主任每年至少对科内人员开展 1 次廉政约谈"
    )
    client.force_login(party_office)
    url = reverse("appraisal:criterion_edit", args=[draft.pk, criterion.pk])
    data = {
        "text": criterion.text,
        "points": "5",
        "order": "3",
        "record_kinds_shown": "1",
        "record_kinds": ["integrity.talks", "integrity.study_sessions"],
    }
    assert client.post(url, data).status_code == 302
    criterion.refresh_from_db()
    assert criterion.record_kinds == ["integrity.talks", "integrity.study_sessions"]
    # A post from a row without the checkboxes leaves them.
    assert (
        client.post(url, {"text": criterion.text, "points": "5", "order": "3"}).status_code == 302
    )
    criterion.refresh_from_db()
    assert criterion.record_kinds == ["integrity.talks", "integrity.study_sessions"]
    # Unticking all clears them.
    data["record_kinds"] = []
    client.post(url, data)
    criterion.refresh_from_db()
    assert criterion.record_kinds == []


# --- the leading group's decision page --------------------------------------------------------


def _attached_rows(application, count):
    """``count`` attached summaries on ``application`` as a submission would have left them."""
    from django.utils import timezone

    criteria = [
        c
        for c in Criterion.objects.filter(standard__rubric=application.campaign.rubric).order_by(
            "pk"
        )
        if c.record_kinds
    ][:count]
    return [
        AttachedRecord.objects.create(
            application=application,
            criterion=criterion,
            kind=criterion.record_kinds[0],
            year=application.campaign.year,
            snapshot={
                "kind": criterion.record_kinds[0],
                "label": "台账",
                "text": f"摘要{n}",
                "figures": {},
                "url": f"/records/{n}/",
                "items": [],
            },
            attached_by=application.created_by,
            attached_at=timezone.now(),
        )
        for n, criterion in enumerate(criteria)
    ]


def test_decision_page_shows_each_applications_attached_records_in_the_same_queries(
    party_office, persona_client
):
    from tests.factories import DepartmentFactory, deciding_campaign

    client = persona_client("leading_group")
    small, _applications = deciding_campaign(party_office, [DepartmentFactory()], quota=3)
    url = reverse("appraisal:decision", args=[small.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    none = len(captured)

    large, applications = deciding_campaign(
        party_office, [DepartmentFactory() for _ in range(3)], quota=3, title="另一批次"
    )
    for application in applications:
        _attached_rows(application, 3)
    url = reverse("appraisal:decision", args=[large.pk])
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    assert len(captured) == none
    assert html.count("附上的台账 3 项") == 3
    assert "摘要2" in html
    assert 'href="/records/1/"' in html


def test_application_page_shows_the_records_changed_since_the_last_version(
    fake_records,
    application,
    commitments,
    department_a,
    applicant_a,
    head_a,
    party_office,
    client,
):
    fake_records.set(department_a, COMMITMENTS, "已签 40/42 人")
    first = services.records_attach(
        application=application, criterion=commitments, kind=COMMITMENTS, by=applicant_a
    )
    _submit(application, applicant_a, head_a)
    application_services.application_return(
        application=application, by=party_office, reason="承诺书未全员签订"
    )
    fake_records.set(department_a, COMMITMENTS, "已签 42/42 人")
    services.records_attach(
        application=application,
        criterion=commitments,
        kind=COMMITMENTS,
        by=applicant_a,
        shown=first.pk,
    )
    # The statement changes too, so the page shows what changed.
    application_services.application_save(
        application=application,
        by=applicant_a,
        staff_count=10,
        party_member_count=3,
        materials_list="廉洁承诺书",
        statement=STATEMENT.replace("全过程", "各环节", 1),
    )
    application_services.head_confirm(application=application, by=head_a)
    application_services.application_submit(application=application, by=applicant_a)
    client.force_login(party_office)
    html = client.get(reverse("appraisal:application", args=[application.pk])).content.decode()
    assert (
        "附上的台账：\n      新增 廉洁承诺书：已签 42/42 人；\n      移除 廉洁承诺书：已签 40/42 人；"
        in html
    )
