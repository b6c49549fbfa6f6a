"""The project's own exceptions; the CLI turns each into one line and a named exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # some input or operation failed; the rest went on
    USAGE = 2  # bad arguments or query


class LoftenError(Exception):
    """Base of every expected failure: carries a message fit to show a user."""

    exit_code = ExitCode.FAILED


class InputError(LoftenError):
    """A file that cannot be turned into a record; `reason` is one line, `path` names the file."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFormat(InputError):
    pass


class EmptyDocument(InputError):
    pass


class CorruptFile(InputError):
    pass


class EncryptedFile(InputError):
    pass


class NeedsOCR(InputError):
    pass


class TooLarge(InputError):
    pass


class EncodingProblem(InputError):
    pass


class ArchiveError(LoftenError):
    """The corpus or index is missing, inconsistent or busy."""


class LockTimeout(ArchiveError):
    pass


class NotFound(LoftenError):
    pass


class QueryError(LoftenError):
    exit_code = ExitCode.USAGE


class SpecError(LoftenError):
    exit_code = ExitCode.USAGE


class TemplateError(LoftenError):
    pass


class ConversionError(LoftenError):
    pass
