"""OCR of scanned pages: tables drawn here, rendered to images, read back cell by cell."""

from __future__ import annotations

import importlib
import io
import socket
import struct
import unicodedata
import zlib
from pathlib import Path

import pytest

from gongkai.errors import ReadError
from gongkai.ingest import ocr, pdf
from gongkai.ingest.pdf import LOW_CONFIDENCE

from .drawing import Drawing, TableSpec

LABELS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
          "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）", "1.属于国家秘密", "（七）总计"]
NUMBERS = [["21", "0", "0", "21"], ["3", "0", "1", "4"], ["1288", "21", "50", "1359"],
           ["447", "7", "0", "454"], ["0", "0", "0", "0"], ["96171", "608", "3", "96782"]]

from gongkai.ingest.pages import Block, Line, Skipped  # noqa: E402

ENGINE = importlib.import_module("gongkai.ingest.ocr.engine")  # the module (ocr.engine is its function)


def drawn_pdf() -> bytes:
    d = Drawing()
    d.page()
    d.text(70, 80, "三、收到和处理政府信息公开申请情况", size=14)
    spec = TableSpec(40, 110, [40, 230, 56, 56, 56, 56], [30, 28, 28, 28, 40, 28, 28])
    spec.add(0, 0, "项目", c1=2)
    spec.add(0, 2, "自然人")
    spec.add(0, 3, "商业\n企业")
    spec.add(0, 4, "其他")
    spec.add(0, 5, "总计")
    spec.add(1, 0, LABELS[0], c1=2)
    spec.add(2, 0, LABELS[1], c1=2)
    spec.add(3, 0, "三\n、\n办\n理\n结\n果", r1=7)
    for r, label in enumerate(LABELS[2:], start=3):
        spec.add(r, 1, label)
    for r, numbers in enumerate(NUMBERS, start=1):
        for c, n in enumerate(numbers, start=2):
            spec.add(r, c, n)
    d.table(spec)
    d.text(70, 360, "四、政府信息公开行政复议、行政诉讼情况", size=14)
    return d.output()


def page_png(data: bytes, dpi: int = 200) -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    image = doc[0].render(scale=dpi / 72).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def png() -> bytes:
    return page_png(drawn_pdf())


def nfkc(text: str) -> str:
    """OCR reads brackets as full or half width, 一 as —; the mapper matches labels loosely, so do we."""
    return unicodedata.normalize("NFKC", text).replace("—", "一")  # 一 and — look alike too


def table_texts(doc) -> list[list[str]]:
    (table,) = doc.tables
    return [[c.text for c in row] for row in table.rows]


def test_png_table_is_read_back_cell_by_cell(png):
    doc = ocr.read_document(png)
    assert doc.format == "ocr"
    rows = table_texts(doc)
    assert [row[2:] for row in rows[1:]] == NUMBERS
    assert rows[0][2:] == ["自然人", "商业企业", "其他", "总计"]
    assert [nfkc(row[1]) for row in rows[1:]] == [nfkc(label.replace("\n", "")) for label in LABELS]
    assert {row[0] for row in rows[3:]} == {"三、办理结果"}  # one character per line, read as one label
    table = doc.tables[0]
    assert all(c.confidence is not None for row in table.rows for c in row if c.text)
    # Merged cells are expanded with their origin.
    assert table.rows[4][0].span_of == (3, 0) and table.rows[0][1].span_of == (0, 0)
    text = nfkc(doc.text)
    assert text.index("三、收到和处理") < text.index("(七)总计") < text.index("四、政府信息公开")
    for row in table.rows:
        for c in row:
            if c.text and c.confidence < LOW_CONFIDENCE:
                assert any(c.text in w for w in doc.warnings)


def test_scanned_pdf_pages_are_ocred(png):
    from fpdf import FPDF

    p = FPDF(unit="pt", format="A4")
    p.add_page()
    p.image(io.BytesIO(png), x=0, y=0, w=595.28, h=841.89)
    doc = pdf.read_document(bytes(p.output()), "scanned.pdf")
    assert doc.format == "ocr" and doc.meta["ocr_pages"] == [1]
    assert [row[2:] for row in table_texts(doc)[1:]] == NUMBERS


def test_a_smudged_number_is_flagged_not_guessed(png):
    """Blur one number until it cannot be read: either it is still right, or it is flagged."""
    from PIL import Image, ImageFilter

    image = Image.open(io.BytesIO(png)).convert("RGB")
    s = 200 / 72
    box = tuple(int(v * s) for v in (40 + 270 + 2, 110 + 30 + 28 * 2 + 2, 40 + 270 + 54, 110 + 30 + 28 * 3 - 2))
    image.paste(image.crop(box).filter(ImageFilter.GaussianBlur(3.2)), box[:2])
    out = io.BytesIO()
    image.save(out, format="PNG")
    doc = ocr.read_document(out.getvalue())
    cell = doc.tables[0].rows[3][2]  # 1288 under 自然人
    if cell.text != "1288":
        assert cell.text == "" or cell.confidence < LOW_CONFIDENCE
        if cell.text:
            assert any("smudged" not in w and cell.text in w for w in doc.warnings)


def test_models_ship_in_the_wheel_and_nothing_is_fetched(png, monkeypatch):
    import rapidocr_onnxruntime

    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    onnx = sorted(p.name for p in models.glob("*.onnx"))
    assert any("det" in n for n in onnx) and any("rec" in n for n in onnx)

    def no_network(*args, **kwargs):
        raise AssertionError("OCR tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(ENGINE, "_engine", None)  # load the models afresh, offline
    doc = ocr.read_document(png)
    assert table_texts(doc)[1][2:] == NUMBERS[0]


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))


def test_huge_image_is_refused_before_decoding():
    with pytest.raises(ReadError, match="图像过大"):
        ocr.read_document(_png_header(100_000, 100_000))


def test_truncated_and_garbage_images(png):
    with pytest.raises(ReadError):
        ocr.read_document(png[: len(png) // 3])
    with pytest.raises(ReadError):
        ocr.read_document(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    with pytest.raises(ReadError):
        ocr.read_document(b"\xff\xd8\xff\xe0" + b"junk" * 10)


@pytest.mark.parametrize("size", [(1, 1), (3, 700), (700, 3), (40, 40), (5000, 60), (60, 5000)])
def test_images_of_any_shape_read_or_fail_cleanly(size):
    """Every shape reaches the models as a shape they take (OpenVINO compiles for any width, one height)."""
    from PIL import Image, ImageDraw

    image = Image.new("L", size, 255)
    ImageDraw.Draw(image).line([(0, 0), (size[0] - 1, size[1] - 1)], fill=0, width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    try:
        doc = ocr.read_document(out.getvalue())
    except ReadError as e:
        assert "odd.png" in str(e)
    else:
        assert doc.meta["ocr_pages"] == [1]


def test_short_text_mode_skips_narrative_but_not_tables(monkeypatch):
    from PIL import Image

    d = Drawing()
    d.page()
    d.text(40, 80, "二、主动公开政府信息情况")
    d.text(40, 100, "本年度我们坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。")
    spec = TableSpec(40, 120, [120, 60, 60], [28, 28])
    for c, text in enumerate(("信息内容", "本年制发件数", "现行有效件数")):
        spec.add(0, c, text)
    for c, text in enumerate(("规章", "3", "17")):
        spec.add(1, c, text)
    d.table(spec)
    image = Image.open(io.BytesIO(page_png(d.output()))).convert("RGB")
    monkeypatch.setenv("GONGKAI_OCR_TEXT", "short")
    elements, _ = ocr.page_elements(image, 2)
    assert [e.lines for e in elements if isinstance(e, Skipped)] == [1]
    lines = [e.text for e in elements if isinstance(e, Line)]
    assert lines == ["二、主动公开政府信息情况"]
    (table,) = [e.grid for e in elements if isinstance(e, Block)]
    assert [c.text for c in table.cells if c.row0 == 1] == ["规章", "3", "17"]
    monkeypatch.setenv("GONGKAI_OCR_TEXT", "all")
    elements, _ = ocr.page_elements(image, 2)
    assert len([e for e in elements if isinstance(e, Line)]) == 2


@pytest.mark.parametrize("degrees", [0.0, 1.5, -3.0])
def test_noisy_tilted_low_resolution_scan(degrees):
    """150 dpi, tilted, noisy, blurred, JPEG: every number right, and any doubtful one flagged."""
    import numpy as np
    from PIL import Image, ImageFilter

    image = Image.open(io.BytesIO(page_png(drawn_pdf(), dpi=150))).convert("L")
    image = image.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(image, dtype=float) + np.random.default_rng(7).normal(0, 18, image.size[::-1])
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=55)
    assert abs(ocr.skew_angle(np.asarray(image)) + degrees) < 0.3
    doc = ocr.read_document(out.getvalue())
    table = doc.tables[0]
    for row, numbers in zip(table.rows[1:], NUMBERS, strict=True):
        for cell, number in zip(row[2:], numbers, strict=True):
            if cell.text != number:  # never a wrong number with confidence
                assert cell.confidence is not None and cell.confidence < LOW_CONFIDENCE, (cell.text, number)
    got = [[c.text for c in row[2:]] for row in table.rows[1:]]
    assert sum(a == b for ra, rb in zip(got, NUMBERS, strict=True) for a, b in zip(ra, rb, strict=True)) >= 22


def test_text_far_apart_is_found_where_it_is():
    """The detector reads a copy with the white between lines cut out; boxes come back in place."""
    import numpy as np
    from PIL import Image

    d = Drawing()
    d.page()
    d.text(60, 70, "二〇二四年度政府信息公开工作年度报告")
    d.text(300, 420, "某某区人民政府办公室")
    d.text(80, 780, "2025年1月20日")
    image = Image.open(io.BytesIO(page_png(d.output()))).convert("L")
    gray = np.asarray(image)
    boxes = ocr._detect(gray)
    assert len(boxes) == 3
    # Each box sits on its line's ink (pt → px at 200 dpi) and holds all of it.
    for (x0, top, x1, bottom), y_pt in zip(sorted(boxes, key=lambda b: b[1]), (70, 420, 780), strict=True):
        assert top - 20 < y_pt * 200 / 72 < bottom + 40
        ink = np.flatnonzero((gray[int(top):int(bottom) + 1] < ocr.DARK).any(axis=1))
        band = np.flatnonzero((gray[max(int(top) - 60, 0):int(bottom) + 60] < ocr.DARK).any(axis=1))
        assert ink.size and band.size == ink.size  # no ink of the line left outside its box
        assert x1 - x0 > 3 * (bottom - top)  # the whole line, not a piece of it


def test_rule_boxes_are_the_connected_regions():
    """Rules' boxes from outer contours equal connected-component labelling's, in raster order."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(3)
    mask = np.zeros((400, 600), dtype=np.uint8)
    for _ in range(60):
        x, y = int(rng.integers(0, 560)), int(rng.integers(0, 396))
        mask[y:y + int(rng.integers(1, 4)), x:x + int(rng.integers(5, 200))] = 255
    mask[100:140, 100:300] = 255
    mask[110:130, 120:280] = 0  # a frame with a hole …
    mask[118:122, 150:200] = 255  # … and a run inside the hole
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    assert ocr._components(mask) == [tuple(int(v) for v in stats[i][:4]) for i in range(1, n)]
    assert ocr._components(np.zeros((10, 10), dtype=np.uint8)) == []


def test_openvino_computes_what_onnxruntime_computes_in_f32(png):
    """The models run under OpenVINO; in f32 they give onnxruntime's output (the models' reference runtime)."""
    import numpy as np
    import onnxruntime as ort
    from PIL import Image

    e = ocr.engine()
    gray = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    # A strip of the page holding the table's numbers, at the recogniser's height, in a batch of two widths.
    strip = gray[gray.shape[0] // 4:gray.shape[0] // 4 + 60, : 900]
    line = np.stack([np.asarray(Image.fromarray(strip).resize((720, ocr.REC_HEIGHT)))] * 3) / 127.5 - 1.0
    batch = np.stack([line, np.concatenate([line[:, :, :360], np.zeros((3, ocr.REC_HEIGHT, 360))], axis=2)])
    batch = batch.astype(np.float32)
    page = (np.stack([gray[:640, :640]] * 3)[None] / 255.0 - 0.5).astype(np.float32) / 0.5
    for model, tensor in ((e.text_rec.session, batch), (e.text_det.infer, page)):
        path = model.path
        reference = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        expected = reference.run(None, {reference.get_inputs()[0].name: tensor})[0]
        got = ocr._Model(path, ocr.REC_HEIGHT if model is e.text_rec.session else None, "f32")(tensor)[0]
        assert got.shape == expected.shape
        assert float(np.abs(got - expected).max()) < 1e-4
        if model is e.text_rec.session:
            assert (got.argmax(-1) == expected.argmax(-1)).all()


def test_precision_is_recorded_and_f32_can_be_asked_for(png, monkeypatch):
    default = ocr.read_document(png)
    assert default.meta["ocr_precision"] in {"f32", "bf16", "f16"}
    monkeypatch.setenv("GONGKAI_OCR_PRECISION", "f32")
    monkeypatch.setattr(ENGINE, "_engine", None)  # restored afterwards: other tests keep the default engine
    exact = ocr.read_document(png)
    assert exact.meta["ocr_precision"] == "f32"
    assert table_texts(exact) == table_texts(default)


def test_memory_stays_bounded_over_many_crop_widths():
    """OpenVINO keeps prepared kernels per input shape; every crop width is a new shape.

    Its default cache (5,000 shapes) took ≈ 11 MB per width here — 660 MB for the 60 new
    widths below; kept to :data:`ocr.SHAPE_CACHE`, memory stops growing once warm.
    """
    import numpy as np

    def resident_mb() -> float:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4096 / 2**20

    if not Path("/proc/self/statm").exists():
        pytest.skip("no /proc here")
    rng = np.random.default_rng(0)
    for width in range(100, 700, 10):  # warm: buffers for crops this size exist afterwards
        ocr._read([rng.integers(0, 255, (40, width), dtype=np.uint8)])
    before = resident_mb()
    for width in range(105, 705, 10):  # 60 widths not seen yet
        ocr._read([rng.integers(0, 255, (40, width), dtype=np.uint8)])
    assert resident_mb() - before < 150


def test_models_released_in_any_order_leave_signals_working():
    """The page time limits use SIGALRM; OpenVINO's CPU plugin swaps the signal stack (for AMX).

    With a Core per model, releasing models out of order left the thread on an unmapped
    signal stack and the next alarm killed the process (SIGSEGV, seen on this project's
    machine). Run in a child process, so that a crash fails this test, not the whole run.
    """
    import subprocess
    import sys

    script = """
import gc
from gongkai.errors import GongkaiError
from gongkai.ingest import limits, ocr
import time
first = ocr.engine()
ocr._engine = None
second = ocr.engine()  # a second engine (as a test that asks for f32 makes), then released
ocr._engine, second = first, None
gc.collect()
fired = 0
for _ in range(50):
    try:
        with limits.time_limit(1e-6, "图像识别"):
            time.sleep(0.01)
    except GongkaiError:
        fired += 1
print("alarms", fired)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, (out.returncode, out.stderr[-2000:])
    assert "alarms 50" in out.stdout


def test_a_scanners_invisible_ocr_layer_is_not_trusted(tmp_path):
    """A scanned PDF often carries its scanner's OCR as invisible text over the picture.

    That text is not printed, and its digits need not be what the picture shows: here
    every number in it is wrong on purpose. gongkai reads what is printed — the picture,
    by its own OCR — and notes the pages whose invisible text it left out.
    """
    from fpdf import FPDF
    from fpdf.enums import TextMode

    from gongkai.ingest import read
    from tests import docgen

    if not docgen.available("scanned_pdf"):
        pytest.skip("no CJK font to draw a report with (tests.docgen.cjk_font)")
    generated = docgen.generate(11, "scanned_pdf", template="2021", paragraphs=1)
    images = docgen._scan_images(generated.report)
    out = FPDF(unit="pt", format="A4")
    font = docgen.cjk_font()
    out.add_font("cjk", fname=font.path, collection_font_number=font.index)
    out.set_font("cjk", size=10)
    for image in images:
        out.add_page()
        out.image(image, x=0, y=0, w=out.w, h=out.h)
        out.text_mode = TextMode.INVISIBLE
        out.text(72, 200, "一、本年新收政府信息公开申请数量 987654 1 2 3 4 5 987669")
        out.text(72, 220, "（一）予以公开 424242 0 0 0 0 0 424242")
        out.text_mode = TextMode.FILL
    path = tmp_path / "scan-with-ocr-layer.pdf"
    path.write_bytes(bytes(out.output()))
    raw = pdf.read_document(path.read_bytes(), str(path))
    assert raw.meta["hidden_text_pages"] == list(range(1, len(images) + 1))
    assert raw.meta["ocr_pages"] == list(range(1, len(images) + 1))
    assert "987654" not in raw.text and "424242" not in raw.text
    got = read(str(path))
    from gongkai.report import jsonio

    pages = list(range(1, len(images) + 1))
    assert got.reading == {"format": "ocr", "pages": len(images), "ocr_pages": pages,
                           "ocr_precision": raw.meta["ocr_precision"], "hidden_text_pages": pages}
    assert jsonio.from_json(jsonio.to_json(got)).reading == got.reading  # kept in gongkai's JSON
    cells, warned = got.plain_cells(), {k for w in got.warnings for k in w.keys}
    want = docgen.truth(generated.report)["cells"]
    assert {k: v for k, v in cells.items() if v is not None} == {k: v for k, v in want.items() if k in cells
                                                                  and cells[k] is not None}
    unread = [k for k in want if cells.get(k) is None and want[k] is not None]
    assert set(unread) <= warned and len(unread) <= 8  # a lone 0 in a narrow column the OCR doubts: named


def _table_picture(png: bytes) -> bytes:
    """The drawn table alone, cut out of the page image (a screenshot of a table)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    s = image.width / 595.28  # pixels per point
    out = io.BytesIO()
    image.crop((round(35 * s), round(105 * s), round(555 * s), round(345 * s))).save(out, format="PNG")
    return out.getvalue()


def test_a_table_pasted_as_a_picture_into_a_text_pdf_is_read_in_place(png):
    """A text PDF whose table is a picture: read by OCR and placed between the text around it."""
    d = Drawing()  # the text layer: a CJK font, as reports are typeset
    d.page()
    d.text(70, 80, "三、收到和处理政府信息公开申请情况", size=14)
    d.pdf.image(io.BytesIO(_table_picture(png)), x=40, y=110, w=520)
    d.text(70, 390, "四、政府信息公开行政复议、行政诉讼情况", size=14)
    doc = pdf.read_document(d.output(), "pasted.pdf")
    assert doc.meta["ocr_pictures"] == [1] and "ocr_pages" not in doc.meta
    rows = table_texts(doc)
    assert [row[-4:] for row in rows[1:]] == NUMBERS
    text = nfkc(doc.text)
    assert text.index("三、收到和处理") < text.index("(七)总计") < text.index("四、政府信息公开")
    assert all(c.confidence is not None for row in doc.tables[0].rows for c in row if c.text)


def test_pictures_are_not_read_when_the_text_layer_holds_the_tables(png):
    from tests import docgen

    from .test_limits import _concat

    if not docgen.available("pdf"):
        pytest.skip("no CJK font to draw a report PDF with (tests.docgen.cjk_font)")
    report_pdf = docgen.generate(3, "pdf", template="2021").data
    d = Drawing()
    d.page()
    d.text(70, 80, "附件：办理流程图", size=14)
    d.pdf.image(io.BytesIO(_table_picture(png)), x=40, y=110, w=520)
    doc = pdf.read_document(_concat(report_pdf, d.output()), "with-figure.pdf")
    plain = pdf.read_document(report_pdf, "plain.pdf")
    assert "ocr_pictures" not in doc.meta
    assert len(doc.tables) == len(plain.tables)


def test_what_is_left_of_a_rule_at_a_cell_edge_is_not_a_point():
    """Rules scaled twice (a table pasted as a picture) leave a few dark pixels where they
    cross; next to a number they read as a decimal point (``2.``). A real point sits inside."""
    box, line_height = (100.0, 100.0, 300.0, 160.0), 38.0
    assert ocr._rule_speck((297.0, 101.0, 299.0, 103.0), box, line_height)  # at the corner
    assert not ocr._rule_speck((180.0, 140.0, 184.0, 144.0), box, line_height)  # a point beside digits
    assert not ocr._rule_speck((150.0, 120.0, 180.0, 158.0), box, line_height)  # a digit


def _word_file(*parts) -> bytes:
    """A .docx of paragraphs (str) and pictures (bytes), in order."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    for part in parts:
        if isinstance(part, str):
            document.add_paragraph(part)
        else:
            document.add_paragraph().add_run().add_picture(io.BytesIO(part), width=Cm(16))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_table_pasted_as_a_picture_into_a_word_file_is_read_in_place(png):
    from gongkai.ingest import word
    from gongkai.ingest.mapping import place

    data = _word_file("三、收到和处理政府信息公开申请情况", _table_picture(png),
                      "四、政府信息公开行政复议、行政诉讼情况")
    doc = word.read_document(data, "pasted.docx")
    assert doc.meta["ocr_pictures"] == [1]
    rows = table_texts(doc)
    assert [row[-4:] for row in rows[1:]] == NUMBERS
    text = nfkc(doc.text)
    assert text.index("三、收到和处理") < text.index("(七)总计") < text.index("四、政府信息公开")
    cell = doc.tables[0].rows[1][-1]
    assert cell.where == {"picture": 1, "table": 1, "row": 2, "column": cell.where["column"]}
    assert place(cell.where).startswith("第 1 张图片 表 1 第 2 行")


def test_word_pictures_are_not_read_when_the_text_holds_the_tables(png):
    import docx

    from gongkai.ingest import word
    from tests import docgen

    report_docx = docgen.generate(3, "docx", template="2021").data
    document = docx.Document(io.BytesIO(report_docx))
    document.add_paragraph().add_run().add_picture(io.BytesIO(_table_picture(png)))
    out = io.BytesIO()
    document.save(out)
    doc = word.read_document(out.getvalue(), "with-figure.docx")
    assert "ocr_pictures" not in doc.meta
    assert len(doc.tables) == len(word.read_document(report_docx, "plain.docx").tables)


def test_a_word_picture_in_a_format_that_cannot_be_read_is_named(png, tmp_path):
    import zipfile

    from gongkai.ingest import word

    data = _word_file("三、收到和处理政府信息公开申请情况", _table_picture(png))
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("word/media/"):
                body = b"\x01\x00\x00\x00" + b"EMF?" * 50  # as a Windows metafile would be: not an image we read
            dst.writestr(item, body)
    doc = word.read_document(broken.getvalue(), "emf.docx")
    assert any("第 1 张图片" in w and "无法识别" in w for w in doc.warnings)
    assert doc.tables == []


@pytest.mark.slow
def test_a_report_posted_as_one_tall_picture_keeps_its_one_row_rules(tmp_path):
    """A whole report as one tall picture of its pages stacked (docgen ``scanned_png``): a vertical
    rule one table row high (table 2's 行政事业性收费 row under its 第二十条第（八）项 heading) is a
    rule. Measured on the whole picture's height it was too short, the row's cells ran together
    and its numbers were lost without a warning (37 cells in 20 such reports); now measured on
    one page's height. Every cell is read as printed or left unread with a warning naming it."""
    import random

    from gongkai.ingest import read
    from tests import docgen

    if docgen.cjk_font() is None:
        pytest.skip("no CJK font to draw a report with (tests.docgen.cjk_font)")
    seed = 7_000_009  # a tall picture of four pages whose 收费 and 采购 rows were lost
    rng = random.Random(seed)
    form = rng.choice(["2019", "2021", "2021", "mixed"])
    doc = docgen.generate(seed, "scanned_png", template="2019" if form == "2019" else "2021",
                          mixed=form == "mixed", blanks=rng.random() < 0.5, omit_art20=rng.random() < 0.2)
    path = tmp_path / "tall.png"
    path.write_bytes(doc.data)
    got = read(str(path))
    want = docgen.truth(doc.report)["cells"]
    warned = {k for w in got.warnings for k in w.keys}
    cells = got.plain_cells()
    wrong = {k: (cells[k], v) for k, v in want.items() if cells.get(k) is not None and cells[k] != v}
    silent = [k for k, v in want.items() if cells.get(k) is None and v is not None and k not in warned]
    assert wrong == {} and silent == []
    assert {k: cells.get(k) for k in want if k.startswith("art20.fees.")} == \
        {k: v for k, v in want.items() if k.startswith("art20.fees.")}
