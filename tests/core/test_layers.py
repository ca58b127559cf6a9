"""The apps stay in layers: an import only goes down, and none hides in a function.

The contract is in pyproject.toml ([tool.importlinter]); ``make lint`` runs it
too. An import inside a function that only dodged an import cycle hid an
upward dependency from the contract; the few that remain have a reason below.
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PROJECT_APPS = (
    "qinglian",
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
    "onboarding",
    "hospital",
    "workplan",
    "reports",
    "integrity",
    "risks",
    "supervision",
    "responsibility",
    "analysis",
    "coverage",
)

# (file, function, imported module) → why it is imported inside the function.
ALLOWED = {
    # AppConfig.ready() runs once the app registry is loaded; what it imports
    # imports models, which cannot be imported before.
    ("accounts/apps.py", "ready", "."): "app loading: the login audit and language receivers",
    ("accounts/apps.py", "ready", ".roles"): "app loading: the role groups' sync",
    ("notifications/apps.py", "ready", ".models"): "app loading: the unread count's signals",
    ("notifications/apps.py", "ready", ".selectors"): "app loading: the unread count's signals",
    ("appraisal/apps.py", "ready", "appraisal"): "app loading: registers its document kinds",
    ("publicity/apps.py", "ready", "publicity"): "app loading: registers its document kind",
    ("veto/apps.py", "ready", "veto"): "app loading: its document kind and veto rules",
    ("veto/apps.py", "ready", "appraisal.vetoes"): "app loading: the hook veto registers with",
    ("departments/apps.py", "ready", ".firstrun"): "app loading: registers its first-run step",
    ("workcalendar/apps.py", "ready", "workcalendar"): "app loading: its first-run step",
    ("onboarding/apps.py", "ready", ".firstrun"): "app loading: registers its first-run step",
    ("documents/apps.py", "ready", "documents"): "app loading: registers its document numbers",
    # The year-round apps register their record kinds with appraisal (appraisal/records.py).
    ("integrity/apps.py", "ready", "integrity"): "app loading: registers its record kinds",
    ("risks/apps.py", "ready", "risks"): "app loading: registers its record kinds",
    ("supervision/apps.py", "ready", "supervision"): "app loading: registers its record kind",
    ("reports/apps.py", "ready", "reports"): "app loading: registers its record kind",
    ("responsibility/apps.py", "ready", "responsibility"): "app loading: registers its record kind",
    ("analysis/apps.py", "ready", "analysis"): "app loading: registers its document kind",
    ("reports/apps.py", "ready", "reports.status"): "app loading: the task status it registers",
    ("reports/apps.py", "ready", "workplan.status"): "app loading: the hook it registers with",
    ("documents/apps.py", "ready", "hospital.registry"): "app loading: the hook it registers with",
    ("publicity/apps.py", "ready", "hospital.registry"): "app loading: the hook it registers with",
    ("publicity/apps.py", "ready", "publicity.services.board"): "app loading: the board's cache "
    "cleared when the hospital's settings change",
    ("hospital/apps.py", "ready", "hospital.firstrun"): "app loading: its first-run step",
    ("coverage/apps.py", "ready", "coverage"): "app loading: registers its permission's rule",
}


def _function_level_imports():
    for app in PROJECT_APPS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.ImportFrom):
                        module = "." * node.level + (node.module or "")
                        if node.level == 0 and module.split(".")[0] not in PROJECT_APPS:
                            continue
                        modules = [module]
                    elif isinstance(node, ast.Import):
                        modules = [
                            alias.name
                            for alias in node.names
                            if alias.name.split(".")[0] in PROJECT_APPS
                        ]
                    else:
                        continue
                    relative = path.relative_to(BASE_DIR).as_posix()
                    for module in modules:
                        yield (relative, function.name, module), node.lineno


def test_the_layer_contract_is_kept():
    lint_imports = shutil.which("lint-imports") or str(
        Path(sys.executable).with_name("lint-imports")
    )
    result = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [lint_imports, "--no-cache"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_project_import_hides_in_a_function():
    hidden = [
        f"{key[0]}:{line} {key[1]}() imports {key[2]}"
        for key, line in _function_level_imports()
        if key not in ALLOWED
    ]
    assert hidden == []


def test_every_allowed_function_level_import_still_exists():
    found = {key for key, _line in _function_level_imports()}
    assert set(ALLOWED) - found == set()
