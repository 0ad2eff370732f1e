"""--dask: run the analysis on a dask.distributed cluster, an existing one or one started on this machine.

dask is an optional extra (pip install "rapport[dask]"), imported only here. Workers need
rapport and the French model installed, and must see the input files at the same paths:
they read the files themselves.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from concurrent.futures import Executor

from analyser.batch.pool import worker_count
from analyser.errors import RapportError
from analyser.messages import Notice

# How long to wait for a scheduler to answer, and for a cluster to have a worker.
CONNECT_TIMEOUT_S = 30


@contextlib.contextmanager
def dask_executor(address: str) -> Iterator[tuple[Executor, int]]:
    """An executor on the cluster at `address`, and its number of workers.

    "local" or "local:N" starts a cluster of N worker processes here (N = all cores by default),
    one thread each, listening on the loopback interface only, with no dashboard. Anything
    else is a scheduler address ("tcp://host:8786").

    Raises:
        RapportError: dask is not installed, or the cluster cannot be reached or has no worker.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise RapportError(Notice("batch.dask_not_installed")) from None
    local = re.fullmatch(r"local(?::(\d+))?", address.strip())
    with contextlib.ExitStack() as stack:
        try:
            if local:
                workers = worker_count(int(local[1] or 0))
                cluster = stack.enter_context(
                    LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
                )
                client = stack.enter_context(Client(cluster))
            else:
                client = stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT_S))
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as exc:
            raise RapportError(Notice("batch.dask_unreachable", address=address, reason=str(exc))) from None
        workers = len(client.scheduler_info().get("workers", {})) or 1
        yield client.get_executor(pure=False), workers
