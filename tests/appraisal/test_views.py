import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appraisal.enums import CampaignState
from appraisal.models import Campaign, Criterion
from appraisal.services.rubrics import rubric_freeze, rubric_total
from tests.factories import make_campaign


def test_party_office_creates_a_campaign_through_the_form(persona_client):
    client = persona_client("party_office")
    response = client.post(
        reverse("appraisal:campaign_create"),
        {
            "year": 2026,
            "title": "2026年度清廉科室评选",
            "document_number": "〔2026〕49号",
            "opens_at": "2026-09-01T08:00",
            "closes_at": "2026-09-30T17:00",
            "quota": 5,
            "publicity_working_days": 5,
            "statement_min_chars": 600,
            "statement_max_chars": 1000,
            "allows_departments": "on",
            "reviewers_per_application": 5,
        },
        follow=True,
    )
    campaign = Campaign.objects.get()
    assert response.redirect_chain[-1][0] == reverse("appraisal:campaign", args=[campaign.pk])
    assert "已套用默认考评细则" in response.content.decode()
    assert timezone.localtime(campaign.closes_at) == timezone.make_aware(
        datetime.datetime(2026, 9, 30, 17, 0)
    )
    assert rubric_total(campaign.rubric) == Decimal("100")


def test_campaign_form_errors_are_in_chinese(persona_client):
    response = persona_client("party_office").post(
        reverse("appraisal:campaign_create"),
        {
            "year": 2026,
            "title": "x",
            "opens_at": "2026-09-30T08:00",
            "closes_at": "2026-09-01T17:00",
            "quota": 3,
            "publicity_working_days": 7,
            "statement_min_chars": 600,
            "statement_max_chars": 1000,
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "申报截止时间必须晚于申报开始时间" in content
    assert "至少允许科室或清廉团队" in content
    assert not Campaign.objects.exists()


def test_campaign_page_shows_totals_and_events(persona_client, party_office):
    campaign = make_campaign(party_office)
    response = persona_client("leading_group").get(
        reverse("appraisal:campaign", args=[campaign.pk])
    )
    content = response.content.decode()
    assert "合计 100 分" in content
    assert "新建" in content
    assert "开放申报" not in content  # the leading group reads, does not manage


def test_open_through_the_page(persona_client, party_office):
    campaign = make_campaign(
        party_office,
        closes_at=timezone.now() + datetime.timedelta(days=10),
        opens_at=timezone.now(),
    )
    response = persona_client("party_office").post(
        reverse("appraisal:campaign_open", args=[campaign.pk]), follow=True
    )
    assert "已开放申报" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.OPEN
    stale = persona_client("party_office").post(
        reverse("appraisal:campaign_open", args=[campaign.pk]), follow=True
    )
    assert "当前状态为“申报中”，已被他人处理" in stale.content.decode()


def test_copy_through_the_page(persona_client, party_office):
    campaign = make_campaign(party_office)
    response = persona_client("party_office").post(
        reverse("appraisal:campaign_copy", args=[campaign.pk]), follow=True
    )
    copy = Campaign.objects.exclude(pk=campaign.pk).get()
    assert copy.year == 2027
    assert "2027年度清廉科室评选" in response.content.decode()


def test_rubric_edit_with_htmx_returns_the_refreshed_table(persona_client, party_office):
    campaign = make_campaign(party_office)
    standard = campaign.rubric.standards.first()
    response = persona_client("party_office").post(
        reverse("appraisal:criterion_add", args=[campaign.pk, standard.pk]),
        {"text": "建立科室廉政档案", "points": "3", "order": "6"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.startswith('<div id="rubric">')
    assert "建立科室廉政档案" in content
    assert "小计 28 分" in content
    assert "满分合计 103 分" in content


def test_rubric_edit_refused_when_frozen_says_why(persona_client, party_office):
    campaign = make_campaign(party_office)
    rubric_freeze(rubric=campaign.rubric, at=timezone.now())
    criterion = Criterion.objects.filter(standard__rubric=campaign.rubric).first()
    response = persona_client("party_office").post(
        reverse("appraisal:criterion_remove", args=[campaign.pk, criterion.pk]),
        headers={"HX-Request": "true"},
    )
    assert "已有科室提交申报，考评细则已冻结" in response.content.decode()
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_rubric_form_error_names_the_field(persona_client, party_office):
    campaign = make_campaign(party_office)
    standard = campaign.rubric.standards.first()
    response = persona_client("party_office").post(
        reverse("appraisal:criterion_add", args=[campaign.pk, standard.pk]),
        {"text": "新", "points": "", "order": "6"},
        follow=True,
    )
    assert "「分值」这个字段是必填项。" in response.content.decode()


def test_criterion_of_another_campaign_is_not_found(persona_client, party_office):
    mine, other = make_campaign(party_office), make_campaign(party_office, year=2025)
    foreign = Criterion.objects.filter(standard__rubric=other.rubric).first()
    response = persona_client("party_office").post(
        reverse("appraisal:criterion_remove", args=[mine.pk, foreign.pk])
    )
    assert response.status_code == 404


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_campaign_list_query_count_does_not_grow(persona_client, party_office):
    client = persona_client("party_office")
    make_campaign(party_office)
    one = _count_queries(client, reverse("appraisal:campaigns"))
    for year in (2023, 2024, 2025):
        make_campaign(party_office, year=year)
    assert _count_queries(client, reverse("appraisal:campaigns")) == one


def test_rubric_page_query_count_does_not_grow(persona_client, party_office):
    client = persona_client("party_office")
    campaign = make_campaign(party_office)
    url = reverse("appraisal:rubric", args=[campaign.pk])
    before = _count_queries(client, url)
    for standard in campaign.rubric.standards.all():
        for n in range(3):
            Criterion.objects.create(standard=standard, text=f"附加{n}", points=1, order=10 + n)
    assert _count_queries(client, url) == before
