"""Coded errors with actionable messages (spaCy style: E + number)."""

from __future__ import annotations


class ClaimLensError(Exception):
    """Base class: `code` is stable across versions so users can search for it."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class InputNotFound(ClaimLensError):
    code = "E001"


class OutputNotWritable(ClaimLensError):
    code = "E002"


class ConfigError(ClaimLensError):
    code = "E003"


class LexiconError(ClaimLensError):
    code = "E004"


class ModelNotFound(ClaimLensError):
    code = "E005"


class OutputExists(ClaimLensError):
    code = "E006"


class NotAnOutputFolder(ClaimLensError):
    code = "E007"


class OutputLocked(ClaimLensError):
    """Another run holds the output's lock (pipeline/lock.py)."""

    code = "E008"


class DiskFull(OutputNotWritable):
    """No space (or quota) left while writing; the staging folder stays resumable."""

    code = "E009"
