"""The demo hospital's holders and lists (responsibility/demo.py): a few holders, some
filed and signed (one by the party office's scan), one written and not signed, some not
filed; a second run adds nothing."""

import pytest
from django.utils import timezone

from departments.demo import load_demo_hospital
from responsibility.demo import load_demo_year_round
from responsibility.enums import FilingStatus, SigningMethod
from responsibility.models import Holder, ListScan
from responsibility.selectors import filing_status, holders_of_year

pytestmark = pytest.mark.django_db


def test_demo_holders_and_lists_then_nothing_more(media_root):
    load_demo_hospital()
    assert load_demo_year_round() == {"掌握公权力人员": 7, "已签名备案": 4}
    holders = list(holders_of_year(timezone.localdate().year))
    statuses = [filing_status(h) for h in holders]
    assert statuses.count(FilingStatus.SIGNED) == 4
    assert statuses.count(FilingStatus.NOT_SIGNED) == 1
    assert statuses.count(FilingStatus.NOT_FILED) == 2
    assert ListScan.objects.get().list.signing_method == SigningMethod.SCAN
    assert sum(h.items_done for h in holders) == 1
    assert load_demo_year_round() == {"掌握公权力人员": 0, "已签名备案": 0}
    assert Holder.objects.count() == 7
