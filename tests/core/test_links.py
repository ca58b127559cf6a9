"""core/links.py: a page's URL for many rows, reversed once."""

import pytest
from django.urls import reverse

from core.links import url_for_each


def test_the_same_url_as_reverse_for_each_id():
    url_of = url_for_each("integrity:unit", 2026)
    for pk in (1, 42, 10_000_001):
        assert url_of(pk) == reverse("integrity:unit", args=[pk, 2026])
    point_url = url_for_each("risks:point")
    assert point_url(7) == reverse("risks:point", args=[7])


def test_an_id_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="invalid literal"):
        url_for_each("risks:point")("7/../edit")


def test_a_page_whose_first_argument_is_not_in_its_url_is_refused():
    with pytest.raises(ValueError, match="does not show its first argument once"):
        url_for_each("integrity:unit", 9_876_543_210_123)
