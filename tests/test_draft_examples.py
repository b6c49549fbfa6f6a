"""The example specs in examples/ draft cleanly; catalogue ids come from the sample corpus."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.archive.store import write_record
from pipeline.draft import draft, load_spec
from pipeline.record import Activity, Period, Record, Source

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def gold_corpus(tmp_path_factory):
    """The sample corpus's annotated records under their real ids, as `loften index` archives them."""
    corpus = tmp_path_factory.mktemp("corpus")
    for line in (ROOT / "tests" / "data" / "samples_gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        activities = [Activity(a) if isinstance(a, str) else Activity(**a) for a in gold["activities"]]
        digest = hashlib.sha256((ROOT / "corpus" / "samples" / gold["file"]).read_bytes()).hexdigest()
        write_record(corpus, Record(
            id=digest[:16], source=Source(path=gold["file"], sha256=digest, format="txt"),
            kind=gold["kind"], municipalities=gold["municipalities"], year=gold["year"],
            period=Period.from_dict(gold["period"]) if gold["period"] else None, activities=activities,
        ))
    return corpus


def test_there_are_two_examples():
    assert [p.name for p in EXAMPLES] == ["medborgarlofte-ljusdal-2026.yaml",
                                          "trygghetsoverenskommelse-skovde-2027-2029.yaml"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_drafts(tmp_path, gold_corpus, example):
    import docx

    spec = load_spec(example)
    result = draft(spec, tmp_path / "out.docx", corpus=gold_corpus)
    texts = [p.text for p in docx.Document(str(result.docx)).paragraphs]
    assert texts[0] == result.title
    assert result.signatories == len(spec.signatories)
    assert (result.warnings, result.gaps) == ([], [])
    if any(a.id for area in spec.focus_areas for a in area.activities):
        assert "Polisen fotpatrullerar i centrala Ljusdal minst två kvällar i veckan" in texts
        # the narkotikahund entry merged Katrineholm's wording with Ljusdal's: Ljusdal keeps its own frequency
        assert "Polisen söker med narkotikahund i kommunens gymnasieskola minst fyra gånger under läsåret" in texts
        assert not any("minst en gång per termin" in t for t in texts)
        assert result.title == "Medborgarlöfte 2026 för Ljusdals kommun"
    else:
        assert result.title == "Trygghetsöverenskommelse 2027–2029 för Skövde kommun"
        assert "Exempelfastigheter i Skövde AB" in texts
