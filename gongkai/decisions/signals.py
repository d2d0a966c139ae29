"""Record the evidence with every decision of 重复申请 or 无正当理由大量反复申请.

The platform logs each decision as an :class:`~gongkai.cases.models.Event` (``close``,
``propose_close``, ``approve_close``); when its outcome is one of Article 35's or a repeat, the
evidence in view at that moment is kept with the application (:class:`EvidenceRecord`).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from ..cases.models import Event

DECISION_ACTIONS = ("close", "propose_close", "approve_close")


@receiver(post_save, sender=Event, dispatch_uid="gongkai.decisions.record_evidence")
def record_evidence(sender, instance: Event, created: bool, **kwargs) -> None:
    from .evidence import DECISIONS_NEEDING_EVIDENCE, record
    from .models import EvidenceRecord

    if not created or instance.action not in DECISION_ACTIONS or instance.application_id is None:
        return
    outcome = (instance.detail or {}).get("outcome", "")
    if outcome not in DECISIONS_NEEDING_EVIDENCE:
        return
    app = instance.application
    if instance.action == "approve_close" and EvidenceRecord.objects.filter(application=app, outcome=outcome).exists():
        return
    label = {"close": "办结时", "propose_close": "提请审批办结时", "approve_close": "批准办结时"}[instance.action]
    record(app, instance.actor, outcome, note=f"{label}自动记录（{instance.actor_label}）")
