"""Reading a received report in the background, exactly once (Django).

The queue (django-tasks, :mod:`.tasks`) only says "read submission N". The job's state lives on
the :class:`Submission` row (``READING``): a worker *claims* a queued row (locked, re-checked:
one winner), renews its claim (``heartbeat_at``) while it reads, and *finishes* only if the claim
is still its own — result, findings and the state change in one transaction. A worker that dies
stops renewing; after ``GONGKAI_READ_LEASE`` seconds :func:`requeue_stale` (run by every worker)
puts the row back in the queue for another worker. So a job interrupted anywhere is read again,
and a result is stored once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from ..errors import GongkaiError
from ..report import Report, jsonio
from .models import Finding, Submission, Unit
from .units import Matcher

log = logging.getLogger("gongkai.supervision")


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(pk: int) -> None:
    from .tasks import read_submission

    result = read_submission.enqueue(pk)
    Submission.objects.filter(pk=pk).update(task_id=str(result.id))


def pause(stop: threading.Event, seconds: float) -> bool:
    """``stop.wait(seconds)`` made of short ``time.sleep``s: True as soon as ``stop`` is set.

    Not ``Event.wait(timeout)``: under Debian's ``faketime`` (the suite's "any date" rerun, and anyone
    trying gongkai at a moved date) libfaketime 0.9.10 hands the kernel the faked wall-clock instant as
    a *monotonic* futex deadline, so every timed lock wait in Python blocks for decades — the heartbeat
    and the stale-job reaper never ran again and a killed worker's report was never given back.
    ``time.sleep`` is unaffected (and ``FAKETIME_DONT_FAKE_MONOTONIC`` breaks it instead)."""
    end = time.monotonic() + seconds
    while not stop.is_set():
        left = end - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(0.1, left))
    return True


# --- claim, read, finish -------------------------------------------------------------

def claim(pk: int, worker: str) -> Submission | None:
    """Take the job if it is queued (or its claim expired). None: done, or another worker has it."""
    lease = dt.timedelta(seconds=settings.GONGKAI_READ_LEASE)
    with transaction.atomic():
        sub = Submission.objects.select_for_update().filter(pk=pk).first()
        if sub is None or sub.done:
            return None
        now = timezone.now()
        if sub.state == "reading" and sub.heartbeat_at and sub.heartbeat_at > now - lease:
            return None  # another worker is reading it
        Submission.objects.filter(pk=pk).update(state="reading", claimed_by=worker, heartbeat_at=now,
                                                attempts=sub.attempts + 1)
        sub.state, sub.claimed_by, sub.heartbeat_at, sub.attempts = "reading", worker, now, sub.attempts + 1
        return sub


class Heartbeat:
    """Renew a claim every lease/4 seconds from a thread while the job runs."""

    def __init__(self, pk: int, worker: str):
        self.pk, self.worker = pk, worker
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name=f"heartbeat-{pk}")

    def _run(self) -> None:
        every = max(0.2, settings.GONGKAI_READ_LEASE / 4)
        try:
            while not pause(self.stop, every):
                Submission.objects.filter(pk=self.pk, claimed_by=self.worker, state="reading") \
                    .update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


def run(pk: int, worker: str | None = None) -> str:
    """The task body: claim, read the file, store the result if the claim is still ours."""
    worker = worker or worker_id()
    sub = claim(pk, worker)
    if sub is None:
        return "skipped"
    with Heartbeat(pk, worker):
        try:
            from .. import ingest
            report: Report | GongkaiError = ingest.read(sub.file.path)
        except GongkaiError as e:
            report = e
        except Exception as e:  # a reader bug must not lose the job: say so on the row
            log.exception("reading submission %s failed", pk)
            report = GongkaiError(f"读取时发生内部错误（{type(e).__name__}），请报告此问题", path=sub.original_name)
        if settings.GONGKAI_READ_PAUSE:
            time.sleep(settings.GONGKAI_READ_PAUSE)
    with transaction.atomic():
        sub = Submission.objects.select_for_update().get(pk=pk)
        if sub.state != "reading" or sub.claimed_by != worker:
            return "lost"  # our claim expired and another worker took the job
        if isinstance(report, GongkaiError):
            msg = str(report).replace(sub.file.path, sub.original_name) if sub.file else str(report)
            Submission.objects.filter(pk=pk).update(state="unreadable", error=msg, read_by=worker,
                                                    read_at=timezone.now(), claimed_by="")
            return "unreadable"
        report.source = sub.original_name
        store_result(sub, report, worker)
    return "read"


def store_result(sub: Submission, report: Report, worker: str) -> None:
    """Write a read report on its row: match its unit, make it the unit's current version for the
    year, run the checks and store the findings. Call inside a transaction holding the row."""
    from .report_checks import check_unit_report

    if sub.unit_id is None:
        match = matcher().match(report.agency)
        if match.sure:
            sub.unit = Unit.objects.get(name=match.unit)
            sub.match, sub.match_how = "auto", match.how
        else:
            sub.match, sub.candidates = "unmatched", match.candidates
    sub.year = report.year or sub.year
    sub.agency_name = (report.agency or "")[:300]
    sub.template = report.template
    sub.published = report.published
    sub.report = jsonio.to_json(report)
    sub.cells = {k: _json_number(c.number) for k, c in report.cells.items()}
    sub.state, sub.read_by, sub.read_at, sub.claimed_by, sub.error = "read", worker, timezone.now(), "", ""
    sub.save()
    if sub.unit_id:
        make_current(sub)
        previous = (Submission.objects.filter(unit_id=sub.unit_id, year__lt=sub.year, current=True,
                                              state="read").order_by("-year").first() if sub.year else None)
        findings = check_unit_report(report, sub.unit.level, previous.core_report() if previous else None)
        Finding.objects.filter(submission=sub).delete()
        Finding.objects.bulk_create([
            Finding(unit_id=sub.unit_id, year=sub.year or 0, submission=sub, code=f.code, severity=f.severity,
                    message=f.message, keys=list(f.keys)) for f in findings])


def _json_number(n):
    if n is None:
        return None
    return int(n) if n == int(n) else float(n)


def make_current(sub: Submission) -> None:
    """``sub`` becomes its unit's current version for its year; the earlier ones stay, not current.

    The unit's row is locked first: two workers finishing two files of one unit at once number
    their versions one after the other."""
    Unit.objects.select_for_update().filter(pk=sub.unit_id).first()
    others = Submission.objects.filter(unit_id=sub.unit_id, year=sub.year).exclude(pk=sub.pk)
    last = others.order_by("-version").values_list("version", flat=True).first()
    sub.version = (last or 0) + 1
    sub.current = True
    Submission.objects.filter(pk=sub.pk).update(version=sub.version, current=True)
    others.filter(current=True).update(current=False)
    from .models import ReportReturn
    ReportReturn.objects.filter(submission__in=others, corrected_by__isnull=True).update(corrected_by=sub)


def confirm_unit(sub: Submission, unit: Unit, user) -> None:
    """A person says which unit a report is (the confirmation step for what did not match). An
    unreadable report may be placed too, when its year is known (given at upload): its unit then
    counts as having sent a report that could not be read."""
    with transaction.atomic():
        sub = Submission.objects.select_for_update().get(pk=sub.pk)
        if sub.state == "unreadable" and not sub.year:
            raise GongkaiError("无法读取的报告未载明年度：请在上传时填写年度后再确认单位", path=sub.original_name)
        sub.unit, sub.match, sub.match_how = unit, "confirmed", "person"
        sub.save(update_fields=["unit", "match", "match_how"])
        report = sub.core_report()
        if report is not None:
            store_result(sub, report, sub.read_by or "person")
        else:
            make_current(sub)


_MATCHER: dict = {}


def matcher() -> Matcher:
    """A matcher over all units, rebuilt when the units change."""
    from django.db.models import Count, Max
    stamp = tuple(Unit.objects.aggregate(n=Count("id"), t=Max("updated_at")).values())
    if _MATCHER.get("stamp") != stamp:
        _MATCHER["m"] = Matcher((u.name, u.alias_list()) for u in Unit.objects.all())
        _MATCHER["stamp"] = stamp
    return _MATCHER["m"]


# --- workers that died ------------------------------------------------------------------

def requeue_stale() -> list[int]:
    """Give back to the queue every job whose worker stopped renewing its claim."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - dt.timedelta(seconds=settings.GONGKAI_READ_LEASE)
    again = []
    with transaction.atomic():
        stale = Submission.objects.select_for_update(skip_locked=True).filter(state="reading",
                                                                              heartbeat_at__lt=cutoff)
        for sub in stale:
            Submission.objects.filter(pk=sub.pk).update(state="queued", claimed_by="")
            if sub.task_id:  # the dead worker's task stays "running" in the queue: close it
                DBTaskResult.objects.filter(id=sub.task_id, status="RUNNING").update(
                    status="FAILED", finished_at=timezone.now())
            again.append(sub.pk)
        transaction.on_commit(lambda: [enqueue(pk) for pk in again])
    if again:
        log.warning("requeued %d report(s) whose worker stopped: %s", len(again), again)
    return again


def reaper(stop: threading.Event) -> None:
    """Run :func:`requeue_stale` every lease/2 seconds until ``stop`` is set (a worker's thread)."""
    every = max(0.5, settings.GONGKAI_READ_LEASE / 2)
    parent = os.environ.get("GONGKAI_WORKER_PARENT")
    while not pause(stop, every):
        if parent and os.getppid() != int(parent):  # started by `gongkai serve`, which is gone: stop too
            log.warning("gongkai serve has stopped: this worker stops")
            os.kill(os.getpid(), signal.SIGTERM)  # the worker's own graceful shutdown
            break
        try:
            close_old_connections()
            requeue_stale()
        except Exception:  # pragma: no cover - keep the worker alive; the next round retries
            log.exception("requeue_stale failed")
    connection.close()
