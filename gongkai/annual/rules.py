"""The one table of the report's approval steps, read by the model, the views and the templates.

drafted (起草中) → checked (已核稿) → signed_off (已签发，由机构负责人签发) → published (已发布).
A return (退回) sends a checked report back to its drafters with a comment. After sign-off the
report is frozen; a correction after publication is a new version, drafted again, while every
published version stays visible with its date.
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFTED, CHECKED, SIGNED_OFF, PUBLISHED = "drafted", "checked", "signed_off", "published"
STATES = {DRAFTED: "起草中", CHECKED: "已核稿，待负责人签发", SIGNED_OFF: "已签发，待发布", PUBLISHED: "已发布"}
WRITERS = ("registrar", "handler", "admin")  # who drafts the text
STAFF = ("registrar", "handler", "head", "admin")


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (a comment)
    roles: tuple[str, ...]
    needs_comment: bool = False


STEPS: dict[str, Step] = {s.name: s for s in (
    Step("check", "核稿通过，送负责人签发", (DRAFTED,), CHECKED, ("handler", "admin")),
    Step("return", "退回修改", (CHECKED,), DRAFTED, ("handler", "head", "admin"), needs_comment=True),
    Step("sign_off", "签发", (CHECKED,), SIGNED_OFF, ("head",)),
    Step("publish", "发布", (SIGNED_OFF,), PUBLISHED, ("head", "admin")),
    Step("correct", "更正（生成新版本）", (PUBLISHED,), None, ("handler", "admin", "head"), needs_comment=True),
    Step("comment", "意见", (DRAFTED, CHECKED, SIGNED_OFF, PUBLISHED), None, STAFF, needs_comment=True),
)}

ACTIONS = {"create": "创建草稿", "edit": "修改正文", **{s.name: s.label for s in STEPS.values()}}


def allowed(state: str, roles: set[str]) -> list[Step]:
    """The steps a user with ``roles`` may take on a report in ``state``."""
    return [s for s in STEPS.values() if state in s.sources and roles & set(s.roles)]
