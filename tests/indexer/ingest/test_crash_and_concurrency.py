"""Real processes: a run killed with SIGKILL mid-way, and two runs started at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import build_pdf

PUBKB = [sys.executable, "-c", "from indexer.cli import main; main()"]
N_DOCS = 30


def pubkb(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PUBKB, *args], capture_output=True, text=True, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Thirty distinct eight-page reports: slow enough to parse that a run can be interrupted."""
    docs = tmp_path_factory.mktemp("docs")
    for i in range(N_DOCS):
        pages = [
            [
                (f"Report {i} on sojourn policy", 18),
                *(
                    f"Paragraph {i}.{p}.{ln} on foreign residents and local governments."
                    for ln in range(30)
                ),
            ]
            for p in range(8)
        ]
        build_pdf(docs / f"report-{i:02d}.pdf", pages)
    return docs


def listed(index: Path) -> list[dict[str, Any]]:
    out = pubkb("list", "--index", str(index), "--json")
    assert out.returncode == 0, out.stderr
    rows: list[dict[str, Any]] = json.loads(out.stdout)
    return rows


def wait_for_commits(index: Path, proc: subprocess.Popen[str], at_least: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if (index / "schema-version").exists():
            n = len(listed(index))
            if n >= at_least:
                return n
        time.sleep(0.2)
    pytest.fail("the indexing run finished or stalled before it could be interrupted")


def test_sigkill_mid_run_keeps_a_consistent_index_and_rerun_resumes(
    folder: Path, tmp_path: Path
) -> None:
    index = tmp_path / "ix"
    proc = subprocess.Popen(
        [
            *PUBKB,
            "index",
            str(folder),
            "--index",
            str(index),
            "--workers",
            "1",
            "--batch-size",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = wait_for_commits(index, proc, at_least=4)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert 4 <= seen < N_DOCS

    verify = pubkb("verify", "--index", str(index))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    survived = listed(index)
    assert len(survived) >= seen  # every committed batch is still there

    rerun = pubkb("index", str(folder), "--index", str(index), "--workers", "1", "--json")
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["unchanged"] == len(survived)
    assert summary["added"] == N_DOCS - len(survived)
    rows = listed(index)
    assert sorted(Path(r["path"]).name for r in rows) == sorted(
        f"report-{i:02d}.pdf" for i in range(N_DOCS)
    )
    assert len({r["id"] for r in rows}) == N_DOCS
    assert pubkb("verify", "--index", str(index)).returncode == 0


def test_two_runs_at_once_one_waits_out_with_exit_2(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    # Small batches, so the first run has committed and still has files to go.
    cmd = [*PUBKB, "index", str(folder), "--index", str(index), "--workers", "1"]
    cmd += ["--batch-size", "5"]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_commits(index, first, at_least=1)
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    _first_out, first_err = first.communicate(timeout=300)
    assert second.returncode == 2
    assert f"index is locked by another run (pid {first.pid})" in second.stderr
    assert "Traceback" not in second.stderr
    assert first.returncode == 0, first_err
    assert len(listed(index)) == N_DOCS
    assert pubkb("verify", "--index", str(index)).returncode == 0
