"""Migration veto 0006: the default indicator 4 quotes 九项准则 with Chinese quotation
marks; stored text is fixed only where it is still the old default word for word."""

import importlib

import pytest
from django.apps import apps

from tests.factories import DepartmentFactory, UserFactory, veto_event_in_state
from veto.models import VetoEvent, VetoIndicator

pytestmark = pytest.mark.django_db

fix = importlib.import_module("veto.migrations.0006_indicator_chinese_quotes")


def test_defaults_are_loaded_with_chinese_quotation_marks():
    assert VetoIndicator.objects.get(number=4).text == fix.NEW


def test_old_default_text_is_fixed_and_an_edited_text_left_alone():
    VetoIndicator.objects.filter(number=4).update(text=fix.OLD)
    edited = '本院自定："九项准则"以外的情形'
    VetoIndicator.objects.filter(number=5).update(text=edited)

    fix.forwards(apps, None)

    assert VetoIndicator.objects.get(number=4).text == fix.NEW
    assert VetoIndicator.objects.get(number=5).text == edited


def test_events_keep_the_wording_they_were_reported_under():
    VetoIndicator.objects.filter(number=4).update(text=fix.OLD)
    indicator = VetoIndicator.objects.get(number=4)
    event = veto_event_in_state(
        DepartmentFactory(), UserFactory(username="rep"), indicator=indicator
    )
    VetoEvent.objects.filter(pk=event.pk).update(indicator_text=fix.OLD)

    fix.forwards(apps, None)

    assert VetoEvent.objects.get(pk=event.pk).indicator_text == fix.OLD
