"""Certificate layouts: the shipped ones load and round-trip, a damaged one is refused naming its
box and field, and no text of the plan — the longest course titles, long names and schools —
ever leaves its box in either layout."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_app import paths
from desktop_app.errors import ValidationError
from desktop_app.reports.blocks import fit_text
from desktop_app.reports.certificate_template import load_template_file, parse_template
from desktop_app.reports.fonts import FAMILIES, register_fonts

PLAN = Path(__file__).resolve().parents[2] / "resources" / "demo" / "courses.csv"


def _layouts():
    folder = paths.resources_dir() / "certificates"
    return [load_template_file(p) for p in sorted(folder.glob("*.json"))]


def _titles() -> list[str]:
    with PLAN.open(encoding="utf-8") as handle:
        return sorted({row["title"] for row in csv.DictReader(handle)}, key=len, reverse=True)


def test_shipped_layouts_load_and_round_trip():
    layouts = _layouts()
    assert [t.name for t in layouts] == ["formal", "modern"]
    assert {t.family for t in layouts} == set(FAMILIES)
    for template in layouts:
        assert parse_template(template.to_json()) == template


@pytest.mark.parametrize("change, expected", [
    ({"family": "Arial"}, "'family'"),
    ({"boxes": []}, "'boxes'"),
    ({"boxes": [{"text": "{serial} {name} {course_title} {nickname}", "x": 1, "y": 1, "w": 10,
                 "h": 10, "size": 10}]}, "상자 1"),
    ({"qr": {"x": 200, "y": 290, "size": 20}}, "'qr'"),
    ({"frames": [{"x": 0, "y": 0, "w": 300, "h": 1}]}, "테두리 1"),
    ({"background": "없는그림.png"}, "'배경'"),
])
def test_a_damaged_layout_names_what_is_wrong(change, expected, tmp_path):
    data = json.loads(_layouts()[0].to_json())
    data.update(change)
    with pytest.raises(ValidationError) as caught:
        parse_template(json.dumps(data, ensure_ascii=False), tmp_path)
    assert expected in str(caught.value)
    with pytest.raises(ValidationError, match="JSON"):
        parse_template("{not json")


def test_no_title_name_or_school_of_the_plan_leaves_its_box():
    register_fonts(paths.resources_dir() / "fonts", "NanumMyeongjo")
    titles = _titles()
    assert len(titles[0]) > 50  # the plan's longest titles are long indeed
    values = {"course_title": titles[:40] + ["가" * 300],
              "name": ["남궁" + "아름다운하늘" * 4, "김"],
              "organization": ["서울특별시교육청 서울특별시강남서초교육지원청 " * 3]}
    checked = 0
    for template in _layouts():
        regular, bold = FAMILIES[template.family]
        for box in template.boxes:
            key = next((k for k in values if "{" + k + "}" in box.text), None)
            if key is None:
                continue
            font = bold if box.bold else regular
            width, height = (box.w - box.label_w) * mm, box.h * mm
            for value in values[key]:
                fitted = fit_text(box.text.format(**{key: value}), font, width, height,
                                  box.size, box.min_size, box.leading)
                tall = fitted.size + (len(fitted.lines) - 1) * fitted.size * box.leading
                assert tall <= height + 0.01, (template.name, key, value)
                assert all(stringWidth(line, font, fitted.size) <= width + 0.01
                           for line in fitted.lines), (template.name, key, value)
                assert "".join(fitted.lines).replace(" ", "") == value.replace(" ", "")
                checked += 1
    assert checked > 80


def test_a_layout_with_a_background_travels_in_one_file_and_prints(tmp_path):
    from io import BytesIO

    from PIL import Image

    from desktop_app.reports.certificate_pdf import CertificateFace, write_certificates

    Image.new("RGB", (210, 297), (250, 244, 230)).save(tmp_path / "paper.png")
    data = json.loads(_layouts()[0].to_json())
    data.update(name="paper", background="paper.png")
    (tmp_path / "paper.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    template = load_template_file(tmp_path / "paper.json")
    assert template.background and template.background[:4] == b"\x89PNG"
    again = parse_template(template.to_json())  # no file beside it any more: base64 inside
    assert again.background == template.background
    out = BytesIO()
    values = {key: "값" for key in ("serial", "code", "name", "birth_date", "organization",
                                     "position", "course_title", "run_code", "period", "hours",
                                     "credits", "recognition", "issued_on", "institute",
                                     "head_title")}
    assert write_certificates(out, again, [CertificateFace(values, "YEONSU-CERT:X:Y")],
                              paths.resources_dir() / "fonts") == 1
    assert out.getvalue()[:5] == b"%PDF-" and b"/XObject" in out.getvalue()
