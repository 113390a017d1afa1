"""One tidy report of fidelity, utility and privacy metrics."""

import numpy as np
import pandas as pd

from ._encoding import _check_tables
from ._fidelity import (
    column_shapes,
    detection_auc,
    energy_distance,
    mmd,
    trend_similarity,
)
from ._privacy import distance_to_closest_record, exact_copy_rate
from ._utility import tstr

_COLUMNS = ["metric", "group", "value", "best", "direction", "description"]


def _row(metric, group, value, best, direction, description):
    return dict(
        zip(_COLUMNS, (metric, group, float(value), best, direction, description))
    )


def _energy(ctx):
    value = energy_distance(
        ctx["real"], ctx["synthetic"], **ctx["encoding"], random_state=ctx["seed"]
    )
    return [
        _row(
            "energy_distance", "fidelity", value, 0.0, "lower",
            "squared energy distance between the tables in the fixed encoding",
        )
    ]


def _mmd(ctx):
    value = mmd(
        ctx["real"], ctx["synthetic"], **ctx["encoding"], random_state=ctx["seed"]
    )
    return [
        _row(
            "mmd", "fidelity", value, 0.0, "lower",
            "squared maximum mean discrepancy, RBF kernel, median heuristic",
        )
    ]


def _shapes(ctx):
    scores = column_shapes(ctx["real"], ctx["synthetic"], **ctx["encoding"])
    return [
        _row(
            "column_shapes", "fidelity", scores["score"].mean(), 1.0, "higher",
            "mean per-column 1 - KS (numeric) or 1 - TV (categorical)",
        )
    ]


def _trends(ctx):
    scores = trend_similarity(ctx["real"], ctx["synthetic"], **ctx["encoding"])
    value = scores["score"].mean() if len(scores) else np.nan
    return [
        _row(
            "trend_similarity", "fidelity", value, 1.0, "higher",
            "mean pairwise correlation or contingency-table similarity",
        )
    ]


def _detection(ctx):
    value = detection_auc(
        ctx["real"], ctx["synthetic"], **ctx["encoding"], random_state=ctx["seed"]
    )
    return [
        _row(
            "detection_auc", "fidelity", value, 0.5, "closer to best",
            "cross-validated ROC AUC of a classifier telling synthetic from real",
        )
    ]


def _tstr(ctx):
    result = tstr(
        ctx["real"],
        ctx["synthetic"],
        ctx["holdout"],
        target=ctx["target"],
        **ctx["encoding"],
        random_state=ctx["seed"],
    )
    scoring = result["scoring"]
    return [
        _row(
            "tstr_train_on_real", "utility", result["train_on_real"], np.nan,
            "reference",
            f"{scoring} on holdout of a model trained on real rows (baseline)",
        ),
        _row(
            "tstr_train_on_synthetic", "utility", result["train_on_synthetic"],
            np.nan, "higher",
            f"{scoring} on holdout of a model trained on synthetic rows",
        ),
        _row(
            "tstr_ratio", "utility", result["ratio"], 1.0, "higher",
            "train-on-synthetic score over train-on-real score",
        ),
    ]


def _copies(ctx):
    value = exact_copy_rate(ctx["real"], ctx["synthetic"], **ctx["encoding"])
    return [
        _row(
            "exact_copy_rate", "privacy", value, 0.0, "lower",
            "share of synthetic rows equal to a real row",
        )
    ]


def _dcr(ctx):
    summary = distance_to_closest_record(
        ctx["real"],
        ctx["synthetic"],
        ctx["holdout"],
        **ctx["encoding"],
        random_state=ctx["seed"],
    )
    rows = [
        _row(
            f"dcr_synthetic_{stat}", "privacy", summary.loc["synthetic", stat],
            np.nan, "higher",
            f"{label} distance from a synthetic row to its closest real row",
        )
        for stat, label in (("median", "median"), ("p05", "5th percentile"))
    ]
    if "holdout" in summary.index:
        rows += [
            _row(
                f"dcr_holdout_{stat}", "privacy", summary.loc["holdout", stat],
                np.nan, "reference",
                f"{label} distance from a holdout row to its closest real row "
                "(baseline)",
            )
            for stat, label in (("median", "median"), ("p05", "5th percentile"))
        ]
        baseline = summary.loc["holdout", "median"]
        ratio = summary.loc["synthetic", "median"] / baseline if baseline else np.nan
        rows.append(
            _row(
                "dcr_median_ratio", "privacy", ratio, 1.0, "closer to best",
                "synthetic median DCR over holdout median DCR; below 1 "
                "suggests memorisation",
            )
        )
    return rows


# Metric name -> (function of the context, needs target and holdout).
_METRICS = {
    "energy_distance": (_energy, False),
    "mmd": (_mmd, False),
    "column_shapes": (_shapes, False),
    "trend_similarity": (_trends, False),
    "detection_auc": (_detection, False),
    "tstr": (_tstr, True),
    "exact_copy_rate": (_copies, False),
    "distance_to_closest_record": (_dcr, False),
}


def evaluate(
    real,
    synthetic,
    *,
    target=None,
    holdout=None,
    metrics=None,
    categorical_columns=None,
    random_state=0,
):
    """Evaluate a synthetic table against the real one, in one tidy report.

    Runs the fidelity metrics (:func:`energy_distance`, :func:`mmd`,
    :func:`column_shapes`, :func:`trend_similarity`,
    :func:`detection_auc`), the utility metric :func:`tstr` (when ``target``
    and ``holdout`` are given) and the privacy metrics
    (:func:`exact_copy_rate`, :func:`distance_to_closest_record`) with
    their default settings, ``real`` standing for the generator's training
    rows.

    Each row says which way is better in ``direction``: ``"higher"``,
    ``"lower"``, ``"closer to best"`` (towards the ``best`` value) or
    ``"reference"`` for baselines computed from real data alone.

    Parameters
    ----------
    real : DataFrame or array-like of shape (n_real, n_features)
        The real rows the generator was fitted on.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``real``.

    target : column label, default=None
        Column to predict for :func:`tstr`.

    holdout : DataFrame or array-like of shape (n_holdout, n_features), \
            default=None
        Real rows the generator did not see: the test set of :func:`tstr`
        and the baseline of :func:`distance_to_closest_record`.

    metrics : list of str, default=None
        Metrics to run, among ``"energy_distance"``, ``"mmd"``,
        ``"column_shapes"``, ``"trend_similarity"``, ``"detection_auc"``,
        ``"tstr"``, ``"exact_copy_rate"`` and
        ``"distance_to_closest_record"``. ``None`` runs them all, leaving out
        ``"tstr"`` unless both ``target`` and ``holdout`` are given.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    random_state : int, RandomState instance or None, default=0
        Seed passed to every metric that subsamples or trains.

    Returns
    -------
    report : DataFrame
        One row per value, with columns ``metric``, ``group``
        (``"fidelity"``, ``"utility"`` or ``"privacy"``), ``value``,
        ``best`` (the ideal value, NaN when there is none), ``direction``
        and ``description``.

    See Also
    --------
    get_scorer : The same metrics as scorers for model selection.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from skgan.metrics import evaluate
    >>> rng = np.random.RandomState(0)
    >>> real = pd.DataFrame({"x": rng.normal(size=100),
    ...                      "c": rng.choice(["a", "b"], size=100)})
    >>> report = evaluate(real, real, metrics=["energy_distance",
    ...                                        "column_shapes",
    ...                                        "exact_copy_rate"])
    >>> report[["metric", "value", "best", "direction"]]
                metric  value  best direction
    0  energy_distance    0.0   0.0     lower
    1    column_shapes    1.0   1.0    higher
    2  exact_copy_rate    1.0   0.0     lower
    """
    real, synthetic, holdout = _check_tables(
        real, synthetic=synthetic, holdout=holdout
    )
    if target is not None and target not in real.columns:
        raise ValueError(f"target column {target!r} is not in real.")
    supervised = target is not None and holdout is not None
    if metrics is None:
        names = [name for name, (_, needs) in _METRICS.items() if supervised or not needs]
    else:
        names = [metrics] if isinstance(metrics, str) else list(metrics)
        unknown = [name for name in names if name not in _METRICS]
        if unknown:
            raise ValueError(
                f"unknown metric {unknown[0]!r}; use some of {list(_METRICS)}."
            )
        if not supervised and any(_METRICS[name][1] for name in names):
            raise ValueError(
                "metric 'tstr' needs both target and holdout; got "
                f"target={target!r} and holdout "
                f"{'given' if holdout is not None else 'None'}."
            )
    context = {
        "real": real,
        "synthetic": synthetic,
        "holdout": holdout,
        "target": target,
        "seed": random_state,
        "encoding": {"categorical_columns": categorical_columns},
    }
    rows = [row for name in names for row in _METRICS[name][0](context)]
    return pd.DataFrame(rows, columns=_COLUMNS)
