"""One module per ``gongkai`` sub-command, named after it; each registers itself with
:func:`gongkai.cli.command`. The CLI imports every module here."""
