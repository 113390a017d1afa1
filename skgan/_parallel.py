"""Torch threads in parallel workers: each fit uses its share of the cores.

``GridSearchCV(..., n_jobs=k)`` runs fits in joblib workers. joblib's loky
backend starts each worker process with ``OMP_NUM_THREADS`` (and the MKL,
OpenBLAS ... variables) set to ``cpu_count() // k``, and Dask's nanny sets
them to 1, so that numpy's BLAS does not oversubscribe the machine. torch
reads ``OMP_NUM_THREADS`` once, when it is first imported, which is right
for a fresh worker process but misses the other cases: a process pool that
forks a parent that had already imported torch (joblib's
``"multiprocessing"`` backend passes no such variable at all), and fits
running in threads of one process (``"threading"`` backend), where each
thread would start torch's full pool. :func:`torch_threads` closes those
gaps for the duration of a fit and restores torch's setting afterwards.
"""

import contextlib
import multiprocessing
import os
import sys
import threading

import torch
from joblib import cpu_count
from joblib.parallel import get_active_backend

# Fits running now in this process, guarded by a lock.
_active_fits = 0
_lock = threading.Lock()


def _env_threads():
    """The thread count the parallel backend asked for, or None."""
    value = os.environ.get("OMP_NUM_THREADS", "")
    try:
        threads = int(value)
    except ValueError:
        return None
    return threads if threads > 0 else None


def _dask_worker_threads():
    """Task threads of the Dask worker running this code, or None."""
    distributed = sys.modules.get("distributed")
    if distributed is None:
        # A Dask worker has always imported it; do not import it here.
        return None
    try:
        worker = distributed.get_worker()
    except ValueError:
        return None
    state = getattr(worker, "state", worker)
    return getattr(state, "nthreads", None)


def _in_joblib_task():
    """Whether this code runs inside a task of a joblib ``Parallel`` call.

    joblib runs every task under a nested backend one level deeper.
    """
    backend, _ = get_active_backend()
    return getattr(backend, "nesting_level", 0) > 0


def _process_budget():
    """Threads this process may use for torch, or None to keep torch's own.

    - In a Dask worker: the ``OMP_NUM_THREADS`` its nanny set, else the
      worker's cores divided among its task threads.
    - In another pool process (daemonic, as joblib's multiprocessing
      workers are): ``OMP_NUM_THREADS``, else one thread, since such pools
      usually run one process per core.
    - In a joblib task (a loky worker, or a thread of the threading
      backend): ``OMP_NUM_THREADS`` when the backend or the user set it.
    - Elsewhere: None; the user's (or torch's default) setting stands.
    """
    env = _env_threads()
    dask_threads = _dask_worker_threads()
    if dask_threads is not None:
        return env or max(1, cpu_count() // max(1, dask_threads))
    if multiprocessing.current_process().daemon:
        return env or 1
    if env is not None and _in_joblib_task():
        return env
    return None


@contextlib.contextmanager
def torch_threads():
    """Limit torch's intra-op threads to this fit's share, then restore them.

    The share is the process's budget (see :func:`_process_budget`; torch's
    current setting outside parallel workers) divided among the fits
    running at the same time in this process, in threads. The limit only
    ever lowers torch's thread count. torch keeps one count per thread under
    OpenMP, so setting and restoring it here, in the fitting thread, leaves
    other threads alone. A fit that is already running keeps its count when
    another one starts in a second thread.

    Yields
    ------
    n_threads : int
        The number of threads torch uses inside the block.
    """
    global _active_fits
    previous = torch.get_num_threads()
    with _lock:
        _active_fits += 1
        active = _active_fits
    try:
        budget = _process_budget()
        budget = previous if budget is None else min(budget, previous)
        share = max(1, budget // active)
        if share < previous:
            torch.set_num_threads(share)
        try:
            yield torch.get_num_threads()
        finally:
            if torch.get_num_threads() != previous:
                torch.set_num_threads(previous)
    finally:
        with _lock:
            _active_fits -= 1
