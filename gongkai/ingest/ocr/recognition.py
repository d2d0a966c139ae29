"""Reading text crops: the recogniser run in batches, its per-step output decoded into text
with a confidence, numbers read again when in doubt. Nothing is corrected or guessed.
"""

from __future__ import annotations

from .. import grid
from .engine import REC_HEIGHT, engine

UNACCOUNTED = 0.45  # confidence of a number whose box shows a sign or point the reading lacks


RETRY_BELOW = 0.9  # a number read with less confidence is read again with other margins


SHORT_CROP = 4.0  # width/height: crops up to this are numbers (read side by side when in doubt)


STRIP_RATIO = 40  # width/height of a strip of numbers read together


RUN_PIXELS = 80_000  # pixels (rows × height × width) per run of the recogniser


BATCH = 16  # crops per recognition run (similar widths: sorted by width; 16 ran fastest on one core, of 8–64)


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
