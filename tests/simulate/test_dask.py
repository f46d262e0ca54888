"""A real Dask LocalCluster (two worker processes on loopback) gives the local pool's table, bit for bit."""

from __future__ import annotations

from pathlib import Path

import distributed  # in the [test] extra: a missing install must fail, not skip
import pandas as pd
import pytest

from careerrep.simulate import kazakhstan_scenario, power_curve, study

SCENARIO = kazakhstan_scenario()


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    cluster = distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_local_cluster_equals_local_pool_and_serial(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    serial = study(SCENARIO, 60, 16, "mle", seed=17, workers=1)
    pooled = study(SCENARIO, 60, 16, "mle", seed=17, workers=2)
    on_cluster = study(SCENARIO, 60, 16, "mle", seed=17, executor=client, batch_size=3, results_path=tmp_path)
    pd.testing.assert_frame_equal(on_cluster.table, serial.table, check_exact=True)
    pd.testing.assert_frame_equal(pooled.table, serial.table, check_exact=True)
    # The replicates were stored as they finished and a rerun finds them all.
    again = study(SCENARIO, 60, 16, "mle", seed=17, executor=client, results_path=tmp_path)
    pd.testing.assert_frame_equal(again.table, serial.table, check_exact=True)


def test_power_curve_runs_on_the_cluster(client) -> None:  # type: ignore[no-untyped-def]
    curve = power_curve(SCENARIO, [30, 60], 4, "mle", seed=2, executor=client)
    local = power_curve(SCENARIO, [30, 60], 4, "mle", seed=2, workers=1)
    pd.testing.assert_frame_equal(curve.table, local.table, check_exact=True)
