"""Where the per-document map runs: a real Dask cluster (LocalCluster, 2 worker processes on
127.0.0.1) must give the very store a local build gives, and a bad executor must say what is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES, cli, store_content
from distributed import Client, LocalCluster


def _model_loaded() -> bool:
    """Runs on a worker: did this process load the language model (i.e. parse anything)?"""
    from storyline.nlp import english

    return english.cache_info().currsize > 0


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as c:
        yield c


def test_dask_build_equals_local_build(cluster: LocalCluster, tmp_path: Path) -> None:
    port = cluster.scheduler_address.rsplit(":", 1)[1]
    on_cluster, local = tmp_path / "dask.db", tmp_path / "local.db"
    code, output = cli("build", EXAMPLES, "--db", on_cluster, "--executor", f"dask://127.0.0.1:{port}")
    assert code == 0, output
    assert cli("build", EXAMPLES, "--db", local, "--jobs", "1")[0] == 0
    with Client(cluster) as client:
        loaded = client.run(_model_loaded)
    assert len(loaded) == 2 and any(loaded.values()), f"no worker parsed anything: {loaded}"
    content = store_content(local)
    assert len(content["documents"]) > 10 and content["quotes"] and content["events"]
    assert store_content(on_cluster) == content
    # a second build on the cluster adds nothing, as locally
    code, output = cli("build", EXAMPLES, "--db", on_cluster, "--executor", f"dask://127.0.0.1:{port}")
    assert code == 0 and "0 new documents" in output, output


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, output = cli("build", EXAMPLES, "--db", db, "--executor", "dask://127.0.0.1:9")
    assert code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in output
    assert not db.exists()  # refused before the store was created


BAD_SPECS = ["spark://host:7077", "dask://", "dask://hostonly", "dask://:8786", "dask://host:port", "127.0.0.1:8786"]


@pytest.mark.parametrize("spec", BAD_SPECS)
def test_unknown_executor_is_refused_before_any_work(spec: str, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, output = cli("build", EXAMPLES, "--db", db, "--executor", spec)
    assert code == 1
    assert f"unknown executor '{spec}'" in output
    assert not db.exists()
