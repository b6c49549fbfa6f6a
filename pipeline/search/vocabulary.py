"""The Swedish vocabulary behind compound splitting: lemmas and their inflections.

The source is spaCy's lemma lookup table (`spacy-lookups-data`, 660k forms -> 93k lemmas)
plus the project's domain words. Reading the gzipped JSON takes about a second, so it is
compiled once into a compact cache: every lemma with a bit mask of the inflection rules
("strip this ending, add that one") its forms follow, and the few irregular forms as a
table. Loading the cache is a `marshal.loads`, a few tens of milliseconds.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import marshal
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
CACHE_FORMAT = 1
RULE_MIN_COUNT = 10  # rarer inflection patterns are kept as irregular forms instead
VERB_RULES = {("a", "er"), ("a", "ade"), ("a", "de"), ("a", "te"), ("a", "ande")}
_WORD = re.compile(r"^[a-zåäöéü]+$")


@dataclass(frozen=True)
class Vocabulary:
    paradigms: dict[str, int]  # lemma -> bit mask over `rules`
    rules: list[tuple[str, str]]  # (lemma ending, form ending)
    irregular: dict[str, str]  # form -> lemma, for forms no rule covers

    def __post_init__(self) -> None:
        by_ending: dict[str, list[int]] = {}
        for i, (_, add) in enumerate(self.rules):
            by_ending.setdefault(add, []).append(i)
        object.__setattr__(self, "_by_ending", by_ending)
        object.__setattr__(self, "_longest", max((len(a) for _, a in self.rules), default=0))
        verb_rules = [i for i, r in enumerate(self.rules) if r in VERB_RULES]
        object.__setattr__(self, "_verb_rules", verb_rules)

    def is_lemma(self, word: str) -> bool:
        return word in self.paradigms

    def inflects_like_verb(self, lemma: str) -> bool:
        """True for lemmas with verb endings (-er, -ade, -de, -te from -a): never compounds."""
        mask = self.paradigms.get(lemma, 0)
        return any(mask >> i & 1 for i in self._verb_rules)

    def lemma(self, word: str) -> str | None:
        """The dictionary form of `word`, itself when it is one; None for unknown words."""
        if word in self.paradigms:
            return word
        for k in range(min(self._longest, len(word) - 1), -1, -1):
            for i in self._by_ending.get(word[len(word) - k:], ()):
                strip, _ = self.rules[i]
                base = word[: len(word) - k] + strip
                if self.paradigms.get(base, 0) >> i & 1:
                    return base
        return self.irregular.get(word)


def data_fingerprint(names: list[str] | None = None) -> str:
    """Changes whenever the lemma table or the named data files (default: the word lists,
    *.txt, which the index depends on) change."""
    h = hashlib.sha256(f"{CACHE_FORMAT}:{_lookups_version()}".encode())
    for name in sorted(names if names is not None else (p.name for p in DATA.glob("*.txt"))):
        h.update(name.encode() + b"\0" + (DATA / name).read_bytes())
    return h.hexdigest()[:16]


def read_word_list(name: str) -> list[str]:
    """A data file: one entry a line, `#` comments and blank lines skipped."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]


def cached(name: str, depends_on: list[str], compute):
    """A value computed from data files, kept marshalled in the cache folder under the files'
    fingerprint (plain tuples, lists, dicts and strings only)."""
    path = cache_dir() / f"{name}-{data_fingerprint(depends_on)}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = compute()
    _write_cache(path, marshal.dumps(value))
    return value


def read_yaml(name: str):
    """A YAML data file of pipeline/search/data (libyaml's loader when available)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=loader)


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The cached vocabulary, compiled from the lemma table on first use."""
    path = cache_dir() / f"sv-vocabulary-{data_fingerprint(['compound_words.txt'])}.marshal"
    try:
        paradigms, rules, irregular = marshal.loads(path.read_bytes())
        return Vocabulary(paradigms, [tuple(r) for r in rules], irregular)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    vocab = compile_vocabulary()
    _write_cache(path, marshal.dumps((vocab.paradigms, vocab.rules, vocab.irregular)))
    return vocab


def cache_dir() -> Path:
    """$LOFTEN_CACHE, else ~/.cache/loften, else a folder in the temp dir."""
    candidates = [os.environ.get("LOFTEN_CACHE"), str(Path.home() / ".cache" / "loften")]
    for c in candidates:
        if not c:
            continue
        try:
            Path(c).mkdir(parents=True, exist_ok=True)
            if os.access(c, os.W_OK):
                return Path(c)
        except OSError:
            continue
    fallback = Path(tempfile.gettempdir()) / "loften-cache"
    fallback.mkdir(parents=True, exist_ok=True)
    return fallback


def compile_vocabulary() -> Vocabulary:
    table = _read_lookup_table()
    pairs = []
    for form, lemma in table.items():
        if not lemma or lemma[0].isupper():  # proper names make poor compound parts
            continue
        form = form.lower()
        if not (_WORD.match(form) and _WORD.match(lemma)):
            continue
        pairs.append((form, lemma, _rule(lemma, form)))
    counts = Counter(rule for _, _, rule in pairs)
    rules = sorted(r for r, n in counts.items() if n >= RULE_MIN_COUNT)
    index = {r: i for i, r in enumerate(rules)}
    paradigms: dict[str, int] = {}
    irregular: dict[str, str] = {}
    for form, lemma, rule in pairs:
        paradigms.setdefault(lemma, 0)
        if rule in index:
            paradigms[lemma] |= 1 << index[rule]
        else:
            irregular[form] = lemma
    _add_domain_words(paradigms, read_word_list("compound_words.txt"))
    return Vocabulary(paradigms, rules, irregular)


def _add_domain_words(paradigms: dict[str, int], words: list[str]) -> None:
    """Each word inflects like the known lemma sharing its longest ending."""
    by_ending: dict[str, str] = {}
    for lemma in sorted(paradigms):
        for k in range(2, 9):
            if len(lemma) > k:
                by_ending.setdefault(lemma[-k:], lemma)
    for word in words:
        model = next((by_ending[word[-k:]] for k in range(8, 1, -1) if word[-k:] in by_ending), None)
        paradigms[word] = paradigms.get(word, 0) | (paradigms[model] if model else 0)


def _rule(lemma: str, form: str) -> tuple[str, str]:
    i = 0
    while i < min(len(lemma), len(form)) and lemma[i] == form[i]:
        i += 1
    return (lemma[i:], form[i:])


def _lookups_version() -> str:
    """The lemma table file's size and time: found without importing the package or reading
    package metadata, both of which cost a search command tens of milliseconds."""
    from importlib.util import find_spec

    spec = find_spec("spacy_lookups_data")
    if spec is None or not spec.origin:
        return "missing"
    table = Path(spec.origin).parent / "data" / "sv_lemma_lookup.json.gz"
    try:
        st = table.stat()
    except OSError:
        return "missing"
    return f"{st.st_size}-{st.st_mtime_ns}"


def _read_lookup_table() -> dict[str, str]:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "sv_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def _write_cache(path: Path, data: bytes) -> None:
    """Temp file then rename, so a parallel process never reads half a cache. A cache that
    cannot be written only costs the next process the compile again."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
