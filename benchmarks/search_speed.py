"""Hyperparameter search speed: GridSearchCV with n_jobs=1, n_jobs=2 and Dask.

One small search (a GANSampler on rows of the UCI Adult training split, a
grid of 4 settings, 3-fold cross-validation with the default ``score``,
refit on the best) is timed in one process, in this order:

- ``n_jobs=1``: sequential, torch on ``--threads`` threads;
- ``n_jobs=2``: joblib's loky workers; each fit limits torch to its share
  of the cores (``cpu_count() // 2``, see ``skgan/_parallel.py``);
- ``n_jobs=2, oversubscribed``: the same, but each worker told to use
  ``--threads`` threads (``parallel_config(inner_max_num_threads=...)``),
  which is what happens without a per-worker limit;
- Dask: ``joblib.parallel_backend("dask")`` on a
  ``LocalCluster(processes=True, n_workers=2, threads_per_worker=1)``.

Worker processes are started, and skgan imported in them, before each
parallel search is timed; their start-up is reported apart. Then the cost
of ``GANSampler.score`` is measured on 1,000, 3,000 and 10,000 real rows
(it compares at most 2,000), wall and CPU time, beside the energy distance
computed with ``scipy.spatial.distance.cdist`` (what score() used before).

Run (the figures in docs/benchmarks.md come from this command)::

    .venv/bin/python benchmarks/search_speed.py --rows 1200 --threads 2
"""

import argparse
import os
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1200, help="Adult rows")
    parser.add_argument(
        "--threads", type=int, default=2, help="torch threads for n_jobs=1"
    )
    parser.add_argument(
        "--sections",
        default="local,oversubscribed,dask,score",
        help="comma-separated: local (n_jobs=1 and 2), oversubscribed, dask, score",
    )
    return parser.parse_args()


def _warm(_):
    """Import skgan (and torch) in a worker and report its thread count."""
    import torch

    import skgan  # noqa: F401

    return torch.get_num_threads()


def _search(data, n_jobs):
    from sklearn.model_selection import GridSearchCV

    from skgan import GANSampler

    sampler = GANSampler(
        epochs=10,
        batch_size=200,
        pac=10,
        generator_dims=(64, 64),
        discriminator_dims=(64, 64),
        random_state=0,
    )
    grid = {"epochs": [4, 12], "generator_lr": [2e-4, 1e-3]}
    search = GridSearchCV(sampler, grid, cv=3, n_jobs=n_jobs)
    tic = time.perf_counter()
    search.fit(data)
    return time.perf_counter() - tic, search


def _timed_parallel(label, data, n_jobs, results):
    from joblib import Parallel, delayed

    tic = time.perf_counter()
    threads = Parallel(n_jobs=n_jobs)(delayed(_warm)(i) for i in range(2 * n_jobs))
    start = time.perf_counter() - tic
    seconds, search = _search(data, n_jobs)
    results.append((label, seconds, start, search))
    print(
        f"{label}: {seconds:.1f} s (workers started in {start:.1f} s, torch "
        f"threads at start {sorted(set(threads))}), best "
        f"{search.best_params_}, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def search_timings(data, args):
    import torch
    from joblib import cpu_count, parallel_config

    results = []
    sections = args.sections.split(",")
    torch.set_num_threads(args.threads)
    if "local" in sections:
        seconds, search = _search(data, 1)
        label = f"n_jobs=1, {args.threads} torch threads"
        results.append((label, seconds, 0.0, search))
        print(
            f"n_jobs=1: {seconds:.1f} s, best {search.best_params_}, load "
            f"{os.getloadavg()[0]:.1f}",
            flush=True,
        )
        _timed_parallel(
            f"n_jobs=2 (loky), {max(1, cpu_count() // 2)} torch thread(s) per "
            "worker",
            data,
            2,
            results,
        )
    if "oversubscribed" in sections:
        with parallel_config(backend="loky", inner_max_num_threads=args.threads):
            _timed_parallel(
                f"n_jobs=2 (loky), oversubscribed: {args.threads} threads per "
                "worker",
                data,
                2,
                results,
            )
    if "dask" in sections:
        from dask.distributed import Client, LocalCluster
        from joblib import parallel_backend

        tic = time.perf_counter()
        with LocalCluster(
            processes=True, n_workers=2, threads_per_worker=1, dashboard_address=":0"
        ) as cluster, Client(cluster):
            cluster_start = time.perf_counter() - tic
            with parallel_backend("dask"):
                _timed_parallel(
                    "Dask LocalCluster, 2 workers x 1 thread", data, 2, results
                )
        label, seconds, start, search = results[-1]
        results[-1] = (label, seconds, start + cluster_start, search)
        print(f"(Dask cluster started in {cluster_start:.1f} s)", flush=True)
    if not results:
        return
    reference = results[0][3].cv_results_["mean_test_score"]
    print("\n| search | seconds | speed-up | start-up s | same scores |")
    print("|---|---|---|---|---|")
    for label, seconds, start, search in results:
        same = bool(
            abs(search.cv_results_["mean_test_score"] - reference).max() < 1e-6
        )
        print(
            f"| {label} | {seconds:.1f} | {results[0][1] / seconds:.2f} | "
            f"{start:.1f} | {'yes' if same else 'no'} |"
        )


def score_cost(data):
    import numpy as np
    import torch
    from scipy.spatial.distance import cdist
    from threadpoolctl import threadpool_limits

    from skgan import GANSampler
    from skgan.metrics import FixedEncoding

    torch.set_num_threads(1)
    train = data.iloc[:1000]
    model = GANSampler(epochs=1, batch_size=500, random_state=0).fit(train)
    print("\n| real rows | score() wall s | score() CPU s | cdist energy distance s |")
    print("|---|---|---|---|")
    with threadpool_limits(1):
        for n in (1000, 3000, 10000):
            real = data.iloc[-n:]
            walls, cpus = [], []
            for _ in range(5):
                tic, cpu = time.perf_counter(), time.process_time()
                model.score(real)
                walls.append(time.perf_counter() - tic)
                cpus.append(time.process_time() - cpu)
            rows = real.iloc[: min(n, 2000)]
            synthetic = model.sample(len(rows), random_state=0)
            encoding = FixedEncoding().fit(rows)
            X, Y = encoding.transform(rows), encoding.transform(synthetic)
            tic = time.perf_counter()
            _ = 2 * cdist(X, Y).mean() - cdist(X, X).mean() - cdist(Y, Y).mean()
            old = time.perf_counter() - tic
            print(
                f"| {n} | {np.median(walls):.3f} | {np.median(cpus):.3f} | "
                f"{old:.3f} |",
                flush=True,
            )


def main():
    args = parse_args()
    from skgan.datasets import load_adult

    adult = load_adult()
    data = adult.sample(n=max(args.rows, 12000), random_state=0).reset_index(drop=True)
    print(f"load average at start: {os.getloadavg()}", flush=True)
    search_timings(data.iloc[: args.rows], args)
    if "score" in args.sections.split(","):
        score_cost(data)


if __name__ == "__main__":
    main()
