import datetime

import pytest

from tests.integrity.factories import person_since


@pytest.fixture
def member_a(department_a):
    """A member of department A since 2020."""
    return person_since(department_a, datetime.date(2020, 1, 1), name="王医生")


@pytest.fixture
def member_b(department_b):
    """A member of department B since 2020."""
    return person_since(department_b, datetime.date(2020, 1, 1), name="李护士")
