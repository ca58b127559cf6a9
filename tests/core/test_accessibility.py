"""What the pages promise assistive technology, read from the HTML the server renders.

The browser tests run axe-core on every page they reach (tests/browser/helpers.py,
``AxeWatch``); these tests reach every page of the URLconf instead, through the
permission matrix's rows (tests/test_permission_matrix.py), as a persona allowed to see
it, and check what can be read without a browser: one ``<h1>``, every id that
``aria-describedby``, ``aria-labelledby`` and ``<label for>`` name exists, every form
control has a name, and a form sent back with errors says so with the ids Django 5.2's
widgets point at (``<id>_error``, ``<id>_helptext``).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.test_permission_matrix import FORM_POSTS, MATRIX

# Who looks at a page: the first of these the matrix lets see it.
LOOKERS = ("party_office", "leading_group", "party_committee", "discipline_office")
LOOKERS += tuple(p for p in PERSONAS if p not in LOOKERS)
REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls")
# Controls that need no label: hidden ones, and buttons that carry their own text.
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


def _looker(row):
    return next((p for p in LOOKERS if row.status_for(p) == 200), None)


PAGES = sorted(
    name for name, row in MATRIX.items() if row.method == "get" and _looker(row) is not None
)


class Page(HTMLParser):
    """The parts of a page these tests read: ids, references to ids, h1s, controls."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.ids, self.references, self.h1s = set(), [], 0
        self.controls, self.labelled = [], set()
        self._label_depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in REFERENCES:
            for target in (attrs.get(name) or "").split():
                self.references.append((tag, name, target))
        if tag == "label":
            self._label_depth += 1
            if attrs.get("for"):
                self.references.append((tag, "for", attrs["for"]))
                self.labelled.add(attrs["for"])
        if tag == "h1":
            self.h1s += 1
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in UNLABELLED_TYPES:
            named = bool(
                attrs.get("aria-label") or attrs.get("aria-labelledby") or attrs.get("title")
            )
            self.controls.append(
                (tag, attrs.get("name"), attrs.get("id"), named or bool(self._label_depth))
            )

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth = max(0, self._label_depth - 1)

    def missing_ids(self):
        return sorted(
            {
                f"{tag} {name}={target}"
                for tag, name, target in self.references
                if target not in self.ids
            }
        )

    def unnamed_controls(self):
        return sorted(
            f"{tag} name={name}"
            for tag, name, control_id, named in self.controls
            if not named and control_id not in self.labelled
        )


def _html(response):
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def _get(request, persona_client, url_name):
    row = MATRIX[url_name]
    client = persona_client(_looker(row))
    return client.get(reverse(url_name, args=row.build(request) if row.build else None))


@pytest.mark.parametrize("url_name", PAGES)
def test_page_has_one_h1_and_names_what_it_references(db, request, persona_client, url_name):
    response = _get(request, persona_client, url_name)
    assert response.status_code == 200
    if not _html(response):
        # An export or a PDF: a download, not a page.
        assert not response["Content-Type"].startswith("text/html"), url_name
        return
    html = response.content.decode()
    page = Page(html)
    if "<html" in html:
        assert page.h1s == 1, f"{url_name}: {page.h1s} <h1> elements"
    assert page.missing_ids() == [], f"{url_name}: references to ids that do not exist"
    assert page.unnamed_controls() == [], f"{url_name}: form controls without a label"


@pytest.mark.parametrize("url_name", sorted(FORM_POSTS))
def test_form_sent_back_with_errors_names_them(db, request, persona_client, url_name):
    """Every form page posted empty: what comes back (the form with its errors, or a
    redirect when an empty post is a complete one) references only ids it has."""
    row = FORM_POSTS[url_name]
    actor = next(p for p in LOOKERS if p in row.acting())
    client = persona_client(actor)
    url = reverse(url_name, args=row.build(request) if row.build else None)
    response = client.post(url, {})
    if response.status_code != 200:
        assert response.status_code in {302, 400, 403, 409}, f"{url_name}: {response.status_code}"
        return
    page = Page(response.content.decode())
    assert page.missing_ids() == [], f"{url_name}: references to ids that do not exist"
    assert page.unnamed_controls() == [], f"{url_name}: form controls without a label"


def test_password_change_with_errors_points_at_its_error_texts(persona_client):
    response = persona_client("staff").post(reverse("accounts:password_change"), {})
    html = response.content.decode()
    assert response.status_code == 200
    old_password = re.search(r"<input[^>]*name=\"old_password\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in old_password
    assert "id_old_password_error" in old_password
    assert 'id="id_old_password_error"' in html
    assert Page(html).missing_ids() == []


class _Sample(forms.Form):
    count = forms.IntegerField(label="人数", help_text="在编人员")
    agreed = forms.BooleanField(label="同意", help_text="勾选即同意")


def test_field_partial_renders_the_help_and_error_ids_the_widget_names():
    form = _Sample(data={"count": "many"})
    html = "".join(
        render_to_string("partials/field.html", {"field": form[name]})
        for name in ("count", "agreed")
    )
    page = Page(html)
    assert {
        "id_count_helptext",
        "id_count_error",
        "id_agreed_helptext",
        "id_agreed_error",
    } <= page.ids
    assert page.missing_ids() == []
    assert html.count('aria-invalid="true"') == 2


def test_field_partial_without_errors_is_not_invalid():
    html = render_to_string("partials/field.html", {"field": _Sample()["count"]})
    assert 'aria-describedby="id_count_helptext"' in html
    assert "aria-invalid" not in html
    assert "id_count_error" not in html


def test_favicon_ico_redirects_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("favicon.svg")
    assert finders.find("favicon.svg") is not None


def test_every_page_links_the_favicon(db, client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg" type="image/svg\+xml">', html)


@pytest.mark.parametrize(("language", "lang"), [("zh-hans", "zh-hans"), ("en", "en")])
def test_html_lang_follows_the_active_language(db, client, settings, language, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'<html lang="{lang}">' in html


def test_base_page_has_a_skip_link_and_landmarks(db, client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert re.search(r'<a class="[^"]*skip-link[^"]*" href="#main">跳到正文</a>', html)
    assert '<main id="main"' in html
    assert re.search(r"<nav [^>]*aria-label=", html)
    assert "<footer" in html


def _luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(foreground, background):
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


CSS = (Path(settings.BASE_DIR) / "static" / "css" / "qinglian.css").read_text()


def test_navigation_text_contrasts_with_its_red_at_least_4_5_to_1():
    red = re.search(r"\.bg-qinglian \{ background-color: #([0-9a-f]{6}); \}", CSS).group(1)
    background = tuple(int(red[i : i + 2], 16) for i in (0, 2, 4))
    alpha = float(re.search(r"--bs-navbar-color: rgba\(255, 255, 255, ([0-9.]+)\)", CSS).group(1))
    link = tuple(round(255 * alpha + channel * (1 - alpha)) for channel in background)
    assert _contrast(link, background) >= 4.5
    assert _contrast((255, 255, 255), background) >= 4.5  # hover and the current page


def test_font_stack_names_chinese_fonts():
    stack = re.search(r"--bs-font-sans-serif: ([^;]+);", CSS).group(1)
    for font in (
        '"PingFang SC"',
        '"Microsoft YaHei"',
        '"Noto Sans CJK SC"',
        '"Source Han Sans SC"',
    ):
        assert font in stack
    assert stack.endswith("sans-serif")
