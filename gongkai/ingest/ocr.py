"""Scanned reports: OCR on the CPU and table structure from the image.

Text is found and read by PaddleOCR's PP-OCRv4 Chinese detection and recognition models
(Apache-2.0) in ONNX form, as shipped inside the ``rapidocr-onnxruntime`` wheel (whose
pre- and post-processing is used), run by OpenVINO (Apache-2.0) — nothing is downloaded,
at install or at run time. See docs/ingest-binary.md for the models' provenance and why
OpenVINO runs them.

Table structure comes from the ruling lines, not from the text: dark pixels that form
long horizontal or vertical runs (found with OpenCV morphology) become rules, and the
rules go through the same grid builder as a PDF's vector rules
(:mod:`gongkai.ingest.grid`). The rules are erased before text is read, so a rule next
to a number is never read as a ``1`` and a text box is split where a rule crosses it.

Every piece of text keeps the recogniser's score; a cell's confidence is the lowest
score of its pieces (:attr:`TextCell.confidence`), and a number read with low confidence
is listed in the document's warnings with its place. Nothing is corrected or guessed.
"""

from __future__ import annotations

import io

from ..errors import GongkaiError, ReadError
from . import grid, limits
from .document import Document

RENDER_DPI = 200  # scanned PDF pages are rendered at this resolution
MAX_SIDE = 2400  # pixels: larger images are scaled down (time per page)
MIN_SIDE = 1000  # pixels: smaller images are scaled up (small print)
MIN_GLYPH = 18  # pixels: images whose print is smaller are scaled up
DARK = 160  # grey level below which a pixel is ink
UNACCOUNTED = 0.45  # confidence of a number whose box shows a sign or point the reading lacks
RETRY_BELOW = 0.9  # a number read with less confidence is read again with other margins
DET_SIDE = 1024  # pixels: text is detected on a copy no larger than this (then read at full size)
DET_MARGIN = 16  # pixels of the detector's copy: white kept around ink (the rest is cut out)
DET_INK = 200  # grey level of the detector's (downscaled) copy below which a pixel counts as ink
SHORT_CROP = 4.0  # width/height: crops up to this are numbers (read side by side when in doubt)
STRIP_RATIO = 40  # width/height of a strip of numbers read together
REC_HEIGHT = 48  # pixels: the recogniser's input height
SHAPE_CACHE = 16  # input shapes whose prepared kernels OpenVINO keeps (its default, 5,000, grew to 1.2 GB on 3 PDFs)
RUN_PIXELS = 80_000  # pixels (rows × height × width) per run of the recogniser
BATCH = 16  # crops per recognition run (similar widths: sorted by width; 16 ran fastest on one core, of 8–64)
_engine = None
_ov_core = None


SHORT_LINE = 24  # line heights: longer lines outside tables are narrative


def text_mode() -> str:
    """What OCR reads outside tables: ``all`` (default) or ``short`` (``GONGKAI_OCR_TEXT=short``).

    ``short`` reads every table cell, the whole first page (title, agency, period) and,
    elsewhere, only lines up to :data:`SHORT_LINE` line heights long — headings, dates,
    the ends of paragraphs — and skips running narrative, which costs most of the time on
    a text page. For batch reading of table values; the report's sections stay incomplete.
    """
    import os

    return "short" if os.environ.get("GONGKAI_OCR_TEXT", "all").strip().lower() == "short" else "all"


class _Engine:
    """The detector and the recogniser (RapidOCR's wrappers; the direction classifier is never used)."""

    def __init__(self, text_det, text_rec, precision: str):
        self.text_det = text_det
        self.text_rec = text_rec
        self.precision = precision  # what the models compute in: "f32", or "bf16"/"f16" where the CPU has it


def precision_hint() -> str:
    """The precision OpenVINO is asked for: ``f32`` with ``GONGKAI_OCR_PRECISION=f32``, else its default.

    OpenVINO's default computes in bfloat16 on CPUs that do so natively (AMX, AVX-512
    BF16) — on this project's machine the recogniser runs 2.7× faster than in f32 and reads
    the same numbers on every corpus page (7 lines of text differ in spaces or punctuation)
    — and in f32 on most others. ``f32`` gives the same scores on every CPU, for work that
    must be reproduced on other machines.
    """
    import os

    return "f32" if os.environ.get("GONGKAI_OCR_PRECISION", "").strip().lower() == "f32" else ""


def _core():
    """The process's one OpenVINO Core, never released.

    On CPUs with AMX, each Core's CPU plugin installs a larger signal stack (the signal
    frame holds the tile state) and puts the previous one back when it is released; two
    Cores released out of order leave the thread on an unmapped signal stack, and the next
    signal (the page time limits use SIGALRM) crashes the process. One Core for the
    process's life avoids that.
    """
    global _ov_core
    if _ov_core is None:
        import openvino as ov

        _ov_core = ov.Core()
    return _ov_core


class _Model:
    """One ONNX model compiled by OpenVINO for the CPU, on one thread, called as RapidOCR calls its sessions.

    ``height`` fixes the input's height (the recogniser's 48; its width and the batch stay
    free). OpenVINO rather than onnxruntime: on one core it runs PP-OCRv4's recogniser
    2.2× faster in f32 with the same output (to 5·10⁻⁶), and the detector a little faster.
    """

    def __init__(self, path: str, height: int | None, hint: str):
        import openvino as ov

        self.path = path
        core = _core()
        model = core.read_model(path)
        if height:
            model.reshape({model.inputs[0].any_name: ov.PartialShape([-1, 3, height, -1])})
        config = {"INFERENCE_NUM_THREADS": 1, "NUM_STREAMS": 1, "PERFORMANCE_HINT": "LATENCY",
                  "CPU_RUNTIME_CACHE_CAPACITY": SHAPE_CACHE}
        if hint:
            config["INFERENCE_PRECISION_HINT"] = hint
        self.compiled = core.compile_model(model, "CPU", config)
        self.request = self.compiled.create_infer_request()

    @property
    def precision(self) -> str:
        return self.compiled.get_property("INFERENCE_PRECISION_HINT").to_string()

    def __call__(self, tensor):
        """The model's output for ``tensor``: a view of OpenVINO's buffer, valid until the next call."""
        self.request.infer({0: tensor})
        return [self.request.get_output_tensor(0).data]


def engine():
    """The OCR engine, loaded once per process (single-threaded: batches use one process per core)."""
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime.ch_ppocr_det import TextDetector
        from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
        from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
        from rapidocr_onnxruntime.utils import read_yaml, update_model_path

        config = update_model_path(read_yaml(str(DEFAULT_CFG_PATH)))
        det_config = dict(config["Det"], intra_op_num_threads=1, inter_op_num_threads=1)
        # Only round to a multiple of 32: _detect has already chosen the scale.
        det_config.update(limit_type="max", limit_side_len=100_000)
        hint = precision_hint()
        # RapidOCR's wrappers load the models into onnxruntime (the recogniser's character
        # list is in its metadata); OpenVINO then runs them.
        text_det = TextDetector(det_config)
        text_det.infer = _Model(str(det_config["model_path"]), None, hint)
        text_rec = TextRecognizer(dict(config["Rec"], intra_op_num_threads=1, inter_op_num_threads=1))
        text_rec.session = _Model(str(config["Rec"]["model_path"]), REC_HEIGHT, hint)
        _engine = _Engine(text_det, text_rec, text_rec.session.precision)
    return _engine


def read_document(data: bytes, path: str) -> Document:
    """OCR one image (PNG, JPEG, …) into a Document."""
    image = load_image(data, path)  # errors name the file
    with limits.time_limit(limits.OCR_SECONDS_PER_PAGE, path, "图像识别"):
        elements, height = page_elements(image, 1, path, where="图像识别")
    from .pdf import assemble

    doc = Document(path=path, format="ocr", meta={"ocr_pages": [1], "ocr_precision": engine().precision})
    assemble([(1, height, elements)], doc)
    return doc


def load_image(data: bytes, path: str):
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data))
        w, h = image.size
        if w * h > limits.MAX_PIXELS:
            raise ReadError(f"图像过大（{w}×{h} 像素）", path)
        image.load()
        return ImageOps.exif_transpose(image).convert("RGB")
    except GongkaiError:
        raise
    except Image.DecompressionBombError:
        raise ReadError("图像过大（疑似解压炸弹）", path) from None
    except MemoryError:
        raise ReadError("图像过大，内存不足", path) from None
    except Exception as e:
        raise ReadError(f"无法读取图像（{type(e).__name__}）：文件可能已损坏或被截断", path) from None


def render_pdf_page(data: bytes, number: int, path: str):
    """Render page ``number`` (1-based) of a PDF to an image for OCR."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[number - 1]
            w, h = page.get_size()
            scale = RENDER_DPI / 72
            if w * h * scale * scale > limits.MAX_PIXELS:
                scale = (limits.MAX_PIXELS / (w * h)) ** 0.5
            image = page.render(scale=scale).to_pil().convert("RGB")
            page.close()
        finally:
            pdf.close()
    except Exception as e:
        raise ReadError(f"无法渲染扫描页（{type(e).__name__}）", path, f"第 {number} 页") from None
    return image


def _fit(image):
    from PIL import Image

    w, h = image.size
    side = max(w, h)
    if side > MAX_SIDE:
        f = MAX_SIDE / side
    elif side < MIN_SIDE:
        f = MIN_SIDE / side
    else:
        f = 1.0
    # Small print (a low-resolution scan): enlarge until a character is about 20 pixels tall.
    glyph = _glyph_height(image) * f
    if 0 < glyph < MIN_GLYPH:
        f *= min(MIN_GLYPH / glyph, 3.0, (limits.MAX_PIXELS / 4 / max(w * h * f * f, 1)) ** 0.5)
    if abs(f - 1.0) < 0.05:
        return image
    return image.resize((max(1, round(w * f)), max(1, round(h * f))), Image.Resampling.LANCZOS)


def _glyph_height(image) -> float:
    """The typical height of a mark of ink (a digit, a stroke group of a character), in pixels."""
    import cv2
    import numpy as np

    gray = np.asarray(image.convert("L"))
    ink = (gray < DARK).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = sorted(int(stats[i][3]) for i in range(1, min(n, 20000))
                     if stats[i][4] >= 6 and stats[i][3] < gray.shape[0] / 30 and stats[i][2] < gray.shape[1] / 20)
    return float(heights[int(len(heights) * 0.75)]) if len(heights) >= 20 else 0.0


def skew_angle(gray) -> float:
    """The page's tilt in degrees, from its long near-horizontal runs of ink (rules, underlines).

    Each long run (a connected staircase of horizontal pieces, as a tilted rule becomes)
    gets a fitted slope; the answer is their median weighted by length.
    """
    import cv2
    import numpy as np

    h, w = gray.shape
    f = min(1.0, 1200 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    ink = (small < DARK).astype(np.uint8) * 255
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    length = max(40, small.shape[1] // 6)
    angles, weights = [], []
    for i in range(1, min(n, 2000)):
        x, y, bw, bh, area = stats[i]
        if bw < length or bh > 0.1 * bw + 6:
            continue
        ys, xs = np.nonzero(labels[y:y + bh, x:x + bw] == i)
        if xs.size < 10:
            continue
        slope = np.polyfit(xs[:: max(1, xs.size // 400)], ys[:: max(1, xs.size // 400)], 1)[0]
        angle = float(np.degrees(np.arctan(slope)))
        if abs(angle) <= 5:
            angles.append(angle)
            weights.append(float(bw))
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def deskew(gray):
    """Rotate a tilted scan level (rules must be straight for the grid); small tilts are left alone."""
    import cv2

    angle = skew_angle(gray)
    if abs(angle) < 0.15:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def find_rules(gray) -> list[grid.Edge]:
    """Long straight runs of ink: the table's ruling lines, as edges in pixel coordinates."""
    import cv2
    import numpy as np

    h, w = gray.shape
    ink = (gray < DARK).astype(np.uint8) * 255
    edges: list[grid.Edge] = []
    # A rule is a run of ink longer than two characters across (h) or one line of text (v).
    for orientation, kernel in (("h", (max(40, w // 25), 1)), ("v", (1, max(30, h // 60)))):
        # Bridge one-pixel breaks in scanned rules, then keep only long runs.
        close = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(
            cv2.MORPH_RECT, (3, 1) if orientation == "h" else (1, 3)))
        runs = cv2.morphologyEx(close, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        for x, y, bw, bh in _components(runs)[:grid.MAX_EDGES]:
            if orientation == "h":
                edges.append(grid.Edge("h", float(x), y + bh / 2, float(x + bw), y + bh / 2))
            else:
                edges.append(grid.Edge("v", x + bw / 2, float(y), x + bw / 2, float(y + bh)))
    return anchored(edges, max(6.0, w / 200))


def _components(mask) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x, y, w, h) of the 8-connected regions of ``mask``, top to bottom.

    The outer contour of each region gives its box (the same boxes as connected-component
    labelling, which costs some 30 ms per page on a page of few regions; this about 1 ms).
    """
    import cv2

    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    # RETR_CCOMP: outer contours have no parent; holes have one (and are not regions).
    boxes = [cv2.boundingRect(c) for c, h in zip(contours, hierarchy[0], strict=True) if h[3] < 0]
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def anchored(edges: list[grid.Edge], tol: float) -> list[grid.Edge]:
    """Keep the runs that end on a crossing run, as a table's rules do (at one end at least:
    a rule may stop short where a page break cut the table).

    Strokes of characters stacked one per line (本/年/度 in a vertical label) can line up
    into a run as long as a rule; they float inside a cell instead of meeting rules at
    both ends, and painting them out would erase half of each character.
    """
    def meets(e: grid.Edge, others: list[grid.Edge], at: float) -> bool:
        return any(abs(o.pos - at) <= tol and o.start - tol <= e.pos <= o.end + tol for o in others)

    hs = [e for e in edges if e.orientation == "h"]
    vs = [e for e in edges if e.orientation == "v"]
    return [e for e in edges
            if meets(e, vs if e.orientation == "h" else hs, e.start)
            or meets(e, vs if e.orientation == "h" else hs, e.end)]


def _erase(gray, edges: list[grid.Edge], regions) -> None:
    """Paint the rules of table regions white, so they are read neither as text nor as ``1``."""
    for e in edges:
        if not any(_touches(e, r) for r in regions):
            continue
        x0, x1 = int(e.x0) - 3, int(e.x1) + 4
        y0, y1 = int(e.top) - 3, int(e.bottom) + 4
        gray[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)] = 255


def _touches(e: grid.Edge, region) -> bool:
    x0, top, x1, bottom = region
    return e.x0 >= x0 - 2 and e.x1 <= x1 + 2 and e.top >= top - 2 and e.bottom <= bottom + 2


def _split(box, verticals: list[grid.Edge]) -> list[tuple[float, float, float, float]]:
    """Cut a text box where a ruling line crosses it."""
    x0, top, x1, bottom = box
    cuts = sorted(e.pos for e in verticals
                  if x0 + 3 < e.pos < x1 - 3
                  and min(e.bottom, bottom) - max(e.top, top) > 0.6 * (bottom - top))
    out, start = [], x0
    for c in cuts + [x1]:
        if c - start >= 4:
            out.append((start, top, c, bottom))
        start = c
    return out


def _bands(gray, box) -> list[tuple[int, int]]:
    """Pixel rows of ``box`` holding ink, as (first, last) runs in image coordinates."""
    import numpy as np

    h, w = gray.shape
    x0, top, x1, bottom = (max(int(box[0]), 0), max(int(box[1]), 0), min(int(box[2]) + 1, w),
                           min(int(box[3]) + 1, h))
    if x1 - x0 < 2 or bottom - top < 2:
        return []
    rows = np.flatnonzero((gray[top:bottom, x0:x1] < DARK).any(axis=1))
    if rows.size == 0:
        return []
    out, start, prev = [], int(rows[0]), int(rows[0])
    for r in rows[1:]:
        r = int(r)
        if r - prev > 1:
            out.append((top + start, top + prev))
            start = r
        prev = r
    out.append((top + start, top + prev))
    return out


def _lines(gray, box, line_height: float) -> list[tuple[float, float, float, float]]:
    """The lines of text inside ``box``, each as a tight box around its ink.

    A wrapped label gives one box per line; thin bands (the strokes of 三 or 二, a dot)
    stay with their neighbours.
    """
    import numpy as np

    merged: list[list[int]] = []
    for a, b in _bands(gray, box):
        if merged:
            prev = merged[-1]
            thin = prev[1] - prev[0] + 1 < 0.6 * line_height or b - a + 1 < 0.6 * line_height
            if thin and b - prev[0] + 1 <= 1.15 * line_height and a - prev[1] <= 0.5 * line_height:
                prev[1] = b  # strokes of one character
                continue
        merged.append([a, b])
    x0, x1 = max(int(box[0]), 0), min(int(box[2]) + 1, gray.shape[1])
    merged = [part for a, b in merged for part in _cut_tall(gray, a, b, x0, x1, line_height)]
    out = []
    for a, b in merged:
        cols = np.flatnonzero((gray[a:b + 1, x0:x1] < DARK).any(axis=0))
        if cols.size:
            out.append((float(x0 + cols[0]), float(a), float(x0 + cols[-1] + 1), float(b + 1)))
    return out


# Glyphs the recogniser confuses with digits when a number stands alone (0 → o, 1 → l).
DASHES = set("·•一—－‐_~")  # read for a minus sign next to digits
LOOKALIKE = set("oOQDUl|I!iSsBZzg〇○。°") | DASHES
NUMERIC = set("0123456789.,-")
_HALF = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９"}


def _greedy(steps, characters) -> tuple[str, float, list[int]]:
    """CTC greedy decoding of one crop's per-step class probabilities (class 0 is the blank)."""
    index = steps.argmax(axis=1).tolist()
    score = steps.max(axis=1).tolist()
    text, scores, prev = [], [], -1
    for i, s in zip(index, score, strict=True):
        if i != prev and i != 0 and i < len(characters):
            text.append(characters[i])
            scores.append(s)
        prev = i
    return "".join(text), (sum(scores) / len(scores) if scores else 0.0), index


def _as_digits(steps, characters, index: list[int]) -> tuple[str, float]:
    """Decode again where each look-alike step takes its most probable digit (with that digit's probability)."""
    import numpy as np

    digits = [i for i, ch in enumerate(characters) if ch in NUMERIC]
    text, scores, prev = [], [], -1
    for t, i in enumerate(index):
        if 0 < i < len(characters) and characters[i] in LOOKALIKE:
            j = digits[int(np.argmax(steps[t, digits]))]
            p = float(steps[t, j])
        else:
            j, p = i, float(steps[t, i])
        if j != prev and j != 0 and j < len(characters):
            text.append(characters[j])
            scores.append(p)
        prev = j
    return "".join(text), min(scores) if scores else 0.0


def read_steps(steps, characters) -> tuple[str, float]:
    """Text and confidence of one crop.

    When everything read is a digit or a glyph that looks like one (a lone ``0`` read as
    ``o``), each look-alike is replaced by the digit the model found most probable at that
    place, and the confidence becomes that digit's own probability — low when the model
    really saw a letter, so the cell is flagged rather than silently turned into a number.
    """
    text, score, index = _greedy(steps, characters)
    text = text.translate(_HALF)  # the model picks full- or half-width digits at random
    stripped = text.strip()
    if set(stripped) <= DASHES | {"-"}:
        return text, score  # a dash printed for "none" stays a dash (flagged as text by the mapper)
    if stripped and set(stripped) <= (NUMERIC | LOOKALIKE) and set(stripped) & LOOKALIKE:
        digits, digit_score = _as_digits(steps, characters, index)
        if digits:
            return digits, min(digit_score, score)
    return text, score


def _cut_tall(gray, a: int, b: int, x0: int, x1: int, line_height: float) -> list[list[int]]:
    """Cut a band taller than a line where its lines touch (tight leading): at the emptiest pixel rows."""
    import numpy as np

    if line_height <= 0 or b - a + 1 < 1.8 * line_height:
        return [[a, b]]
    profile = (gray[a:b + 1, x0:x1] < DARK).sum(axis=1).astype(float)
    lines = max(2, round((b - a + 1) / (1.15 * line_height)))
    pitch = (b - a + 1) / lines
    cuts, parts, start = [], [], a
    for k in range(1, lines):
        centre = int(k * pitch)
        lo, hi = max(int(centre - 0.35 * pitch), 1), min(int(centre + 0.35 * pitch), len(profile) - 2)
        if hi <= lo:
            continue
        cut = lo + int(np.argmin(profile[lo:hi + 1]))
        if profile[cut] <= 0.25 * profile.max():
            cuts.append(a + cut)
    for c in cuts:
        if c - start >= 0.7 * line_height and b - c >= 0.7 * line_height:
            parts.append([start, c])
            start = c + 1
    parts.append([start, b])
    return parts


PADS = ((0.4, 0.25), (0.25, 0.15), (0.6, 0.35))  # (vertical, horizontal) margins, × ink height


def _crop(gray, boxes, line_height: float, pads: tuple[float, float]):
    """One image for the recogniser: the ink of ``boxes`` side by side, with white margins.

    Margins are in proportion to the ink's own height (a digit padded like a line of text
    is read as a small letter: 0 → o); flat ink (一, -) is padded like a line of text.
    Several boxes (a label printed one character per line) are laid out as one line.
    """
    import numpy as np

    parts = [gray[int(t):int(b), int(x0):int(x1)] for x0, t, x1, b in boxes]
    parts = [p for p in parts if p.shape[0] >= 3 and p.shape[1] >= 2]
    if not parts:
        return None
    height = max(p.shape[0] for p in parts)
    gap = max(2, int(0.15 * height))
    size = height if height >= 0.5 * line_height else 0.7 * line_height
    pad_y, pad_x = int(pads[0] * size), int(pads[1] * size)
    # White canvas, ink pasted in (np.pad per part cost more than the pasting).
    width = sum(p.shape[1] for p in parts) + gap * (len(parts) - 1)
    crop = np.full((height + 2 * pad_y, width + 2 * pad_x), 255, dtype=gray.dtype)
    x = pad_x
    for p in parts:
        extra = height - p.shape[0]
        # Small marks (、，。) sit low in their character box; anything else is centred.
        above = extra if len(parts) > 1 and p.shape[0] < 0.5 * height else extra // 2
        crop[pad_y + above:pad_y + above + p.shape[0], x:x + p.shape[1]] = p
        x += p.shape[1] + gap
    return crop


def _outputs(rec, tensor):
    """The recogniser's output for each row of ``tensor`` in turn, run a few rows at a time.

    On one core the model costs more per pixel once a run holds more than about
    :data:`RUN_PIXELS` pixels (its working set leaves the cache); rows are independent,
    so smaller runs give the same output for less time. Each row's output (steps × 6,625
    characters, ~6 MB for a line of text) is read before the next run overwrites it: a
    batch's outputs are never all held at once.
    """
    rows = max(1, RUN_PIXELS // (tensor.shape[2] * tensor.shape[3]))
    for i in range(0, tensor.shape[0], rows):
        yield from rec.session(tensor[i:i + rows])[0]


def _read(crops, anchor=None, strips: bool = False) -> list[tuple[str, float]]:
    """Recognise crops in batches of similar shape, each batch only as wide as its widest crop.

    (rapidocr's own loop pads every crop to a long line, which costs short numbers several
    times their size.) With ``strips``, short crops are read side by side instead.
    """
    import cv2
    import numpy as np

    rec = engine().text_rec
    ratios = [cr.shape[1] / cr.shape[0] for cr in crops]
    results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    short = [i for i in range(len(crops)) if ratios[i] <= SHORT_CROP] if strips else []
    for i, result in zip(short, _read_strips([crops[i] for i in short], anchor), strict=True):
        results[i] = result
    order = sorted((i for i in range(len(crops)) if i not in set(short)), key=lambda i: ratios[i])
    for start in range(0, len(order), BATCH):
        batch = order[start:start + BATCH]
        widest = max(ratios[i] for i in batch)
        width = int(REC_HEIGHT * max(1.0, widest) + 8)
        tensor = np.zeros((len(batch), 3, REC_HEIGHT, width), dtype=np.float32)
        for k, i in enumerate(batch):
            cw = min(width, max(1, int(np.ceil(REC_HEIGHT * ratios[i]))))
            tensor[k, :, :, :cw] = cv2.resize(crops[i], (cw, REC_HEIGHT)).astype(np.float32) / 127.5 - 1.0
        for k, pred in enumerate(_outputs(rec, tensor)):
            results[batch[k]] = read_steps(pred, rec.postprocess_op.character)
    return results


def _read_strips(crops, anchor=None) -> list[tuple[str, float]]:
    """Read short crops (numbers) side by side in strips, then give each crop its own characters.

    A lone ``0`` is ambiguous to the recogniser (``o``? ``O``?); next to other numbers it
    is a digit. Each strip holds several crops separated by white gaps; every character
    the recogniser emits belongs to the crop under its position in the strip (one output
    step covers a fixed width of input), and each crop's characters and confidence come
    from its own steps only — a crop never borrows a character from its neighbour.
    ``anchor`` (a number read with certainty on the same page) opens every strip as context.
    """
    import cv2
    import numpy as np

    if not crops:
        return []
    rec = engine().text_rec
    height = REC_HEIGHT
    gap = height // 2  # white between crops: three output steps wide
    strips: list[tuple[list, list[tuple[int, int, int]]]] = []
    lead = []
    if anchor is not None:
        aw = max(1, int(np.ceil(height * anchor.shape[1] / anchor.shape[0])))
        lead = [cv2.resize(anchor, (aw, height)), np.full((height, gap), 255, dtype=np.uint8)]
    start_x = sum(im.shape[1] for im in lead)
    images, spans, x = list(lead), [], start_x
    for i, crop in enumerate(crops):
        cw = max(1, int(np.ceil(height * crop.shape[1] / crop.shape[0])))
        if spans and x + gap + cw > STRIP_RATIO * height:
            strips.append((images, spans))
            images, spans, x = list(lead), [], start_x
        if spans:
            images.append(np.full((height, gap), 255, dtype=np.uint8))
            x += gap
        images.append(cv2.resize(crop, (cw, height)))
        spans.append((i, x, x + cw))
        x += cw
    strips.append((images, spans))
    results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    characters = rec.postprocess_op.character
    for start in range(0, len(strips), 4):
        batch = strips[start:start + 4]
        joined = [np.concatenate(imgs, axis=1) for imgs, _ in batch]
        width = max(j.shape[1] for j in joined) + 8
        tensor = np.ones((len(batch), 3, height, width), dtype=np.float32)  # white
        for k, j in enumerate(joined):
            tensor[k, :, :, :j.shape[1]] = j.astype(np.float32) / 127.5 - 1.0
        for (_, spans_k), pred in zip(batch, _outputs(rec, tensor), strict=True):
            step = width / pred.shape[0]
            for i, x0, x1 in spans_k:
                t0 = max(0, int((x0 - gap / 2) / step))
                t1 = min(pred.shape[0], int(np.ceil((x1 + gap / 2) / step)))
                results[i] = read_steps(pred[t0:t1], characters)
    return results


def recognise(gray, items, line_height: float, seen: dict | None = None) -> list[grid.Piece]:
    """Read each item (a list of tight boxes read as one line); one piece per item.

    A number read with less than :data:`RETRY_BELOW` confidence is read again with other
    margins and the most confident reading is kept, with its own confidence. ``seen``: what
    earlier pages of the same document left (a number read with certainty, lent as context
    to a page that has none, such as a picture of a table of zeros); updated here.
    """
    kept, crops = [], []
    for boxes in items:
        crop = _crop(gray, boxes, line_height, PADS[0])
        if crop is not None:
            kept.append(boxes)
            crops.append(crop)
    if not crops:
        return []
    results = _read(crops)
    # A number read with certainty, to give doubtful ones the context of a number.
    sure = [i for i, (text, score) in enumerate(results) if len(text) >= 2 and text.isdigit() and score >= 0.98]
    anchor = crops[max(sure, key=lambda i: len(results[i][0]))] if sure else None
    if seen is not None:
        if anchor is not None:
            seen["anchor"] = anchor
        else:
            anchor = seen.get("anchor")
    # Doubtful numbers are read again: side by side with other numbers (and one read with
    # certainty) with tighter margins, then alone with wider ones; the most confident reading
    # is kept. (Side by side with the first margins raised no doubtful number to 0.9 on the
    # corpus scans, for a sixth of the page's time: that pass is gone.)
    for pads, strips in ((PADS[1], True), (PADS[2], False)):
        retry = [i for i, (text, score) in enumerate(results)
                 if score < RETRY_BELOW and text.strip() and set(text.strip()) <= NUMERIC | LOOKALIKE]
        if not retry:
            break
        again = _read([_crop(gray, kept[i], line_height, pads) for i in retry], anchor, strips=strips)
        for i, (text, score) in zip(retry, again, strict=True):
            if text.strip() and score > results[i][1]:
                results[i] = (text, score)
    # A number whose box shows a minus sign or a point the reading lacks: read it again
    # alone; if that still lacks it, flag it.
    short = [i for i, (text, _) in enumerate(results)
             if text.strip() and set(text.strip()) <= NUMERIC and len(kept[i]) == 1
             and _lost_mark(gray, kept[i][0], text.strip())]
    if short:
        for i, (text, score) in zip(short, _read([crops[i] for i in short]), strict=True):
            text = text.strip()
            ok = text and set(text) <= NUMERIC and not _lost_mark(gray, kept[i][0], text)
            results[i] = (text, score) if ok else (results[i][0], min(results[i][1], UNACCOUNTED))
    pieces = []
    for boxes, (text, score) in zip(kept, results, strict=True):
        text = text.strip()
        if text:
            pieces.append(grid.Piece(text, min(b[0] for b in boxes), min(b[1] for b in boxes),
                                     max(b[2] for b in boxes), max(b[3] for b in boxes), score))
    return pieces


def _lost_mark(gray, box, text: str) -> bool:
    """Whether a number's box shows a minus sign or a decimal point the reading lacks.

    A minus is a short flat mark left of everything else, at mid height; a point is a
    small mark in the lower part with taller marks on both sides. Thin fragments of
    broken digits do not qualify (they overlap their digit or are not flat/low).
    """
    import cv2
    import numpy as np

    x0, top, x1, bottom = (int(v) for v in box)
    ink = (gray[max(top, 0):bottom, max(x0, 0):x1] < 200).astype(np.uint8)
    if ink.size == 0:
        return False
    height = ink.shape[0]
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    comps = sorted((int(x), int(y), int(w), int(h)) for x, y, w, h, area in stats[1:n] if area >= 2)
    if len(comps) < 2:
        return False
    tall = [c for c in comps if c[3] >= 0.5 * height]
    first = comps[0]
    x, y, w, h = first
    rest_left = min(c[0] for c in comps[1:])
    if (h <= 0.3 * height and w >= 1.2 * h and 0.25 * height <= y + h / 2 <= 0.75 * height
            and x + w < rest_left and tall and not text.startswith("-")):
        return True
    if "." in text or "," in text:
        return False
    for x, y, w, h in comps:
        if (w <= 0.35 * height and h <= 0.35 * height and y >= 0.6 * height
                and any(t[0] + t[2] <= x for t in tall) and any(t[0] >= x + w for t in tall)):
            return True
    return False


def _vertical(lines, line_height: float) -> bool:
    """A label printed one character per line (a narrow merged cell)."""
    return len(lines) >= 3 and all(b[2] - b[0] <= 1.5 * line_height for b in lines)


def _detect(gray) -> list[tuple[float, float, float, float]]:
    """Text boxes (x0, top, x1, bottom in ``gray``'s pixels), found on a copy scaled to :data:`DET_SIDE`.

    Detection costs in proportion to pixels, and most of a page is white (margins, the
    blanked tables, the space between paragraphs): the copy keeps only the rows and columns
    within :data:`DET_MARGIN` of ink, stacked together, and the boxes are mapped back.
    """
    import cv2
    import numpy as np

    h, w = gray.shape
    f = min(1.0, DET_SIDE / max(h, w))
    small = cv2.resize(gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA) \
        if f < 1.0 else gray
    ink = small < DET_INK
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return []
    x0, x1 = max(int(cols[0]) - DET_MARGIN, 0), min(int(cols[-1]) + DET_MARGIN + 1, small.shape[1])
    near = np.zeros(small.shape[0] + 1, dtype=np.int32)  # rows within DET_MARGIN of an inked row
    np.add.at(near, np.maximum(rows - DET_MARGIN, 0), 1)
    np.add.at(near, np.minimum(rows + DET_MARGIN + 1, small.shape[0]), -1)
    keep = np.cumsum(near[:-1]) > 0
    edges = np.flatnonzero(np.diff(np.concatenate([[0], keep.astype(np.int8), [0]])))
    spans = list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))  # kept rows [a, b)
    compact = np.concatenate([small[a:b, x0:x1] for a, b in spans], axis=0)
    det, _ = engine().text_det(np.ascontiguousarray(np.stack([compact] * 3, axis=-1)))
    starts = np.cumsum([0] + [b - a for a, b in spans])  # where each kept span starts in the copy

    def back(y: float) -> float:
        k = min(max(int(np.searchsorted(starts, y, side="right")) - 1, 0), len(spans) - 1)
        return (spans[k][0] + y - starts[k]) / f

    boxes = []
    for quad in det if det is not None else []:
        xs = [(float(p[0]) + x0) / f for p in quad]
        ys = [float(p[1]) for p in quad]
        boxes.append((min(xs), back(min(ys)), max(xs), back(max(ys))))
    return boxes


def page_elements(image, number: int, path: str, seen: dict | None = None,
                  where: str | None = None) -> tuple[list[tuple], float]:
    """OCR one page image into elements (as the PDF reader's pages give) and the page height they use.

    Table cells are read cell by cell inside the rules (no detection needed there);
    text outside the tables is found by the detector on a copy with the tables blanked.
    ``seen``: one dict per document, passed to every page of it in order (see :func:`recognise`).
    Anything but gongkai's own errors becomes a :class:`ReadError` naming ``path`` and
    ``where`` (default: 第 ``number`` 页).
    """
    try:
        return _page_elements(image, number, seen)
    except GongkaiError:
        raise
    except MemoryError:
        raise ReadError("图像过大，内存不足", path, where or f"第 {number} 页") from None
    except Exception as e:
        raise ReadError(f"文字识别失败（{type(e).__name__}）", path, where or f"第 {number} 页") from e


def _page_elements(image, number: int, seen: dict | None) -> tuple[list[tuple], float]:
    import numpy as np

    image = _fit(image)
    gray = deskew(np.array(image.convert("L")))
    h, w = gray.shape
    tol = max(4.0, w / 300)
    rules = find_rules(gray)
    regions = grid.find_regions(rules, tol)
    _erase(gray, rules, regions)
    frames = []
    for region in regions:
        g = grid.build_grid(region, rules, [], tol, page=number)
        if g is not None and len(grid.columns(g, tol)) >= 3:
            frames.append((region, g))
    margin = 2
    cell_boxes = [(c.x0 + margin, g.ys[c.row0] + margin, c.x1 - margin, g.ys[c.row1] - margin)
                  for _, g in frames for c in g.cells]
    # Text outside the tables: detect on a copy with the tables blanked out.
    outside_gray = gray.copy()
    for region, _ in frames:
        x0, top, x1, bottom = (int(v) for v in region)
        outside_gray[max(top - 2, 0):bottom + 3, max(x0 - 2, 0):x1 + 3] = 255
    found = []
    if (outside_gray < DARK).any():
        found = _detect(outside_gray)
    line_height = _line_height(gray, found, cell_boxes)
    items = []
    for box in cell_boxes:
        lines = [line for line in _lines(gray, box, line_height) if not _rule_speck(line, box, line_height)]
        items.extend([lines] if _vertical(lines, line_height) else [[line] for line in lines])
    skipped = 0
    for box in found:
        for line in _lines(outside_gray, box, line_height):
            if text_mode() == "short" and number > 1 and line[2] - line[0] > SHORT_LINE * line_height:
                skipped += 1  # a line of narrative: not read in "short" mode
                continue
            items.append([line])
    pieces = recognise(gray, items, line_height, seen)
    tables = []
    for region, _ in frames:
        g = grid.build_grid(region, rules, pieces, tol, page=number)
        if g is not None and any(c.text for c in g.cells):
            tables.append(g)
    outside = [p for p in pieces if not any(
        g.x0 - tol <= p.cx <= g.x1 + tol and g.top - tol <= p.cy <= g.bottom + tol for g in tables)]
    elements: list[tuple] = [("table", g.top, g) for g in tables]
    for line in grid.lines_of(outside):
        text = grid.line_text(line).strip()
        if text:
            elements.append(("line", min(p.top for p in line), text, max(p.bottom for p in line)))
    if skipped:
        elements.append(("skipped", float(h), skipped))
    elements.sort(key=lambda e: e[1])
    return elements, float(h)


SPECK = 0.15  # line heights: ink this small on a cell's edge is what is left of a rule, not text


def _rule_speck(line, box, line_height: float) -> bool:
    """A few pixels of ink against the cell's edge: a blurred rule's remains (where two rules
    cross), which read as a point after the number. A decimal point sits beside its digits."""
    x0, top, x1, bottom = line
    small = x1 - x0 <= SPECK * line_height and bottom - top <= SPECK * line_height
    return small and (x0 - box[0] <= 2 or box[2] - x1 <= 2 or top - box[1] <= 2 or box[3] - bottom <= 2)


def _line_height(gray, found, cell_boxes) -> float:
    """The height of one line of text on the page: the common height of ink bands and detected boxes."""
    heights = [b - a + 1 for box in cell_boxes for a, b in _bands(gray, box)]
    heights += [0.8 * (b[3] - b[1]) for b in found]  # a detected box has a margin around its ink
    heights.sort()
    return float(heights[int(len(heights) * 0.75)]) if heights else 20.0
