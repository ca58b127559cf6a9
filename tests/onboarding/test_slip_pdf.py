"""The slips' PDF as poppler reads it: valid, the font embedded, the text extractable."""

import io
import shutil
import subprocess

import pytest
from django.core.exceptions import ImproperlyConfigured
from fontTools.cffLib import CFFFontSet, PrivateDictDecompiler
from fontTools.ttLib import TTFont

from onboarding import slip_pdf
from onboarding.slips import Slip, slips_pdf


def _poppler(tool, content, tmp_path, *arguments, after=()):
    path = tmp_path / "slips.pdf"
    path.write_bytes(content)
    done = subprocess.run(  # noqa: S603 - poppler-utils on our own file, fixed arguments
        [shutil.which(tool), *arguments, str(path), *after],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert done.stderr == ""  # poppler complains of a broken file or font on stderr
    return done.stdout


def _slips(count, department_id=1, department="心内科", name="王一"):
    return [
        Slip(department_id, department, name, f"Q{department_id}{n:03d}", f"k7m2xq9r{n:04d}")
        for n in range(count)
    ]


def _pages(content, tmp_path):
    info = _poppler("pdfinfo", content, tmp_path)
    (line,) = [line for line in info.splitlines() if line.startswith("Pages:")]
    return int(line.split()[1])


def test_the_pdf_is_valid_with_its_font_embedded(tmp_path):
    content = slips_pdf(_slips(3))
    assert _pages(content, tmp_path) == 1
    fonts = _poppler("pdffonts", content, tmp_path).splitlines()
    assert len(fonts) == 3  # the header, its rule, one font
    name, *kind, encoding, embedded, subset, to_unicode, _number, _generation = fonts[2].split()
    assert name.endswith("+NotoSansMonoCJKsc-Regular")
    assert (" ".join(kind), encoding) == ("CID Type 0C", "Identity-H")
    assert (embedded, subset, to_unicode) == ("yes", "yes", "yes")
    # Drawn without complaint, and something drawn (not a blank page).
    _poppler("pdftoppm", content, tmp_path, "-r", "20", "-gray", after=[str(tmp_path / "page")])
    (page,) = tmp_path.glob("page*.pgm")
    pixels = page.read_bytes().split(b"\n", 3)[3]  # after P5, the size and the maximum
    assert min(pixels) < 128


def test_name_password_and_the_rest_are_extracted(tmp_path):
    (slip,) = _slips(1, name="欧阳明月")
    text = _poppler("pdftotext", slips_pdf([slip]), tmp_path, after=["-"])
    assert "【账号开通通知单】" in text
    assert "姓名：欧阳明月" in text
    assert "科室：心内科" in text
    assert f"用户名：{slip.username}" in text
    assert f"初始密码：{slip.password}" in text
    assert "忘记密码请联系党办或系统管理员重置。" in text


def test_ten_slips_a_page_each_department_from_a_new_page(tmp_path):
    assert _pages(slips_pdf(_slips(10)), tmp_path) == 1
    assert _pages(slips_pdf(_slips(11)), tmp_path) == 2
    two_departments = _slips(3) + _slips(1, department_id=2, department="骨科")
    assert _pages(slips_pdf(two_departments), tmp_path) == 2
    assert _pages(slips_pdf(_slips(20) + _slips(1, department_id=2)), tmp_path) == 3


def test_rare_characters_print_and_one_the_font_lacks_prints_as_geta(tmp_path):
    # 㮾 and 䶮 are in CJK Extension A, 𠀋 in Extension B: the font has them.
    # 𪚥 (Extension B) it has not: it prints as 〓, and the rest of the name stays.
    slips = [
        Slip(1, "心内科", "㮾䶮", "Q001", "k7m2xq9r4tbz"),
        Slip(1, "心内科", "王𠀋", "Q002", "abcdefghjkmn"),
        Slip(1, "心内科", "张𪚥明", "Q003", "pqrstuvwxyz2"),
    ]
    text = _poppler("pdftotext", slips_pdf(slips), tmp_path, after=["-"])
    assert "姓名：㮾䶮" in text
    assert "姓名：王𠀋" in text
    assert "姓名：张〓明" in text
    assert "𪚥" not in text
    assert "abcdefghjkmn" in text


def test_the_font_subset_draws_the_glyphs_of_the_full_font():
    font = slip_pdf.slip_font()
    glyphs = [".notdef", *sorted({font.glyph(c)[0] for c in "王一㮾𠀋Qk7：【"}, key=slip_pdf.cid)]
    subset = CFFFontSet()
    subset.decompile(io.BytesIO(slip_pdf._cff(font, glyphs)), None)
    assert subset.fontNames == ["NotoSansMonoCJKsc-Regular"]
    top = subset.topDictIndex[0]
    assert top.ROS == ("Adobe", "Identity", 0)
    assert not hasattr(subset, "GlobalSubrs") or len(subset.GlobalSubrs) == 0
    assert top.charset == glyphs  # fontTools names a CID-keyed font's glyphs by their CIDs
    full = font.top.CharStrings
    for glyph in glyphs:
        drawn = top.CharStrings[glyph]
        assert drawn.calcBounds(top.CharStrings) == full[glyph].calcBounds(full)


@pytest.mark.parametrize("value", [0, 107, -107, 108, 1131, -1131, 1132, -32768, 65535, 0.039625])
def test_cff_numbers_read_back(value):
    decompiler = PrivateDictDecompiler(strings=None)
    decompiler.decompile(slip_pdf._number(value) + b"\x0a")  # StdHW reads one number
    assert decompiler.getDict()["StdHW"] == pytest.approx(value)


def test_the_font_found_by_fontconfig_or_in_debians_place(monkeypatch, tmp_path):
    path, index = slip_pdf._font_file()
    assert slip_pdf._face(path) == index
    monkeypatch.setattr(slip_pdf.shutil, "which", lambda _name: None)  # no fc-match
    assert slip_pdf._font_file() == (slip_pdf.DEBIAN_FILE, index)
    not_a_font = tmp_path / "font.ttc"
    not_a_font.write_bytes(b"ttcf and then nothing")
    assert slip_pdf._face(str(not_a_font)) is None
    monkeypatch.setattr(slip_pdf, "DEBIAN_FILE", str(not_a_font))
    with pytest.raises(ImproperlyConfigured, match="fonts-noto-cjk"):
        slip_pdf._font_file()


def test_the_cmap_and_advances_read_as_fonttools_reads_them():
    font = slip_pdf.slip_font()
    path, index = slip_pdf._font_file()
    full = TTFont(path, fontNumber=index)
    cmap, metrics = full.getBestCmap(), full["hmtx"].metrics
    characters = "王一㮾䶮𠀋Qk7：【 〓ａ\u3000"
    for character in characters:
        assert font.glyph(character) == (cmap[ord(character)], character)
        assert font.width(cmap[ord(character)]) == metrics[cmap[ord(character)]][0]
    assert font.glyph("𪚥") == (cmap[ord("〓")], "〓")
    assert len(font.advances) == len(full.getGlyphOrder())
    assert list(font.advances[::997]) == [metrics[name][0] for name in full.getGlyphOrder()[::997]]
    # Every mapped code point, through the bisection: the same glyphs.
    assert all(font.names[font.cmap.get(code)] == name for code, name in cmap.items())
