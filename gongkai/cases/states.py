"""The states of an application, and the error raised when an action meets the wrong one.

Kept apart from :mod:`gongkai.cases.models` so the table of transitions
(:mod:`gongkai.cases.transitions`) can name states without importing the models.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待确认收到"
    NEW = "new", "新收"
    PROCESSING = "processing", "办理中"
    CORRECTION = "correction", "待补正"
    CONSULTATION = "consultation", "征求意见中"
    FEE = "fee", "待缴费"
    APPROVAL = "approval", "待审批办结"
    CLOSED = "closed", "已办结"
    SPLIT = "split", "已拆分"


OPEN_STATUSES = (Status.NEW, Status.PROCESSING, Status.CORRECTION, Status.CONSULTATION, Status.FEE,
                 Status.APPROVAL)


class Conflict(ValidationError):
    """The action does not fit where the application stands now — most often because someone else
    acted on it first. The pages show the message; the API answers HTTP 409."""
