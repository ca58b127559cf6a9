import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from appraisal.enums import CampaignState
from appraisal.models import Campaign, CampaignEvent, Criterion
from appraisal.services import campaigns as services
from appraisal.services.rubrics import rubric_total
from core.errors import DomainError, StaleStateError
from tests.factories import campaign_settings, make_campaign

NOW = timezone.make_aware(datetime.datetime(2026, 8, 20, 9, 0))


def test_new_campaign_gets_the_default_rubric(party_office):
    campaign = make_campaign(party_office)
    assert campaign.state == CampaignState.DRAFT
    assert campaign.publicity_working_days == 5
    assert (campaign.statement_min_chars, campaign.statement_max_chars) == (600, 1000)
    assert [s.name for s in campaign.rubric.standards.all()] == [
        "管理规范",
        "服务优质",
        "纪律严明",
        "文化廉洁",
    ]
    assert Criterion.objects.filter(standard__rubric=campaign.rubric).count() == 15
    assert rubric_total(campaign.rubric) == Decimal("100")
    event = CampaignEvent.objects.get(subject=campaign)
    assert (event.actor, event.transition, event.to_state) == (party_office, "create", "draft")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"publicity_working_days": 2}, "公示期必须为 3 至 5 个工作日"),
        ({"publicity_working_days": 6}, "公示期必须为 3 至 5 个工作日"),
        ({"quota": 0}, "评选名额至少为 1"),
        (
            {"closes_at": timezone.make_aware(datetime.datetime(2026, 8, 1))},
            "申报截止时间必须晚于申报开始时间",
        ),
        ({"statement_min_chars": 1000, "statement_max_chars": 600}, "最多字数必须大于最少字数"),
        ({"allows_departments": False, "allows_clean_teams": False}, "至少允许科室或清廉团队"),
    ],
)
def test_campaign_settings_are_checked(party_office, overrides, message):
    with pytest.raises(DomainError, match=message):
        make_campaign(party_office, **overrides)
    assert not Campaign.objects.exists()


def test_copy_of_last_year_moves_dates_and_copies_the_rubric(party_office):
    last_year = make_campaign(
        party_office,
        year=2025,
        title="2025年度清廉科室评选",
        opens_at=timezone.make_aware(datetime.datetime(2025, 9, 1, 8, 0)),
        closes_at=timezone.make_aware(datetime.datetime(2025, 9, 30, 17, 0)),
        quota=4,
        uses_branch_opinion=True,
    )
    copy = services.campaign_copy(source=last_year, by=party_office)
    assert copy.year == 2026
    assert copy.title == "2026年度清廉科室评选"
    assert copy.document_number == ""
    assert copy.quota == 4
    assert copy.uses_branch_opinion is True
    assert timezone.localtime(copy.opens_at) == timezone.make_aware(
        datetime.datetime(2026, 9, 1, 8, 0)
    )
    assert copy.rubric_id != last_year.rubric_id
    assert copy.rubric.copied_from == last_year.rubric
    assert rubric_total(copy.rubric) == Decimal("100")
    assert copy.events.get().reason == "复制自“2025年度清廉科室评选”"


def test_update_refused_after_applications_close(party_office):
    campaign = make_campaign(party_office)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.REVIEWING)
    with pytest.raises(DomainError, match="已进入“评审中”阶段，设置不能再修改"):
        services.campaign_update(campaign=campaign, by=party_office, quota=5)


def test_update_records_who_changed_what(party_office):
    campaign = make_campaign(party_office)
    services.campaign_update(campaign=campaign, by=party_office, quota=5)
    campaign.refresh_from_db()
    assert campaign.quota == 5
    assert campaign.history.first().history_user == party_office


def test_open_moves_draft_to_open_once(party_office, leading_group):
    campaign = make_campaign(party_office)
    opened = services.campaign_open(campaign=campaign, by=party_office, now=NOW)
    assert opened.state == CampaignState.OPEN
    with pytest.raises(StaleStateError, match="当前状态为“申报中”"):
        services.campaign_open(campaign=campaign, by=leading_group, now=NOW)
    assert list(campaign.events.values_list("transition", flat=True)) == ["create", "open"]


def test_open_refused_after_the_window_closed(party_office):
    campaign = make_campaign(party_office)
    late = timezone.make_aware(datetime.datetime(2026, 10, 1, 9, 0))
    with pytest.raises(DomainError, match="申报截止时间已过"):
        services.campaign_open(campaign=campaign, by=party_office, now=late)


def test_open_refused_with_an_empty_rubric(party_office):
    campaign = make_campaign(party_office)
    Criterion.objects.filter(standard__rubric=campaign.rubric).delete()
    with pytest.raises(DomainError, match="还没有任何评分项"):
        services.campaign_open(campaign=campaign, by=party_office, now=NOW)


def test_state_cannot_be_set_directly(party_office):
    campaign = make_campaign(party_office)
    with pytest.raises(AttributeError):
        campaign.state = CampaignState.CLOSED


def test_unknown_setting_is_a_programming_error(party_office):
    with pytest.raises(TypeError, match="unknown campaign settings"):
        services.campaign_create(by=party_office, colour="red", **campaign_settings())
