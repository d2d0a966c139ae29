"""What stands behind a decision: the fee charged (Art. 42) and the evidence for Art. 35 and repeats.

:mod:`.models` (FeeAssessment, EvidenceRecord), :mod:`.fees` (the fee UI's service: quote,
notify, pay, lapse; yearly totals for the annual report), :mod:`.evidence` (the applicant's other
applications, similar earlier applications, counts per month), :mod:`.views`.
"""
