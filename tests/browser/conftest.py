import pytest
from django.urls import reverse

from tests.browser.helpers import AXE_STATS, PHONE, AxeWatch
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
def _axe(request, monkeypatch):
    """Every page state the test reaches is checked with axe-core (helpers.AxeWatch): every
    browser context it opens is watched, and the due pages are checked before each
    Playwright call. Findings fail the test after its body (pytest_runtest_call below), or
    at teardown for a page that became due as its contexts closed."""
    from playwright._impl._sync_base import SyncBase
    from playwright.sync_api import Browser

    watch = AxeWatch()
    request.node.axe_watch = watch
    call, new_context, new_page = SyncBase._sync, Browser.new_context, Browser.new_page

    def checked_call(self, awaitable):
        watch.check_due()
        return call(self, awaitable)

    def watched_context(self, **options):
        # As a user who asked for reduced motion: Bootstrap then switches off its colour
        # transitions, which axe would otherwise catch halfway (a button fading into its hover
        # colour just after a click reads as low contrast).
        options.setdefault("reduced_motion", "reduce")
        context = new_context(self, **options)
        watch.watch_context(context)
        return context

    def watched_page(self, **options):
        page = new_page(self, **options)
        watch.watch_context(page.context)
        watch.watch_page(page)
        return page

    monkeypatch.setattr(SyncBase, "_sync", checked_call)
    monkeypatch.setattr(Browser, "new_context", watched_context)
    monkeypatch.setattr(Browser, "new_page", watched_page)
    yield
    monkeypatch.undo()
    message = watch.report()
    if message and not getattr(request.node, "axe_reported", False):
        pytest.fail(message, pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A page with serious or critical axe findings fails the test that visited it."""
    result = yield
    watch = getattr(item, "axe_watch", None)
    if watch is not None:
        watch.check_due()
        message = watch.report()
        if message:
            item.axe_reported = True
            pytest.fail(message, pytrace=False)
    return result


def pytest_terminal_summary(terminalreporter):
    if AXE_STATS.checked or AXE_STATS.reused:
        terminalreporter.write_line(
            f"axe: {AXE_STATS.checked} page states checked in {AXE_STATS.seconds:.1f} s, "
            f"{AXE_STATS.reused} seen before and not checked again"
        )


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
