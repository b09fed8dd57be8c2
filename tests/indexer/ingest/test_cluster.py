"""Extraction on a Dask cluster gives exactly what the local process pool gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from indexer.cli.options import cli
from tests.conftest import CORPUS, load_catalog

distributed = pytest.importorskip("distributed")


def listing(index: Path) -> list[dict[str, Any]]:
    out = CliRunner().invoke(cli, ["list", "--index", str(index), "--json"])
    assert out.exit_code == 0, out.output
    rows: list[dict[str, Any]] = json.loads(out.stdout)
    return rows


def test_corpus_through_a_local_cluster_matches_the_local_pool(
    tmp_path: Path, corpus_index: Path
) -> None:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        result = CliRunner().invoke(
            cli,
            [
                "index",
                str(CORPUS),
                "--index",
                str(tmp_path / "ix"),
                "--scheduler",
                cluster.scheduler_address,
                "--json",
            ],
        )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == len(load_catalog())
    assert listing(tmp_path / "ix") == listing(corpus_index)


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path, make_pdf: Any) -> None:
    make_pdf("docs/a.pdf", [["text"]])
    result = CliRunner().invoke(
        cli,
        [
            "index",
            str(tmp_path / "docs"),
            "--index",
            str(tmp_path / "ix"),
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
    )
    assert result.exit_code == 2
    assert "cannot reach Dask scheduler tcp://127.0.0.1:9" in result.stderr
