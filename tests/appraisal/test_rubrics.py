from decimal import Decimal

import pytest
from django.utils import timezone

from appraisal.models import Criterion, Standard
from appraisal.selectors import rubric_with_totals
from appraisal.services import rubrics
from core.errors import DomainError
from tests.factories import make_campaign


@pytest.fixture
def campaign(party_office):
    return make_campaign(party_office)


def test_standard_points_are_the_sum_of_its_criteria(campaign):
    standards, total = rubric_with_totals(campaign.rubric)
    assert [(s.name, s.points) for s in standards] == [
        ("管理规范", Decimal("25")),
        ("服务优质", Decimal("25")),
        ("纪律严明", Decimal("25")),
        ("文化廉洁", Decimal("25")),
    ]
    assert total == Decimal("100")


def test_criterion_edit_changes_the_totals(campaign, party_office):
    criterion = Criterion.objects.filter(standard__rubric=campaign.rubric).first()
    rubrics.criterion_save(
        standard=criterion.standard,
        by=party_office,
        criterion=criterion,
        text=criterion.text,
        points="8.5",
        order=1,
    )
    standards, total = rubric_with_totals(campaign.rubric)
    assert standards[0].points == Decimal("27.5")
    assert total == Decimal("102.5")
    assert criterion.history.first().history_user == party_office


@pytest.mark.parametrize("points", ["0", "-1", "2.3"])
def test_criterion_points_are_positive_half_points(campaign, party_office, points):
    standard = campaign.rubric.standards.first()
    with pytest.raises(DomainError, match=r"以 0\.5 为单位"):
        rubrics.criterion_save(
            standard=standard, by=party_office, text="新评分项", points=points, order=9
        )


def test_every_edit_is_refused_once_frozen(campaign, party_office):
    rubrics.rubric_freeze(rubric=campaign.rubric, at=timezone.now())
    standard = campaign.rubric.standards.first()
    criterion = standard.criteria.first()
    refusals = [
        lambda: rubrics.standard_save(
            rubric=campaign.rubric, by=party_office, name="新标准", order=5
        ),
        lambda: rubrics.standard_save(
            rubric=campaign.rubric, by=party_office, name="改名", order=1, standard=standard
        ),
        lambda: rubrics.standard_remove(standard=standard, by=party_office),
        lambda: rubrics.criterion_save(
            standard=standard, by=party_office, text="新", points="1", order=9
        ),
        lambda: rubrics.criterion_remove(criterion=criterion, by=party_office),
    ]
    for refused in refusals:
        with pytest.raises(DomainError, match="已有科室提交申报，考评细则已冻结"):
            refused()
    assert Standard.objects.filter(rubric=campaign.rubric).count() == 4
    assert Criterion.objects.filter(standard__rubric=campaign.rubric).count() == 15


def test_freeze_is_idempotent(campaign):
    first = timezone.now()
    rubrics.rubric_freeze(rubric=campaign.rubric, at=first)
    rubrics.rubric_freeze(rubric=campaign.rubric, at=first + timezone.timedelta(hours=1))
    campaign.rubric.refresh_from_db()
    assert campaign.rubric.frozen_at == first


def test_removed_standard_and_criteria_stay_in_history(campaign, party_office):
    standard = campaign.rubric.standards.last()
    standard_pk = standard.pk
    rubrics.standard_remove(standard=standard, by=party_office)
    assert Criterion.history.filter(history_type="-", standard_id=standard_pk).count() == 3
    assert Standard.history.get(history_type="-", id=standard_pk).history_user == party_office
