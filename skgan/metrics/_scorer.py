"""Scorers that rate a generator by the rows it samples.

A scikit-learn scorer is a callable ``scorer(estimator, X, y=None)`` that
returns a float, greater being better. The scorers here draw
``len(X)`` rows from ``estimator.sample`` and compare them with the held-out
rows ``X``, so that :class:`~sklearn.model_selection.GridSearchCV` can tune
a generator's hyper-parameters on sample quality.
"""

import copy
from types import MappingProxyType

from ._fidelity import (
    column_shapes,
    detection_auc,
    energy_distance,
    mmd,
    trend_similarity,
)


def _column_shapes_mean(real, synthetic, **kwargs):
    return float(column_shapes(real, synthetic, **kwargs)["score"].mean())


def _trend_similarity_mean(real, synthetic, **kwargs):
    scores = trend_similarity(real, synthetic, **kwargs)["score"]
    return float(scores.mean()) if len(scores) else 1.0


def _detection_score(real, synthetic, **kwargs):
    return 1.0 - 2.0 * abs(detection_auc(real, synthetic, **kwargs) - 0.5)


# Metrics a scorer can be made from by name: function and greater_is_better.
_SAMPLE_METRICS = {
    "energy_distance": (energy_distance, False),
    "mmd": (mmd, False),
    "column_shapes": (_column_shapes_mean, True),
    "trend_similarity": (_trend_similarity_mean, True),
    "detection_score": (_detection_score, True),
}


class _SampleScorer:
    """Score ``estimator`` by comparing ``estimator.sample(len(X))`` with X."""

    def __init__(self, metric, name, sign, n_samples, random_state, kwargs):
        self._metric = metric
        self._name = name
        self._sign = sign
        self._n_samples = n_samples
        self._random_state = random_state
        self._kwargs = kwargs

    def __call__(self, estimator, X, y=None, **params):
        """Sample from ``estimator`` and score the sample against ``X``.

        Parameters
        ----------
        estimator : object
            A fitted generator with ``sample(n_samples, random_state=...)``.

        X : DataFrame or array-like of shape (n_samples, n_features)
            Held-out real rows.

        y : None
            Ignored.

        **params : dict
            Ignored; accepted for scikit-learn's metadata routing.

        Returns
        -------
        score : float
            The metric, negated when lower is better.
        """
        n_samples = len(X) if self._n_samples is None else self._n_samples
        synthetic = estimator.sample(n_samples, random_state=self._random_state)
        return self._sign * float(self._metric(X, synthetic, **self._kwargs))

    def __repr__(self):
        arguments = "".join(f", {key}={value!r}" for key, value in self._kwargs.items())
        return (
            f"make_sample_scorer({self._name}, "
            f"greater_is_better={self._sign > 0}{arguments})"
        )


def make_sample_scorer(
    metric, *, greater_is_better=None, n_samples=None, random_state=0, **kwargs
):
    """Make a scorer that rates a generator by the rows it samples.

    The scorer, called as ``scorer(estimator, X, y=None)``, draws
    ``estimator.sample(len(X), random_state=random_state)`` and returns
    ``metric(X, synthetic, **kwargs)``, negated when lower is better, so
    that greater is always better as scikit-learn's model selection expects.
    Pass it as ``scoring`` to
    :class:`~sklearn.model_selection.GridSearchCV` (alone or in a dict for
    multi-metric search with ``refit``) or
    :func:`~sklearn.model_selection.cross_validate`.

    Parameters
    ----------
    metric : str or callable
        ``metric(real, synthetic, **kwargs) -> float``, or one of the names
        ``"energy_distance"``, ``"mmd"`` (lower is better),
        ``"column_shapes"``, ``"trend_similarity"`` (mean score; higher is
        better) and ``"detection_score"`` (``1 - 2 |AUC - 0.5|`` for the
        :func:`detection_auc`; range ``[0, 1]``, higher is better).

    greater_is_better : bool, default=None
        Whether greater values of ``metric`` are better. ``None`` takes the
        direction of a named metric, and True for a callable.

    n_samples : int, default=None
        Rows to sample; ``None`` samples as many rows as ``X`` has.

    random_state : int, RandomState instance or None, default=0
        Passed to ``estimator.sample``. A fixed seed makes every candidate
        of a search be scored on equally drawn samples.

    **kwargs : dict
        Extra keyword arguments for ``metric``.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y=None) -> float``.

    See Also
    --------
    get_scorer : The ready-made scorers, by name.

    Examples
    --------
    >>> import numpy as np
    >>> from skgan.metrics import make_sample_scorer
    >>> class Bootstrap:
    ...     def fit(self, X):
    ...         self.X_ = np.asarray(X)
    ...         return self
    ...     def sample(self, n_samples, random_state=None):
    ...         rng = np.random.RandomState(random_state)
    ...         return self.X_[rng.randint(len(self.X_), size=n_samples)]
    >>> X = np.random.RandomState(0).normal(size=(200, 2))
    >>> scorer = make_sample_scorer("energy_distance")
    >>> scorer
    make_sample_scorer(energy_distance, greater_is_better=False)
    >>> -0.05 < scorer(Bootstrap().fit(X), X) <= 0.0
    True
    """
    if isinstance(metric, str):
        if metric not in _SAMPLE_METRICS:
            raise ValueError(
                f"metric {metric!r} is not a known metric name; use one of "
                f"{sorted(_SAMPLE_METRICS)} or a callable."
            )
        name = metric
        metric, default_direction = _SAMPLE_METRICS[metric]
    elif callable(metric):
        name = getattr(metric, "__name__", repr(metric))
        default_direction = True
    else:
        raise TypeError(
            f"metric must be a metric name or a callable; got {metric!r}."
        )
    if greater_is_better is None:
        greater_is_better = default_direction
    sign = 1.0 if greater_is_better else -1.0
    return _SampleScorer(metric, name, sign, n_samples, random_state, kwargs)


SCORERS = MappingProxyType(
    {
        "neg_energy_distance": make_sample_scorer("energy_distance"),
        "neg_mmd": make_sample_scorer("mmd"),
        "column_shapes": make_sample_scorer("column_shapes"),
        "trend_similarity": make_sample_scorer("trend_similarity"),
        "detection_score": make_sample_scorer("detection_score"),
    }
)
"""Ready-made sample scorers by name (read-only); see :func:`get_scorer`."""


def get_scorer_names():
    """Names of the ready-made sample scorers.

    Returns
    -------
    names : list of str
        Sorted names accepted by :func:`get_scorer`.

    See Also
    --------
    get_scorer : The scorer behind a name.

    Examples
    --------
    >>> from skgan.metrics import get_scorer_names
    >>> get_scorer_names()  # doctest: +NORMALIZE_WHITESPACE
    ['column_shapes', 'detection_score', 'neg_energy_distance', 'neg_mmd',
     'trend_similarity']
    """
    return sorted(SCORERS)


def get_scorer(scoring):
    """Get a ready-made sample scorer by name.

    Every scorer rates a generator with a ``sample(n_samples,
    random_state=...)`` method by comparing ``len(X)`` sampled rows (seed 0)
    with the held-out rows ``X``; greater is better for all of them:

    - ``"neg_energy_distance"``: minus :func:`energy_distance`, at most 0.
    - ``"neg_mmd"``: minus :func:`mmd`, at most 0.
    - ``"column_shapes"``: mean :func:`column_shapes` score, in ``[0, 1]``.
    - ``"trend_similarity"``: mean :func:`trend_similarity` score, in
      ``[0, 1]``.
    - ``"detection_score"``: ``1 - 2 |AUC - 0.5|`` for the
      :func:`detection_auc`, in ``[0, 1]``; the slowest.

    Parameters
    ----------
    scoring : str or callable
        A name above, or a callable, which is returned unchanged.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y=None) -> float``, a copy for names.

    See Also
    --------
    make_sample_scorer : Build a scorer from any metric.

    Notes
    -----
    scikit-learn does not know these names, so pass the scorers themselves:
    ``GridSearchCV(GANSampler(), grid, scoring={"energy":
    get_scorer("neg_energy_distance"), "shapes": get_scorer("column_shapes")},
    refit="energy")``.

    Examples
    --------
    >>> from skgan.metrics import get_scorer
    >>> get_scorer("neg_energy_distance")
    make_sample_scorer(energy_distance, greater_is_better=False)
    """
    if callable(scoring):
        return scoring
    if isinstance(scoring, str) and scoring in SCORERS:
        return copy.deepcopy(SCORERS[scoring])
    raise ValueError(
        f"{scoring!r} is not a sample scorer name; use one of "
        f"{get_scorer_names()} or make_sample_scorer."
    )
