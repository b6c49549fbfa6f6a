"""Build `data/municipalities.json` from SCB's municipality list (municipalities.csv).

Run once when the list changes:  python -m pipeline.lang.build_gazetteer PATH/municipalities.csv
The CSV's own genitive column adds "s" everywhere, which is wrong in real use, so name forms are
derived here from the short name plus `municipality_name_forms.yaml`.
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data")
NO_GENITIVE_S = tuple("aeiouyåäösxz")


def genitive(name: str) -> str:
    return name if name.lower().endswith(NO_GENITIVE_S) else name + "s"


def build(csv_path: Path) -> list[dict]:
    rules = yaml.safe_load((DATA / "municipality_name_forms.yaml").read_text(encoding="utf-8"))
    official, extra, ambiguous = rules["official"], rules["extra_forms"], set(rules["ambiguous"])
    out = []
    with open(csv_path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = unicodedata.normalize("NFC", row["municipality_name_short"].strip())
            gen = genitive(name)
            forms = {f"{name} kommun", f"{gen} kommun", f"{name} stad", f"{gen} stad", f"{gen} Stad"}
            forms.update(extra.get(name, []))
            out.append({
                "name": name,
                "official": official.get(name, f"{gen} kommun"),
                "genitive": gen,
                "forms": sorted(forms),
                "ambiguous": name in ambiguous,
                "county": unicodedata.normalize("NFC", row["county_name"].strip()),
                "code": row["municipality_code"],
            })
    return sorted(out, key=lambda m: m["code"])


def main() -> None:
    entries = build(Path(sys.argv[1]))
    target = DATA / "municipalities.json"
    target.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(entries)} municipalities -> {target}")


if __name__ == "__main__":
    main()
