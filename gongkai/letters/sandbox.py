"""The only tags and filters an office-edited letter template may use.

A restricted Django template library: ``if``/``elif``/``else``, ``for``/``empty`` and
``comment``, and the filters ``default``, ``join`` and ``length``. No ``load``,
``include``, ``extends``, ``url``, ``now``, ``debug`` or anything that reaches beyond the
plain data a letter is given.
"""

from django.template import Library, defaultfilters, defaulttags

register = Library()

register.tag("if", defaulttags.do_if)
register.tag("for", defaulttags.do_for)
register.tag("comment", defaulttags.comment)

register.filter("default", defaultfilters.default)
register.filter("join", defaultfilters.join)
register.filter("length", defaultfilters.length)

TAGS = ("if", "elif", "else", "endif", "for", "empty", "endfor", "comment", "endcomment")
FILTERS = ("default", "join", "length")
