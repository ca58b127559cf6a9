"""The demo hospital as a whole: the roster (departments.demo), then what the
apps above it link to the roster."""

from analysis import demo as analysis_demo
from coverage import demo as coverage_demo
from departments import demo
from integrity import demo as integrity_demo
from reports import demo as reports_demo
from responsibility import demo as responsibility_demo
from risks import demo as risks_demo
from supervision import demo as supervision_demo
from veto.services.indicators import indicators_load_defaults
from workplan import demo as workplan_demo


def load_demo_hospital():
    """``departments.demo.load_demo_hospital``, then the veto indicators linked to
    the offices they name (党政办, 纪检监察室, 医务科 …). Returns what the first created."""
    created = demo.load_demo_hospital()
    indicators_load_defaults()
    return created


def load_demo_year_round(*, today=None):
    """The demo hospital's year of work so far, each app's part once (each loader adds
    only what is missing): the work plan first, the offices' reports on it, then each
    department's integrity records, risk points and key posts, the supervision visits
    with their ledger, the holders of public power with their lists, and the titles of
    past years on the way to full coverage; last, the quarterly analysis drawn from all
    of them (the last ended quarter issued with the committee's conclusions, this one
    drafted). Needs ``load_demo_hospital``; the demo campaign, loaded after it, attaches
    the records to its applications (appraisal/demo.py)."""
    workplan_demo.load_demo_year_round(today=today)
    reports_demo.load_demo_year_round(today=today)
    integrity_demo.load_demo_year_round(today=today)
    risks_demo.load_demo_year_round()
    supervision_demo.load_demo_year_round()
    responsibility_demo.load_demo_year_round(today=today)
    coverage_demo.load_demo_coverage()
    analysis_demo.load_demo_year_round(today=today)
