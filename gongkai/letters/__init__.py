"""Reply documents (答复文书): letters generated in Chinese from templates the office edits.

:mod:`.articles` (the legal basis per outcome), :mod:`.fields` (what a template may use),
:mod:`.render` (the sandboxed engine and the laid-out letter), :mod:`.files` (DOCX and PDF).
The Django app (models, views) builds on these and adds storage and the template editor.
"""
