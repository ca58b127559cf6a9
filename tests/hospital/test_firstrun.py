"""The first-run step 医院设置: done once an administrator has saved the settings."""

import pytest
from django.urls import reverse

from core.firstrun import first_run_steps
from hospital.rules import CHANGE
from tests.hospital.helpers import save_settings

pytestmark = pytest.mark.django_db


def _step():
    (step,) = [step for step in first_run_steps() if step.key == "hospital_settings"]
    return step


def test_the_step_is_registered_first_and_leads_to_the_page():
    step = _step()
    assert str(step.title) == "医院设置"
    assert step.order == min(s.order for s in first_run_steps())
    assert reverse(step.url_name) == "/settings/"
    assert step.perm == CHANGE


def test_before_a_save_the_step_says_the_defaults_are_in_use():
    step = _step()
    assert not step.is_done()
    assert step.progress() == (
        "尚未保存：现用安装时的默认值（示范人民医院，称号“清廉科室”，机关代字 院党、院纪）。"
        "请核对发文机关全称、机关代字和下一文号后保存。"
    )


def test_after_a_save_the_step_is_done_and_says_what_is_set(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_settings(
            admin_user,
            name="某某县人民医院",
            title_wording="清廉示范科室",
            party_prefix="县医党",
            discipline_prefix="县医纪",
            objection_contact="院纪委办公室",
        )
    step = _step()
    assert step.is_done()
    assert step.progress() == (
        "已设置：某某县人民医院，称号“清廉示范科室”，院党委代字 县医党，院纪委代字 县医纪，"
        "异议受理 院纪委办公室。"
    )
