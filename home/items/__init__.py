"""The rows of the home page, grouped by who has them waiting: ``people`` (staff,
applicants, branch secretaries, reviewers), ``offices`` (party and discipline office,
administrator), ``decisions`` (leading group, party committee)."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeItem:
    """A row of the home page. ``due_on`` is its deadline (the year-round work's
    reports, records and ledger items due this month), shown beside it; ``overdue``
    marks one already past."""

    label: str
    url: str = ""
    count: int | None = None
    note: str = ""
    due_on: datetime.date | None = None
    overdue: bool = False
