import pytest

from tests.factories import DepartmentFactory, PersonFactory


@pytest.fixture
def roster(db):
    """Offices and leaders a plan names: 党政办, 纪委办公室 (JWB), 医务科; 刘杰, 车立蓉, and
    two people named 王伟."""
    offices = {
        "DZB": DepartmentFactory(code="DZB", name="党政办", kind="administrative"),
        "JWB": DepartmentFactory(code="JWB", name="纪委办公室", kind="administrative"),
        "YWK": DepartmentFactory(code="YWK", name="医务科", kind="administrative"),
    }
    leaders = {
        "刘杰": PersonFactory(name="刘杰", employee_number="L0001", department=offices["DZB"]),
        "车立蓉": PersonFactory(name="车立蓉", employee_number="L0002", department=offices["DZB"]),
    }
    PersonFactory(name="王伟", employee_number="W0001", department=offices["YWK"])
    PersonFactory(name="王伟", employee_number="W0002", department=offices["JWB"])
    return {"offices": offices, "leaders": leaders}
