"""The rows of the home page, grouped by who has them waiting: ``people`` (staff,
applicants, branch secretaries, reviewers), ``offices`` (party and discipline office,
administrator), ``decisions`` (leading group, party committee)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class HomeItem:
    label: str
    url: str = ""
    count: int | None = None
    note: str = ""
