"""How applications are numbered and found: the agency's yearly number drawn under its row lock, and the
applicant's unguessable tracking code."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import transaction

from .agencies import Agency

if TYPE_CHECKING:
    from .application import Application

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_tracking_code() -> str:
    """An unguessable tracking code (16 symbols of 32 = 80 bits), grouped for reading aloud."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def lock_agency(agency_id: int) -> None:
    """Take the agency's row lock until the end of the transaction: numbers and serials are drawn under it.

    On PostgreSQL this serialises the drawing of application numbers and letter serials of one
    agency; on SQLite the ``IMMEDIATE`` transaction already holds the database's write lock.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_agency() must run inside a transaction")
    list(Agency.objects.select_for_update().filter(pk=agency_id).values_list("pk", flat=True))


def save_new(app: Application, year: int) -> None:
    """Insert ``app`` with the agency's next number for ``year`` (drawn under the agency's lock)."""
    with transaction.atomic():
        lock_agency(app.agency_id)
        app.number = next_number(app.agency, year)
        app.save(force_insert=True)


def next_number(agency: Agency, year: int) -> str:
    """The next application number of ``agency`` for ``year``: ``2025-00042``. Call under :func:`lock_agency`."""
    from .application import Application

    prefix = f"{year}-"
    last = (Application.objects.filter(agency=agency, number__startswith=prefix, parent__isnull=True)
            .order_by("-number").values_list("number", flat=True).first())
    seq = int(last[len(prefix):].split("-")[0]) + 1 if last else 1
    return f"{prefix}{seq:05d}"
