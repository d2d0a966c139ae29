"""The supervisor's workspace: units (units.py), reports received and read (reports.py), findings
and their review (findings.py)."""

from .findings import Finding, FindingDecision, ReportReturn
from .indicators import ReportIndicators
from .reports import Batch, Submission
from .units import Supervisor, Unit

__all__ = ["Batch", "Finding", "FindingDecision", "ReportIndicators", "ReportReturn", "Submission", "Supervisor",
           "Unit"]
