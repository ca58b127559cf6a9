"""The first campaign's first-run step (appraisal.firstrun): done once a campaign exists."""

import pytest

from appraisal.firstrun import campaign_exists, campaign_progress
from core.firstrun import first_run_steps
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


def test_step_is_registered_with_the_new_campaign_page():
    [step] = [step for step in first_run_steps() if step.key == "first_campaign"]
    assert (str(step.title), step.url_name, step.perm) == (
        "首个评选批次",
        "appraisal:campaign_create",
        "appraisal.add_campaign",
    )


def test_a_campaign_makes_it_done(party_office):
    assert campaign_exists() is False
    assert campaign_progress().startswith("尚无评选批次")
    make_campaign(party_office)
    assert campaign_exists() is True
    assert campaign_progress() == "已建立 1 个评选批次。"
