"""Torch threads inside parallel workers (skgan._parallel).

The end-to-end check in loky worker processes, through
``GridSearchCV(n_jobs=2)``, and on a Dask cluster is in test_search.py.
"""

import multiprocessing
import threading

import numpy as np
import pandas as pd
import pytest
import torch
from joblib import Parallel, cpu_count, delayed, parallel_backend
from sklearn.model_selection import cross_validate

from skgan import GANSampler
from skgan import _parallel
from skgan._parallel import torch_threads


class _ThreadRecorder(GANSampler):
    """Records the torch thread count seen by the training loop."""

    def _after_epoch(self, record):
        self.torch_threads_seen_ = torch.get_num_threads()
        return super()._after_epoch(record)


def _table(n=120, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {"x": rng.normal(size=n), "c": rng.choice(["a", "b"], size=n)}
    )


def _tiny(**params):
    return _ThreadRecorder(
        epochs=1,
        batch_size=40,
        pac=4,
        generator_dims=(16,),
        discriminator_dims=(16,),
        latent_dim=8,
        random_state=0,
        **params,
    )


@pytest.fixture
def two_threads():
    """torch at 2 threads for the test (the suite runs at 1)."""
    previous = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(previous)


class _FakeProcess:
    daemon = True


@pytest.fixture
def in_pool_worker(monkeypatch):
    """Pretend this process is a daemonic pool worker."""
    monkeypatch.setattr(multiprocessing, "current_process", lambda: _FakeProcess())
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)


def test_outside_workers_torch_keeps_its_setting(two_threads, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert not multiprocessing.current_process().daemon
    with torch_threads() as n:
        assert n == torch.get_num_threads() == 2
    assert torch.get_num_threads() == 2


@pytest.mark.parametrize("env, expected", [(None, 1), ("1", 1), ("3", 2), ("x", 1)])
def test_pool_worker_uses_the_backend_budget(
    two_threads, in_pool_worker, monkeypatch, env, expected
):
    if env is not None:
        monkeypatch.setenv("OMP_NUM_THREADS", env)
    with torch_threads() as n:
        # Never above torch's own setting (2 here).
        assert n == torch.get_num_threads() == expected
    assert torch.get_num_threads() == 2


def test_joblib_tasks_follow_the_backend_thread_count(two_threads, monkeypatch):
    # loky sets OMP_NUM_THREADS in its workers; a joblib task that sees it
    # trains on that many threads, here in threads of the main process.
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    seen = Parallel(n_jobs=2, backend="threading")(
        delayed(_enter_and_count)() for _ in range(4)
    )
    assert seen == [1] * 4
    assert torch.get_num_threads() == 2


def test_limit_is_restored_after_an_error(two_threads, in_pool_worker):
    with pytest.raises(RuntimeError):
        with torch_threads():
            assert torch.get_num_threads() == 1
            raise RuntimeError
    assert torch.get_num_threads() == 2
    assert _parallel._active_fits == 0


def test_fits_running_together_share_the_threads(two_threads):
    with torch_threads() as first:
        assert first == 2
        seen = []
        worker = threading.Thread(target=lambda: seen.append(_enter_and_count()))
        worker.start()
        worker.join()
        assert seen == [1]
        assert torch.get_num_threads() == 2
    assert _parallel._active_fits == 0


def _enter_and_count():
    torch.set_num_threads(2)
    with torch_threads() as n:
        return n


def test_dask_worker_without_hint_divides_cores_among_task_threads(
    two_threads, monkeypatch
):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(_parallel, "_dask_worker_threads", lambda: 2)
    expected = max(1, min(2, cpu_count() // 2))
    with torch_threads() as n:
        assert n == expected


def test_fit_in_threads_never_exceeds_the_process_setting(two_threads):
    with parallel_backend("threading"):
        result = cross_validate(
            _tiny(), _table(), cv=2, n_jobs=2, return_estimator=True
        )
    seen = [estimator.torch_threads_seen_ for estimator in result["estimator"]]
    assert all(1 <= n <= 2 for n in seen)
    assert torch.get_num_threads() == 2
