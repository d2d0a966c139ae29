"""The page image with the cell outlined: on the real corpus PDFs, every cell's box holds exactly
the cell's printed text (checked with pdfplumber's own text extraction, not the reader's)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus")
PDFS = sorted(CORPUS.glob("*.pdf")) if CORPUS.exists() else []


@pytest.mark.skipif(not PDFS, reason="语料（../shared/corpus）不可用")
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_every_cell_is_outlined_around_its_printed_text(path):
    import pdfplumber

    from gongkai import ingest
    from gongkai.report import jsonio
    from gongkai.supervision.page_image import locate

    report = ingest.read(str(path))
    provenance = jsonio.to_json(report)["provenance"]
    assert len(provenance) >= 180
    with pdfplumber.open(path) as pdf:
        for key, where in provenance.items():
            raw = report.cells[key].raw
            box = locate(str(path), where, raw)
            assert box is not None, key
            x0, top, x1, bottom = box
            page = pdf.pages[where["page"] - 1]
            inside = page.within_bbox((x0 - 1, top - 1, x1 + 1, bottom + 1)).extract_text()
            assert re.sub(r"\s+", "", inside) == re.sub(r"\s+", "", raw), key


@pytest.mark.skipif(not PDFS, reason="语料（../shared/corpus）不可用")
def test_wrong_text_gets_no_box_and_the_page_renders():
    from PIL import Image

    from gongkai.supervision.page_image import locate, render_page

    path = str(PDFS[0])
    assert locate(path, {"page": 2, "table": 1, "row": 3, "column": 2}, "987654") is None
    assert locate(path, {"page": 2, "table": 99, "row": 3, "column": 2}, "0") is None
    png = render_page(path, 1)
    img = Image.open(io.BytesIO(png))
    assert img.width > 800 and img.format == "PNG"
    with pytest.raises(ValueError):
        render_page(path, 999)


@pytest.mark.skipif(not PDFS, reason="语料（../shared/corpus）不可用")
@pytest.mark.django_db
def test_report_page_shows_the_page_with_the_cell(world, client, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from gongkai.supervision import intake
    from gongkai.supervision.models import Unit

    from .conftest import drain

    path = CORPUS / "hongze-2024.pdf"
    Unit.objects.create(name="洪泽区人民政府", level="county", parent=world.top)  # the report says 淮安市洪泽区人民政府
    with django_capture_on_commit_callbacks(execute=True):
        batch = intake.receive_files([intake.Incoming(path.name, path.read_bytes())], user=world.boss)
    drain()
    sub = batch.submissions.get()
    assert (sub.state, sub.unit.name, sub.match_how) == ("read", "洪泽区人民政府", "place")
    client.force_login(world.boss)
    page = client.get(reverse("supervision:report", args=[sub.pk]) + "?cell=apps.granted.natural_person")
    body = page.content.decode()
    assert "出处：第 3 页 表 2" in body or "出处：第 4 页 表 2" in body
    where = sub.report["provenance"]["apps.granted.natural_person"]
    img_url = reverse("supervision:page_image", args=[sub.pk, where["page"]])
    img = client.get(img_url + "?cell=apps.granted.natural_person")
    assert img.status_code == 200 and img["Content-Type"] == "image/png" and img["X-Cell-Outlined"] == "1"
    assert client.get(img_url)["X-Cell-Outlined"] == "0"  # no cell asked: the page alone
    assert client.get(reverse("supervision:page_image", args=[sub.pk, 99])).status_code == 404
