"""Steps and readings shared by the browser tests (the ``sign_in`` fixture is in conftest.py)."""

import dataclasses
import datetime
import hashlib
import re
import shutil
import subprocess
import time

import greenlet
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from publicity.models import Publicity
from publicity.services.publicities import close_due_publicities

# A phone-sized window (a staff member on the intranet from their phone).
PHONE = {"width": 390, "height": 844}


def alert(page):
    """The first message of the page (the outcome of the last action)."""
    return page.get_by_role("alert").first


def cn_date(day):
    """A date as the pages and notices write it: 2026年9月18日."""
    return f"{day.year}年{day.month}月{day.day}日"


def pdf_text(path):
    """The PDF's text as pdftotext reads it, without line breaks (a title may wrap)."""
    text = subprocess.run(  # noqa: S603 - poppler-utils on our own file, fixed arguments
        [shutil.which("pdftotext"), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    return text.replace("\n", "")


def write_and_confirm(
    sign_in,
    live_server,
    application_pk,
    statement,
    evidence_path=None,
    *,
    unit="心内科",
    applicant="applicant_a",
    head="head_a",
):
    """The applicant writes the statement (and uploads ``evidence_path`` under the
    first criterion), the head confirms in their own account, the applicant submits
    to the branch secretary. Returns the applicant's page."""
    applicant_name, head_name = applicant, head
    applicant = sign_in(applicant_name)
    applicant.goto(live_server.url + reverse("appraisal:application_edit", args=[application_pk]))
    applicant.get_by_label("申报材料").fill(statement)
    expect(applicant.locator("#statement-count")).to_have_text(str(len(statement)))
    applicant.get_by_role("button", name="保存", exact=True).click()
    expect(alert(applicant)).to_contain_text("已保存")
    if evidence_path is not None:
        first_criterion = applicant.locator("[id^=criterion-]").first
        first_criterion.get_by_label("选择佐证材料").set_input_files(evidence_path)
        first_criterion.get_by_role("button", name="上传").click()
        expect(alert(applicant)).to_contain_text(f"已上传「{evidence_path.name}」")

    head = sign_in(head_name)
    head.get_by_role("link", name=f"待您确认：{unit}的申报").click()
    head.get_by_role("button", name="负责人确认").click()
    expect(alert(head)).to_contain_text("已确认申报内容")

    applicant.goto(live_server.url + reverse("appraisal:application", args=[application_pk]))
    applicant.get_by_role("button", name="提交申报").click()
    expect(alert(applicant)).to_contain_text("已提交，等待党支部书记填写意见")
    return applicant


def branch_opinion(sign_in, opinion, *, unit="心内科", secretary="secretary_a"):
    """The branch secretary agrees to recommend ``unit``, from their home page."""
    page = sign_in(secretary)
    page.get_by_role("link", name=f"待填写党支部意见：{unit}").click()
    page.get_by_role("radio", name="同意推荐", exact=True).check()
    page.get_by_label("意见").fill(opinion)
    page.get_by_role("button", name="提交党支部意见").click()
    expect(alert(page)).to_contain_text("党支部意见已记录")
    return page


def decide(page, unit, reason, button):
    """On the leading group's decision page: approve (``通过``) or reject (``不通过``) ``unit``."""
    row = page.locator("#decision-table tbody tr").filter(has_text=unit)
    row.get_by_label("审定理由").fill(reason)
    row.get_by_role("button", name=button, exact=True).click()


def pass_the_deadline(publicity, today):
    """The clock passes the publicity's deadline: the whole period moves back until
    its last day was yesterday, and the sweep closes it as the beat would."""
    shift = datetime.timedelta(days=(publicity.last_day - today).days + 1)
    Publicity.objects.filter(pk=publicity.pk).update(
        starts_on=publicity.starts_on - shift,
        last_day=publicity.last_day - shift,
        ends_at=publicity.ends_at - shift,
    )
    assert [p.pk for p in close_due_publicities()] == [publicity.pk]
    publicity.refresh_from_db()


VETO_FACTS = "经查，心内科一名医生收受患者红包，已受到医院处分。"


def report_veto(page, indicator, unit, occurred_on, evidence):
    """The discipline office reports a veto event about ``unit`` with one evidence file."""
    page.get_by_role("link", name="报告否决事项").click()
    page.get_by_label("否决性指标").select_option(label=f"{indicator.number}. {indicator.text}")
    page.get_by_label(re.compile(r"^科室\s*\*?$")).select_option(label=unit)
    page.get_by_label("发生日期").fill(occurred_on.isoformat())
    page.get_by_label("事实描述").fill(VETO_FACTS)
    page.get_by_label("证据材料（可选）").set_input_files(evidence)
    page.get_by_role("button", name="提交报告").click()
    expect(alert(page)).to_contain_text("否决事项已报告，纪检监察室将核实。")


def verify_veto(page):
    """The discipline office verifies the event on its page."""
    verify = page.locator("#verify")
    verify.get_by_label("核实情况").fill("已调阅院纪委处分决定，情况属实。")
    verify.get_by_role("button", name="核实", exact=True).click()
    expect(alert(page)).to_contain_text("已核实，报院党委确认。")


def confirm_veto(page, unit, year):
    """The party committee opens the verified event about ``unit`` (a title holder)
    and confirms it with a rectification of 3 months."""
    page.get_by_role("link", name="待院党委确认的否决事项").click()
    page.locator("#event-table").get_by_role("link", name=unit).click()
    confirm = page.locator("#confirm")
    expect(confirm).to_contain_text("该科室持有清廉科室称号")
    confirm.get_by_label("确认意见").fill(f"经院党委会{year}年第15次会议研究，予以确认。")
    confirm.get_by_label("整改期").select_option(label="3 个月")
    confirm.get_by_role("button", name="确认", exact=True).click()
    expect(alert(page)).to_contain_text("已确认否决事项，相关处理已生效。")


# --- Accessibility: axe-core on every page state a browser test reaches ------------------
#
# Every browser context a test opens (through ``sign_in``, pytest-playwright's ``page``, or
# ``browser.new_context``) is watched: a page's ``load`` and htmx's ``htmx:afterSettle``
# mark it as due. Before the test's next Playwright call (and at the end of the test) the
# due pages are checked with axe-core, which axe-playwright-python carries in its wheel.
# Checking there, in the test's own greenlet, means the page cannot move on while axe reads
# it. A state already checked (same markup once tokens are blanked, same window width) is
# not checked twice, in this test or any later one. tests/browser/conftest.py installs the
# watch for every test in the directory, so no test can forget it.

AXE_IMPACTS = ("serious", "critical")
# Frames hold evidence files (a PDF in a frame), not the product's markup: axe would wait
# for an answer from each frame it cannot load itself into.
AXE_OPTIONS = {"resultTypes": ["violations"], "iframes": False}
# What a page state is, for not checking it twice: its markup with every text blanked
# (a name, a date or a message in other words does not change what axe reports; an element,
# a class or an empty text does), what changes on every rendering blanked (CSRF tokens of
# 64 characters, the double-submit keys' UUIDs), and every number made 0 (the same page of
# another campaign or application: /campaigns/3/ and /campaigns/5/).
_TEXT = re.compile(r">[^<]*[^<\s][^<]*<")
_VOLATILE = re.compile(
    r"[A-Za-z0-9]{64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
)
_NUMBER = re.compile(r"\d+")
# Rows, items and options alike once their texts and numbers are blanked count once: a table
# of five applications is the same state as one of three.
_REPEATED = re.compile(r"(<(tr|li|option)\b[^>]*>.*?</\2>)(?:\s*\1)+", re.DOTALL)
_SETTLED_BINDING = "__qinglianAxeDue"
_SETTLED_SCRIPT = (
    "document.addEventListener('htmx:afterSettle', () => {"
    f" if (window.{_SETTLED_BINDING}) window.{_SETTLED_BINDING}(); }});"
)


@dataclasses.dataclass
class AxeStats:
    """What the checks cost over the session (printed at its end by conftest.py)."""

    checked: int = 0
    reused: int = 0
    seconds: float = 0.0


AXE_STATS = AxeStats()
# Serious and critical findings by page state, kept for the whole session.
_AXE_RESULTS: dict[str, list[str]] = {}


class AxeWatch:
    """The pages of one test, checked with axe-core after each navigation or htmx swap."""

    def __init__(self):
        self.due = {}  # page -> None, in the order they became due
        self.findings = []
        self._checking = False

    def watch_context(self, context):
        # axe-core in every document from its start: compiled once per browser process
        # (V8 caches a script's compilation; evaluating it into each page did not, and
        # cost up to a second a page).
        context.add_init_script(script=_AXE.axe_script)
        context.add_init_script(script=_SETTLED_SCRIPT)
        context.expose_binding(_SETTLED_BINDING, lambda source: self.mark(source["page"]))
        context.on("page", self.watch_page)

    def watch_page(self, page):
        page.on("load", self.mark)
        page.on("close", lambda closed: self.due.pop(closed, None))

    def mark(self, page):
        self.due[page] = None

    def check_due(self):
        """Check every due page; only from the test's own greenlet (never from an event
        handler, where the page may be waiting on a dialog), and never reentrantly."""
        if self._checking or greenlet.getcurrent().parent is not None:
            return
        self._checking = True
        try:
            while self.due:
                page = next(iter(self.due))
                del self.due[page]
                if not page.is_closed():
                    self._check(page)
        finally:
            self._checking = False

    def _check(self, page):
        try:
            html = page.evaluate(
                "document.documentElement ? document.documentElement.outerHTML : null"
            )
            if html is None:
                # Caught between two documents while it navigates: its next load marks it
                # due again.
                return
            width = page.evaluate("window.innerWidth")
            shape = _NUMBER.sub("0", _VOLATILE.sub("", _TEXT.sub(">text<", html)))
            shape = _REPEATED.sub(r"\1", shape)
            key = hashlib.sha256(f"{width}\n{shape}".encode()).hexdigest()
            if key in _AXE_RESULTS:
                AXE_STATS.reused += 1
            else:
                started = time.perf_counter()
                results = _run_axe(page)
                AXE_STATS.seconds += time.perf_counter() - started
                AXE_STATS.checked += 1
                _AXE_RESULTS[key] = _serious(results)
        except PlaywrightError as error:
            # The page navigated while it was read: its next load marks it due again.
            if "context was destroyed" in str(error) or "navigat" in str(error):
                return
            raise
        for finding in _AXE_RESULTS[key]:
            self.findings.append(f"{page.url} (width {width}px): {finding}")

    def report(self):
        """The failure message: every finding, or None when there is none."""
        if not self.findings:
            return None
        lines = "\n".join(f"- {finding}" for finding in dict.fromkeys(self.findings))
        return f"axe found serious or critical problems:\n{lines}"


def _run_axe(page):
    """axe-core's violations on the page as it is (axe is already there, from the context's
    init script, but for a page opened before the watch began)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_AXE.axe_script)
    return page.evaluate(_RUN_SERIOUS_RULES, AXE_OPTIONS)


# Only the rules axe runs by default (not experimental) whose findings are serious or
# critical (each axe rule has one impact): the others, e.g. ``region``, cost time and could
# not fail the test.
_RUN_SERIOUS_RULES = """options => {
  const rules = (axe._audit && axe._audit.rules || [])
    .filter(rule => rule.enabled && ['serious', 'critical'].includes(rule.impact))
    .filter(rule => !rule.tags.includes('experimental'))
    .map(rule => rule.id);
  const only = rules.length ? {runOnly: {type: 'rule', values: rules}} : {};
  return axe.run(document, {...options, ...only});
}"""


_AXE = Axe()


def _serious(results):
    findings = []
    for violation in results["violations"]:
        if violation["impact"] not in AXE_IMPACTS:
            continue
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        shown = "; ".join(targets[:8]) + (
            f"; and {len(targets) - 8} more" if len(targets) > 8 else ""
        )
        # What axe says of the first element, e.g. the contrast and both colours.
        checks = [c for node in violation["nodes"][:1] for c in node["any"] + node["all"]]
        said = f" [{checks[0]['message']}]" if checks else ""
        findings.append(
            f"{violation['id']} ({violation['impact']}, {len(targets)} elements): "
            f"{violation['help']} at {shown}{said}"
        )
    return findings
