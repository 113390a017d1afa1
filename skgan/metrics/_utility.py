"""Utility: does a model trained on synthetic rows work on real ones?"""

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, clone, is_classifier
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
)
from sklearn.metrics import get_scorer
from sklearn.pipeline import make_pipeline
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted

from ._encoding import (
    _check_tables,
    _column_kinds,
    _numeric_values,
    _object_values,
    _sorted_categories,
)
from ._fidelity import _threads_for

# HistGradientBoosting* handle at most 255 bins; one is kept for missing.
_MAX_CATEGORIES = 254


class _CategoryCodes(TransformerMixin, BaseEstimator):
    """Numeric columns as float, categorical ones as frequency-ranked codes.

    Codes follow the training frequencies (0 for the most frequent
    category); missing values, categories unseen in training and those
    beyond the ``max_categories`` most frequent become NaN, which
    HistGradientBoosting treats as missing. Values are matched exactly, so
    columns may mix numbers and strings.
    """

    def __init__(self, *, kinds, max_categories=_MAX_CATEGORIES):
        self.kinds = kinds
        self.max_categories = max_categories

    def fit(self, X, y=None):
        self.categories_ = {}
        for column, kind in self.kinds.items():
            if kind == "categorical":
                values, mask = _object_values(X[column])
                counts = pd.Series(values[~mask], dtype=object).value_counts()
                self.categories_[column] = pd.Index(
                    counts.index[: self.max_categories], dtype=object
                )
        return self

    def transform(self, X):
        check_is_fitted(self, "categories_")
        out = np.empty((X.shape[0], len(self.kinds)), dtype=np.float64)
        for position, (column, kind) in enumerate(self.kinds.items()):
            if kind == "numeric":
                out[:, position] = _numeric_values(X[column])
                continue
            values, mask = _object_values(X[column])
            codes = np.full(len(values), np.nan)
            found = self.categories_[column].get_indexer(values[~mask])
            codes[~mask] = np.where(found >= 0, found, np.nan)
            out[:, position] = codes
        return out


def _task(column, kind):
    """Classification for a categorical or binary target, else regression."""
    if kind == "categorical":
        return "classification"
    y = _numeric_values(column)
    binary = type_of_target(y[~np.isnan(y)]) == "binary"
    return "classification" if binary else "regression"


def _target_values(frames, target, kind):
    """Target arrays of several tables and the masks of observed rows.

    A categorical target becomes integer codes shared by all tables, in the
    sorted order of its values when they sort (else order of appearance),
    so that any column, even one mixing numbers and strings, is a valid
    scikit-learn target.
    """
    if kind == "numeric":
        ys = [_numeric_values(frame[target]) for frame in frames]
        return [(y, ~np.isnan(y)) for y in ys]
    pairs = [_object_values(frame[target]) for frame in frames]
    pooled = np.concatenate([values[~mask] for values, mask in pairs])
    index = pd.Index(_sorted_categories(pooled), dtype=object)
    out = []
    for values, mask in pairs:
        codes = np.full(len(values), -1, dtype=np.int64)
        codes[~mask] = index.get_indexer(values[~mask])
        out.append((codes, ~mask))
    return out


def tstr(
    real_train,
    synthetic,
    real_test,
    *,
    target,
    estimator=None,
    scoring=None,
    categorical_columns=None,
    random_state=0,
):
    """Train on synthetic, test on real, beside train on real, test on real.

    Machine-learning utility of a synthetic table: one copy of ``estimator``
    is fitted on ``synthetic`` (TSTR), another on ``real_train`` (TRTR), and
    both are scored on ``real_test`` for predicting ``target`` from the other
    columns. Rows with a missing target are dropped. A ratio TSTR / TRTR near
    1 means the synthetic table is as useful as the real one for this task.

    Range of the scores: that of ``scoring``; higher is better (scikit-learn
    scorers are all greater-is-better). The ratio is best at 1 and
    meaningful only when the TRTR score is positive.

    Parameters
    ----------
    real_train : DataFrame or array-like of shape (n_train, n_features)
        The real rows the generator was fitted on.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``real_train``.

    real_test : DataFrame or array-like of shape (n_test, n_features)
        Real rows neither the generator nor the estimators saw.

    target : column label
        The column to predict. A categorical target reaches the estimator as
        integer codes of its sorted values (so that a custom ``scoring``
        sees class ``1`` as the second value in sorted order).

    estimator : estimator, default=None
        A scikit-learn estimator (or pipeline) taking the feature columns as
        a DataFrame; it is cloned for each fit. ``None`` uses a
        :class:`~sklearn.ensemble.HistGradientBoostingClassifier` when the
        target is categorical or binary and a
        :class:`~sklearn.ensemble.HistGradientBoostingRegressor` otherwise,
        with native categorical support behind an exact-value ordinal
        coding (the 254 most frequent categories of each column).

    scoring : str or callable, default=None
        A scikit-learn scoring name or ``scorer(estimator, X, y)``. ``None``
        uses ``"roc_auc"`` for a binary target, ``"balanced_accuracy"`` for a
        multiclass one and ``"r2"`` for regression.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    random_state : int, RandomState instance or None, default=0
        Seed of the default estimator; ignored when ``estimator`` is given.

    Returns
    -------
    result : dict
        ``"train_on_real"`` and ``"train_on_synthetic"`` (the two scores),
        ``"ratio"`` (``train_on_synthetic / train_on_real``, NaN when the
        latter is 0) and ``"scoring"`` (the scoring used).

    See Also
    --------
    detection_auc : Whether a classifier can tell synthetic from real rows.

    References
    ----------
    .. [1] C. Esteban, S. L. Hyland and G. Rätsch, "Real-valued (medical)
       time series generation with recurrent conditional GANs",
       arXiv:1706.02633, 2017.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skgan.metrics import tstr
    >>> rng = np.random.RandomState(0)
    >>> x = rng.normal(size=(300, 2))
    >>> table = pd.DataFrame(x, columns=["a", "b"]).assign(y=x[:, 0] > 0)
    >>> result = tstr(table[:200], table[:200], table[200:], target="y",
    ...               estimator=LogisticRegression())
    >>> result["ratio"]
    1.0
    """
    real_train, synthetic, real_test = _check_tables(
        real_train,
        reference_name="real_train",
        synthetic=synthetic,
        real_test=real_test,
    )
    if target not in real_train.columns:
        raise ValueError(f"target column {target!r} is not in real_train.")
    kinds = _column_kinds(real_train, categorical_columns)
    features = [column for column in real_train.columns if column != target]
    if not features:
        raise ValueError("tstr needs at least one feature column besides target.")

    if estimator is None:
        task = _task(real_train[target], kinds[target])
        feature_kinds = {column: kinds[column] for column in features}
        model_class = (
            HistGradientBoostingClassifier
            if task == "classification"
            else HistGradientBoostingRegressor
        )
        model = model_class(
            categorical_features=[
                kind == "categorical" for kind in feature_kinds.values()
            ],
            random_state=random_state,
        )
        estimator = make_pipeline(_CategoryCodes(kinds=feature_kinds), model)
    else:
        task = "classification" if is_classifier(estimator) else "regression"

    (y_train, keep_train), (y_synth, keep_synth), (y_test, keep_test) = (
        _target_values([real_train, synthetic, real_test], target, kinds[target])
    )
    if scoring is None:
        if task == "regression":
            scoring = "r2"
        elif type_of_target(y_train[keep_train]) == "binary":
            scoring = "roc_auc"
        else:
            scoring = "balanced_accuracy"
    scorer = get_scorer(scoring)

    X_test = real_test.loc[keep_test, features]
    scores = {}
    for name, frame, y, keep in (
        ("train_on_real", real_train, y_train, keep_train),
        ("train_on_synthetic", synthetic, y_synth, keep_synth),
    ):
        if task == "classification" and len(np.unique(y[keep])) < 2:
            table = name.removeprefix("train_on_")
            raise ValueError(
                f"target column {target!r} has fewer than two classes in the "
                f"{table} table; a classifier cannot be trained on it."
            )
        with _threads_for(int(keep.sum())):
            fitted = clone(estimator).fit(frame.loc[keep, features], y[keep])
        scores[name] = float(scorer(fitted, X_test, y_test[keep_test]))
    real_score = scores["train_on_real"]
    ratio = scores["train_on_synthetic"] / real_score if real_score != 0 else np.nan
    return {**scores, "ratio": float(ratio), "scoring": scoring}
