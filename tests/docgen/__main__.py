"""``python -m tests.docgen OUTDIR [N]``: N samples of every layout and form, with truth files."""

import sys

from . import _main

raise SystemExit(_main(sys.argv[1:]))
