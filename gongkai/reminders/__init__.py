"""E-mail reminders to handlers: replies due soon or overdue, 补正 windows closing, fees unpaid.

:mod:`.due` finds what needs a reminder on a day; :mod:`.send` mails each handler one digest and
records every item sent (:class:`.models.ReminderSent`), so a second run the same day sends
nothing again. Run by a scheduler: ``gongkai remind`` or ``python -m django send_reminders``.
"""
