"""The project's own exceptions. They carry a message fit to show a user and nothing about
how to report it: each face maps them (the CLI to exit statuses, the web app to HTTP ones)."""

from __future__ import annotations


class LoftenError(Exception):
    """Base of every expected failure: carries a message fit to show a user."""


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
    """A search the user wrote that cannot be run (syntax, unknown filter, bad range)."""


class SpecError(LoftenError):
    """A drafting spec that cannot be used."""


class SettingError(LoftenError):
    """A setting or option value that cannot be used (not a number, out of range)."""


class TemplateError(LoftenError):
    pass


class ConversionError(LoftenError):
    pass


class OutputError(LoftenError):
    """An output file that cannot be written where the user asked."""


def failure_reason(error: BaseException) -> str:
    """Why one file failed, as one line in a user's words, for any exception: a batch reports
    it and goes on."""
    if isinstance(error, InputError):
        reason = error.reason
    elif isinstance(error, OSError):
        reason = f"cannot be read ({(error.strerror or str(error)).lower()})"
    elif isinstance(error, MemoryError):
        reason = "needed more memory than this computer has free"
    elif isinstance(error, RecursionError):
        reason = "is nested too deeply to be read"
    else:
        reason = f"could not be read because of an unexpected problem in loften ({_first_sentence(error)})"
    return " ".join(reason.split())


DETAIL_CHARS = 160  # of a library's own message: enough to recognise it, not a page of advice


def _first_sentence(error: BaseException) -> str:
    text = " ".join(str(error).split()) or "no details"
    end = text.find(". ")
    text = text[: end + 1] if end > 0 else text
    return text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1] + "…"
