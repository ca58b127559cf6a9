"""The decision page and the ranking on a phone (390 × 844): each table row becomes a card
(qinglian.css, ``.table-cards``), the page never scrolls sideways, and the leading group's
decision buttons sit inside the window."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, decide
from tests.factories import deciding_campaign

pytestmark = [pytest.mark.browser(minutes=1), pytest.mark.django_db(transaction=True)]


def _page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def _inside_the_window(locator):
    box = locator.bounding_box()
    return box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_decision_and_ranking_fit_a_phone(
    sign_in, live_server, party_office, leading_group, department_a, department_b
):
    campaign, _ = deciding_campaign(party_office, [department_a, department_b], quota=2)

    leader = sign_in("leading_group", phone=True)
    leader.goto(live_server.url + reverse("appraisal:decision", args=[campaign.pk]))
    row = leader.locator("#decision-table tbody tr").filter(has_text="心内科")
    approve = row.get_by_role("button", name="通过", exact=True)
    reject = row.get_by_role("button", name="不通过", exact=True)
    approve.scroll_into_view_if_needed()
    expect(approve).to_be_in_viewport()
    expect(reject).to_be_in_viewport()
    assert _inside_the_window(approve)
    assert _inside_the_window(reject)
    assert _inside_the_window(row.get_by_label("审定理由"))
    # A cell says which column it belongs to, the header row being hidden.
    expect(row.locator("td[data-label='总分']")).to_be_visible()
    expect(leader.locator("#decision-table thead")).to_be_hidden()
    assert _page_width(leader) <= PHONE["width"]

    decide(leader, "心内科", "心内科廉政风险防控扎实，同意。", "通过")
    expect(leader.locator("#decision-counter")).to_contain_text("已通过 1 / 名额 2")
    assert _page_width(leader) <= PHONE["width"]

    office = sign_in("party_office", phone=True)
    office.goto(live_server.url + reverse("appraisal:ranking", args=[campaign.pk]))
    ranked = office.locator("#ranking tbody tr").filter(has_text="骨科")
    expect(ranked.locator("td[data-label='总分']")).to_be_visible()
    assert _inside_the_window(ranked.get_by_role("link", name="骨科"))
    assert _page_width(office) <= PHONE["width"]
