"""Executors of the batch's per-file map: the same results, in input order, wherever they run
(serially, in local processes, on a local Dask cluster when Dask is installed)."""

from __future__ import annotations

import pytest

from extract.core.errors import CuofengError
from extract.executors import (
    DaskExecutor,
    ExecutorError,
    FileExecutor,
    ProcessExecutor,
    SerialExecutor,
    executor_for,
)
from extract.pipeline import extract_file
from tests.conftest import CORPUS_FILES


def notice_json(path) -> str:
    return extract_file(path).model_dump_json()


def pid_of(_path) -> int:
    import os

    return os.getpid()


def pipeline_was_imported(_path) -> bool:
    import sys

    return "extract.pipeline" in sys.modules


FILES = CORPUS_FILES[:4]


@pytest.fixture(scope="module")
def serial() -> list[str]:
    return list(SerialExecutor().map_files(notice_json, FILES, workers=1))


def test_processes_give_the_serial_results_in_order(serial: list[str]) -> None:
    assert list(ProcessExecutor().map_files(notice_json, FILES, workers=2)) == serial
    assert [p.name in s for p, s in zip(FILES, serial, strict=True)] == [True] * len(FILES)


def test_processes_run_elsewhere_and_start_warm() -> None:
    import os

    pids = list(ProcessExecutor().map_files(pid_of, FILES, workers=2))
    assert os.getpid() not in pids
    assert all(ProcessExecutor().map_files(pipeline_was_imported, FILES, workers=2))


def test_one_worker_runs_here() -> None:
    import os

    assert set(ProcessExecutor().map_files(pid_of, FILES, workers=1)) == {os.getpid()}


@pytest.mark.parametrize("spec", [None, "local", "serial", "dask", "dask://10.0.0.1:8786"])
def test_executors_by_name_follow_the_protocol(spec: str | None) -> None:
    assert isinstance(executor_for(spec), FileExecutor)


def test_an_unknown_executor_is_one_error() -> None:
    with pytest.raises(ExecutorError, match="unknown executor 'spark'") as err:
        executor_for("spark")
    assert isinstance(err.value, CuofengError)


def test_dask_local_cluster_gives_the_serial_results(serial: list[str]) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        got = list(DaskExecutor(client, window=2).map_files(notice_json, FILES, workers=2))
    assert got == serial
