"""The fixed evaluation encoding and the table checks every metric shares.

Metrics compare a real and a synthetic table on one numeric space that does
not depend on the model being evaluated: numeric columns standardised with
the reference table's moments, categorical columns one-hot encoded. The
helpers here turn array-likes into DataFrames, check that two tables have
the same columns, decide which columns are numeric, and map categorical
values to integer codes by exact value.
"""

from numbers import Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

_CATEGORY_SCALE = 1.0 / np.sqrt(2.0)
_MISSING_SCALE = 1.0


def _as_frame(X, name):
    """Return ``X`` as a DataFrame, wrapping 2-D arrays with integer names."""
    if isinstance(X, pd.DataFrame):
        frame = X
    elif isinstance(X, pd.Series):
        raise ValueError(
            f"{name} must be a 2-D table (a DataFrame or 2-D array); got a "
            "Series. Use series.to_frame() for a one-column table."
        )
    else:
        array = np.asarray(X)
        if array.ndim != 2:
            raise ValueError(
                f"{name} must be a 2-D table (a DataFrame or 2-D array); got "
                f"an array with {array.ndim} dimension(s)."
            )
        frame = pd.DataFrame(array)
    if frame.columns.has_duplicates:
        duplicated = frame.columns[frame.columns.duplicated()][0]
        raise ValueError(f"{name} has more than one column named {duplicated!r}.")
    return frame


def _check_columns(frame, columns, name, reference_name, adopt_names):
    """Reorder ``frame`` to ``columns``, raising if the column sets differ."""
    columns = pd.Index(columns)
    if adopt_names and frame.shape[1] == len(columns):
        frame = frame.set_axis(columns, axis=1)
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(
            f"column {missing[0]!r} of {reference_name} is missing from "
            f"{name} ({len(missing)} column(s) missing in all)."
        )
    extra = [column for column in frame.columns if column not in columns]
    if extra:
        raise ValueError(
            f"{name} has column {extra[0]!r}, which {reference_name} does "
            f"not have ({len(extra)} extra column(s) in all)."
        )
    return frame[columns]


def _check_tables(reference, reference_name="real", **others):
    """Validate a reference table and the tables to compare with it.

    Each table becomes a DataFrame; a 2-D array as wide as the reference
    takes the reference's column names, and every other table is reordered
    to the reference's columns. ``None`` entries are passed through.

    Returns
    -------
    frames : list of DataFrame or None
        The reference first, then ``others`` in the order given.
    """
    ref = _as_frame(reference, reference_name)
    if ref.shape[0] == 0 or ref.shape[1] == 0:
        raise ValueError(
            f"{reference_name} must have at least one row and one column; "
            f"got shape {ref.shape}."
        )
    frames = [ref]
    for name, other in others.items():
        if other is None:
            frames.append(None)
            continue
        frame = _as_frame(other, name)
        frame = _check_columns(
            frame,
            ref.columns,
            name,
            reference_name,
            adopt_names=not isinstance(other, pd.DataFrame),
        )
        if frame.shape[0] == 0:
            raise ValueError(f"{name} must have at least one row; got 0.")
        frames.append(frame)
    return frames


def _is_categorical_dtype(dtype):
    if pd.api.types.is_bool_dtype(dtype):
        return True
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return False
    if pd.api.types.is_timedelta64_dtype(dtype):
        return False
    return not pd.api.types.is_numeric_dtype(dtype)


def _column_kinds(frame, categorical_columns=None):
    """Map each column to ``"numeric"`` or ``"categorical"``.

    Categorical columns are those of object, string, category, bool or
    boolean dtype, plus the columns named in ``categorical_columns``; all
    others (numbers, datetimes, timedeltas) are numeric.
    """
    named = [] if categorical_columns is None else list(categorical_columns)
    unknown = [column for column in named if column not in frame.columns]
    if unknown:
        raise ValueError(
            f"categorical_columns names column {unknown[0]!r}, which the "
            "table does not have."
        )
    return {
        column: (
            "categorical"
            if column in named or _is_categorical_dtype(frame[column].dtype)
            else "numeric"
        )
        for column in frame.columns
    }


def _numeric_values(series):
    """Return a numeric column as float64 with NaN for missing values.

    Datetimes and timedeltas become int64 nanoseconds (then float64).
    """
    dtype = series.dtype
    try:
        if pd.api.types.is_datetime64_any_dtype(dtype) or (
            dtype == object and pd.api.types.infer_dtype(series) == "datetime"
        ):
            values = pd.to_datetime(series)
            if values.dt.tz is not None:
                values = values.dt.tz_convert("UTC").dt.tz_localize(None)
            stamps = values.to_numpy(dtype="datetime64[ns]")
            out = stamps.view("int64").astype(np.float64)
            out[np.isnat(stamps)] = np.nan
            return out
        if pd.api.types.is_timedelta64_dtype(dtype):
            spans = series.to_numpy(dtype="timedelta64[ns]")
            out = spans.view("int64").astype(np.float64)
            out[np.isnat(spans)] = np.nan
            return out
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(
            dtype
        ):
            series = pd.to_numeric(series.astype(object), errors="raise")
        return series.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"column {series.name!r} is numeric in the reference table but "
            f"holds values that are not numbers here (dtype {dtype}): {exc}"
        ) from exc


def _object_values(series):
    """Return a column as an object array and its missing-value mask."""
    values = series.to_numpy(dtype=object, na_value=None)
    return values, pd.isna(values)


def _joint_codes(*columns):
    """Integer-code several versions of one categorical column together.

    Values are matched exactly, as :func:`pandas.factorize` matches them
    (so ``1``, ``1.0`` and ``True`` are one category, ``1`` and ``"1"`` two);
    every missing value (None, NaN, NA, NaT) gets one shared code.

    Returns
    -------
    codes : list of ndarray of int64
        One array per input column.
    n_codes : int
        Number of distinct codes, the missing code included.
    """
    values, masks = zip(*(_object_values(column) for column in columns))
    pooled = np.concatenate(values)
    pooled_mask = np.concatenate(masks)
    codes = np.empty(len(pooled), dtype=np.int64)
    present, uniques = pd.factorize(pooled[~pooled_mask])
    codes[~pooled_mask] = present
    codes[pooled_mask] = len(uniques)
    n_codes = len(uniques) + int(pooled_mask.any())
    bounds = np.cumsum([0] + [len(v) for v in values])
    return [codes[a:b] for a, b in zip(bounds[:-1], bounds[1:])], n_codes


def _sorted_categories(values):
    """Distinct values, sorted when they can be, else in order of appearance."""
    uniques = pd.unique(values)
    try:
        order = np.argsort(uniques, kind="stable")
    except TypeError:
        return uniques
    return uniques[order]


class FixedEncoding(TransformerMixin, BaseEstimator):
    """Model-independent numeric encoding of a table, for evaluation.

    All distance- and classifier-based metrics in :mod:`skgan.metrics`
    compare tables in this space, fitted on the real (or training) table, so
    that their values do not depend on how a generator encodes its data.

    - Numeric columns (numbers, datetimes and timedeltas as int64
      nanoseconds) are standardised with the reference table's mean and
      standard deviation and clipped at ``+-clip``. A column with zero or
      undefined spread is only centred.
    - Every numeric column also gets a missing-indicator column: 1.0 where
      the value is missing, 0.0 elsewhere; the standardised value of a
      missing entry is 0.0 (the reference mean). A missing value thus lies
      at distance 1 from an observed value at the mean, the same distance
      as between two categories. The indicator is present even when the
      reference has no missing values, so missing values in the other table
      are never hidden.
    - Categorical columns (object, string, category, bool and boolean
      dtypes, plus ``categorical_columns``) are one-hot encoded with entries
      ``1/sqrt(2)``, so two different categories are at distance 1. Values
      are matched exactly, as :func:`pandas.factorize` matches them, so a
      column may mix numbers and strings. A missing value is a category of
      its own when the reference has missing values; values the reference
      never showed (missing included) map to an all-zero block, at distance
      ``1/sqrt(2)`` from every known category.

    Parameters
    ----------
    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype, for example
        integer codes.

    clip : float, default=5.0
        Standardised numeric values are clipped to ``[-clip, clip]``, so that
        a few extreme values cannot dominate distances. ``None`` disables it.

    Attributes
    ----------
    column_kinds_ : dict
        Maps each column label, in the reference order, to ``"numeric"`` or
        ``"categorical"``.

    means_ : dict
        Reference mean of each numeric column.

    scales_ : dict
        Reference standard deviation (``ddof=0``) of each numeric column,
        1.0 where it is zero or undefined.

    categories_ : dict
        Object array of the reference's categories for each categorical
        column, in output order; ``np.nan`` last if the reference has
        missing values in that column.

    spans_ : dict
        Maps each column label to the ``slice`` of output columns encoding it.

    n_features_in_ : int
        Number of columns of the reference table.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column labels of the reference table. Only defined when it was a
        DataFrame.

    See Also
    --------
    energy_distance : Distance between two tables in this encoding.
    detection_auc : Classifier two-sample test in this encoding.

    Examples
    --------
    >>> import pandas as pd
    >>> from skgan.metrics import FixedEncoding
    >>> real = pd.DataFrame({"x": [1.0, 2.0, 3.0, None],
    ...                      "c": ["a", "b", "a", None]})
    >>> encoding = FixedEncoding().fit(real)
    >>> encoding.get_feature_names_out().tolist()
    ['x', 'x_missing', 'c_a', 'c_b', 'c_nan']
    >>> encoding.transform(pd.DataFrame({"x": [2.0], "c": ["z"]})).round(3)
    array([[0., 0., 0., 0., 0.]])
    """

    _parameter_constraints = {
        "categorical_columns": ["array-like", None],
        "clip": [Interval(Real, 0, None, closed="neither"), None],
    }

    def __init__(self, *, categorical_columns=None, clip=5.0):
        self.categorical_columns = categorical_columns
        self.clip = clip

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn column kinds, moments and categories from a reference table.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features)
            The reference (real or training) table.

        y : None
            Ignored.

        Returns
        -------
        self : FixedEncoding
            The fitted encoding.
        """
        (frame,) = _check_tables(X, reference_name="X")
        self.column_kinds_ = _column_kinds(frame, self.categorical_columns)
        self.means_, self.scales_, self.categories_, self.spans_ = {}, {}, {}, {}
        start = 0
        for column, kind in self.column_kinds_.items():
            if kind == "numeric":
                values = _numeric_values(frame[column])
                observed = values[~np.isnan(values)]
                mean = observed.mean() if observed.size else 0.0
                scale = observed.std() if observed.size else 0.0
                self.means_[column] = float(mean)
                self.scales_[column] = (
                    float(scale) if np.isfinite(scale) and scale > 0 else 1.0
                )
                width = 2
            else:
                values, mask = _object_values(frame[column])
                categories = _sorted_categories(values[~mask])
                if mask.any():
                    categories = np.append(categories, np.nan).astype(object)
                self.categories_[column] = np.asarray(categories, dtype=object)
                width = len(categories)
            self.spans_[column] = slice(start, start + width)
            start += width
        self.n_features_in_ = frame.shape[1]
        if isinstance(X, pd.DataFrame):
            self.feature_names_in_ = np.asarray(frame.columns, dtype=object)
        self._n_features_out = start
        return self

    def transform(self, X):
        """Encode a table with the reference's moments and categories.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features)
            A table with the reference's columns, in any order. A 2-D array
            as wide as the reference is read in the reference's column order.

        Returns
        -------
        X_encoded : ndarray of shape (n_samples, n_features_out), dtype float64
            The encoded table.
        """
        check_is_fitted(self, "column_kinds_")
        frame = _as_frame(X, "X")
        frame = _check_columns(
            frame,
            list(self.column_kinds_),
            "X",
            "the reference table",
            adopt_names=not isinstance(X, pd.DataFrame),
        )
        out = np.zeros((frame.shape[0], self._n_features_out), dtype=np.float64)
        rows = np.arange(frame.shape[0])
        for column, kind in self.column_kinds_.items():
            span = self.spans_[column]
            if kind == "numeric":
                values = _numeric_values(frame[column])
                missing = np.isnan(values)
                z = (values - self.means_[column]) / self.scales_[column]
                if self.clip is not None:
                    z = np.clip(z, -self.clip, self.clip)
                z[missing] = 0.0
                out[:, span.start] = z
                out[:, span.start + 1] = _MISSING_SCALE * missing
            else:
                codes = self._category_codes(column, frame[column])
                known = codes >= 0
                out[rows[known], span.start + codes[known]] = _CATEGORY_SCALE
        return out

    def _category_codes(self, column, series):
        """Position of each value among the column's categories, -1 if unseen."""
        categories = self.categories_[column]
        has_missing = len(categories) > 0 and pd.isna(categories[-1])
        known = categories[:-1] if has_missing else categories
        values, mask = _object_values(series)
        codes = np.full(len(values), -1, dtype=np.int64)
        index = pd.Index(known, dtype=object)
        codes[~mask] = index.get_indexer(values[~mask])
        if has_missing:
            codes[mask] = len(known)
        return codes

    def get_feature_names_out(self, input_features=None):
        """Names of the encoded columns.

        Parameters
        ----------
        input_features : None
            Ignored; the names come from the reference table.

        Returns
        -------
        feature_names_out : ndarray of str objects
            ``"<column>"`` and ``"<column>_missing"`` for numeric columns,
            ``"<column>_<category>"`` for each category.
        """
        check_is_fitted(self, "column_kinds_")
        names = []
        for column, kind in self.column_kinds_.items():
            if kind == "numeric":
                names += [f"{column}", f"{column}_missing"]
            else:
                names += [f"{column}_{value}" for value in self.categories_[column]]
        return np.asarray(names, dtype=object)
