"""Parse every file in a folder, one JSON line per file, in a process of its own.

Run by tests/test_parse_hostile.py: "start" before each file and the outcome after it, so
the test sees which file hangs. The address space is capped, so a parser that would blow
up memory fails here with MemoryError instead of taking the machine with it.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import traceback

MEMORY_CAP = 3 * 1024 ** 3


def main(folder: str, names: list[str]) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    from pipeline.errors import InputError
    from pipeline.parse import parse_file

    for name in names:
        path = os.path.join(os.fsencode(folder), os.fsencode(name))
        print(json.dumps({"start": name}), flush=True)
        try:
            doc, _ = parse_file(os.fsdecode(path))
            outcome = {"blocks": len(doc.blocks)}
        except InputError as e:
            outcome = {"refused": e.reason}
        except BaseException as e:  # the assertion: nothing else escapes a parser
            outcome = {"crash": "".join(traceback.format_exception_only(type(e), e)).strip()[-500:]}
        print(json.dumps({"name": name, **outcome}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], json.loads(sys.stdin.read()))
