"""gongkai's own errors. Every error names the file and, where known, the place in it."""

from __future__ import annotations


class GongkaiError(Exception):
    """An error with the file and place it concerns, worded for the person reading it."""

    def __init__(self, message: str, path: str | None = None, where: str | None = None) -> None:
        self.message = message
        self.path = path
        self.where = where
        super().__init__(str(self))

    def __str__(self) -> str:
        loc = self.path or ""
        if self.where:
            loc = f"{loc}（{self.where}）" if loc else self.where
        return f"{loc}：{self.message}" if loc else self.message


class ReadError(GongkaiError):
    """A file could not be read as a report (unreadable, not a report, too large …)."""


class UnsupportedFormat(ReadError):
    """A document format gongkai does not read (or whose converter is not installed)."""
