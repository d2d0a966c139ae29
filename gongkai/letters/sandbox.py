"""The only tags and filters an office-edited letter template may use, and the work one rendering may do.

A restricted Django template library: ``if``/``elif``/``else``, ``for``/``empty`` and
``comment``, and the filters ``default``, ``join`` and ``length``. No ``load``,
``include``, ``extends``, ``url``, ``now``, ``debug`` or anything that reaches beyond the
plain data a letter is given.

A template cannot run away: one rendering may take at most :data:`MAX_ITERATIONS` turns of
``{% for %}`` loops in all and write at most :data:`MAX_OUTPUT` characters inside loops,
counted as each piece is written (a nested loop's text counts once per enclosing loop, so the
bound is conservative); seven nested loops over a field's characters took 8.6 s and 10 MB
before. Past either, :class:`BudgetExceeded` stops it, mid-loop. The budget is counted by
:func:`budget`, around one rendering.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.template import Library, defaultfilters, defaulttags
from django.template.base import Node, NodeList

MAX_ITERATIONS = 10_000  # a letter lists a few dozen items; ten thousand turns is far beyond any real one
MAX_OUTPUT = 200_000  # characters written inside loops (a whole letter is a few thousand)


class BudgetExceeded(Exception):
    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


class Budget:
    def __init__(self) -> None:
        self.iterations = 0
        self.output = 0

    def turn(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise BudgetExceeded(f"循环次数超过上限（{MAX_ITERATIONS} 次）")

    def wrote(self, n: int) -> None:
        self.output += n
        if self.output > MAX_OUTPUT:
            raise BudgetExceeded(f"循环生成的文字超过上限（{MAX_OUTPUT} 字）")


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("gongkai_letter_budget", default=None)


@contextlib.contextmanager
def budget():
    """Count the loops of one rendering (nested calls share the outer budget)."""
    if _BUDGET.get() is not None:
        yield _BUDGET.get()
        return
    b = Budget()
    token = _BUDGET.set(b)
    try:
        yield b
    finally:
        _BUDGET.reset(token)


class _Counted(list):
    """The sequence a loop walks: each turn is charged to the budget."""

    def __iter__(self):
        b = _BUDGET.get()
        for item in super().__iter__():
            if b is not None:
                b.turn()
            yield item

    def __reversed__(self):
        return iter(_Counted(list.__reversed__(self)))


class _Sequence:
    """Wraps the loop's FilterExpression: the resolved value comes back as a counted list."""

    def __init__(self, inner):
        self.inner = inner

    def resolve(self, context, ignore_failures=False):
        value = self.inner.resolve(context, ignore_failures=ignore_failures)
        if value is None or isinstance(value, (bool, int)):
            return value
        if isinstance(value, str) and len(value) > MAX_ITERATIONS:
            value = value[:MAX_ITERATIONS + 1]  # the budget stops the loop anyway; never copy more
        try:
            return _Counted(value)
        except TypeError:
            return value

    def __getattr__(self, name):
        return getattr(self.inner, name)


class _Charged(Node):
    """A node inside a loop: what it writes on each turn is charged to the budget as it is written."""

    child_nodelists = ()

    def __init__(self, inner: Node):
        self.inner = inner
        self.token = getattr(inner, "token", None)
        self.origin = getattr(inner, "origin", None)

    def render_annotated(self, context):
        out = self.inner.render_annotated(context)
        b = _BUDGET.get()
        if b is not None:
            b.wrote(len(out))
        return out

    def render(self, context):
        return self.render_annotated(context)

    def get_nodes_by_type(self, nodetype):
        return self.inner.get_nodes_by_type(nodetype)


def do_for(parser, token):
    node = defaulttags.do_for(parser, token)
    loop = NodeList(_Charged(n) for n in node.nodelist_loop)
    return defaulttags.ForNode(node.loopvars, _Sequence(node.sequence), node.is_reversed, loop, node.nodelist_empty)


register = Library()

register.tag("if", defaulttags.do_if)
register.tag("for", do_for)
register.tag("comment", defaulttags.comment)

register.filter("default", defaultfilters.default)
register.filter("join", defaultfilters.join)
register.filter("length", defaultfilters.length)

TAGS = ("if", "elif", "else", "endif", "for", "empty", "endfor", "comment", "endcomment")
FILTERS = ("default", "join", "length")
