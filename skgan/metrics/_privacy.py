"""Privacy: how close synthetic rows come to the rows they were trained on."""

import numpy as np
import pandas as pd
from sklearn.metrics import pairwise_distances_argmin_min

from ._encoding import (
    FixedEncoding,
    _check_tables,
    _column_kinds,
    _joint_codes,
    _numeric_values,
)
from ._fidelity import _seed, _subsample


def _nearest_distances(queries, reference):
    """Euclidean distance from each query row to its nearest reference row.

    The neighbour is found with the fast dot-product formula, then the
    distance to it is recomputed exactly, so that a copied row is at
    distance 0.0 rather than at a rounding error from it.
    """
    nearest, _ = pairwise_distances_argmin_min(queries, reference)
    return np.linalg.norm(queries - reference[nearest], axis=1)


def distance_to_closest_record(
    train,
    synthetic,
    holdout=None,
    *,
    categorical_columns=None,
    max_samples=5000,
    random_state=0,
):
    """Distances from synthetic rows to their closest training rows.

    The distance to closest record (DCR) of a row is the Euclidean distance,
    in the fixed encoding fitted on ``train``, to its nearest row of
    ``train``. Synthetic rows at distance 0 are copies of training rows
    (after encoding). Real rows of a ``holdout`` set that the generator
    never saw give the baseline: a generator that does not memorise
    produces synthetic DCRs about as large as holdout DCRs, while synthetic
    DCRs clearly below the holdout ones point to memorisation.

    Range ``[0, inf)`` for every statistic; higher is more private (but a
    DCR far above the holdout baseline means poor fidelity), best when the
    synthetic statistics match the holdout ones.

    Parameters
    ----------
    train : DataFrame or array-like of shape (n_train, n_features)
        The real rows the generator was fitted on; the encoding is fitted
        on them and every one of them is searched.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``train``.

    holdout : DataFrame or array-like of shape (n_holdout, n_features), \
            default=None
        Real rows the generator did not see, for the baseline row.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    max_samples : int, default=5000
        The synthetic and holdout tables are each subsampled without
        replacement to at most this many query rows. ``None`` uses every
        row.

    random_state : int, RandomState instance or None, default=0
        Seed of the subsampling.

    Returns
    -------
    summary : DataFrame
        Index ``"synthetic"`` (and ``"holdout"`` when given), columns
        ``n_rows`` (query rows used), ``mean``, ``median``, ``p05`` (5th
        percentile), ``min`` and ``share_zero`` (share of rows at distance
        0, that is copies in the encoding).

    See Also
    --------
    exact_copy_rate : Share of synthetic rows equal to a training row.

    Examples
    --------
    >>> import numpy as np
    >>> from skgan.metrics import distance_to_closest_record
    >>> rng = np.random.RandomState(0)
    >>> train, holdout = rng.normal(size=(300, 3)), rng.normal(size=(300, 3))
    >>> summary = distance_to_closest_record(train, train[:100], holdout)
    >>> summary.loc["synthetic", ["median", "share_zero"]].tolist()
    [0.0, 1.0]
    >>> bool(summary.loc["holdout", "median"] > 0)
    True
    """
    train, synthetic, holdout = _check_tables(
        train, reference_name="train", synthetic=synthetic, holdout=holdout
    )
    encoding = FixedEncoding(categorical_columns=categorical_columns).fit(train)
    reference = encoding.transform(train)
    seed = _seed(random_state)
    rows = {}
    for name, frame in (("synthetic", synthetic), ("holdout", holdout)):
        if frame is None:
            continue
        queries = _subsample(encoding.transform(frame), max_samples, seed)
        distances = _nearest_distances(queries, reference)
        rows[name] = {
            "n_rows": len(distances),
            "mean": distances.mean(),
            "median": np.median(distances),
            "p05": np.percentile(distances, 5),
            "min": distances.min(),
            "share_zero": np.mean(distances == 0.0),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def _row_hashes(frames, kinds):
    """One 64-bit hash per row, equal for rows with equal values.

    Numeric values are compared as float64 (so ``1`` equals ``1.0`` and
    ``-0.0`` equals ``0.0``), categorical values by exact value, and a
    missing value equals any other missing value in the same column.
    """
    canonical = [{} for _ in frames]
    for column, kind in kinds.items():
        if kind == "numeric":
            for table, frame in zip(canonical, frames):
                values = _numeric_values(frame[column]) + 0.0
                values[np.isnan(values)] = np.nan
                table[column] = values
        else:
            codes, _ = _joint_codes(*(frame[column] for frame in frames))
            for table, column_codes in zip(canonical, codes):
                table[column] = column_codes
    return [
        pd.util.hash_pandas_object(pd.DataFrame(table), index=False).to_numpy()
        for table in canonical
    ]


def exact_copy_rate(train, synthetic, *, categorical_columns=None):
    """Share of synthetic rows that exactly equal some training row.

    Rows are compared on their values (numeric columns as float64,
    categorical columns by exact value, missing equal to missing) through
    64-bit row hashes, so the chance of a false match is negligible.

    Range ``[0, 1]``; lower is better for privacy, 1.0 when every synthetic
    row is a training row.

    Parameters
    ----------
    train : DataFrame or array-like of shape (n_train, n_features)
        The real rows the generator was fitted on.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``train``.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    Returns
    -------
    rate : float
        The share of synthetic rows found in ``train``.

    See Also
    --------
    distance_to_closest_record : How close the non-copies come.

    Examples
    --------
    >>> import pandas as pd
    >>> from skgan.metrics import exact_copy_rate
    >>> train = pd.DataFrame({"x": [1, 2, None], "c": ["a", "b", None]})
    >>> synthetic = pd.DataFrame({"x": [1.0, None, 2.0, 5.0],
    ...                           "c": ["a", None, "a", "a"]})
    >>> exact_copy_rate(train, synthetic)
    0.5
    """
    train, synthetic = _check_tables(
        train, reference_name="train", synthetic=synthetic
    )
    kinds = _column_kinds(train, categorical_columns)
    train_hashes, synthetic_hashes = _row_hashes([train, synthetic], kinds)
    return float(np.isin(synthetic_hashes, train_hashes).mean())
