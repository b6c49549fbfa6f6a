"""The application object: one `Loften` holds the settings and offers every job as a method.

The CLI builds one per command and the web app one per server, and both only translate input
and output (datasette's `Datasette` is the model). Methods raise the library's own errors
(pipeline.errors) and never print; each face maps the errors to its statuses.

Safe to share between the threads of a server: each thread searches through its own backend
(SQLite connections never cross threads), writers take the archive's file lock per call, and
the activity catalogue is replaced whole under a lock and keyed by the records folder's change
time, so another process's indexing run invalidates it too; recent search responses are kept
the same way, keyed by the state of records and index (pipeline.result_cache).
"""

from __future__ import annotations

import math
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from pipeline.errors import QueryError, SettingError
from pipeline.parse import MAX_BYTES
from pipeline.result_cache import ResultCache, request_key, state_token

MAX_LIMIT = 1000  # hits or documents one call returns at most
RACY_NS = 2_000_000_000  # a records folder changed this close to a catalogue build may hide a later change


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    help: str


SETTINGS = (
    Setting("corpus", "LOFTEN_CORPUS", "Archive folder: originals and records (default ./corpus)."),
    Setting("index", "LOFTEN_INDEX", "Search index folder, derived from the corpus (default ./index)."),
    Setting("backend", "LOFTEN_SEARCH_BACKEND", "Search backend: sqlite (default) or whoosh."),
    Setting("templates", "LOFTEN_TEMPLATES", "Folder of the built-in Word templates."),
    Setting("max_mb", "LOFTEN_MAX_MB", "Largest file read, in megabytes (default 50 MiB)."),
    Setting("workers", "LOFTEN_WORKERS", "Extraction processes for indexing (default: all cores)."),
    Setting("wait", "LOFTEN_WAIT", "Seconds to wait for another indexing run's lock (default 10)."),
    Setting("time_limit", "LOFTEN_TIME_LIMIT", "Seconds one file's extraction may take when indexing (default 60)."),
    Setting("memory_mb", "LOFTEN_MEMORY_MB", "Megabytes of memory one file's extraction may use when indexing (default 1024)."),
    Setting("ocr", "LOFTEN_OCR", "Read pages without a text layer with Tesseract, Swedish (1 or 0; default 0)."),
    Setting("search_cache", "LOFTEN_SEARCH_CACHE", "Keep recent search responses until the archive changes (1 or 0; default 1)."),
)

SWITCHES = ("ocr", "search_cache")

PATH_SETTINGS = ("corpus", "index", "templates")


@dataclass(frozen=True)
class Settings:
    """Checked values; `from_env` fills what is not given from the environment, then defaults."""

    corpus: Path = Path("corpus")
    index: Path = Path("index")
    backend: str = "sqlite"
    templates: Path | None = None
    max_mb: float = MAX_BYTES / 1e6
    workers: int | None = None
    wait: float = 10.0
    time_limit: float = 60.0
    memory_mb: int = 1024
    ocr: bool = False
    search_cache: bool = True

    def __post_init__(self) -> None:
        from pipeline.search import BACKENDS

        for name in PATH_SETTINGS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, name, Path(value))
        if self.backend not in BACKENDS:
            raise SettingError(f"{self.backend} is not a search backend (sqlite or whoosh)")
        positive_number("max_mb", self.max_mb)
        if self.wait != 0:
            positive_number("wait", self.wait)
        positive_number("time_limit", self.time_limit)
        if not (isinstance(self.memory_mb, int) and not isinstance(self.memory_mb, bool) and 100 <= self.memory_mb <= 1_000_000):
            raise SettingError(f"memory_mb must be a whole number of megabytes from 100 up, not {self.memory_mb}")
        for name in SWITCHES:
            if not isinstance(getattr(self, name), bool):
                raise SettingError(f"{name} must be on or off (1 or 0), not {getattr(self, name)}")
        if self.workers is not None and not (isinstance(self.workers, int) and 1 <= self.workers <= 256):
            raise SettingError(f"workers must be a whole number from 1 to 256, not {self.workers}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **given: Any) -> "Settings":
        environ = os.environ if environ is None else environ
        unknown = set(given) - {s.name for s in SETTINGS}
        if unknown:
            raise SettingError(f"unknown setting: {', '.join(sorted(unknown))}")
        values = {}
        for setting in SETTINGS:
            value = given.get(setting.name)
            if value is None and environ.get(setting.env):
                value = _from_text(setting, environ[setting.env])
            if value is not None:
                values[setting.name] = value
        return cls(**values)

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1e6)

    @property
    def limits(self):
        """The per-file limits on extraction (pipeline.archive.extract_jobs.Limits)."""
        from pipeline.archive.extract_jobs import Limits

        return Limits(seconds=self.time_limit, memory_mb=self.memory_mb)


SWITCH_WORDS = {"1": True, "true": True, "yes": True, "ja": True, "on": True,
                "0": False, "false": False, "no": False, "nej": False, "off": False}


def _from_text(setting: Setting, text: str) -> Any:
    if setting.name in SWITCHES:
        try:
            return SWITCH_WORDS[text.strip().lower()]
        except KeyError:
            raise SettingError(f"{setting.env}={text} is not 1 or 0") from None
    if setting.name not in ("max_mb", "workers", "wait", "time_limit", "memory_mb"):
        return text
    try:
        return int(text) if setting.name in ("workers", "memory_mb") else float(text)
    except ValueError:
        raise SettingError(f"{setting.env}={text} is not a number") from None


def positive_number(name: str, value: float) -> float:
    """A finite number above zero: nan, inf and 0 are refused with one line."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise SettingError(f"{name} must be a number above 0, not {value}")
    return value


@dataclass
class Extracted:
    """One file's outcome: its record, or the reason it could not be read."""

    path: str
    record: Any = None  # pipeline.record.Record
    reason: str | None = None

    def to_dict(self) -> dict:
        return self.record.to_dict() if self.record is not None else {"path": self.path, "error": self.reason}


@dataclass
class Drafted:
    """A drafted agreement: its bytes, and the files written when a path was given."""

    docx: bytes
    pdf: bytes | None
    title: str
    template: Path
    focus_areas: int
    activities: int
    signatories: int
    docx_path: Path | None = None
    pdf_path: Path | None = None
    warnings: list[str] = field(default_factory=list)  # other municipalities' places left in it
    gaps: list[str] = field(default_factory=list)  # other municipalities' places replaced by a gap
    places: list[dict] = field(default_factory=list)  # both, with where and whose, for a form
    provenance: list[dict] = field(default_factory=list)  # per activity: catalogue id, record id

    def to_dict(self) -> dict:
        return {
            "docx": str(self.docx_path) if self.docx_path else None,
            "pdf": str(self.pdf_path) if self.pdf_path else None,
            "template": str(self.template), "title": self.title, "focus_areas": self.focus_areas,
            "activities": self.activities, "signatories": self.signatories, "warnings": self.warnings,
            "gaps": self.gaps, "places": self.places, "provenance": self.provenance,
        }


class Loften:
    """The jobs of loften on one archive (corpus + index) with one set of settings."""

    def __init__(self, settings: Settings | None = None, **given: Any):
        """Loften(Settings(...)), or Loften(corpus=..., index=..., ...) with the environment
        filling what is not given."""
        if settings is not None and given:
            raise SettingError("give either a Settings object or settings by name, not both")
        self.settings = settings or Settings.from_env(**given)
        self._local = threading.local()
        self._catalogue_lock = threading.Lock()
        self._catalogue: tuple[Any, int, list] | None = None  # (token, built at ns, entries)
        self._results = ResultCache() if self.settings.search_cache else None

    @property
    def corpus(self) -> Path:
        return self.settings.corpus

    @property
    def index_dir(self) -> Path:
        return self.settings.index

    # --- reading publications ----------------------------------------------------------

    def extract(self, paths: Iterable[str | Path]) -> Iterator[Extracted]:
        """A record or a reason for every file under `paths`, in order; nothing is archived.
        One file's failure, of whatever kind (a memory error too), never stops the others;
        extraction runs in this process, one file at a time."""
        from pipeline.errors import failure_reason
        from pipeline.extract import extract_file
        from pipeline.walk import iter_inputs

        for path in iter_inputs(list(paths)):
            try:
                record = extract_file(path, max_bytes=self.settings.max_bytes, ocr=self.settings.ocr)
            except Exception as e:  # any bug in one file's extraction must not stop the others
                yield Extracted(str(path), reason=failure_reason(e))
            else:
                yield Extracted(str(path), record=record)

    # --- the archive ---------------------------------------------------------------------

    def index(self, paths: Iterable[str | Path], progress: Callable | None = None,
              batch_size: int = 50, restore: bool = False, retry_failed: bool = False):
        """Archive and index the publications under `paths` (pipeline.archive.batch.IndexReport);
        documents archived by other extraction code are extracted again on the way. A file
        whose document is in the trash is reported so, or brought back with `restore`; one that
        failed before is reported so, or tried again with `retry_failed`."""
        from pipeline.archive.batch import index_paths

        try:
            return index_paths(paths, self.corpus, self.index_dir, workers=self.settings.workers,
                               progress=progress, wait=self.settings.wait, batch_size=batch_size,
                               limits=self.settings.limits, max_bytes=self.settings.max_bytes,
                               restore=restore, backend_name=self.settings.backend, ocr=self.settings.ocr,
                               retry_failed=retry_failed)
        finally:
            self._forget_catalogue()

    def watcher(self, inbox: str | Path, settle: float = 2.0, batch_size: int = 50):
        """A watched inbox (pipeline.archive.watch.Watcher): files that stop changing for
        `settle` seconds are indexed and moved to INBOX/done/ or INBOX/failed/."""
        from pipeline.archive.watch import Watcher

        positive_number("settle", settle)
        return Watcher(inbox, lambda paths, progress: self.index(paths, progress=progress, batch_size=batch_size),
                       settle=settle)

    def reextract(self, progress: Callable | None = None, batch_size: int = 50):
        """Extract again the archived originals whose records other extraction code made."""
        return self.index([], progress=progress, batch_size=batch_size)

    def reindex(self) -> int:
        """Rebuild the index from the corpus records alone; returns the number of documents."""
        from pipeline.archive.reconcile import reindex

        return reindex(self.corpus, self.index_dir, wait=self.settings.wait,
                       backend_name=self.settings.backend)

    def remove(self, record_id: str):
        """Move one document to the trash (out of the index; record and original kept);
        returns its record."""
        from pipeline.archive.trash import remove

        try:
            return remove(self.corpus, self.index_dir, record_id, wait=self.settings.wait,
                          backend_name=self.settings.backend)
        finally:
            self._forget_catalogue()

    def restore(self, record_id: str):
        """Bring a document back from the trash; returns its record."""
        from pipeline.archive.trash import restore

        try:
            return restore(self.corpus, self.index_dir, record_id, wait=self.settings.wait,
                           backend_name=self.settings.backend)
        finally:
            self._forget_catalogue()

    def trash(self) -> list:
        """The documents in the trash (pipeline.archive.trash.TrashEntry)."""
        from pipeline.archive.trash import list_trash

        return list_trash(self.corpus)

    def empty_trash(self) -> list[str]:
        """Delete the documents in the trash for good; returns their ids."""
        from pipeline.archive.trash import empty_trash

        return empty_trash(self.corpus, self.index_dir, wait=self.settings.wait, backend_name=self.settings.backend)

    def show(self, record_id: str):
        """The archived record (pipeline.record.Record); NotFound suggests close ids."""
        from pipeline.archive.lookup import get_record

        return get_record(self.corpus, record_id)

    def document(self, record_id: str):
        """A document, archived or in the trash, with its archived copy and its versions
        (pipeline.archive.lookup.Shown)."""
        from pipeline.archive.lookup import show

        return show(self.corpus, record_id)

    def versions(self, record_id: str) -> list:
        """Every version of the document at its path, oldest first (pipeline.archive.lookup.Version)."""
        return self.document(record_id).versions

    def stats(self) -> dict:
        from pipeline.archive.stats import stats

        return stats(self.corpus)

    def check(self) -> list[str]:
        """Every problem with originals, records and the index, one line each."""
        from pipeline.archive.check import check

        return check(self.corpus, self.index_dir, backend_name=self.settings.backend)

    def repair(self):
        """Repair what `check` finds: damaged records extracted again from their originals,
        damaged originals restored from their source paths, the rest quarantined
        (pipeline.archive.check.Repair)."""
        from pipeline.archive.check import repair

        try:
            return repair(self.corpus, self.index_dir, wait=self.settings.wait, backend_name=self.settings.backend)
        finally:
            self._forget_catalogue()

    # --- search ------------------------------------------------------------------------------

    def search(self, query: str = "", *, themes: Iterable[str] = (), municipality: str | None = None,
               county: str | None = None, year: int | None = None, years: str | None = None,
               kind: str | None = None, activities: bool = False, limit: int = 10,
               exact: bool = False):
        """Ranked hits with snippets and facets (pipeline.search.SearchResponse). `years` is a
        range as a user writes it ("2019-2022", "2019-", "-2022"); give it or `year`. `exact`
        turns spelling correction off. With the search_cache setting a repeated search on an
        unchanged archive returns the same, shared response: read it, do not change it."""
        from pipeline.search import SearchRequest
        from pipeline.search.query import check_filters, parse_query

        if year is not None and years:
            raise QueryError("give either a year or a range of years, not both")
        year_from, year_to = (year, year) if year is not None else parse_years(years)
        themes = [themes] if isinstance(themes, str) else list(themes)
        parse_query(query)  # a bad query is reported before the archive is touched
        check_filters(themes, year_from, year_to, kind)
        request = SearchRequest(
            query=query, themes=themes, municipality=municipality, county=county,
            year_from=year_from, year_to=year_to, kind=kind, activities=activities,
            limit=check_limit(limit), exact=exact,
        )
        if self._results is None:
            return self._searcher().search(request)
        from pipeline.archive.store import records_dir

        token = state_token(records_dir(self.corpus), self.index_dir)
        return self._results.get_or_search(request_key(request), token,
                                           lambda: self._searcher().search(request))

    def similar(self, record_id: str, limit: int = 10):
        """The documents most like this one (pipeline.search.SearchResponse)."""
        return self._searcher().similar(record_id, limit=check_limit(limit))

    def _searcher(self):
        """This thread's backend: opened once per thread, and again when the index needs a
        rebuild (the backend itself follows a new generation of the index)."""
        from pipeline.archive.reconcile import ensure_index

        backend = getattr(self._local, "backend", None)
        if backend is None or backend.needs_rebuild():
            backend = ensure_index(self.corpus, self.index_dir, wait=self.settings.wait,
                                   backend_name=self.settings.backend)
            self._local.backend = backend
        return backend

    # --- the catalogue and drafting ------------------------------------------------------

    def catalogue(self) -> list:
        """Every distinct activity (pipeline.catalogue.CatalogueEntry), most used first; built
        once per change of the archive. The entries are shared: read them, do not change them."""
        from pipeline.archive.store import records_dir
        from pipeline.catalogue import catalogue_of
        from pipeline.errors import ArchiveError

        if not records_dir(self.corpus).is_dir():
            raise ArchiveError(f"no archived records in {self.corpus} (run `loften index` first)")
        token = self._archive_token()
        cached = self._catalogue
        if cached is not None and cached[0] == token and token[1] < cached[1] - RACY_NS:
            return list(cached[2])
        with self._catalogue_lock:
            cached = self._catalogue
            if cached is not None and cached[0] == token and token[1] < cached[1] - RACY_NS:
                return list(cached[2])
            started = time.time_ns()
            token = self._archive_token()
            entries = catalogue_of(self.corpus)
            self._catalogue = (token, started, entries)
            return list(entries)

    def activities(self, theme: str | None = None, query: str | None = None,
                   municipality: str | None = None) -> list:
        """The catalogue narrowed by theme, wording and municipality."""
        from pipeline.catalogue import filter_catalogue
        from pipeline.search import resolve

        # an unknown name is a "Menade du …?" error, as in search, not an empty list
        municipality = resolve.municipality(municipality) if municipality else None
        return filter_catalogue(self.catalogue(), theme, query, municipality)

    def draft(self, spec: Any, out: str | Path | None = None, template: str | Path | None = None,
              pdf: bool = False, strict: bool = False, mkdir: bool = False) -> Drafted:
        """Draft an agreement from a spec (a Spec, a mapping as the YAML would give, or a spec
        file's path). With `out` the DOCX (and PDF) are written there as well; without, nothing
        is left on disk. Nothing is written when the spec or template has a problem."""
        from pipeline.archive.store import records_dir
        from pipeline.draft import draft

        spec = self._spec(spec)
        catalogue = self.catalogue() if records_dir(self.corpus).is_dir() else []
        if out is not None:
            result = draft(spec, Path(out), template=template, pdf=pdf, corpus=self.corpus,
                           catalogue=catalogue, templates=self.settings.templates, strict=strict, mkdir=mkdir)
            return _drafted(result, written=True)
        with tempfile.TemporaryDirectory(prefix="loften-draft-") as tmp:
            result = draft(spec, Path(tmp) / "utkast.docx", template=template, pdf=pdf, corpus=self.corpus,
                           catalogue=catalogue, templates=self.settings.templates, strict=strict)
            return _drafted(result, written=False)

    def template_check(self, path: str | Path):
        """A Word template's variables, loops and problems (pipeline.draft.TemplateReport)."""
        from pipeline.draft import check_template

        return check_template(path)

    @staticmethod
    def _spec(spec: Any):
        from pipeline.draft.spec import Spec, load_spec, spec_from_dict
        from pipeline.errors import SpecError

        if isinstance(spec, Spec):
            return spec
        if isinstance(spec, Mapping):
            try:
                return spec_from_dict(dict(spec))
            except RecursionError:
                raise SpecError("specen är för djupt nästlad för att vara en spec för utkast") from None
        return load_spec(spec)

    def _archive_token(self) -> tuple[int, int] | None:
        """Changes whenever a record is written, replaced or removed (a rename in records/)."""
        from pipeline.archive.store import records_dir

        try:
            st = os.stat(records_dir(self.corpus))
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def _forget_catalogue(self) -> None:
        with self._catalogue_lock:
            self._catalogue = None


def _drafted(result, written: bool) -> Drafted:
    return Drafted(
        docx=result.docx.read_bytes(), pdf=result.pdf.read_bytes() if result.pdf else None,
        title=result.title, template=result.template, focus_areas=result.focus_areas,
        activities=result.activities, signatories=result.signatories,
        docx_path=result.docx if written else None, pdf_path=result.pdf if written else None,
        warnings=result.warnings, gaps=result.gaps, places=[p.to_dict() for p in result.places],
        provenance=result.provenance,
    )


def check_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"the number of hits must be from 1 to {MAX_LIMIT}, not {limit}")
    return limit


def parse_years(text: str | None) -> tuple[int | None, int | None]:
    """"2020" -> (2020, 2020); "2019-2022", "2019-" and "-2022" are ranges."""
    import re

    if not text:
        return None, None
    m = re.fullmatch(r"\s*(\d{4})?\s*(-|–)?\s*(\d{4})?\s*", text)
    if not m or not (m.group(1) or m.group(3)):
        raise QueryError(f"'{text}' is not a range of years like 2019-2022")
    start, dash, end = m.groups()
    if not dash:
        return int(start or end), int(start or end)
    return (int(start) if start else None), (int(end) if end else None)
