"""The demo hospital as a whole: the roster (departments.demo), then what the
apps above it link to the roster."""

from departments import demo
from veto.services.indicators import indicators_load_defaults


def load_demo_hospital():
    """``departments.demo.load_demo_hospital``, then the veto indicators linked to
    the offices they name (党政办, 纪检监察室, 医务科 …). Returns what the first created."""
    created = demo.load_demo_hospital()
    indicators_load_defaults()
    return created
