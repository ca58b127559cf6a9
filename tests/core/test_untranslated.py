"""No Chinese text in the product's Python code escapes translation.

Every user-facing string is written in Chinese as the gettext msgid; one that is
not passed to gettext shows Chinese on the English pages. This test reads the
code (an AST scan, not a regular expression over lines) and fails on any string
literal holding a Chinese character outside a gettext call, except:

* docstrings (read by developers, not users);
* Django permission names (``Meta.permissions``): Django stores them in the
  database when it migrates, so they cannot follow the reader's language;
* the places listed below, each with the reason its Chinese is deliberate.

The exceptions name a file, or a function or class in it, never a line, so
they survive edits; a new string anywhere else must be marked.
"""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = (
    "core",
    "accounts",
    "departments",
    "workcalendar",
    "notifications",
    "documents",
    "appraisal",
    "publicity",
    "veto",
    "home",
    "hospital",
    "onboarding",
    "qinglian",
    "workplan",
    "reports",
    "integrity",
    "risks",
    "supervision",
    "responsibility",
    "analysis",
    "coverage",
)
NOT_PRODUCT = {"migrations"}  # written by makemigrations, replayed as they are
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}

OFFICIAL = "what an official document says: notices are Chinese whatever the reader's language"
ROSTER_FORMAT = "the roster file's columns and values, as hospitals keep their rosters"
STORED_TITLE = "a default title stored with the record and printed on its official notices"

# Whole files whose Chinese is the point.
CHINESE_FILES = {
    "departments/demo.py": "the demo hospital's departments, branches and people (data)",
    "appraisal/demo.py": "the demo campaign's statements, opinions and numbers (data)",
    "appraisal/demo_evaluation.py": "the demo yearly evaluations' titles, references and comments (data)",
    "appraisal/documents.py": OFFICIAL,
    "publicity/documents.py": OFFICIAL,
    "veto/documents.py": OFFICIAL,
    "documents/notices.py": OFFICIAL,
    "documents/numbers.py": "the document number's form, 院党〔2026〕12号",
    "core/templatetags/qinglian.py": "dates as official notices print them (二〇二六年九月十八日)",
    "workcalendar/packaged.py": "holiday names as the State Council publishes them (data)",
    "departments/resources/departments.py": ROSTER_FORMAT,
    "departments/resources/people.py": ROSTER_FORMAT,
    "departments/resources/widgets.py": ROSTER_FORMAT,
    "workplan/demo.py": "the demo hospital's work plan (data)",
    "reports/demo.py": "the demo hospital's reports and publicity materials (data)",
    "integrity/demo.py": "the demo hospital's integrity records (data)",
    "risks/demo.py": "the demo hospital's risk points and key posts (data)",
    "supervision/demo.py": "the demo hospital's supervision visits and findings (data)",
    "responsibility/demo.py": "the demo hospital's holders of public power and their lists (data)",
    "analysis/demo.py": "the demo hospital's quarterly reports, commentary and conclusions (data)",
    "analysis/documents.py": "the quarterly report's PDF file name: Chinese whatever the reader's language",
    "coverage/demo.py": "the demo hospital's earlier titles, a revocation and a merger (data)",
    "workplan/schedule.py": "schedule texts as hospitals write them (2026年3月底前, 上半年 …)",
    "workplan/services/imports.py": "the work plan file's columns, as hospitals keep their plans",
    "integrity/enums.py": "the default commitment text, stored with each commitment as signed",
    "qinglian/settings.py": (
        "the hospital's own names (issuing bodies, number prefix), the language's own "
        "name, and the start-up error raised before translations can load"
    ),
}

# ``(file, "Qualified.name")``: a function or class (with everything inside it).
CHINESE_PLACES = {
    ("appraisal/bonus.py", "bonus_workbook"): "the columns the medical-ethics appraisal reads",
    ("appraisal/services/campaigns.py", "campaign_create"): STORED_TITLE,
    ("appraisal/services/campaigns.py", "campaign_copy"): STORED_TITLE,
    ("appraisal/views/campaigns.py", "campaign_create"): STORED_TITLE,
    ("departments/views.py", "roster_import_preview"): ROSTER_FORMAT,
    ("documents/models.py", "DocumentNumber"): "the document number's form, 〔2026〕12号",
    ("workplan/services/plans.py", "_next_year_text"): "a schedule text's year (2026年 → 2027年)",
}


def _python_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if not NOT_PRODUCT & set(path.relative_to(ROOT).parts):
                yield path


class _Scan(ast.NodeVisitor):
    def __init__(self):
        self.scope = []
        self.skipped = set()
        self.found = []  # (qualified name, line, text)

    def _skip_docstring(self, node):
        body = getattr(node, "body", None)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self.skipped.add(id(body[0].value))

    def _skip_inside(self, node):
        for child in ast.walk(node):
            self.skipped.add(id(child))

    def visit_Module(self, node):
        self._skip_docstring(node)
        self.generic_visit(node)

    def _scoped(self, node):
        self._skip_docstring(node)
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node):
        self._scoped(node)

    def visit_AsyncFunctionDef(self, node):
        self._scoped(node)

    def visit_ClassDef(self, node):
        if node.name == "Meta":
            for statement in node.body:
                if isinstance(statement, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id == "permissions"
                    for target in statement.targets
                ):
                    self._skip_inside(statement.value)
        self._scoped(node)

    def visit_Call(self, node):
        func = node.func
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        if name in GETTEXT:
            for argument in node.args:
                self._skip_inside(argument)
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str) and id(node) not in self.skipped and HAN.search(node.value):
            self.found.append((".".join(self.scope), node.lineno, node.value))


def untranslated(path):
    """(qualified name, line, text) of each Chinese literal outside gettext in ``path``."""
    scan = _Scan()
    scan.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return scan.found


def _excepted(relative, qualname):
    if relative in CHINESE_FILES:
        return True
    parts = qualname.split(".") if qualname else []
    return any(
        (relative, ".".join(parts[:depth])) in CHINESE_PLACES for depth in range(1, len(parts) + 1)
    )


def test_no_chinese_literal_outside_gettext():
    found = []
    for path in _python_files():
        relative = path.relative_to(ROOT).as_posix()
        for qualname, line, text in untranslated(path):
            if not _excepted(relative, qualname):
                found.append(f"{relative}:{line} ({qualname or 'module'}): {text[:30]!r}")
    assert found == [], "Chinese outside gettext:\n" + "\n".join(found)


def test_every_exception_still_names_chinese_text():
    """An exception whose Chinese is gone (marked, moved or deleted) is removed from the list."""
    stale = []
    for relative in CHINESE_FILES:
        if not untranslated(ROOT / relative):
            stale.append(relative)
    for relative, qualname in CHINESE_PLACES:
        names = {name for name, _line, _text in untranslated(ROOT / relative)}
        if not any(name == qualname or name.startswith(qualname + ".") for name in names):
            stale.append(f"{relative} {qualname}")
    assert stale == []


def test_the_scan_finds_what_it_must(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        '"""模块说明。"""\n'
        "from django.utils.translation import gettext as _\n"
        "class Thing:\n"
        '    """类说明。"""\n'
        "    class Meta:\n"
        '        permissions = [("act", "办理")]\n'
        "    def label(self, count):\n"
        '        ok = _("已标记")\n'
        '        also = _("%(n)s 个") % {"n": count}\n'
        '        return f"未标记 {count}" + "、" + "又一个"\n',
        encoding="utf-8",
    )
    found = [(name, text) for name, _line, text in untranslated(source)]
    assert found == [("Thing.label", "未标记 "), ("Thing.label", "又一个")]
