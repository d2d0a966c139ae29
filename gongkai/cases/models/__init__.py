"""The records of the 依申请公开 case platform, one module per concept.

One :class:`Application` (:mod:`.application`) is one matter (一申请一事项) received by one
:class:`Agency` (:mod:`.agencies`). Its life is a sequence of state changes, each made by a method on
the model (``register``, ``request_correction``, ``receive_supplement``, ``start_consultation``,
``close`` …; :mod:`.application_handling`, :mod:`.application_closing`) and each kept as an
append-only :class:`Event` (:mod:`.audit`). Nothing is hard-deleted: ``delete()`` raises
(:mod:`.querysets`).

The statutory clock (working days, pauses, extension, restart after 补正) is computed by
:mod:`gongkai.cases.clock` on the working calendar of :mod:`.dates` (the national holiday schedule
entered by administrators: :mod:`.holiday_schedule`); the model stores only what the clock needs to
resume (:mod:`.application_clock`) and its ``due_on`` (``None`` while the clock is stopped), so the
workbench can query due dates with an index. The date of today is :func:`.dates.today`, called
through its module (``dates.today()``) everywhere, so that a test sets it in one place; it is
deliberately not re-exported here.

Tables 3 and 4 of the annual report are counted from these records by
:mod:`gongkai.cases.annual_report`:

* 本年新收: ``received_on`` in the year (split originals excluded — their parts count);
* 上年结转: received before the year and not closed before it;
* outcome rows: ``closed_on`` in the year, by ``outcome`` (a 2021 row key of
  :mod:`gongkai.report.cells`; :mod:`.choices`);
* 结转下年度: received by 31 December and not closed by then;
* table 4: each :class:`Appeal` (:mod:`.appeals`) open at some time in the year, in the result
  column when decided in the year, else 尚未审结.
"""

from __future__ import annotations

from ..states import OPEN_STATUSES, Conflict, Status
from . import dates
from .agencies import Agency, Membership, agencies_of, roles_of
from .appeals import Appeal
from .application import Application
from .application_closing import validate_outcome
from .application_reading import mask_identity
from .attachments import ATTACHMENT_KINDS, UPLOAD_TYPES, Attachment, _upload_to, short_name
from .audit import Event, _actor_label, _jsonable
from .choices import (
    APPLICANT_TYPES,
    CHANNELS,
    CORRECTION_WARN,
    DEFAULT_CORRECTION_DAYS,
    DELIVERY_FORMS,
    ID_TYPES,
    ORGANISATION_TYPES,
    OUTCOME_CHOICES,
    OUTCOME_KEYS,
    OUTCOMES_BY_PATH,
    OUTCOMES_NEEDING_REASON,
    OUTCOMES_WITH_RESPONSIBLE_AGENCY,
    PUBLIC_EVENTS,
    RECEIPT_RULE,
    ROLES,
    STAFF_ROLES,
    outcome_label,
)
from .consultations import Consultation
from .dates import (
    CALENDAR_TTL,
    add_working_days,
    forget_calendar,
    provisional_note,
    provisional_years,
    work_calendar,
    working_days_between,
)
from .holiday_schedule import ScheduleDay, ScheduleEvent, ScheduleYear
from .numbering import lock_agency, new_tracking_code, next_number, normalise_code, save_new
from .querysets import AppendOnly, NoDeletion

# Private names other apps and the initial migration use (``cm._actor_label``; ``upload_to``).
_ = (_actor_label, _jsonable, _upload_to)

__all__ = [
    "APPLICANT_TYPES", "ATTACHMENT_KINDS", "CALENDAR_TTL", "CHANNELS", "CORRECTION_WARN", "DEFAULT_CORRECTION_DAYS",
    "DELIVERY_FORMS", "ID_TYPES", "OPEN_STATUSES", "ORGANISATION_TYPES", "OUTCOMES_BY_PATH", "OUTCOMES_NEEDING_REASON",
    "OUTCOMES_WITH_RESPONSIBLE_AGENCY", "OUTCOME_CHOICES", "OUTCOME_KEYS", "PUBLIC_EVENTS", "RECEIPT_RULE", "ROLES",
    "STAFF_ROLES", "UPLOAD_TYPES",
    "Agency", "Appeal", "AppendOnly", "Application", "Attachment", "Conflict", "Consultation", "Event", "Membership",
    "NoDeletion", "ScheduleDay", "ScheduleEvent", "ScheduleYear", "Status",
    "add_working_days", "agencies_of", "dates", "forget_calendar", "lock_agency", "mask_identity", "new_tracking_code",
    "next_number", "normalise_code", "outcome_label", "provisional_note", "provisional_years", "roles_of", "save_new",
    "short_name", "validate_outcome", "work_calendar", "working_days_between",
]
