"""Local worker processes: outcomes for every job, and no second run of the caller's script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPUS

# A main script that notes each process that runs it, then extracts two files in two workers.
SCRIPT = """
import json, os, sys
with open(sys.argv[1], "a") as marks:
    marks.write(f"{os.getpid()} {__name__}\\n")
from indexer.ingest.local import run_locally
from indexer.ingest.worker import IndexOptions
if __name__ == "__main__":
    jobs = [(path, "sha-" + str(n)) for n, path in enumerate(sys.argv[2:])]
    found = [(o.path, o.sha256, o.error, len(o.extraction.pages))
             for o in run_locally(jobs, IndexOptions(ocr="never"), 2)]
    print(json.dumps(sorted(found)))
"""


def test_workers_do_not_run_the_callers_script_again(tmp_path: Path) -> None:
    script = tmp_path / "caller.py"
    script.write_text(SCRIPT)
    marks = tmp_path / "marks.txt"
    files = [CORPUS / "issue-brief-2021-01.pdf", CORPUS / "issue-brief-2021-03.pdf"]
    done = subprocess.run(
        [sys.executable, str(script), str(marks), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    outcomes = json.loads(done.stdout)
    assert [(o[0], o[1], o[2]) for o in outcomes] == [
        (str(files[0]), "sha-0", ""),
        (str(files[1]), "sha-1", ""),
    ]
    assert all(o[3] > 0 for o in outcomes)
    # Only the caller itself ran the script: multiprocessing would run it again in each
    # worker, as __mp_main__.
    assert [line.split()[1] for line in marks.read_text().splitlines()] == ["__main__"]
