"""The typefaces of the official notices: the hospital's own when installed, Noto CJK otherwise.

GB/T 9704-2012 names a typeface for each part of a 公文: 仿宋 for the body,
小标宋 for the issuing body's mark and the title, 黑体 for first-level
headings, 宋体 for the page numbers. Hospitals commonly have 仿宋_GB2312 and
方正小标宋简体; a server often has only Debian's Noto CJK. Each role's
setting (``NOTICE_FONT_BODY`` and the others in qinglian/settings.py, read at
each render) lists the families wanted, best first; the first one fontconfig
knows is used, and when none is installed the role falls back to its Noto
stand-in: Noto Serif CJK SC for 仿宋 and 宋体, its bold for 小标宋 (whose
strokes are that heavy), Noto Sans CJK SC for 黑体.

A real 小标宋 has one weight and is printed in it: asking it for bold would
have it smeared into a fake bold, so only the stand-in is bold.
"""

import functools
import re
from dataclasses import dataclass

from django.conf import settings

SERIF = "Noto Serif CJK SC"
_NOT_IN_A_NAME = re.compile(r"[\"'\\;{}<>\n\r]")
SANS = "Noto Sans CJK SC"


@dataclass(frozen=True)
class NoticeFont:
    family: str
    weight: int
    stand_in: bool

    def css(self):
        """The declarations a rule of the notice's stylesheet carries for this role."""
        fallback = SANS if self.family == SANS else SERIF
        families = [f'"{self.family}"']
        if fallback != self.family:
            families.append(f'"{fallback}"')  # for a character the hospital's font lacks
        # WeasyPrint reads the stylesheets given to a render as the user's,
        # which yield to document.css unless important.
        return (
            f"font-family: {', '.join(families)} !important; font-weight: {self.weight} !important;"
        )


# role → (its setting, the stand-in family, the stand-in's weight)
ROLES = {
    "body": ("NOTICE_FONT_BODY", SERIF, 400),  # 仿宋
    "title": ("NOTICE_FONT_TITLE", SERIF, 700),  # 小标宋
    "marker": ("NOTICE_FONT_MARKER", SERIF, 700),  # 小标宋, the 发文机关标志
    "heading": ("NOTICE_FONT_HEADING", SANS, 400),  # 黑体
    "page_number": ("NOTICE_FONT_PAGE_NUMBER", SERIF, 400),  # 宋体
}


def notice_fonts():
    """role → ``NoticeFont``, from the settings as they stand and the fonts installed."""
    installed = installed_families()
    fonts = {}
    for role, (setting, stand_in, stand_in_weight) in ROLES.items():
        wanted = getattr(settings, setting)
        chosen = next((family for family in _families(wanted) if family in installed), None)
        if chosen is None or chosen in (SERIF, SANS):
            fonts[role] = NoticeFont(chosen or stand_in, stand_in_weight, stand_in=True)
        else:
            fonts[role] = NoticeFont(chosen, 400, stand_in=False)
    return fonts


def _families(wanted):
    """A setting's families, whether a list or one comma-separated string."""
    if isinstance(wanted, str):
        wanted = wanted.split(",")
    # A family name is printed into CSS in double quotes: nothing that could end them.
    families = (_NOT_IN_A_NAME.sub("", family).strip() for family in wanted)
    return [family for family in families if family]


def notice_fonts_css():
    """The notice stylesheet's font rules for the fonts ``notice_fonts`` chose."""
    fonts = notice_fonts()
    selectors = {
        "body": "html, .imprint, .list td",
        "title": "h1",
        "marker": ".issuing-mark",
        "heading": "h2, .list th",
        "page_number": "@page",
    }
    rules = []
    for role, selector in selectors.items():
        if role == "page_number":
            # The margin boxes of both kinds of pages carry the page number.
            for side in ("right", "left"):
                rules.append(f"@page :{side} {{ @bottom-{side} {{ {fonts[role].css()} }} }}")
        else:
            rules.append(f"{selector} {{ {fonts[role].css()} }}")
    return "\n".join(rules)


@functools.cache
def installed_families():
    """Every family name fontconfig knows on this machine, in every language it gives.

    Read once per process through WeasyPrint's own binding of fontconfig (the
    library it lays text out with), so the answer is the one WeasyPrint gets.
    A font installed later is seen after a restart.
    """
    from weasyprint.text.ffi import ffi, fontconfig  # slow import, done on first use

    config = fontconfig.FcInitLoadConfigAndFonts()
    families = set()
    try:
        font_set = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
        if font_set == ffi.NULL:
            return frozenset()
        name = ffi.new("FcChar8 **")
        for index in range(font_set.nfont):
            pattern = font_set.fonts[index]
            number = 0
            while (
                fontconfig.FcPatternGetString(pattern, b"family", number, name)
                == fontconfig.FcResultMatch
            ):
                families.add(ffi.string(name[0]).decode("utf-8", "replace"))
                number += 1
    finally:
        fontconfig.FcConfigDestroy(config)
    return frozenset(families)
