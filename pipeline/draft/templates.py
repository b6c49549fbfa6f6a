"""Finding templates and checking them before use, so a municipality can bring its own.

A template's Jinja tags are read paragraph by paragraph (body, tables, headers, footers),
so a broken tag is reported with the paragraph it sits in rather than a line number in
Word's XML.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.draft.context import CONTEXT_FIELDS
from pipeline.draft.fields import SUGGEST_CUTOFF
from pipeline.errors import TemplateError

BUILTIN = ("medborgarlofte", "overenskommelse")
_PREFIX = r"(?:p|r|tr|tc|rr)?"  # docxtpl's paragraph/run/row/cell tag markers, right after the brace
_TAG = re.compile(r"\{%-?" + _PREFIX + r"\s*(\w+)(.*?)-?%\}|\{\{-?" + _PREFIX + r"\s*(.*?)\s*-?\}\}|\{#.*?#\}", re.S)
_TAG_PREFIX = re.compile(r"(\{%-?|\{\{-?)(?:p|r|tr|tc|rr)(?=\s)")
_OPENERS = {"for": "endfor", "if": "endif", "with": "endwith", "macro": "endmacro", "block": "endblock"}
_MIDDLES = {"else", "elif"}
CONTEXT_CHARS = 60


def templates_dir() -> Path:
    """$LOFTEN_TEMPLATES, else the built-in templates (the repository's templates/ folder,
    installed as the package data of pipeline.templates)."""
    env = os.environ.get("LOFTEN_TEMPLATES")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2] / "templates"
    installed = Path(__file__).resolve().parents[1] / "templates"
    return repo if repo.is_dir() else installed


def resolve_template(name_or_path: str | Path, directory: Path | None = None) -> Path:
    """A built-in template's name ('medborgarlofte', looked up in `directory`, by default
    templates_dir()) or a path to a .docx."""
    text = str(name_or_path)
    path = (directory or templates_dir()) / f"{text}.docx" if text in BUILTIN else Path(text)
    if not path.is_file():
        known = ", ".join(BUILTIN)
        raise TemplateError(f"mallen finns inte: {text} (inbyggda mallar: {known}, eller sökvägen till en .docx)")
    return path


@dataclass
class Problem:
    where: str  # "stycke 12" / "avsnitt 1 sidhuvud stycke 1"
    message: str
    text: str  # the paragraph's text around the problem

    def __str__(self) -> str:
        return f"{self.where}: {self.message}: “{self.text}”"


@dataclass
class TemplateReport:
    path: str
    variables: list[str] = field(default_factory=list)  # undeclared top-level variables
    loops: list[str] = field(default_factory=list)  # "for area in focus_areas (stycke 7)"
    unknown: list[str] = field(default_factory=list)  # variables the spec model cannot fill
    suggestions: dict[str, str] = field(default_factory=dict)  # unknown -> the model field it is close to
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {
            "path": self.path, "ok": self.ok, "variables": self.variables, "loops": self.loops,
            "unknown": self.unknown, "suggestions": self.suggestions,
            "problems": [vars(p) for p in self.problems],
        }


_RENDERED_PARTS = {  # the parts besides the body that docxtpl renders, and what Word calls them
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml": "sidhuvud",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml": "sidfot",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml": "fotnoter",
}
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")  # as docxtpl does


def _paragraphs(doc) -> list[tuple[str, str]]:
    """(location, text) of everything docxtpl renders: every paragraph in reading order (tables
    included), then headers, footers and footnotes, then the document properties it fills in."""
    from docx.oxml.ns import qn
    from lxml import etree

    out: list[tuple[str, str]] = []

    def walk(element, prefix: str) -> None:
        for n, p in enumerate(element.iter(qn("w:p")), 1):
            out.append((f"{prefix}stycke {n}", "".join(t.text or "" for t in p.iter(qn("w:t")))))

    walk(doc.element.body, "")
    for part in doc.part.package.parts:
        kind = _RENDERED_PARTS.get(part.content_type)
        if kind:
            walk(etree.fromstring(part.blob), f"{kind} ({Path(str(part.partname)).name}) ")
    for name in _RENDERED_PROPERTIES:
        out.append((f"dokumentegenskapen {name}", getattr(doc.core_properties, name) or ""))
    return out


def _around(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def _unbalanced(location: str, text: str) -> list[Problem]:
    """Delimiters left open or closed without opening, which Jinja would only report vaguely."""
    problems = []
    stripped = _TAG.sub(lambda m: " " * len(m.group(0)), text)
    for opener, closer in (("{%", "%}"), ("{{", "}}"), ("{#", "#}")):
        i = stripped.find(opener)
        if i >= 0:
            problems.append(Problem(location, f"“{opener}” stängs aldrig med “{closer}”", _around(text, i, i + 2)))
        j = stripped.find(closer)
        if j >= 0 and (i < 0 or j < i):
            problems.append(Problem(location, f"“{closer}” utan “{opener}” före", _around(text, j, j + 2)))
    return problems


def _structure(paragraphs: list[tuple[str, str]]) -> tuple[list[str], list[Problem]]:
    """Loops found, and block tags (for/if/...) that are not properly nested."""
    loops, problems, stack = [], [], []
    for location, text in paragraphs:
        for m in _TAG.finditer(text):
            word, rest = m.group(1), (m.group(2) or "").strip()
            if not word:
                continue
            if word in _OPENERS:
                stack.append((word, location, text, m.start(), m.end()))
                if word == "for":
                    loops.append(f"for {rest} ({location})")
            elif word in _MIDDLES:
                if not stack or stack[-1][0] not in ("if", "for"):
                    problems.append(Problem(location, f"“{word}” utanför if eller for", _around(text, m.start(), m.end())))
            elif word.startswith("end"):
                if not stack or _OPENERS[stack[-1][0]] != word:
                    expected = f"väntade “{_OPENERS[stack[-1][0]]}”" if stack else "inget block är öppet"
                    problems.append(Problem(location, f"“{word}” stänger ingenting ({expected})",
                                            _around(text, m.start(), m.end())))
                else:
                    stack.pop()
    for word, location, text, start, end in stack:
        problems.append(Problem(location, f"“{word}” stängs aldrig med “{_OPENERS[word]}”", _around(text, start, end)))
    return loops, problems


def _source(paragraphs: list[tuple[str, str]]) -> str:
    """The template as Jinja sees it, one line per paragraph, docxtpl's p/r/tr/tc markers removed."""
    return "\n".join(_TAG_PREFIX.sub(r"\1", text) for _, text in paragraphs)


def _at(paragraphs: list[tuple[str, str]], lineno: int | None) -> tuple[str, str]:
    return paragraphs[min(max((lineno or 1) - 1, 0), len(paragraphs) - 1)]


def _syntax(paragraphs: list[tuple[str, str]]) -> list[Problem]:
    """Whatever else Jinja rejects (a bad expression), located by parsing paragraph by paragraph."""
    from jinja2 import TemplateSyntaxError

    from pipeline.draft.sandbox import environment

    try:
        environment().parse(_source(paragraphs))
    except TemplateSyntaxError as e:
        location, text = _at(paragraphs, e.lineno)
        return [Problem(location, f"ogiltig mallsyntax ({e.message or 'okänt fel'})", _around(text, 0, len(text)))]
    return []


def _fields(paragraphs: list[tuple[str, str]]) -> list[Problem]:
    from pipeline.draft.fields import field_problems

    problems = []
    for found in field_problems(_source(paragraphs)):
        location, text = _at(paragraphs, found.lineno)
        problems.append(Problem(location, found.message, _around(text, 0, len(text))))
    return problems


def check_template(path: str | Path) -> TemplateReport:
    """Variables, loops and problems of a .docx template; never raises for a broken tag."""
    import docx
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    from pipeline.draft.sandbox import environment

    p = Path(path)
    try:
        document = docx.Document(str(p))
    except FileNotFoundError:
        raise TemplateError(f"{p}: filen finns inte") from None
    except Exception:  # python-docx raises several kinds for a file that is not a Word file
        raise TemplateError(f"{p}: inte en läsbar Word-fil (.docx)") from None
    report = TemplateReport(path=str(p))
    paragraphs = _paragraphs(document)
    for location, text in paragraphs:
        report.problems.extend(_unbalanced(location, text))
    report.loops, structure = _structure(paragraphs)
    report.problems.extend(structure)
    if report.problems:
        return report
    report.problems.extend(_syntax(paragraphs))
    if report.problems:
        return report
    report.problems.extend(_fields(paragraphs))
    try:
        variables = DocxTemplate(str(p)).get_undeclared_template_variables(jinja_env=environment())
    except TemplateSyntaxError as e:
        report.problems.append(Problem("dokumentet", f"ogiltig mallsyntax ({e.message or 'okänt fel'})", ""))
        return report
    report.variables = sorted(variables)
    report.unknown = sorted(variables - CONTEXT_FIELDS)
    for name in report.unknown:
        close = difflib.get_close_matches(name, sorted(CONTEXT_FIELDS), n=1, cutoff=SUGGEST_CUTOFF)
        if close:
            report.suggestions[name] = close[0]
    return report
