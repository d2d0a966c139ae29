"""Evidence for Article 35 and for repeats: what staff see before deciding, and what is recorded.

For one application:

* the applicant's other applications to this agency (same identity number or organisation code),
  with their outcomes;
* the applicant's count per calendar month (the frequency Article 35 and 办法第四条 speak of);
* earlier applications to this agency with similar content (:mod:`gongkai.cases.similarity`,
  character bigrams weighted by rarity), with their outcomes and the passages they share.

The similarity index is built once per process from the database and topped up with newer
applications on each use, so the page shows it while it loads even with 100,000 applications.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

from django.db.models import Max
from django.utils import timezone

from ..cases import models as cm
from ..cases import similarity
from .fee_notices import same_applicant
from .models import EvidenceRecord

DECISIONS_NEEDING_EVIDENCE = ("not_processed.repeat", "not_processed.excessive")
SIMILAR_K = 10
MIN_SCORE = 0.45


def application_text(title: str, number: str, description: str) -> str:
    return " ".join(t for t in (title, number, description) if t)


class _Index:
    """One SimilarityIndex for every agency (grouped by agency id), topped up incrementally."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: similarity.SimilarityIndex | None = None
        self.max_pk = 0

    def reset(self) -> None:
        with self.lock:
            self.index, self.max_pk = None, 0

    def current(self) -> similarity.SimilarityIndex:
        with self.lock:
            rows = (cm.Application.objects.filter(pk__gt=self.max_pk).order_by("pk")
                    .values_list("pk", "info_title", "info_document_number", "info_description", "agency_id"))
            if self.index is None:
                self.index = similarity.SimilarityIndex.build(
                    (pk, application_text(t, n, d), agency) for pk, t, n, d, agency in rows.iterator(chunk_size=5000))
                self.max_pk = cm.Application.objects.aggregate(m=Max("pk"))["m"] or 0
            else:
                for pk, t, n, d, agency in rows:
                    self.index.add(pk, application_text(t, n, d), agency)
                    self.max_pk = max(self.max_pk, pk)
            return self.index


INDEX = _Index()


def _row(a: cm.Application) -> dict:
    return {
        "id": a.pk, "number": a.number, "received_on": a.received_on.isoformat() if a.received_on else None,
        "status": a.status, "status_label": a.get_status_display(), "outcome": a.outcome,
        "outcome_label": a.outcome_label, "info": application_text(a.info_title, a.info_document_number,
                                                                   a.info_description)[:120],
    }


def _applicant_rows(app: cm.Application) -> list[tuple[int, object]]:
    """(pk, received_on) of the applicant's other applications, from the (agency, id_number) index.

    Unordered in SQL on purpose: an ORDER BY makes SQLite prefer the (agency, received_on) index
    and scan the agency's every application.
    """
    return list(same_applicant(app).exclude(pk=app.pk).order_by().values_list("pk", "received_on"))


def other_applications(app: cm.Application, limit: int = 100, rows=None) -> list[dict]:
    rows = _applicant_rows(app) if rows is None else rows
    newest = sorted(rows, key=lambda r: (r[1] or dt.date.min, r[0]), reverse=True)[:limit]
    by_pk = cm.Application.objects.in_bulk([pk for pk, _ in newest])
    return [_row(by_pk[pk]) for pk, _ in newest if pk in by_pk]


def per_month(app: cm.Application, rows=None) -> list[dict]:
    """The applicant's applications to this agency per calendar month (this one included), newest first."""
    rows = _applicant_rows(app) if rows is None else rows
    dates = [d for _, d in rows if d] + ([app.received_on] if app.received_on else [])
    counts = Counter(d.strftime("%Y-%m") for d in dates)
    return [{"month": k, "count": counts[k]} for k in sorted(counts, reverse=True)]


def similar_earlier(app: cm.Application, k: int = SIMILAR_K, min_score: float = MIN_SCORE) -> list[dict]:
    """Earlier applications to this agency whose content is like this one's, most similar first."""
    text = application_text(app.info_title, app.info_document_number, app.info_description)
    index = INDEX.current()
    matches = index.query(text, k=k * 2, min_score=min_score, group=app.agency_id, exclude=(app.pk,),
                          where=lambda pk: pk < app.pk)
    by_pk = {a.pk: a for a in cm.Application.objects.filter(pk__in=[m.id for m in matches])
             .exclude(status=cm.Status.SPLIT)}
    key = (app.id_number or "").strip()
    out = []
    for match in matches:
        a = by_pk.get(match.id)
        if a is None:
            continue
        other_text = application_text(a.info_title, a.info_document_number, a.info_description)
        out.append(_row(a) | {"score": round(match.score, 3), "same_applicant": bool(key) and a.id_number == key,
                              "shared": similarity.common_fragments(text, other_text)[:3]})
        if len(out) == k:
            break
    return out


def gather(app: cm.Application) -> dict:
    """Everything the evidence panel shows, as plain data (what a decision records)."""
    rows = _applicant_rows(app)
    months = per_month(app, rows)
    this_month = app.received_on.strftime("%Y-%m") if app.received_on else None
    others = other_applications(app, rows=rows)
    return {
        "application": app.number,
        "applicant": app.applicant_name,
        "identity": app.masked_id_number,
        "other_applications": others,
        "other_count": len(rows),
        "per_month": months,
        "this_month": next((m["count"] for m in months if m["month"] == this_month), 0),
        "similar": similar_earlier(app),
        "gathered_at": timezone.now().isoformat(timespec="seconds"),
    }


def record(app: cm.Application, by, outcome: str = "", note: str = "") -> EvidenceRecord:
    """Keep what was in view with the decision (or on staff's request)."""
    return EvidenceRecord.objects.create(
        agency=app.agency, application=app, outcome=outcome, evidence=gather(app), note=note,
        recorded_by=by if getattr(by, "is_authenticated", False) else None)
