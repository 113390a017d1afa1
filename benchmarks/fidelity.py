"""Fidelity, utility and privacy of synthetic Adult: skgan against CTGAN.

Both generators are trained in this one process on the same rows of the UCI
Adult training split, with the same epochs, batch size, PacGAN group and
network widths, and evaluated with :func:`skgan.metrics.evaluate` against
the same real rows: energy distance and MMD, column shapes and pairwise
trends, a classifier two-sample test (detection ROC AUC), train-synthetic-
test-real on ``income`` (tested on rows of Adult's test split), the share of
exact copies of training rows and the distance to the closest record.

skgan is evaluated at several epoch counts along one training run
(``warm_start``), with the cumulative training time of each, so the table
also shows where skgan stands after a fraction of CTGAN's budget.

Run (the figures in docs/benchmarks.md come from this command)::

    .venv/bin/pip install -e ".[benchmarks]"
    .venv/bin/python benchmarks/fidelity.py --rows 5000 --epochs 300 \
        --checkpoints 30,100,300 --threads 1

Missing values are written ``?`` for both tools, as in the original file,
since CTGAN does not model missing categories as such.
"""

import argparse
import os
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000, help="training rows")
    parser.add_argument("--holdout", type=int, default=5000, help="test rows")
    parser.add_argument("--epochs", type=int, default=300, help="CTGAN epochs")
    parser.add_argument(
        "--checkpoints",
        default="30,100,300",
        help="skgan epoch counts to evaluate, comma-separated, increasing",
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-ctgan", action="store_true")
    return parser.parse_args()


def load_tables(n_rows, n_holdout, seed):
    from skgan.datasets import load_adult

    def prepare(frame):
        frame = frame.copy()
        for column in frame.columns:
            if isinstance(frame[column].dtype, __import__("pandas").CategoricalDtype):
                frame[column] = frame[column].astype(object).fillna("?")
        return frame

    train = load_adult(split="train").sample(n=n_rows, random_state=seed)
    test = load_adult(split="test")
    test = test.sample(n=min(n_holdout, len(test)), random_state=seed)
    return prepare(train).reset_index(drop=True), prepare(test).reset_index(drop=True)


def fit_ctgan(train, categorical, args):
    import numpy as np
    import torch
    from ctgan import CTGAN

    model = CTGAN(
        epochs=args.epochs, batch_size=500, pac=10, generator_dim=(256, 256),
        discriminator_dim=(256, 256), enable_gpu=False,
    )
    model.set_random_state(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    tic = time.perf_counter()
    model.fit(train, discrete_columns=categorical)
    seconds = time.perf_counter() - tic
    return model.sample(len(train)), seconds


def skgan_runs(train, categorical, checkpoints, args):
    from skgan import GANSampler

    model = GANSampler(
        epochs=checkpoints[0], batch_size=500, pac=10, generator_dims=(256, 256),
        discriminator_dims=(256, 256), categorical_features=categorical,
        device="cpu", random_state=args.seed, warm_start=True,
    )
    done, seconds = 0, 0.0
    for epochs in checkpoints:
        model.set_params(epochs=epochs - done)
        tic = time.perf_counter()
        model.fit(train)
        seconds += time.perf_counter() - tic
        done = epochs
        yield epochs, model.sample(len(train), random_state=args.seed), seconds


def main():
    args = parse_args()
    import pandas as pd
    import torch

    from skgan.metrics import evaluate

    torch.set_num_threads(args.threads)
    checkpoints = [int(c) for c in args.checkpoints.split(",")]
    train, test = load_tables(args.rows, args.holdout, args.seed)
    categorical = [c for c in train.columns if train[c].dtype == object]
    print(
        f"Adult: {len(train):,} training rows, {len(test):,} test rows; "
        f"torch threads: {torch.get_num_threads()}; CPU: {_cpu_name()}",
        flush=True,
    )

    def report(synthetic):
        frame = evaluate(
            train, synthetic, target="income", holdout=test,
            categorical_columns=categorical, random_state=0,
        )
        return frame.set_index("metric")

    columns, seconds = {}, {}
    if not args.skip_ctgan:
        synthetic, took = fit_ctgan(train, categorical, args)
        name = f"ctgan@{args.epochs}"
        columns[name], seconds[name] = report(synthetic), took
        print(f"{name}: {took:.1f} s", flush=True)
    for epochs, synthetic, took in skgan_runs(train, categorical, checkpoints, args):
        name = f"skgan@{epochs}"
        columns[name], seconds[name] = report(synthetic), took
        print(f"{name}: {took:.1f} s", flush=True)

    first = next(iter(columns.values()))
    table = pd.DataFrame(
        {name: frame["value"] for name, frame in columns.items()}
    )
    table.insert(0, "better", [
        f"-> {best:g}" if direction == "closer to best" else direction
        for direction, best in zip(first["direction"], first["best"])
    ])
    table.loc["fit seconds"] = ["lower"] + [seconds[n] for n in columns]
    pd.set_option("display.width", 200)
    pd.set_option("display.float_format", lambda v: f"{v:.4f}")
    print()
    print(table.to_string())
    if not args.skip_ctgan:
        ctgan_seconds = seconds[f"ctgan@{args.epochs}"]
        for name in columns:
            if name.startswith("skgan"):
                print(f"{name}: fit time {seconds[name] / ctgan_seconds:.2f}x CTGAN's")


def _cpu_name():
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return os.uname().machine


if __name__ == "__main__":
    main()
