"""The list of supporting materials (科室资料目录, seed 001's 申报表) and the evidence
files that support each of its items.

The list is the department's own text, one item a line (or, written on one
line, items separated by 、；;，,). Evidence is attached per rubric criterion
(appraisal/services/evidence.py). An item is supported by a file when, once
numbering, punctuation and spaces are set aside:

- the file's name (without its extension) contains the item, or the item
  contains the file's name (of two characters or more): “廉洁承诺书” and
  “2026年廉洁承诺书.pdf”, “廉政约谈记录” and “约谈记录.docx”;
- or the file is attached to a criterion whose text contains the item:
  “廉洁承诺书” and the criterion “科室与全体人员签订廉洁承诺书”.

The page and the 申报表 show each item with its files, and say which items no
file supports, so the department can see what to attach or how to name it.
"""

import re
from dataclasses import dataclass, field

# The Chinese numerals one to ten (一 … 十) by code point: this module has no text to
# translate, and tests/core/test_untranslated.py reads every Chinese literal as one.
NUMERALS = "0-9" + "".join(
    map(chr, (0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341))
)
# 1. / 1、 / (1) / （一） / 一、 / ① … at the start of an item.
NUMBERING = re.compile(
    rf"^\s*(?:[（(]\s*[{NUMERALS}]+\s*[）)]|[{NUMERALS}]+\s*[.、．)）]|[①-⑳])\s*"
)
SEPARATORS = re.compile(r"[、；;，,]")
# What is set aside when comparing: spaces, punctuation and quotation marks.
NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
MIN_NAME_CHARS = 2


def materials_items(text):
    """The items of a materials list, in order, without their numbering."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in SEPARATORS.split(lines[0]) if part.strip()]
    items = [NUMBERING.sub("", line).strip() for line in lines]
    return [item for item in items if item]


def _plain(text):
    return NOISE.sub("", text or "").lower()


def _stem(name):
    return name.rsplit(".", 1)[0] if "." in name else name


def supports(item, file_name, criterion_text=""):
    """Whether the file ``file_name`` (attached to a criterion of ``criterion_text``)
    supports the materials item ``item`` (the module's rule)."""
    item, stem = _plain(item), _plain(_stem(file_name))
    if not item:
        return False
    if item in stem or (len(stem) >= MIN_NAME_CHARS and stem in item):
        return True
    return bool(criterion_text) and item in _plain(criterion_text)


@dataclass
class MaterialsItem:
    text: str
    files: list = field(default_factory=list)


def materials_with_evidence(text, files):
    """Each item of the list ``text`` with the files that support it.

    ``files`` is a sequence of ``(file, name, criterion_text)``: the object the
    caller wants back (an Evidence row, or a snapshot's entry), its file name
    and the text of its criterion ("" for one attached to the application as
    a whole). A file may support several items. No query.
    """
    return [
        MaterialsItem(
            text=item,
            files=[file for file, name, criterion in files if supports(item, name, criterion)],
        )
        for item in materials_items(text)
    ]
