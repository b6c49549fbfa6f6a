"""A synthetic, seeded corpus of medborgarlöfte-like documents for the benchmarks.

The content is fictional Swedish text assembled from bench/vocabulary.yaml and real
municipality names; tests/docgen.py writes it as real PDF, DOCX, HTML and TXT files, so
the parsers meet the same kind of files they meet in the wild. The same seed always gives
the same files, so runs on different machines measure the same work.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import sys
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from docgen import render  # noqa: E402  (tests/ is not a package)

from pipeline.record import Record  # noqa: E402

FORMATS = ("pdf", "docx", "html", "txt")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return yaml.safe_load((Path(__file__).parent / "vocabulary.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def municipalities() -> list[dict]:
    path = ROOT / "pipeline" / "lang" / "data" / "municipalities.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _fill(text: str, rng: random.Random, place: dict, year: int) -> str:
    v = vocabulary()
    return text.format(
        kommun=place["name"], genitiv=place["genitive"], plats=rng.choice(v["places"]),
        n=rng.randint(2, 12), manad=rng.choice(v["months"]), ar=year,
    )


def make_doc(rng: random.Random, place: dict, year: int, fmt: str) -> dict:
    """One neutral document (docgen's dict): title, lägesbild, 2–4 focus areas with 5–15
    activities in all, follow-up and two or three signatories."""
    v = vocabulary()
    fill = lambda t: _fill(t, rng, place, year)  # noqa: E731
    blocks: list[dict] = [{"p": " ".join(fill(t) for t in v["intro"])}]
    blocks.append({"h": "Lägesbild", "level": 2})
    for _ in range(rng.randint(1, 4)):
        sentences = rng.sample(v["lagesbild"], rng.randint(3, 6))
        blocks.append({"p": " ".join(fill(s) for s in sentences)})
    blocks.append({"h": "Fokusområden och aktiviteter", "level": 2})
    areas = rng.sample(sorted(v["focus_areas"]), rng.randint(2, 4))
    total = rng.randint(5, 15)
    share = [total // len(areas) + (1 if i < total % len(areas) else 0) for i in range(len(areas))]
    for area, count in zip(areas, share):
        blocks.append({"h": area, "level": 3})
        pool = v["focus_areas"][area]
        for activity in rng.sample(pool, min(count, len(pool))):
            blocks.append({"li": fill(activity["text"]), "depth": 0})
            for detail in rng.sample(activity["details"], rng.randint(0, len(activity["details"]))):
                blocks.append({"li": fill(detail), "depth": 1})
    blocks.append({"h": "Uppföljning", "level": 2})
    blocks.append({"p": " ".join(fill(t) for t in v["followup"])})
    blocks.append({"h": "Underskrifter", "level": 2})
    blocks.append({"p": f"{place['name']} den {rng.randint(1, 28)} {rng.choice(v['months'])} {year}"})
    signers = [("kommun", place["official"]), ("polis", f"Lokalpolisområde {place['name']}")]
    if rng.random() < 0.3:
        signers.append(("kommun", place["official"]))
    for side, organisation in signers:
        name = f"{rng.choice(v['first_names'])} {rng.choice(v['last_names'])}"
        role = rng.choice(v["roles"][side])
        blocks.append({"p": f"{name}, {role}, {organisation}"})
    options = {}
    if fmt == "pdf":
        options = {"header": f"Medborgarlöfte {year}", "footer": place["official"],
                   "page_numbers": True, "min_pages": rng.randint(1, 4)}
    elif fmt in ("html", "txt"):
        options = {"boilerplate": rng.random() < 0.5}
    title = f"Medborgarlöfte {year} för {place['official']} och lokalpolisområde {place['name']}"
    return {"title": title, "blocks": blocks, "options": options}


def generate(out_dir: Path, counts: dict[str, int], seed: int = 2026) -> dict[str, list[Path]]:
    """Write counts[fmt] documents of each format under out_dir/<fmt>/; returns the paths."""
    rng = random.Random(seed)
    places = municipalities()
    written: dict[str, list[Path]] = {}
    for fmt in FORMATS:
        folder = Path(out_dir) / fmt
        folder.mkdir(parents=True, exist_ok=True)
        written[fmt] = []
        for n in range(counts.get(fmt, 0)):
            place = rng.choice(places)
            year = rng.randint(2019, 2027)
            slug = f"{n:05d}-medborgarlofte-{place['code']}-{year}.{fmt}"
            written[fmt].append(render(make_doc(rng, place, year, fmt), fmt, folder / slug))
    return written


def clone_records(records: list[Record], total: int, seed: int = 2026) -> list[Record]:
    """`total` records made from extracted ones: each copy moves to another municipality and
    year and gets its own id, so the index holds `total` distinct documents."""
    rng = random.Random(seed)
    places = municipalities()
    out: list[Record] = []
    for n in range(total):
        base = records[n % len(records)]
        clone = copy.deepcopy(base)
        place, year = rng.choice(places), rng.randint(2019, 2027)
        old = base.municipalities[0] if base.municipalities else None
        swap = (lambda s: s.replace(old, place["name"])) if old else (lambda s: s)
        digest = hashlib.sha256(f"{seed}:{n}:{base.id}".encode()).hexdigest()
        clone.id = digest[:16]
        clone.source.sha256 = digest
        clone.source.path = f"/bench/clones/{clone.id}.{clone.source.format}"
        clone.source.paths = [clone.source.path]
        clone.municipalities = [place["name"]]
        clone.county = place["county"]
        clone.year = year
        clone.title = swap(clone.title).replace(str(base.year), str(year))
        clone.text = swap(clone.text)
        for activity in clone.activities:
            activity.text = swap(activity.text)
        out.append(clone)
    return out
