"""The embedded Korean fonts of every PDF (Nanum, OFL-1.1: ``resources/fonts/LICENSE-Nanum.txt``).

ReportLab's built-in CID fonts are not embedded and print differently on every PC; a TrueType
font registered here is embedded (subset) in each file, so a PDF looks the same everywhere.
"""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

GOTHIC, GOTHIC_BOLD = "NanumGothic", "NanumGothic-Bold"
MYEONGJO, MYEONGJO_BOLD = "NanumMyeongjo", "NanumMyeongjo-Bold"
#: family → (regular, bold) and each font's file
FAMILIES = {GOTHIC: (GOTHIC, GOTHIC_BOLD), MYEONGJO: (MYEONGJO, MYEONGJO_BOLD)}
_FILES = {GOTHIC: "NanumGothic.ttf", GOTHIC_BOLD: "NanumGothicBold.ttf",
          MYEONGJO: "NanumMyeongjo.ttf", MYEONGJO_BOLD: "NanumMyeongjoBold.ttf"}


def register_fonts(folder: Path, family: str = GOTHIC) -> None:
    """Register a family's fonts from ``folder`` once per process (later calls do nothing).

    Gothic always, since every page frame uses it; reading a 4 MB font costs a tenth of a second,
    so the 명조 family is read only by the documents that use it.
    """
    registered = set(pdfmetrics.getRegisteredFontNames())
    for each in dict.fromkeys((GOTHIC, family)):
        regular, bold = FAMILIES[each]
        for name in (regular, bold):
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(Path(folder) / _FILES[name])))
        # one family, so a paragraph in either weight (and <b> inside one) finds its font
        pdfmetrics.registerFontFamily(each, normal=regular, bold=bold, italic=regular,
                                      boldItalic=bold)
    # ReportLab starts every canvas (and page) in its own unembedded Helvetica; ours instead,
    # so no font of the PDF viewer's is ever named in a file
    rl_config.canvas_basefontname = GOTHIC
    # page streams compressed but not ASCII85-armoured: a quarter smaller, and ReportLab's
    # pure-Python encoder took a second per 1,000 certificates
    rl_config.useA85 = 0
