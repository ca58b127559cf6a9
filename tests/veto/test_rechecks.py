"""Re-checks (复核) of titled departments: recorded by the offices, and the way
from a problem found to a veto event."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from appraisal.enums import TitleStatus
from appraisal.models import Title
from core.errors import DomainError
from notifications.models import Notification
from tests.factories import DepartmentFactory, campaign_with_titles
from veto.models import Recheck
from veto.services.rechecks import recheck_record
from veto.views.rechecks import event_report_url

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def title_a(party_office, department_a):
    _campaign, (title,) = campaign_with_titles(party_office, [department_a], year=2025)
    Notification.objects.all().delete()
    return title


def test_recheck_record_by_the_party_office_tells_the_discipline_office(
    title_a, party_office, discipline_office
):
    recheck = recheck_record(
        title=title_a,
        by=party_office,
        checked_on=TODAY,
        result="problem",
        findings="廉洁承诺书未全员签订。",
    )

    assert (recheck.result, recheck.findings, recheck.recorded_by) == (
        "problem",
        "廉洁承诺书未全员签订。",
        party_office,
    )
    assert recheck.history.get().history_user == party_office
    notice = Notification.objects.get(recipient=discipline_office)
    assert notice.subject == "复核：心内科（发现问题）"
    assert notice.url == reverse("veto:recheck", args=[recheck.pk])


@pytest.mark.parametrize("persona", ["party_committee", "applicant_a", "staff"])
def test_recheck_record_by_others_is_refused(request, title_a, persona):
    with pytest.raises(DomainError, match="只有党办或纪检监察室可以记录复核。"):
        recheck_record(
            title=title_a,
            by=request.getfixturevalue(persona),
            checked_on=TODAY,
            result="passed",
            findings="良好",
        )


def test_recheck_of_a_revoked_title_is_refused(title_a, discipline_office):
    Title.objects.filter(pk=title_a.pk).update(status=TitleStatus.REVOKED)
    title_a.refresh_from_db()

    with pytest.raises(DomainError, match="“心内科”的2025年度清廉科室称号已撤销，不再复核。"):
        recheck_record(
            title=title_a, by=discipline_office, checked_on=TODAY, result="passed", findings="良好"
        )


def test_recheck_in_the_future_is_refused(title_a, discipline_office):
    with pytest.raises(DomainError, match="复核日期不能晚于今天。"):
        recheck_record(
            title=title_a,
            by=discipline_office,
            checked_on=TODAY + datetime.timedelta(days=1),
            result="passed",
            findings="良好",
        )


def test_recheck_needs_findings(title_a, discipline_office):
    with pytest.raises(DomainError, match="请填写复核情况。"):
        recheck_record(
            title=title_a, by=discipline_office, checked_on=TODAY, result="passed", findings=" "
        )


def test_recheck_new_page_records_one(persona_client, title_a):
    response = persona_client("discipline_office").post(
        reverse("veto:recheck_new"),
        {
            "title": title_a.pk,
            "checked_on": TODAY.isoformat(),
            "result": "passed",
            "findings": "制度上墙，台账齐全。",
        },
    )

    recheck = Recheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("veto:recheck", args=[recheck.pk])


def test_recheck_new_offers_only_titles_still_held(persona_client, party_office, title_a):
    _campaign, (revoked,) = campaign_with_titles(
        party_office, [DepartmentFactory(code="Y01", name="眼科")], year=2024
    )
    Title.objects.filter(pk=revoked.pk).update(status=TitleStatus.REVOKED)

    content = persona_client("party_office").get(reverse("veto:recheck_new")).content.decode()

    assert "心内科（2025年度，清廉〔2025〕1号）" in content
    assert "眼科" not in content


def test_a_problem_links_the_veto_event_report(persona_client, title_a, discipline_office):
    recheck = recheck_record(
        title=title_a, by=discipline_office, checked_on=TODAY, result="problem", findings="问题"
    )
    content = (
        persona_client("discipline_office")
        .get(reverse("veto:recheck", args=[recheck.pk]))
        .content.decode()
    )
    url = event_report_url(recheck)

    if url:  # the event workflow's report page is installed
        assert url.endswith(
            f"?unit={title_a.unit_id}&amp;recheck={recheck.pk}".replace("&amp;", "&")
        )
        assert "据此报告否决事项" in content
    else:
        assert "据此报告否决事项" not in content


def test_a_passed_recheck_links_nothing(persona_client, title_a, discipline_office):
    recheck = recheck_record(
        title=title_a, by=discipline_office, checked_on=TODAY, result="passed", findings="良好"
    )

    content = (
        persona_client("party_office")
        .get(reverse("veto:recheck", args=[recheck.pk]))
        .content.decode()
    )

    assert "据此报告否决事项" not in content


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("party_office", 200),
        ("discipline_office", 200),
        ("party_committee", 200),
        ("applicant_a", 404),
        ("staff", 404),
    ],
)
def test_recheck_page_is_for_the_offices(
    persona_client, title_a, discipline_office, persona, status
):
    recheck = recheck_record(
        title=title_a, by=discipline_office, checked_on=TODAY, result="passed", findings="良好"
    )

    assert (
        persona_client(persona).get(reverse("veto:recheck", args=[recheck.pk])).status_code
        == status
    )


def test_recheck_list_queries_do_not_grow_with_rows(
    persona_client, party_office, discipline_office
):
    units = [DepartmentFactory(code=f"K{n}", name=f"复核科室{n}") for n in range(4)]
    _campaign, titles = campaign_with_titles(party_office, units, year=2025)
    client = persona_client("party_office")
    url = reverse("veto:rechecks")

    def record(title):
        recheck_record(
            title=title, by=discipline_office, checked_on=TODAY, result="passed", findings="良好"
        )

    record(titles[0])
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    for title in titles[1:]:
        record(title)
    with CaptureQueriesContext(connection) as many:
        second = client.get(url)

    assert second.content.decode().count("<tr") == 5 > first.content.decode().count("<tr") == 2
    assert len(many) == len(one)


@pytest.fixture
def two_rechecks(party_office, discipline_office):
    """A problem found at 眼科 on 2026-03-02, 皮肤科 passed on 2026-05-06."""
    units = [DepartmentFactory(code="K1", name="眼科"), DepartmentFactory(code="K2", name="皮肤科")]
    _campaign, titles = campaign_with_titles(party_office, units, year=2025)
    for title, day, result in (
        (titles[0], datetime.date(2026, 3, 2), "problem"),
        (titles[1], datetime.date(2026, 5, 6), "passed"),
    ):
        recheck_record(
            title=title, by=discipline_office, checked_on=day, result=result, findings="见记录"
        )


def _body(response):
    content = response.content.decode()
    return content[content.index("<tbody") :]


def test_recheck_list_filters_by_result_and_date(two_rechecks, persona_client):
    client = persona_client("party_office")
    url = reverse("veto:rechecks")
    problems = _body(client.get(url, {"result": "problem"}))
    assert "眼科" in problems
    assert "皮肤科" not in problems
    in_may = _body(client.get(url, {"checked_from": "2026-05-01", "checked_to": "2026-05-31"}))
    assert "皮肤科" in in_may
    assert "眼科" not in in_may


def test_recheck_list_sorts_by_date(two_rechecks, persona_client):
    client = persona_client("party_office")
    for sort, first, second in (
        ("checked_on", "眼科", "皮肤科"),
        ("-checked_on", "皮肤科", "眼科"),
    ):
        rows = _body(client.get(reverse("veto:rechecks"), {"sort": sort}))
        assert rows.index(first) < rows.index(second)


def test_recheck_export_holds_what_the_list_shows(two_rechecks, persona_client):
    response = persona_client("discipline_office").get(
        reverse("veto:rechecks"), {"sort": "checked_on", "export": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("复核日期", "科室", "称号年度", "结果", "记录人", "记录时间")
    assert [row[:4] for row in rows[1:]] == [
        (datetime.datetime(2026, 3, 2), "眼科", 2025, "发现问题"),
        (datetime.datetime(2026, 5, 6), "皮肤科", 2025, "合格"),
    ]


def test_recheck_export_queries_do_not_grow_with_rows(
    persona_client, party_office, discipline_office
):
    units = [DepartmentFactory(code=f"K{n}", name=f"复核科室{n}") for n in range(4)]
    _campaign, titles = campaign_with_titles(party_office, units, year=2025)
    client = persona_client("party_office")
    url = reverse("veto:rechecks") + "?export=xlsx"
    for title in titles[:1]:
        recheck_record(
            title=title, by=discipline_office, checked_on=TODAY, result="passed", findings="良好"
        )
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for title in titles[1:]:
        recheck_record(
            title=title, by=discipline_office, checked_on=TODAY, result="passed", findings="良好"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


@pytest.mark.parametrize(
    ("persona", "offered"),
    [("party_office", True), ("discipline_office", True), ("party_committee", False)],
)
def test_recheck_list_offers_recording_only_to_who_may_record(persona_client, persona, offered):
    response = persona_client(persona).get(reverse("veto:rechecks"))
    assert response.status_code == 200
    assert (reverse("veto:recheck_new") in response.content.decode()) is offered
