"""Fidelity: how closely a synthetic table follows the real distribution."""

import contextlib
import itertools

import numpy as np
import pandas as pd
from scipy.spatial.distance import cdist
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import PredefinedSplit, cross_val_score
from sklearn.utils import check_random_state
from threadpoolctl import threadpool_limits

from ._encoding import (
    FixedEncoding,
    _check_tables,
    _column_kinds,
    _joint_codes,
    _numeric_values,
)


def _encode_pair(real, synthetic, categorical_columns):
    real, synthetic = _check_tables(real, synthetic=synthetic)
    encoding = FixedEncoding(categorical_columns=categorical_columns).fit(real)
    return encoding.transform(real), encoding.transform(synthetic)


def _seed(random_state):
    return check_random_state(random_state).randint(np.iinfo(np.int32).max)


# Below this many rows, gradient boosting runs on one OpenMP thread.
_SMALL_ROWS = 10_000


def _threads_for(n_rows):
    """Limit OpenMP to one thread for small fits.

    On small inputs HistGradientBoosting's threads cost more to start and
    synchronise than they save, badly so on a machine whose cores are busy.
    """
    if n_rows < _SMALL_ROWS:
        return threadpool_limits(limits=1, user_api="openmp")
    return contextlib.nullcontext()


def _subsample(X, max_samples, seed):
    """Rows of ``X``, at most ``max_samples`` of them drawn without replacement.

    Every table is drawn with the same seed, so two identical tables give
    identical subsamples.
    """
    if max_samples is None or X.shape[0] <= max_samples:
        return X
    rows = np.random.RandomState(seed).choice(X.shape[0], max_samples, replace=False)
    return X[np.sort(rows)]


def energy_distance(
    real,
    synthetic,
    *,
    categorical_columns=None,
    max_samples=2000,
    random_state=0,
):
    """Squared energy distance between two tables in the fixed encoding.

    The energy distance of Székely and Rizzo between the empirical
    distributions of the encoded real rows ``X`` and synthetic rows ``Y``,
    ``2 E|X - Y| - E|X - X'| - E|Y - Y'|``, with ``|.|`` the Euclidean norm
    and every expectation an average over all pairs (a V-statistic, so the
    value is never negative). It is 0 exactly when the two subsampled tables
    hold the same rows with the same multiplicities, and grows with any
    difference in distribution, joint structure included.

    Range ``[0, inf)``; lower is better.

    Parameters
    ----------
    real : DataFrame or array-like of shape (n_real, n_features)
        The real table; the encoding is fitted on it.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``real``.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    max_samples : int, default=2000
        Each table is subsampled without replacement to at most this many
        rows, because the cost is quadratic in the number of rows. ``None``
        uses every row.

    random_state : int, RandomState instance or None, default=0
        Seed of the subsampling. Both tables are drawn with one seed.

    Returns
    -------
    distance : float
        The squared energy distance.

    See Also
    --------
    mmd : Maximum mean discrepancy, a kernel two-sample statistic.
    FixedEncoding : The encoding both tables are compared in.

    References
    ----------
    .. [1] G. J. Székely and M. L. Rizzo, "Energy statistics: A class of
       statistics based on distances", Journal of Statistical Planning and
       Inference, 143(8), 2013.

    Examples
    --------
    >>> import numpy as np
    >>> from skgan.metrics import energy_distance
    >>> rng = np.random.RandomState(0)
    >>> real = rng.normal(size=(200, 2))
    >>> energy_distance(real, real)
    0.0
    >>> energy_distance(real, real + 1.0) > energy_distance(real, real + 0.1)
    True
    """
    X, Y = _encode_pair(real, synthetic, categorical_columns)
    seed = _seed(random_state)
    X, Y = _subsample(X, max_samples, seed), _subsample(Y, max_samples, seed)
    xy = _mean_distance(X, Y)
    xx = _mean_distance(X, X)
    yy = _mean_distance(Y, Y)
    return float(max(2.0 * xy - xx - yy, 0.0))


# Rows of the left table per block of :func:`_mean_distance` (a block of
# distances to 2,000 rows is then 8 MB).
_DISTANCE_BLOCK = 512


def _mean_distance(A, B):
    """Mean Euclidean distance over all pairs of rows of ``A`` and ``B``.

    Squared distances come from ``|a|^2 + |b|^2 - 2 a.b`` with the products
    as matrix multiplications (BLAS), an order of magnitude faster than
    :func:`scipy.spatial.distance.cdist` on wide one-hot encodings, in blocks
    of rows so that memory stays bounded. The same inputs give bitwise the
    same result (``B`` is copied so that ``A @ B.T`` is always a general
    product, never a symmetric one), so identical tables have an energy
    distance of exactly 0.
    """
    B = np.array(B, dtype=np.float64, order="C", copy=True)
    b_norms = np.einsum("ij,ij->i", B, B)
    total = 0.0
    for start in range(0, A.shape[0], _DISTANCE_BLOCK):
        block = np.asarray(A[start : start + _DISTANCE_BLOCK], dtype=np.float64)
        squared = block @ B.T
        squared *= -2.0
        squared += np.einsum("ij,ij->i", block, block)[:, None]
        squared += b_norms[None, :]
        np.maximum(squared, 0.0, out=squared)
        total += np.sqrt(squared, out=squared).sum()
    return total / (A.shape[0] * B.shape[0])


def _median_heuristic(distances, power):
    """Inverse of the median nonzero pooled distance (raised to ``power``)."""
    pooled = np.concatenate([block.ravel() for block in distances])
    pooled = pooled[pooled > 0]
    if pooled.size == 0:
        return 1.0
    return 1.0 / (power * np.median(pooled))


def mmd(
    real,
    synthetic,
    *,
    kernel="rbf",
    gamma=None,
    categorical_columns=None,
    max_samples=2000,
    random_state=0,
):
    """Squared maximum mean discrepancy between two tables.

    The biased (V-statistic) estimate of the squared maximum mean discrepancy
    of Gretton et al., ``mean k(X, X') + mean k(Y, Y') - 2 mean k(X, Y)``,
    between the encoded real rows ``X`` and synthetic rows ``Y`` in the
    fixed encoding. With a characteristic kernel such as the RBF kernel it
    is 0 only for identical distributions.

    Range ``[0, 2]`` for the RBF and Laplacian kernels; lower is better.

    Parameters
    ----------
    real : DataFrame or array-like of shape (n_real, n_features)
        The real table; the encoding is fitted on it.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``real``.

    kernel : {"rbf", "laplacian"} or callable, default="rbf"
        ``"rbf"`` is ``exp(-gamma |x - y|_2^2)``, ``"laplacian"`` is
        ``exp(-gamma |x - y|_1)``. A callable takes two 2-D arrays and
        returns their kernel matrix (``gamma`` is then ignored).

    gamma : float, default=None
        Kernel coefficient. ``None`` uses the median heuristic on the pooled
        subsample: ``1 / (2 median |x - y|_2^2)`` for ``"rbf"`` and
        ``1 / median |x - y|_1`` for ``"laplacian"``.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    max_samples : int, default=2000
        Each table is subsampled without replacement to at most this many
        rows. ``None`` uses every row.

    random_state : int, RandomState instance or None, default=0
        Seed of the subsampling.

    Returns
    -------
    discrepancy : float
        The squared maximum mean discrepancy.

    See Also
    --------
    energy_distance : The distance-based counterpart.

    References
    ----------
    .. [1] A. Gretton, K. M. Borgwardt, M. J. Rasch, B. Schölkopf and
       A. Smola, "A kernel two-sample test", Journal of Machine Learning
       Research, 13, 2012.

    Examples
    --------
    >>> import numpy as np
    >>> from skgan.metrics import mmd
    >>> rng = np.random.RandomState(0)
    >>> real = rng.normal(size=(200, 2))
    >>> mmd(real, real)
    0.0
    >>> mmd(real, real + 2.0) > mmd(real, real + 0.2)
    True
    """
    if not callable(kernel) and kernel not in ("rbf", "laplacian"):
        raise ValueError(
            f"kernel must be 'rbf', 'laplacian' or a callable; got {kernel!r}."
        )
    X, Y = _encode_pair(real, synthetic, categorical_columns)
    seed = _seed(random_state)
    X, Y = _subsample(X, max_samples, seed), _subsample(Y, max_samples, seed)
    if callable(kernel):
        kxx, kyy, kxy = kernel(X, X), kernel(Y, Y), kernel(X, Y)
    else:
        metric, power = ("sqeuclidean", 2.0) if kernel == "rbf" else ("cityblock", 1.0)
        blocks = [cdist(X, X, metric), cdist(Y, Y, metric), cdist(X, Y, metric)]
        coef = _median_heuristic(blocks, power) if gamma is None else gamma
        kxx, kyy, kxy = (np.exp(-coef * block) for block in blocks)
    value = np.mean(kxx) + np.mean(kyy) - 2.0 * np.mean(kxy)
    return float(max(value, 0.0))


def _ks_statistic(a, b):
    """Two-sample KS statistic, missing values as a point mass above all."""
    a = np.sort(np.where(np.isnan(a), np.inf, a))
    b = np.sort(np.where(np.isnan(b), np.inf, b))
    grid = np.concatenate([a, b])
    cdf_a = np.searchsorted(a, grid, side="right") / len(a)
    cdf_b = np.searchsorted(b, grid, side="right") / len(b)
    return float(np.max(np.abs(cdf_a - cdf_b)))


def _total_variation(codes_a, codes_b, n_codes):
    p = np.bincount(codes_a, minlength=n_codes) / len(codes_a)
    q = np.bincount(codes_b, minlength=n_codes) / len(codes_b)
    return 0.5 * float(np.abs(p - q).sum())


def column_shapes(real, synthetic, *, categorical_columns=None):
    """Per-column similarity of the marginal distributions.

    For a numeric column the score is the Kolmogorov-Smirnov complement
    ``1 - KS``, with ``KS`` the largest gap between the two empirical
    distribution functions; missing values count as a point mass above every
    observed value, so a difference in missing rates lowers the score. For a
    categorical column it is the total-variation complement
    ``1 - TV = 1 - 1/2 sum_k |p_k - q_k|`` over the category frequencies,
    missing values being one more category.

    Range ``[0, 1]``; higher is better, 1 for identical marginals.

    Parameters
    ----------
    real : DataFrame or array-like of shape (n_real, n_features)
        The real table; it decides which columns are numeric.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``real``.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    Returns
    -------
    shapes : DataFrame
        One row per column, with columns ``column``, ``kind`` (``"numeric"``
        or ``"categorical"``), ``metric`` (``"ks_complement"`` or
        ``"tv_complement"``) and ``score``.

    See Also
    --------
    trend_similarity : The pairwise counterpart.

    Examples
    --------
    >>> import pandas as pd
    >>> from skgan.metrics import column_shapes
    >>> real = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "c": list("aabb")})
    >>> synthetic = pd.DataFrame({"x": [1.0, 2.0, 3.0, 9.0],
    ...                           "c": list("aaab")})
    >>> column_shapes(real, synthetic)
      column         kind         metric  score
    0      x      numeric  ks_complement   0.75
    1      c  categorical  tv_complement   0.75
    """
    real, synthetic = _check_tables(real, synthetic=synthetic)
    kinds = _column_kinds(real, categorical_columns)
    rows = []
    for column, kind in kinds.items():
        if kind == "numeric":
            statistic = _ks_statistic(
                _numeric_values(real[column]), _numeric_values(synthetic[column])
            )
            metric = "ks_complement"
        else:
            (a, b), n_codes = _joint_codes(real[column], synthetic[column])
            statistic = _total_variation(a, b, n_codes)
            metric = "tv_complement"
        rows.append((column, kind, metric, 1.0 - statistic))
    return pd.DataFrame(rows, columns=["column", "kind", "metric", "score"])


def _bin_codes(reference, *others, n_bins):
    """Quantile-bin numeric columns on ``reference``'s quantiles.

    Missing values get a bin of their own, the last one.
    """
    observed = reference[~np.isnan(reference)]
    if observed.size:
        inner = np.linspace(0.0, 1.0, n_bins + 1)[1:-1]
        edges = np.unique(np.quantile(observed, inner))
    else:
        edges = np.empty(0)
    n_codes = len(edges) + 2
    codes = []
    for values in (reference, *others):
        binned = np.searchsorted(edges, values, side="right")
        binned[np.isnan(values)] = n_codes - 1
        codes.append(binned.astype(np.int64))
    return codes, n_codes


def _discrete_codes(real, synthetic, kinds, n_bins):
    """Integer codes of every column, numeric ones quantile-binned."""
    codes = {}
    for column, kind in kinds.items():
        if kind == "numeric":
            codes[column] = _bin_codes(
                _numeric_values(real[column]),
                _numeric_values(synthetic[column]),
                n_bins=n_bins,
            )
        else:
            codes[column] = _joint_codes(real[column], synthetic[column])
    return codes


def _pearson(frame):
    """Pairwise-complete Pearson correlations, undefined ones set to 0."""
    return frame.corr(method="pearson").fillna(0.0)


def _numeric_frame(frame, columns):
    return pd.DataFrame(
        {column: _numeric_values(frame[column]) for column in columns},
        columns=list(columns),
    )


def trend_similarity(real, synthetic, *, categorical_columns=None, n_bins=10):
    """Pairwise similarity of the associations between columns.

    For a pair of numeric columns the score is the correlation similarity
    ``1 - |r_real - r_synthetic| / 2``, with ``r`` the Pearson correlation on
    the rows where both are observed (an undefined correlation, for a
    constant column, counts as 0). For a pair involving a categorical column
    it is the contingency similarity ``1 - TV``, the total-variation
    complement between the two normalised contingency tables, where numeric
    columns are cut into ``n_bins`` bins at the real table's quantiles and
    missing values form a bin or category of their own.

    Range ``[0, 1]``; higher is better, 1 when every association is kept.

    Parameters
    ----------
    real : DataFrame or array-like of shape (n_real, n_features)
        The real table; it decides column kinds and bin edges.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``real``.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    n_bins : int, default=10
        Number of quantile bins for a numeric column paired with a
        categorical one (fewer where quantiles coincide).

    Returns
    -------
    trends : DataFrame
        One row per unordered pair of columns, with columns ``column_1``,
        ``column_2``, ``metric`` (``"correlation_similarity"`` or
        ``"contingency_similarity"``), ``real`` and ``synthetic`` (the two
        Pearson correlations, NaN for contingency rows) and ``score``. Empty
        for a one-column table.

    See Also
    --------
    column_shapes : The per-column counterpart.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from skgan.metrics import trend_similarity
    >>> rng = np.random.RandomState(0)
    >>> x = rng.normal(size=500)
    >>> real = pd.DataFrame({"x": x, "y": x + rng.normal(size=500)})
    >>> broken = real.assign(y=rng.permutation(real["y"].to_numpy()))
    >>> trend_similarity(real, real)["score"].tolist()
    [1.0]
    >>> float(trend_similarity(real, broken)["score"].iloc[0]) < 0.75
    True
    """
    real, synthetic = _check_tables(real, synthetic=synthetic)
    kinds = _column_kinds(real, categorical_columns)
    numeric = [column for column, kind in kinds.items() if kind == "numeric"]
    corr_real = _pearson(_numeric_frame(real, numeric))
    corr_synthetic = _pearson(_numeric_frame(synthetic, numeric))
    codes = None
    rows = []
    for first, second in itertools.combinations(kinds, 2):
        if kinds[first] == "numeric" and kinds[second] == "numeric":
            r, s = corr_real.loc[first, second], corr_synthetic.loc[first, second]
            rows.append(
                (first, second, "correlation_similarity", r, s, 1 - abs(r - s) / 2)
            )
            continue
        if codes is None:
            codes = _discrete_codes(real, synthetic, kinds, n_bins)
        (a1, b1), n1 = codes[first]
        (a2, b2), n2 = codes[second]
        distance = _total_variation(a1 * n2 + a2, b1 * n2 + b2, n1 * n2)
        rows.append(
            (first, second, "contingency_similarity", np.nan, np.nan, 1 - distance)
        )
    columns = ["column_1", "column_2", "metric", "real", "synthetic", "score"]
    trends = pd.DataFrame(rows, columns=columns)
    return trends.astype({"real": float, "synthetic": float, "score": float})


def _association_matrix(frame, kinds, codes, side):
    """Column-by-column association: Pearson r or Cramér's V.

    ``codes`` is the output of :func:`_discrete_codes`; ``side`` is 0 for
    the real table and 1 for the synthetic one.
    """
    columns = list(kinds)
    numeric = [column for column in columns if kinds[column] == "numeric"]
    pearson = _pearson(_numeric_frame(frame, numeric))
    matrix = pd.DataFrame(np.eye(len(columns)), index=columns, columns=columns)
    for first, second in itertools.combinations(columns, 2):
        if kinds[first] == "numeric" and kinds[second] == "numeric":
            value = pearson.loc[first, second]
        else:
            value = _cramers_v(
                codes[first][0][side], codes[first][1], codes[second][0][side],
                codes[second][1],
            )
        matrix.loc[first, second] = matrix.loc[second, first] = value
    return matrix


def _cramers_v(a, n_a, b, n_b):
    """Cramér's V of two integer-coded columns (0 when undefined)."""
    table = np.bincount(a * n_b + b, minlength=n_a * n_b).reshape(n_a, n_b)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    k = min(table.shape) - 1
    if k < 1:
        return 0.0
    n = table.sum()
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    chi2 = ((table - expected) ** 2 / expected).sum()
    return float(np.sqrt(chi2 / (n * k)))


def _copy_aware_folds(features, labels, n_splits, seed):
    """Stratified folds that keep rows with equal features together.

    A test row whose exact copy, with the other label, sits in the training
    folds is scored as that copy's class, which drives the AUC below 0.5
    for tables sharing rows; keeping copies in one fold avoids this.
    """
    hashes = pd.util.hash_pandas_object(pd.DataFrame(features), index=False)
    group, uniques = pd.factorize(hashes.to_numpy())
    real = np.bincount(group, weights=labels == 0, minlength=len(uniques)) > 0
    synthetic = np.bincount(group, weights=labels == 1, minlength=len(uniques)) > 0
    stratum = real.astype(int) + 2 * synthetic.astype(int)
    rng = np.random.RandomState(seed)
    fold_of_group = np.empty(len(uniques), dtype=np.int64)
    for value in (1, 2, 3):
        members = rng.permutation(np.flatnonzero(stratum == value))
        fold_of_group[members] = np.arange(len(members)) % n_splits
    return PredefinedSplit(fold_of_group[group])


def detection_auc(
    real,
    synthetic,
    *,
    categorical_columns=None,
    cv=3,
    max_samples=5000,
    random_state=0,
):
    """Cross-validated ROC AUC of a classifier telling real from synthetic.

    A classifier two-sample test: a
    :class:`~sklearn.ensemble.HistGradientBoostingClassifier` learns to
    separate real rows (label 0) from synthetic rows (label 1) in the fixed
    encoding, and the mean ROC AUC over ``cv`` stratified folds is returned.
    An AUC near 0.5 means the classifier cannot tell the tables apart; 1.0
    means every synthetic row is recognisable. Values below 0.5 are noise.

    Range ``[0, 1]``; 0.5 is best, higher is worse.

    Parameters
    ----------
    real : DataFrame or array-like of shape (n_real, n_features)
        The real table; the encoding is fitted on it.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``real``.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    cv : int, default=3
        Number of cross-validation folds, each with about the same share of
        real and synthetic rows.

    max_samples : int, default=5000
        Each table is subsampled without replacement to at most this many
        rows before training. ``None`` uses every row.

    random_state : int, RandomState instance or None, default=0
        Seed of the subsampling, the folds and the classifier.

    Returns
    -------
    auc : float
        Mean out-of-fold ROC AUC.

    Notes
    -----
    Rows with identical encodings, in either table, always share a fold.
    Otherwise a synthetic row copied from a real row would be classified by
    its twin in the training folds, which pushes the AUC of a memorising
    generator (or of two identical tables) far below 0.5; this way exact
    copies are indistinguishable and give 0.5. With fewer than 10,000 rows in all, the classifier runs on one OpenMP
    thread: on so little data threads cost more than they save.

    See Also
    --------
    energy_distance : A distance-based two-sample statistic.

    References
    ----------
    .. [1] D. Lopez-Paz and M. Oquab, "Revisiting classifier two-sample
       tests", International Conference on Learning Representations, 2017.

    Examples
    --------
    >>> import numpy as np
    >>> from skgan.metrics import detection_auc
    >>> rng = np.random.RandomState(0)
    >>> real = rng.normal(size=(200, 2))
    >>> detection_auc(real, real + 3.0) > 0.95
    True
    """
    X, Y = _encode_pair(real, synthetic, categorical_columns)
    seed = _seed(random_state)
    X, Y = _subsample(X, max_samples, seed), _subsample(Y, max_samples, seed)
    features = np.vstack([X, Y])
    labels = np.r_[np.zeros(len(X), dtype=int), np.ones(len(Y), dtype=int)]
    if min(len(X), len(Y)) < cv:
        raise ValueError(
            f"detection_auc needs at least cv={cv} rows in each table; got "
            f"{len(X)} real and {len(Y)} synthetic rows."
        )
    classifier = HistGradientBoostingClassifier(random_state=seed)
    folds = _copy_aware_folds(features, labels, cv, seed)
    with _threads_for(len(features)):
        scores = cross_val_score(
            classifier, features, labels, cv=folds, scoring="roc_auc"
        )
    return float(np.mean(scores))
