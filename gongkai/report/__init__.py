"""The core: the statutory annual report as data, its checks and renderers.

Nothing here imports Django or any reader: data flows in from ingest and the
case platform, and out through the renderers.
"""

from .cells import Template, label, template, template_for_year
from .checks import check, has_errors
from .model import Cell, Finding, Report

__all__ = ["Cell", "Finding", "Report", "Template", "check", "has_errors", "label", "template",
           "template_for_year"]
