import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last.

    pytest-playwright's sync API leaves the tests after it in another
    contextvars context, where Django keeps a second set of database
    connections that nothing closes; PostgreSQL then refuses to drop the test
    database at the end. pytest-django already puts tests without a database
    after those with one, so without this a browser test would run in the middle.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _patient_expectations():
    """Expectations wait up to 15 s: the machine running the suite may be busy."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
