import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The offline installation (test_bundle.py, a minute or two) runs first.

    It needs no test database, so pytest-django would put it among the last; in
    parallel (``make test``, ``--dist load``) the worker that got it last would keep
    the suite waiting for it alone. First, it runs beside the rest. The browser
    tests' own ordering (tests/browser/conftest.py) keeps everything else's order.
    """
    items.sort(key=lambda item: 0 if item.nodeid.startswith("tests/ops/test_bundle.py") else 1)
