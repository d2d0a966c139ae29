"""Background tasks (django-tasks; database backend): the queue carries ids, :mod:`.reading` does
the work and keeps it exactly-once."""

from __future__ import annotations

from django_tasks import task


@task()
def read_submission(submission_id: int) -> str:
    from . import reading

    return reading.run(submission_id)
