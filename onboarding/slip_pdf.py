"""The account slips as PDF, written directly: a fixed layout, one embedded font subset.

Why not WeasyPrint, as the notices are: a slip is always the same ten lines
in the same box, and laying them out as HTML cost 3.3 ms of CPU a slip on a
quiet machine and 5.9 ms in the benchmark on a loaded one: 33 to 59 s for a
hospital of 10,000 people, over issue 13's limit of 30 s for opening the
accounts and printing their slips. Written here with pydyf (WeasyPrint's own
PDF library) and fontTools, the benchmark's 10,000 slips in 100 departments
take 1.1 s of CPU (0.1 ms a slip, ``benchmarks/accounts.py``), and a PDF of
100 slips is 34 kB instead of 178 kB.

What the PDF holds:

* A4 portrait pages (595.28 × 841.89 pt), ten slips a page in two columns of
  five, each 96.5 × 56 mm inside a dashed grey frame to cut along, the block
  centred (8.5 mm margins all round, within what any office printer prints).
  Each department starts on a new page.
* One font, Noto Sans Mono CJK SC from Debian's fonts-noto-cjk (the notices'
  Noto Sans CJK SC with half-width monospaced Latin letters and digits, so the
  username and the password read unambiguously and line up), found by
  fontconfig (or in Debian's place for it). It is embedded as a ``/Type0`` font with ``/Identity-H``
  encoding: the text strings are two-byte CIDs. Its descendant is a
  ``/CIDFontType0`` with ``/W`` (the advance of every glyph used) and a
  ``/FontDescriptor`` whose ``/FontFile3`` (``/Subtype /CIDFontType0C``) is a
  bare CID-keyed CFF holding only the glyphs this PDF uses, under their CIDs
  in the full font. A ``/ToUnicode`` CMap maps each CID back to its
  character, so the text can be copied, searched and read by pdftotext.
* The CFF subset is written by ``_cff`` below, not by ``fontTools.subset``:
  subsetting the 65,535-glyph font with fontTools took 0.36 s of CPU a PDF
  when the font was reloaded for it and 0.40 to 0.52 s when a loaded one was
  deep-copied, 36 s for the benchmark's 100 departments. Instead the font is
  parsed once per process (``_SlipFont``: 0.05 s, 30 MB), each glyph's
  charstring is desubroutinized once when first used
  (``fontTools.cffLib.transforms``) and kept, and a subset is these
  standalone charstrings, the charset (their CIDs), FDSelect and the Private
  dicts of the font dicts they use, without subroutines: well under 1 ms a
  PDF.

A character the font lacks (Noto CJK covers nearly all of CJK Extension A and
the common Extension B characters, e.g. 㮾 䶮 𠀋, but not every one, e.g. 𪚥)
is printed as 〓, the typesetters' mark for a missing character, and
extracted as 〓: the slip still carries the username, which is what signs
in, and the Excel file of the same slips has the name as it is. Refusing
would leave the creator without the slips of the whole department, whose
passwords are shown only this once; another face of fonts-noto-cjk would not
help (they all cover the same characters).
"""

import array
import bisect
import hashlib
import io
import itertools
import shutil
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass

import pydyf
from django.core.exceptions import ImproperlyConfigured
from fontTools.cffLib.transforms import desubroutinizeCharString
from fontTools.ttLib import TTCollection, TTFont, TTLibError

FAMILY = "Noto Sans Mono CJK SC"
DEBIAN_FILE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
MISSING = "〓"  # GETA MARK, U+3013: a character the font lacks

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
SLIP_WIDTH, SLIP_HEIGHT = 96.5 * MM, 56 * MM
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
LEFT = (PAGE_WIDTH - COLUMNS * SLIP_WIDTH) / 2
TOP = PAGE_HEIGHT - (PAGE_HEIGHT - ROWS * SLIP_HEIGHT) / 2
PADDING_X, PADDING_Y = 5 * MM, 4.5 * MM
TEXT_WIDTH = SLIP_WIDTH - 2 * PADDING_X


@dataclass(frozen=True)
class SlipText:
    """What a slip says, in the site's language; the person's values are filled in."""

    title: str
    name: str
    department: str
    username: str
    password: tuple  # (its label, the password), the password printed larger
    site: str
    notes: tuple  # the lines below, in a smaller size


def _face(path):
    """The slip font's index in the collection (or font file) at ``path``, or None."""
    try:
        try:
            faces = TTCollection(path, lazy=True).fonts
        except TTLibError:  # not a collection: one font?
            faces = [TTFont(path, lazy=True)]
        for index, face in enumerate(faces):
            if face["name"].getDebugName(4) == FAMILY:  # the full name: the Regular face's
                return index
    except (OSError, TTLibError, AssertionError, KeyError, struct.error):  # not a font
        return None
    return None


def _font_file():
    """``(path, index)`` of the slip font: where fontconfig finds it, else Debian's file.

    fontconfig's ``fc-match`` is Debian's ``fontconfig`` package, which the
    image does not need otherwise; fonts-noto-cjk puts the file at ``DEBIAN_FILE``.
    """
    paths = []
    fc_match = shutil.which("fc-match")
    if fc_match:
        paths.append(
            subprocess.run(  # noqa: S603 - fontconfig, fixed arguments
                [fc_match, "-f", "%{file}", f"{FAMILY}:style=Regular"],
                capture_output=True,
                text=True,
                check=False,
                timeout=30,
            ).stdout
        )
    paths.append(DEBIAN_FILE)
    for path in paths:
        index = _face(path) if path else None
        if index is not None:
            return path, index
    raise ImproperlyConfigured(
        f"The slips' font {FAMILY} is not installed (Debian: fonts-noto-cjk)."
    )


def _advances(hmtx, metrics, count):
    """Every glyph's advance, from the raw hmtx table: ``metrics`` pairs, then the last repeated."""
    pairs = array.array("H", hmtx[: 4 * metrics])
    if sys.byteorder == "little":
        pairs.byteswap()
    advances = pairs[0::2]
    advances.extend([advances[-1]] * (count - metrics))
    return advances


class _Cmap:
    """The font's format 12 (whole Unicode) cmap subtable, read from the raw table by bisection.

    Read so rather than decompiled by fontTools, whose 44,810 entries cost some
    30 MB while being made, for the few hundred characters a process will show.
    """

    def __init__(self, table):
        (tables,) = struct.unpack(">H", table[2:4])
        for at in range(4, 4 + 8 * tables, 8):
            platform, encoding, offset = struct.unpack(">HHI", table[at : at + 8])
            (kind,) = struct.unpack(">H", table[offset : offset + 2])
            if (platform, encoding) in {(3, 10), (0, 4), (0, 6)} and kind == 12:
                (groups,) = struct.unpack(">I", table[offset + 12 : offset + 16])
                data = array.array("I", table[offset + 16 : offset + 16 + 12 * groups])
                if sys.byteorder == "little":
                    data.byteswap()
                self.starts, self.ends, self.glyphs = data[0::3], data[1::3], data[2::3]
                return
        raise ImproperlyConfigured(f"{FAMILY} has no format 12 (whole Unicode) cmap")

    def get(self, code):
        """The glyph index of ``code``, or None."""
        at = bisect.bisect_right(self.starts, code) - 1
        if at >= 0 and code <= self.ends[at]:
            return self.glyphs[at] + code - self.starts[at]
        return None


class _SlipFont:
    """The slip font, parsed once per process; its glyphs made standalone as they are used.

    Kept: the CFF table (15 MB, its charstrings read when used), the cmap's
    groups and the advances; the rest of the collection (19 MB, read by
    fontTools) is let go once they are read.
    """

    def __init__(self, path, number):
        font = TTFont(path, fontNumber=number, lazy=True)
        cff = font["CFF "].cff
        self.top = cff.topDictIndex[0]
        self.names = self.top.charset  # glyph index -> glyph name
        if not hasattr(self.top, "ROS") or any(
            name != f"cid{gid:05d}" for gid, name in enumerate(self.names) if gid
        ):
            raise ImproperlyConfigured(f"{FAMILY} in {path} is not a CID-keyed CFF, CID = GID")
        # The collection's faces share one CFF: the face's own PostScript name.
        self.name = font["name"].getDebugName(6) or cff.fontNames[0]
        self.cmap = _Cmap(font.reader["cmap"])
        self.advances = _advances(
            font.reader["hmtx"], font["hhea"].numberOfHMetrics, len(self.names)
        )
        self.scale = 1000 / font["head"].unitsPerEm
        os2 = font["OS/2"]
        self.ascent, self.descent = os2.sTypoAscender, os2.sTypoDescender
        self.cap_height = getattr(os2, "sCapHeight", 0) or self.ascent
        self.bbox = list(self.top.FontBBox)
        self._charstrings = {}  # glyph name -> (fd index, desubroutinized bytes)
        self._privates = {}  # fd index -> Private DICT operators
        self._lock = threading.Lock()
        cff.otFont = None
        font.close()

    def glyph(self, character):
        """``(glyph name, character it shows)``: 〓's glyph and 〓 when the font lacks it."""
        gid = self.cmap.get(ord(character))
        if not gid:
            return self.names[self.cmap.get(ord(MISSING))], MISSING
        return self.names[gid], character

    def width(self, glyph):
        """The glyph's advance in thousandths of the font size."""
        return round(self.advances[cid(glyph)] * self.scale)

    def charstring(self, glyph):
        """``(font dict index, charstring bytes without subroutine calls)``."""
        kept = self._charstrings.get(glyph)
        if kept is None:
            with self._lock:  # the charstrings are changed in place
                kept = self._charstrings.get(glyph)
                if kept is None:
                    charstring, fd = self.top.CharStrings.getItemAndSelector(glyph)
                    desubroutinizeCharString(charstring)
                    charstring.compile()
                    kept = self._charstrings[glyph] = (fd or 0, bytes(charstring.bytecode))
        return kept

    def private(self, fd):
        """The font dict's Private DICT operators, its subroutines left out."""
        kept = self._privates.get(fd)
        if kept is None:
            with self._lock:  # read from the CFF table when first asked for
                raw = self.top.FDArray[fd].Private.rawDict
                kept = self._privates[fd] = b"".join(
                    _operands(raw[key], delta=key in _DELTAS) + _PRIVATE[key]
                    for key in _PRIVATE
                    if key in raw
                )
        return kept


_loaded = {}
_loading = threading.Lock()


def slip_font():
    """The process's slip font, loaded on first use."""
    with _loading:
        if "font" not in _loaded:
            _loaded["font"] = _SlipFont(*_font_file())
    return _loaded["font"]


def cid(glyph):
    """A glyph's CID: Noto CJK names them ``cid01234`` (Adobe-Identity-0, CID = GID)."""
    return 0 if glyph == ".notdef" else int(glyph[3:])


# --- CFF (Adobe Technical Note #5176) -------------------------------------------------------

_PRIVATE = {  # Private DICT operators kept; Subrs (19) is not
    "BlueValues": b"\x06",
    "OtherBlues": b"\x07",
    "FamilyBlues": b"\x08",
    "FamilyOtherBlues": b"\x09",
    "StdHW": b"\x0a",
    "StdVW": b"\x0b",
    "BlueScale": b"\x0c\x09",
    "BlueShift": b"\x0c\x0a",
    "BlueFuzz": b"\x0c\x0b",
    "StemSnapH": b"\x0c\x0c",
    "StemSnapV": b"\x0c\x0d",
    "ForceBold": b"\x0c\x0e",
    "LanguageGroup": b"\x0c\x11",
    "ExpansionFactor": b"\x0c\x12",
    "defaultWidthX": b"\x14",
    "nominalWidthX": b"\x15",
}
_DELTAS = {"BlueValues", "OtherBlues", "FamilyBlues", "FamilyOtherBlues", "StemSnapH", "StemSnapV"}
_NIBBLES = {**{str(digit): digit for digit in range(10)}, ".": 0xA, "E": 0xB, "-": 0xE}


def _number(value):
    """A DICT operand, in its shortest encoding."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, float) and not value.is_integer():
        return _real(value)
    value = int(value)
    if -107 <= value <= 107:
        return bytes([value + 139])
    if 108 <= value <= 1131:
        value -= 108
        return bytes([(value >> 8) + 247, value & 0xFF])
    if -1131 <= value <= -108:
        value = -value - 108
        return bytes([(value >> 8) + 251, value & 0xFF])
    if -32768 <= value <= 32767:
        return b"\x1c" + value.to_bytes(2, "big", signed=True)
    return _offset(value)


def _real(value):
    text = repr(value).upper().replace("E-", "c").replace("E+", "E")
    nibbles = [0xC if char == "c" else _NIBBLES[char] for char in text] + [0xF]
    if len(nibbles) % 2:
        nibbles.append(0xF)
    return b"\x1e" + bytes(
        high << 4 | low for high, low in zip(nibbles[::2], nibbles[1::2], strict=True)
    )


def _offset(value):
    """An integer in five bytes, whatever its size, so a DICT's length does not depend on it."""
    return b"\x1d" + value.to_bytes(4, "big", signed=True)


def _operands(value, delta=False):
    if not isinstance(value, list):
        return _number(value)
    if delta:
        value = [later - earlier for earlier, later in itertools.pairwise([0, *value])]
    return b"".join(_number(item) for item in value)


def _index(items):
    """A CFF INDEX of byte strings."""
    if not items:
        return b"\x00\x00"
    offsets = [1]
    for item in items:
        offsets.append(offsets[-1] + len(item))
    size = (offsets[-1].bit_length() + 7) // 8
    return b"".join(
        (
            len(items).to_bytes(2, "big"),
            bytes([size]),
            b"".join(offset.to_bytes(size, "big") for offset in offsets),
            *items,
        )
    )


def _cff(font, glyphs):
    """A CID-keyed CFF of ``glyphs`` (names, .notdef first, in CID order), no subroutines."""
    strings = _index([b"Adobe", b"Identity"])  # SIDs 391 and 392
    selected = [font.charstring(glyph) for glyph in glyphs]
    font_dicts = sorted({fd for fd, _charstring in selected})
    new_fd = {fd: number for number, fd in enumerate(font_dicts)}

    def top_dict(charset, fd_select, charstrings, fd_array):
        return b"".join(
            (
                _number(391) + _number(392) + _number(0) + b"\x0c\x1e",  # ROS Adobe-Identity-0
                _operands(font.bbox) + b"\x05",
                _number(font.top.CIDCount) + b"\x0c\x22",
                _offset(charset) + b"\x0f",
                _offset(fd_select) + b"\x0c\x25",
                _offset(charstrings) + b"\x11",
                _offset(fd_array) + b"\x0c\x24",
            )
        )

    head = b"\x01\x00\x04\x04" + _index([font.name.encode("ascii")])
    top_length = len(_index([top_dict(0, 0, 0, 0)]))
    charset_at = len(head) + top_length + len(strings) + 2  # + the empty global subrs INDEX
    charset = b"\x00" + b"".join(cid(glyph).to_bytes(2, "big") for glyph in glyphs[1:])
    fd_select_at = charset_at + len(charset)
    fd_select = b"\x00" + bytes(new_fd[fd] for fd, _charstring in selected)
    charstrings_at = fd_select_at + len(fd_select)
    charstrings = _index([charstring for _fd, charstring in selected])
    fd_array_at = charstrings_at + len(charstrings)
    privates = [font.private(fd) for fd in font_dicts]
    fd_array_length = len(_index([_offset(0) + _offset(0) + b"\x12" for _fd in font_dicts]))
    at = fd_array_at + fd_array_length
    font_dict_items = []
    for private in privates:
        font_dict_items.append(_offset(len(private)) + _offset(at) + b"\x12")
        at += len(private)
    top = _index([top_dict(charset_at, fd_select_at, charstrings_at, fd_array_at)])
    # Its offsets take five bytes whatever their value: its length is top_length.
    return b"".join(
        (
            head,
            top,
            strings,
            b"\x00\x00",
            charset,
            fd_select,
            charstrings,
            _index(font_dict_items),
            *privates,
        )
    )


# --- PDF --------------------------------------------------------------------------------------


class _Text:
    """The characters of one PDF as CIDs, and the font subset they make."""

    def __init__(self, font):
        self.font = font
        self.codes = {}  # character -> its CID as four hex digits
        self.widths = {}  # character -> advance in 1/1000 em
        self.glyphs = {".notdef": None}  # glyph name -> first character drawn with it

    def add(self, text):
        for character in text:
            if character not in self.codes:
                glyph, shown = self.font.glyph(character)
                self.codes[character] = f"{cid(glyph):04x}"
                self.widths[character] = self.font.width(glyph)
                self.glyphs.setdefault(glyph, shown)

    def hex(self, text):
        self.add(text)
        codes = self.codes
        return "<" + "".join(codes[character] for character in text) + ">"

    def width(self, text, size):
        self.add(text)
        return sum(self.widths[character] for character in text) * size / 1000

    def font_objects(self, pdf):
        """Add the Type0 font and what it refers to; return its reference."""
        font = self.font
        glyphs = sorted(self.glyphs, key=cid)
        tag = "".join(
            chr(65 + byte % 26) for byte in hashlib.sha256("".join(glyphs).encode()).digest()[:6]
        )
        base_font = f"/{tag}+{font.name}"
        program = pydyf.Stream([_cff(font, glyphs)], {"Subtype": "/CIDFontType0C"}, compress=True)
        pdf.add_object(program)
        descriptor = pydyf.Dictionary(
            {
                "Type": "/FontDescriptor",
                "FontName": base_font,
                "Flags": 4,  # symbolic: glyphs outside the standard Latin set
                "FontBBox": pydyf.Array(font.bbox),
                "ItalicAngle": 0,
                "Ascent": font.ascent,
                "Descent": font.descent,
                "CapHeight": font.cap_height,
                "StemV": 80,
                "FontFile3": program.reference,
            }
        )
        pdf.add_object(descriptor)
        widths = pydyf.Array()
        for glyph in glyphs:
            widths.extend([cid(glyph), pydyf.Array([font.width(glyph)])])
        descendant = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/CIDFontType0",
                "BaseFont": base_font,
                "CIDSystemInfo": pydyf.Dictionary(
                    {
                        "Registry": pydyf.String("Adobe"),
                        "Ordering": pydyf.String("Identity"),
                        "Supplement": 0,
                    }
                ),
                "FontDescriptor": descriptor.reference,
                "DW": 1000,
                "W": widths,
            }
        )
        pdf.add_object(descendant)
        to_unicode = pydyf.Stream([self._to_unicode(glyphs)], compress=True)
        pdf.add_object(to_unicode)
        type0 = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type0",
                "BaseFont": base_font,
                "Encoding": "/Identity-H",
                "DescendantFonts": pydyf.Array([descendant.reference]),
                "ToUnicode": to_unicode.reference,
            }
        )
        pdf.add_object(type0)
        return type0.reference

    def _to_unicode(self, glyphs):
        mapped = [
            f"<{cid(glyph):04x}> <{self.glyphs[glyph].encode('utf-16-be').hex()}>"
            for glyph in glyphs
            if self.glyphs[glyph] is not None
        ]
        blocks = [
            f"{len(mapped[at : at + 100])} beginbfchar\n"
            + "\n".join(mapped[at : at + 100])
            + "\nendbfchar"
            for at in range(0, len(mapped), 100)
        ]
        return "\n".join(
            (
                "/CIDInit /ProcSet findresource begin",
                "12 dict begin",
                "begincmap",
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                "/CMapName /Adobe-Identity-UCS def",
                "/CMapType 2 def",
                "1 begincodespacerange",
                "<0000> <FFFF>",
                "endcodespacerange",
                *blocks,
                "endcmap",
                "CMapName currentdict /CMap defineresource pop",
                "end",
                "end",
            )
        ).encode("ascii")


def _line(text, parts, x, y, width):
    """Text operators for one line of ``(string, size)`` parts, shrunk to ``width`` if wider."""
    natural = sum(text.width(string, size) for string, size in parts)
    shrink = min(1.0, width / natural) if natural else 1.0
    operators = [f"BT {x:.2f} {y:.2f} Td"]
    for string, size in parts:
        operators.append(f"/F1 {size * shrink:.2f} Tf {text.hex(string)} Tj")
    operators.append("ET")
    return " ".join(operators)


# (size, line height) in points: the title, a field, the password, a note
TITLE, FIELD, PASSWORD, NOTE = (11, 17), (9.5, 14.5), (12, 16.5), (8.5, 12.5)


def _slip(text, slip, left, top):
    """The text operators of one slip whose frame's top left corner is (left, top)."""
    x = left + PADDING_X
    y = top - PADDING_Y
    lines = [
        (TITLE, [(slip.title, TITLE[0])]),
        (FIELD, [(slip.name, FIELD[0])]),
        (FIELD, [(slip.department, FIELD[0])]),
        (FIELD, [(slip.username, FIELD[0])]),
        (PASSWORD, [(slip.password[0], FIELD[0]), (slip.password[1], PASSWORD[0])]),
        (FIELD, [(slip.site, FIELD[0])]),
        *((NOTE, [(note, NOTE[0])]) for note in slip.notes),
    ]
    operators = []
    for (size, height), parts in lines:
        y -= height
        operators.append(_line(text, parts, x, y + (height - size) / 2, TEXT_WIDTH))
    return "\n".join(operators)


def _cut_lines(count):
    """Dashed grey lines around the page's ``count`` slips, each edge drawn once."""
    edges = set()
    for number in range(count):
        row, column = divmod(number, COLUMNS)
        left, top = LEFT + column * SLIP_WIDTH, TOP - row * SLIP_HEIGHT
        right, bottom = left + SLIP_WIDTH, top - SLIP_HEIGHT
        corners = [(left, top), (right, top), (right, bottom), (left, bottom)]
        for start, end in zip(corners, corners[1:] + corners[:1], strict=True):
            edges.add(tuple(sorted((start, end))))
    lines = [f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l" for (x1, y1), (x2, y2) in sorted(edges)]
    return "\n".join(["q 0.4 G 0.5 w [2 2] 0 d", *lines, "S Q"])


def render(departments):
    """PDF bytes of ``departments``: ``[[SlipText, ...], ...]``, each from a new page."""
    font = slip_font()
    text = _Text(font)
    pages = []
    for slips in departments:
        for first in range(0, len(slips), PER_PAGE):
            on_page = slips[first : first + PER_PAGE]
            operators = [_cut_lines(len(on_page))]
            for number, slip in enumerate(on_page):
                row, column = divmod(number, COLUMNS)
                operators.append(
                    _slip(text, slip, LEFT + column * SLIP_WIDTH, TOP - row * SLIP_HEIGHT)
                )
            pages.append("\n".join(operators))
    if not pages:
        pages.append("")
    pdf = pydyf.PDF()
    font_reference = text.font_objects(pdf)
    resources = pydyf.Dictionary({"Font": pydyf.Dictionary({"F1": font_reference})})
    pdf.add_object(resources)
    for operators in pages:
        content = pydyf.Stream([operators.encode("ascii")], compress=True)
        pdf.add_object(content)
        pdf.add_page(
            pydyf.Dictionary(
                {
                    "Type": "/Page",
                    "Parent": pdf.pages.reference,
                    "MediaBox": pydyf.Array([0, 0, round(PAGE_WIDTH, 2), round(PAGE_HEIGHT, 2)]),
                    "Resources": resources.reference,
                    "Contents": content.reference,
                }
            )
        )
    output = io.BytesIO()
    pdf.write(output, version=b"1.7", compress=True)
    return output.getvalue()
