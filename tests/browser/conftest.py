import pytest
from django.urls import reverse

from tests.browser.helpers import PHONE
from tests.factories import PASSWORD


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last.

    pytest-playwright's sync API leaves the tests after it in another
    contextvars context, where Django keeps a second set of database
    connections that nothing closes; PostgreSQL then refuses to drop the test
    database at the end. pytest-django already puts tests without a database
    after those with one, so without this a browser test would run in the middle.
    In parallel (``make test``), pytest-xdist's default ``--dist load`` hands
    each worker its tests in this order, so they run last in every worker too,
    before the worker drops its own test database.

    Among them the longest go first (``browser(minutes=...)``, the minutes a test
    takes on a quiet machine): a worker that starts the whole journey last would
    keep the suite waiting for it alone.
    """

    def order(item):
        marker = item.get_closest_marker("browser")
        if marker is None:
            return (0, 0)
        return (1, -marker.kwargs.get("minutes", 0))

    items.sort(key=order)


@pytest.fixture(autouse=True)
def _patient_expectations():
    """Expectations wait up to 15 s: the machine running the suite may be busy."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


@pytest.fixture
def sign_in(browser, live_server):
    """``sign_in("po")`` opens a new browser context logged in as that user, in
    Chinese, accepting every confirmation; ``phone=True`` makes it a phone."""
    from playwright.sync_api import expect

    contexts = []

    def open_as(username, *, phone=False):
        options = {"locale": "zh-CN"}
        if phone:
            options.update(viewport=PHONE, is_mobile=True, has_touch=True)
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(live_server.url + reverse("accounts:login"))
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("您好")
        return page

    yield open_as
    for context in contexts:
        context.close()
