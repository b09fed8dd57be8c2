"""Bad PDFs and bad paths: one FAILED line each, the batch goes on, exit code 1, no traceback."""

from __future__ import annotations

import csv
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from indexer.cli.options import cli
from indexer.ingest import plan, worker
from tests.conftest import MakePdf, shared_or_skip


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def failed_lines(result: Result) -> dict[str, str]:
    return dict(re.findall(r"^FAILED (.+?): (.+)$", result.stderr, flags=re.M))


@pytest.fixture
def good(make_pdf: MakePdf, tmp_path: Path) -> Path:
    return make_pdf("docs/good.pdf", [[("Promoting Migrants' Right to Health", 20)], ["Body."]])


def test_each_bad_file_gets_one_clear_line(good: Path, tmp_path: Path) -> None:
    docs = good.parent
    (docs / "empty.pdf").write_bytes(b"")
    (docs / "notes.pdf").write_text("these are meeting notes, not a PDF")
    (docs / "truncated.pdf").write_bytes(good.read_bytes()[:400])
    (docs / "dangling.pdf").symlink_to(docs / "nowhere.pdf")
    (docs / "folder.pdf").mkdir()
    missing = tmp_path / "no-such-folder"
    index = tmp_path / "ix"
    result = run("index", str(docs), str(missing), "--index", str(index), "--workers", "1")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = failed_lines(result)
    by_name = {Path(p).name: reason for p, reason in lines.items()}
    assert by_name == {
        "empty.pdf": "empty file (0 bytes)",
        "notes.pdf": "not a PDF (no %PDF- header)",
        "truncated.pdf": by_name["truncated.pdf"],
        "dangling.pdf": by_name["dangling.pdf"],
        "no-such-folder": "no such file or directory",
    }
    assert by_name["truncated.pdf"].startswith("corrupt or truncated PDF")
    assert by_name["dangling.pdf"].startswith("unreadable")
    assert "indexed: 1 added" in result.stdout
    status = json.loads(run("status", "--index", str(index), "--json").stdout)
    assert {Path(f["path"]).name for f in status["failures"]} == set(by_name)
    assert run("verify", "--index", str(index)).exit_code == 0


def test_known_failure_is_reported_again_without_reparsing(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (good.parent / "notes.pdf").write_text("not a PDF")
    index = tmp_path / "ix"
    run("index", str(good.parent), "--index", str(index), "--workers", "1")
    calls: list[str] = []
    monkeypatch.setattr(plan, "file_sha256", lambda p: calls.append(str(p)) or "0" * 64)
    again = run("index", str(good.parent), "--index", str(index), "--workers", "1")
    assert again.exit_code == 1 and "notes.pdf: not a PDF" in again.stderr
    assert calls == []


def test_a_slow_file_times_out_and_the_batch_goes_on(
    good: Path, tmp_path: Path, make_pdf: MakePdf, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = make_pdf("docs/slow.pdf", [["Slow."]])
    real = worker.extract_pdf

    def stall(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == "slow.pdf":
            time.sleep(30)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(worker, "extract_pdf", stall)
    started = time.monotonic()
    result = run(
        "index",
        str(good.parent),
        "--index",
        str(tmp_path / "ix"),
        "--workers",
        "1",
        "--timeout",
        "0.5",
    )
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert failed_lines(result) == {str(slow.resolve()): "timed out after 0.5 s (raise --timeout?)"}
    assert "1 added" in result.stdout


def encrypted_pdf(path: Path, password: str) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), encrypt=StandardEncryption(password, canPrint=1), invariant=1)
    canvas.setFont("Helvetica", 20)
    canvas.drawString(72, 700, "Confidential Draft on Sojourn Management")
    canvas.showPage()
    canvas.save()
    return path


def test_encrypted_needs_password_then_indexes_with_it(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    pdf = encrypted_pdf(docs / "locked.pdf", "s3cret")
    index = tmp_path / "ix"
    result = run("index", str(docs), "--index", str(index))
    assert result.exit_code == 1
    assert failed_lines(result) == {
        str(pdf): "encrypted: password required (pass it with --password)"
    }
    wrong = run("index", str(docs), "--index", str(index), "--password", "guess")
    assert "wrong password" in failed_lines(wrong)[str(pdf)]
    ok = run(
        "index",
        str(docs),
        "--index",
        str(index),
        "--password",
        "guess",
        "--password",
        "s3cret",
        "--json",
    )
    assert ok.exit_code == 0 and json.loads(ok.stdout)["added"] == 1
    rows = json.loads(run("list", "--index", str(index), "--json").stdout)
    assert rows[0]["flags"] == ["encrypted"]
    assert json.loads(run("status", "--index", str(index), "--json").stdout)["failures"] == []


def test_image_only_pdf_is_indexed_and_flagged(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    docs = tmp_path / "docs"
    docs.mkdir()
    canvas = Canvas(str(docs / "scan.pdf"), invariant=1)
    canvas.rect(100, 100, 300, 400, fill=1)
    canvas.showPage()
    canvas.save()
    index = tmp_path / "ix"
    assert run("index", str(docs), "--index", str(index)).exit_code == 0
    row = json.loads(run("list", "--index", str(index), "--json").stdout)[0]
    assert row["flags"] == ["no text layer"] and row["pages"] == 1
    status = json.loads(run("status", "--index", str(index), "--json").stdout)
    assert status["no_text_layer"] == [str((docs / "scan.pdf").resolve())]


def test_lock_held_by_another_run_exits_2(good: Path, tmp_path: Path) -> None:
    from indexer.store.index import write_lock

    index = tmp_path / "ix"
    with write_lock(index):
        result = run("index", str(good.parent), "--index", str(index))
    assert result.exit_code == 2
    assert re.search(r"index is locked by another run \(pid \d+\)", result.stderr)


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("index").exit_code == 2
    assert run("index", str(tmp_path), "--workers", "0").exit_code == 2
    assert run("frobnicate").exit_code == 2


def sample_passwords(manifest: Path) -> dict[str, str]:
    """User passwords named in the samples' manifest notes, e.g. "user 'foo'"."""
    out = {}
    with manifest.open(newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            m = re.search(r"user(?: pw)? '([^']+)'", row["category"])
            if m:
                out[row["path"]] = m.group(1)
    return out


# pdfminer finds no pages in this one: its xref table is numbered off by one.
UNREADABLE_SAMPLES = {"nonfree/175.pdf"}


def test_every_pdfminer_sample(tmp_path: Path) -> None:
    folder = shared_or_skip("pdf-samples", "pdfminer")
    pdfs = {str(p.relative_to(folder)) for p in folder.rglob("*.pdf")}
    passwords = sample_passwords(folder / "MANIFEST.tsv")
    assert passwords, "the manifest names the sample passwords"
    index = tmp_path / "ix"

    without = run("index", str(folder), "--index", str(index))
    assert without.exit_code == 1 and "Traceback" not in without.output
    failed = {str(Path(p).relative_to(folder)): r for p, r in failed_lines(without).items()}
    assert set(failed) == set(passwords) | UNREADABLE_SAMPLES
    assert all(failed[p].startswith("encrypted: password required") for p in passwords)

    args = [a for pw in sorted(set(passwords.values())) for a in ("--password", pw)]
    again = run("index", str(folder), "--index", str(index), *args, "--json")
    assert again.exit_code == 1
    summary = json.loads(again.stdout)
    assert summary["added"] == len(passwords)
    assert {str(Path(f["path"]).relative_to(folder)) for f in summary["failed"]} == (
        UNREADABLE_SAMPLES
    )
    rows = json.loads(run("list", "--index", str(index), "--json").stdout)
    assert {str(Path(r["path"]).relative_to(folder)) for r in rows} == pdfs - UNREADABLE_SAMPLES
    assert run("verify", "--index", str(index)).exit_code == 0
