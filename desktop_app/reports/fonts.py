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
_FILES = {GOTHIC: "NanumGothic.ttf", GOTHIC_BOLD: "NanumGothicBold.ttf"}


def register_fonts(folder: Path) -> None:
    """Register the fonts in ``folder`` once per process (later calls do nothing)."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(Path(folder) / file)))
    # ReportLab starts every canvas (and page) in its own unembedded Helvetica; ours instead,
    # so no font of the PDF viewer's is ever named in a file
    rl_config.canvas_basefontname = GOTHIC
    # one family, so a paragraph in either weight (and <b> inside one) finds its font
    pdfmetrics.registerFontFamily(GOTHIC, normal=GOTHIC, bold=GOTHIC_BOLD, italic=GOTHIC,
                                  boldItalic=GOTHIC_BOLD)
