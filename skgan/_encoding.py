"""Table <-> matrix: fitted scikit-learn transformers and their output layout.

A table is encoded column by column. Each column transformer declares the
blocks it writes (:class:`Span`: width and activation); the table encoder
concatenates them through a :class:`~sklearn.compose.ColumnTransformer` and
publishes one layout that the generator heads, the conditional vector and the
decoder all read.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture
from sklearn.preprocessing import QuantileTransformer, StandardScaler
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted


@dataclass(frozen=True)
class Span:
    """One block of the encoded matrix.

    Parameters
    ----------
    width : int
        Number of encoded columns in the block.
    activation : {"tanh", "softmax", "linear"}
        Output activation the generator applies to the block.
    column : object
        Name of the table column the block belongs to.
    role : {"value", "mode", "point", "category", "missing"}
        What the block holds: a scaled number, the mixture mode of a number,
        which exact point mass a number holds (or "other"), the one-hot
        category of a categorical column, or a present/missing indicator.

    Attributes
    ----------
    width, activation, column, role
        The parameters, read-only (a frozen dataclass).

    See Also
    --------
    TableEncoder : Publishes the spans of a whole table as ``spans_``.

    Examples
    --------
    >>> from skgan import Span
    >>> span = Span(3, "softmax", "city", "category")
    >>> span.width, span.activation
    (3, 'softmax')
    """

    width: int
    activation: str
    column: object
    role: str


def _is_categorical_dtype(dtype):
    return (
        isinstance(dtype, pd.CategoricalDtype)
        or pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
    )


# Candidate granularities of datetime and timedelta columns, in nanoseconds,
# coarsest first: day, hour, minute, second, millisecond, microsecond.
_TIME_STEPS = (86_400 * 10**9, 3_600 * 10**9, 60 * 10**9, 10**9, 10**6, 10**3)
_NANOSECONDS = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}


def _ticks(series):
    """Integer ticks of a datetime or timedelta series, in its own unit.

    Time-zone-aware datetimes count wall-clock time, so that daily or hourly
    data keep their granularity across daylight-saving changes.
    """
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return series.array.asi8


def _time_unit(dtype):
    if isinstance(dtype, pd.DatetimeTZDtype):
        return dtype.unit
    return np.datetime_data(dtype)[0]


def _is_datetime_like(dtype):
    return pd.api.types.is_datetime64_any_dtype(
        dtype
    ) or pd.api.types.is_timedelta64_dtype(dtype)


# --------------------------------------------------------------------------
# Numeric scalers: one column of floats (no missing values) in and out.
# --------------------------------------------------------------------------


class ModeSpecificNormalizer(TransformerMixin, BaseEstimator):
    """Mode-specific normalisation of one numeric column.

    A Bayesian Gaussian mixture is fit to the (standardised) column; each value
    is encoded as the mixture mode it was drawn from (one-hot) and its offset
    from that mode's mean in units of four standard deviations (in [-1, 1]).
    This is the representation of Xu et al. (2019), fit here on a bounded
    subsample so that large tables stay fast, and transformed vectorised.

    Parameters
    ----------
    n_modes : int, default=10
        Largest number of mixture components.
    weight_threshold : float, default=0.005
        Components whose weight falls below this are dropped.
    max_fit_samples : int, default=10_000
        Largest number of rows the mixture is fit on.
    random_state : int, RandomState instance or None, default=None
        Seeds the subsample, the mixture and the mode drawn for each value.

    Attributes
    ----------
    means_ : ndarray of shape (n_active_modes,)
        Mode means, in standardised units.
    stds_ : ndarray of shape (n_active_modes,)
        Mode standard deviations, in standardised units.
    weights_ : ndarray of shape (n_active_modes,)
        Mode weights.
    center_, scale_ : float
        Mean and standard deviation used to standardise the column.
    n_active_modes_ : int
        Number of modes kept.

    See Also
    --------
    NumericColumnEncoder : Wraps a scaler such as this one for one column.

    References
    ----------
    .. [1] L. Xu, M. Skoularidou, A. Cuesta-Infante and K. Veeramachaneni,
       "Modeling Tabular Data using Conditional GAN", NeurIPS 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from skgan import ModeSpecificNormalizer
    >>> rng = np.random.RandomState(0)
    >>> x = np.r_[rng.normal(0, 1, 300), rng.normal(10, 1, 300)].reshape(-1, 1)
    >>> normalizer = ModeSpecificNormalizer(n_modes=5, random_state=0).fit(x)
    >>> encoded = normalizer.transform(x)
    >>> encoded.shape == (600, 1 + normalizer.n_active_modes_)
    True
    >>> bool(np.allclose(normalizer.inverse_transform(encoded), x))
    True
    """

    def __init__(
        self,
        *,
        n_modes=10,
        weight_threshold=0.005,
        max_fit_samples=10_000,
        random_state=None,
    ):
        self.n_modes = n_modes
        self.weight_threshold = weight_threshold
        self.max_fit_samples = max_fit_samples
        self.random_state = random_state

    def fit(self, X, y=None):
        x = np.asarray(X, dtype=np.float64).reshape(-1)
        rng = check_random_state(self.random_state)
        self.center_ = float(np.mean(x))
        scale = float(np.std(x))
        self.scale_ = scale if scale > 0 else 1.0
        z = (x - self.center_) / self.scale_
        if len(z) > self.max_fit_samples:
            z = z[rng.choice(len(z), self.max_fit_samples, replace=False)]
        n_unique = len(np.unique(z))
        if n_unique < 2:
            self.means_ = np.array([0.0])
            self.stds_ = np.array([1.0])
            self.weights_ = np.array([1.0])
            return self
        mixture = BayesianGaussianMixture(
            n_components=min(self.n_modes, n_unique),
            weight_concentration_prior_type="dirichlet_process",
            weight_concentration_prior=1e-3,
            max_iter=100,
            reg_covar=1e-6,
            # In one dimension "diag" is the same model as "full" (same fit
            # to the last digit) without a Cholesky factorisation per
            # component and iteration: about 20% faster.
            covariance_type="diag",
            random_state=rng.randint(2**31 - 1),
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            mixture.fit(z.reshape(-1, 1))
        keep = mixture.weights_ > self.weight_threshold
        if not keep.any():
            keep = mixture.weights_ == mixture.weights_.max()
        self.means_ = mixture.means_.reshape(-1)[keep]
        self.stds_ = np.sqrt(mixture.covariances_.reshape(-1))[keep]
        self.weights_ = mixture.weights_[keep] / mixture.weights_[keep].sum()
        return self

    @property
    def n_active_modes_(self):
        return len(self.means_)

    def output_spans(self, column):
        return [
            Span(1, "tanh", column, "value"),
            Span(self.n_active_modes_, "softmax", column, "mode"),
        ]

    def _log_density(self, z):
        # Log of weight * normal density, per value and mode: (n, k).
        diff = (z[:, None] - self.means_[None, :]) / self.stds_[None, :]
        return (
            np.log(self.weights_)[None, :]
            - np.log(self.stds_)[None, :]
            - 0.5 * diff**2
        )

    def transform(self, X):
        check_is_fitted(self, "means_")
        z = (np.asarray(X, dtype=np.float64).reshape(-1) - self.center_) / self.scale_
        log_p = self._log_density(z)
        # Draw each value's mode from its posterior (Gumbel-max trick), with a
        # fixed seed so that transform is a function of its input.
        rng = np.random.default_rng(0)
        gumbel = -np.log(-np.log(rng.uniform(1e-12, 1.0, size=log_p.shape)))
        mode = np.argmax(log_p + gumbel, axis=1)
        alpha = (z - self.means_[mode]) / (4 * self.stds_[mode])
        # float32, the type the table encoder returns: a large table is never
        # held in float64 (half the memory, no conversion copy).
        out = np.zeros((len(z), 1 + self.n_active_modes_), dtype=np.float32)
        out[:, 0] = np.clip(alpha, -0.99, 0.99)
        out[np.arange(len(z)), 1 + mode] = 1.0
        return out

    def inverse_transform(self, X):
        check_is_fitted(self, "means_")
        X = np.asarray(X, dtype=np.float64)
        mode = np.argmax(X[:, 1:], axis=1)
        alpha = np.clip(X[:, 0], -1.0, 1.0)
        z = alpha * 4 * self.stds_[mode] + self.means_[mode]
        return (z * self.scale_ + self.center_).reshape(-1, 1)


def _make_scaler(numeric_transformer, n_modes, random_state, n_rows):
    if numeric_transformer == "mode":
        return ModeSpecificNormalizer(n_modes=n_modes, random_state=random_state)
    if numeric_transformer == "quantile":
        return QuantileTransformer(
            n_quantiles=max(2, min(1000, n_rows)),
            output_distribution="normal",
            subsample=10_000,
            random_state=random_state,
        )
    if numeric_transformer == "standard":
        return StandardScaler()
    return clone(numeric_transformer)


# --------------------------------------------------------------------------
# Column transformers: one table column in (a DataFrame of width one).
# --------------------------------------------------------------------------


class NumericColumnEncoder(TransformerMixin, BaseEstimator):
    """Encode one numeric, datetime or timedelta column.

    Missing values become a present/missing indicator block and are filled
    with the median before scaling; datetimes are scaled as integers.
    Exact values that hold at least ``point_share`` of the observed rows (the
    zeros of a zero-inflated count, say) are point masses: a one-hot block
    says which one a row holds (or "other"), the scaler is fit on the other
    values, and decoding returns the point value exactly, so its share of
    exact ties is learned. Decoding clips to the training range (when
    ``clip``), rounds integer columns and restores the training dtype.

    Parameters
    ----------
    scaler : transformer
        Fitted on the column's observed values; must implement
        ``inverse_transform``. A scaler with an ``output_spans(column)``
        method declares its own layout, any other gets one linear block per
        output column.
    clip : bool, default=True
        Clip decoded values to the training minimum and maximum.
    point_share : float or None, default=0.3
        Smallest share of the observed rows (and at least two rows) that one
        exact value must hold to become a point mass; None disables them.
    name : object, default=None
        The column's name in spans and messages; None takes the label of
        the input's column.

    Attributes
    ----------
    scaler_ : transformer
        The fitted clone of ``scaler``.
    spans_ : list of Span
        The blocks this column writes.
    points_ : ndarray
        The values treated as point masses.
    has_missing_ : bool
        Whether the training column had missing values.
    min_, max_ : float
        Training minimum and maximum (the clipping range).

    See Also
    --------
    TableEncoder : Combines one such encoder per numeric column.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skgan import NumericColumnEncoder
    >>> column = pd.DataFrame({"age": [23, 35, np.nan, 62, 41, 57]})
    >>> encoder = NumericColumnEncoder(StandardScaler()).fit(column)
    >>> [(span.width, span.role) for span in encoder.spans_]
    [(1, 'value'), (2, 'missing')]
    >>> encoder.inverse_transform(encoder.transform(column)).tolist()
    [23.0, 35.0, nan, 62.0, 41.0, 57.0]
    """

    def __init__(self, scaler, *, clip=True, point_share=0.3, name=None):
        self.scaler = scaler
        self.clip = clip
        self.point_share = point_share
        self.name = name

    def fit(self, X, y=None):
        series = X.iloc[:, 0]
        self.column_ = X.columns[0] if self.name is None else self.name
        self.dtype_ = series.dtype
        values, missing = self._to_float(series)
        observed = values[~missing]
        self.has_missing_ = bool(missing.any())
        self.missing_counts_ = np.array([(~missing).sum(), missing.sum()])
        self.min_ = float(observed.min())
        self.max_ = float(observed.max())
        self.integral_ = self._integral(series.dtype)
        self.step_ = self._step(series, observed)
        # Exact earliest tick of a datetime column: the origin of its steps.
        self.origin_ = (
            int(_ticks(series.dropna()).min()) if _is_datetime_like(self.dtype_) else 0
        )
        self.points_ = _point_masses(observed, self.point_share)
        is_point = np.isin(observed, self.points_)
        rest = observed[~is_point]
        # Rows holding each point mass, then the other rows.
        self.point_counts_ = np.append(
            [np.sum(observed == p) for p in self.points_], len(rest)
        )
        # With every value a point mass, the column is its point block alone
        # (the scaler is fit but writes no columns).
        fit_on = rest if len(rest) else observed
        self.fill_value_ = float(np.median(fit_on))
        # Point rows get a value drawn from the other values' quantiles, so
        # that the value block is not a constant the critic could key on.
        self.other_quantiles_ = np.quantile(
            fit_on, np.linspace(0.0, 1.0, min(len(fit_on), 101))
        )
        scaler = clone(self.scaler)
        if isinstance(scaler, QuantileTransformer) and scaler.n_quantiles > len(fit_on):
            scaler.set_params(n_quantiles=len(fit_on))
        self.scaler_ = scaler.fit(fit_on.reshape(-1, 1))
        width = self.scaler_.transform(fit_on[:1].reshape(-1, 1)).shape[1]
        if hasattr(self.scaler_, "output_spans"):
            spans = list(self.scaler_.output_spans(self.column_))
        else:
            spans = [Span(1, "linear", self.column_, "value")] * width
        if not len(rest):
            spans = []
        if len(self.points_):
            spans.append(Span(len(self.points_) + 1, "softmax", self.column_, "point"))
        if self.has_missing_:
            spans.append(Span(2, "softmax", self.column_, "missing"))
        self.spans_ = spans
        return self

    @staticmethod
    def _integral(dtype):
        if _is_datetime_like(dtype):
            return True
        return pd.api.types.is_integer_dtype(dtype)

    @staticmethod
    def _step(series, observed):
        """Granularity of the observed values, or 0 for none.

        Whole numbers in a float column (an integer column with missing
        values, read from a CSV) keep a step of 1; datetimes and timedeltas
        keep the coarsest of day, hour, minute, second, millisecond and
        microsecond that all values sit on, counted from the first value
        (so that a time zone's offset does not matter), in the column's own
        unit.
        """
        dtype = series.dtype
        if _is_datetime_like(dtype):
            ticks = _ticks(series.dropna())
            offsets = ticks - ticks.min()
            per_tick = _NANOSECONDS[_time_unit(dtype)]
            for step in _TIME_STEPS:
                if step >= per_tick and np.all(offsets % (step // per_tick) == 0):
                    return float(step // per_tick)
            return 0.0
        if pd.api.types.is_float_dtype(dtype) and np.all(
            observed == np.round(observed)
        ) and np.abs(observed).max() < 2**53:
            return 1.0
        return 0.0

    @staticmethod
    def _to_float(series):
        missing = series.isna().to_numpy()
        if _is_datetime_like(series.dtype):
            values = _ticks(series).astype(np.float64)
        else:
            values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        values = np.where(missing, 0.0, values)
        return values, missing

    def transform(self, X):
        check_is_fitted(self, "scaler_")
        values, missing = self._to_float(X.iloc[:, 0])
        values = np.where(missing, self.fill_value_, values)
        blocks = []
        if len(self.points_):
            # Which point mass each row holds; the last column is "other".
            k = len(self.points_)
            index = np.minimum(np.searchsorted(self.points_, values), k - 1)
            hit = (self.points_[index] == values) & ~missing
            which = np.where(hit, index, k)
            if missing.any():
                # Missing rows hold a point drawn at the observed rates (a
                # fixed seed keeps transform a function of its input), so
                # that the block says nothing about missingness.
                rates = self.point_counts_ / self.point_counts_.sum()
                rng = np.random.default_rng(0)
                which[missing] = rng.choice(k + 1, size=int(missing.sum()), p=rates)
            q = self.other_quantiles_
            u = np.random.default_rng(1).random(len(values))
            values = np.where(hit, np.interp(u, np.linspace(0, 1, len(q)), q), values)
            point_block = np.zeros((len(values), k + 1), dtype=np.float32)
            point_block[np.arange(len(values)), which] = 1.0
        if self.point_counts_[-1]:
            scaled = self.scaler_.transform(values.reshape(-1, 1))
            blocks.append(np.asarray(scaled, dtype=np.float32))
        if len(self.points_):
            blocks.append(point_block)
        if self.has_missing_:
            blocks.append(np.column_stack([~missing, missing]).astype(np.float32))
        return np.hstack(blocks)

    def inverse_transform(self, X):
        check_is_fitted(self, "scaler_")
        X = np.asarray(X, dtype=np.float64)
        n_point = len(self.points_) + 1 if len(self.points_) else 0
        n_value = X.shape[1] - n_point - (2 if self.has_missing_ else 0)
        values = (
            self.scaler_.inverse_transform(X[:, :n_value]).reshape(-1)
            if n_value
            else np.full(len(X), self.fill_value_)
        )
        if self.clip:
            values = np.clip(values, self.min_, self.max_)
        if self.step_ and not _is_datetime_like(self.dtype_):
            values = np.rint(values / self.step_) * self.step_
        if self.integral_:
            values = np.rint(values)
        if n_point:
            which = np.argmax(X[:, n_value : n_value + n_point], axis=1)
            hit = which < len(self.points_)
            values[hit] = self.points_[which[hit]]
        at = n_value + n_point
        missing = (
            X[:, at + 1] > X[:, at]
            if self.has_missing_
            else np.zeros(len(values), dtype=bool)
        )
        return pd.Series(self._restore(values, missing), name=self.column_)

    def _restore(self, values, missing):
        dtype = self.dtype_
        if _is_datetime_like(dtype):
            ints = values.astype(np.int64)
            if self.step_:
                # Whole steps from the earliest value, in exact integers.
                step, origin = int(self.step_), self.origin_
                ints = origin + np.rint((ints - origin) / step).astype(np.int64) * step
            unit = np.datetime_data(
                dtype.base if hasattr(dtype, "base") else dtype
            )[0] if not isinstance(dtype, pd.DatetimeTZDtype) else dtype.unit
            kind = "m8" if pd.api.types.is_timedelta64_dtype(dtype) else "M8"
            raw = ints.view(f"{kind}[{unit}]").copy()
            raw[missing] = np.array("NaT", dtype=f"{kind}[{unit}]")
            if isinstance(dtype, pd.DatetimeTZDtype):
                # Wall-clock times back to the zone; a time that falls in a
                # daylight-saving gap moves forward, an ambiguous one is
                # read as standard time.
                return pd.DatetimeIndex(raw).tz_localize(
                    dtype.tz,
                    ambiguous=np.zeros(len(raw), dtype=bool),
                    nonexistent="shift_forward",
                )
            return raw
        if isinstance(dtype, pd.api.extensions.ExtensionDtype):
            # Nullable Int64, Float32, ...: missing values come back as NA.
            out = pd.array(values, dtype=dtype) if not self.integral_ else (
                pd.array(values.astype(np.int64), dtype=dtype)
            )
            out[missing] = pd.NA
            return out
        if self.integral_:
            if missing.any():
                # A numpy int column cannot hold NaN; the training column had
                # none, so this branch only runs for float-valued missingness.
                values = values.astype(np.float64)
                values[missing] = np.nan
                return values
            return values.astype(dtype)
        values = values.astype(dtype)
        values[missing] = np.nan
        return values


class CategoricalColumnEncoder(TransformerMixin, BaseEstimator):
    """One-hot encode one categorical column, exact Python values kept.

    Missing values (NaN, None, NA) form a category of their own. Values are
    compared as Python objects, so a column mixing ``1`` and ``"1"`` keeps
    both apart and returns each as it was.

    Parameters
    ----------
    name : object, default=None
        The column's name in spans and messages; None takes the label of
        the input's column.

    Attributes
    ----------
    categories_ : ndarray of object
        The categories seen in fit, in order of first appearance (in
        category order for a ``category`` dtype, unused ones dropped).
    has_missing_ : bool
        Whether missing values were seen; they get the last code.
    n_codes_ : int
        Number of one-hot columns: the categories, plus one for missing.
    counts_ : ndarray of shape (`n_codes_`,)
        Training rows holding each code.
    spans_ : list of Span
        The one block this column writes.

    See Also
    --------
    TableEncoder : Combines one such encoder per categorical column.

    Examples
    --------
    >>> import pandas as pd
    >>> from skgan import CategoricalColumnEncoder
    >>> column = pd.DataFrame({"city": ["Oslo", "Lima", None, "Oslo"]})
    >>> encoder = CategoricalColumnEncoder().fit(column)
    >>> encoder.n_codes_, encoder.codes(column["city"]).tolist()
    (3, [0, 1, 2, 0])
    >>> decoded = encoder.inverse_transform(encoder.transform(column))
    >>> decoded.fillna("(missing)").tolist()
    ['Oslo', 'Lima', '(missing)', 'Oslo']
    """

    def __init__(self, *, name=None):
        self.name = name

    def fit(self, X, y=None):
        series = X.iloc[:, 0]
        self.column_ = X.columns[0] if self.name is None else self.name
        self.dtype_ = series.dtype
        codes, uniques = _factorize(series, self.column_)
        self.categories_ = np.asarray(uniques, dtype=object)
        self.has_missing_ = bool((codes < 0).any())
        _check_width(self.column_, self.n_codes_, len(series))
        self.counts_ = np.bincount(
            np.where(codes < 0, len(uniques), codes), minlength=self.n_codes_
        )
        self.spans_ = [Span(self.n_codes_, "softmax", self.column_, "category")]
        return self

    @property
    def n_codes_(self):
        return len(self.categories_) + int(self.has_missing_)

    def codes(self, series):
        """Integer code of each value (missing last); -1 for unseen values.

        Parameters
        ----------
        series : Series
            Values of the column.

        Returns
        -------
        codes : ndarray of int
            One code per value.
        """
        check_is_fitted(self, "categories_")
        lookup = pd.Index(self.categories_, dtype=object)
        codes = lookup.get_indexer(series.astype(object))
        if self.has_missing_:
            codes = np.where(series.isna().to_numpy(), len(self.categories_), codes)
        return codes

    def transform(self, X):
        codes = self.codes(X.iloc[:, 0])
        out = np.zeros((len(codes), self.n_codes_), dtype=np.float32)
        known = codes >= 0
        out[np.flatnonzero(known), codes[known]] = 1.0
        return out

    def inverse_transform(self, X):
        check_is_fitted(self, "categories_")
        codes = np.argmax(np.asarray(X), axis=1)
        return self.decode_codes(codes)

    def decode_codes(self, codes):
        """Values for integer codes, restored to the training dtype.

        Parameters
        ----------
        codes : ndarray of int
            Codes as returned by :meth:`codes` (no -1).

        Returns
        -------
        values : Series
            The values, of the training column's dtype.
        """
        lookup = np.append(self.categories_, None)
        missing = codes >= len(self.categories_)
        values = lookup[np.minimum(codes, len(self.categories_))]
        values[missing] = None
        dtype = self.dtype_
        if isinstance(dtype, pd.CategoricalDtype):
            return pd.Series(pd.Categorical(values, dtype=dtype), name=self.column_)
        series = pd.Series(values, dtype=object, name=self.column_)
        if pd.api.types.is_object_dtype(dtype):
            return series
        if missing.any() and not isinstance(dtype, pd.api.extensions.ExtensionDtype):
            # Only reached for numpy dtypes that held NaN in training (float).
            return series.astype(np.float64)
        return series.astype(dtype)


# A categorical column with more distinct values than this, most of them
# unique, looks like an identifier and gets a warning.
_ID_LIKE_MIN_CATEGORIES = 50
# Largest one-hot block (float64, as built while encoding) of one column.
_MAX_BLOCK_BYTES = 4 * 2**30


def _check_width(column, width, n_rows):
    """Refuse or warn about a one-hot block before it is allocated."""
    size = width * n_rows * 8
    cost = (
        f"column {column!r} has {width} distinct values in {n_rows} rows; "
        f"one-hot encoding it takes {width} encoded columns "
        f"({size / 2**20:,.1f} MiB while encoding)"
    )
    if size > _MAX_BLOCK_BYTES:
        raise ValueError(
            f"{cost}, over the limit of {_MAX_BLOCK_BYTES / 2**30:g} GiB. "
            "Drop it, bin it into fewer categories, or treat it as a number."
        )
    if width > _ID_LIKE_MIN_CATEGORIES and width > 0.5 * n_rows:
        warnings.warn(
            f"{cost}, and looks like an identifier: the sampler can only "
            "copy its values. Drop it, or bin it into fewer categories.",
            UserWarning,
            stacklevel=2,
        )


def _point_masses(observed, share):
    """Sorted exact values holding at least ``share`` of ``observed`` (and at
    least two rows)."""
    if share is None or not len(observed):
        return np.array([], dtype=np.float64)
    values, counts = np.unique(observed, return_counts=True)
    keep = (counts >= 2) & (counts >= share * len(observed))
    return values[keep].astype(np.float64)


def _factorize(series, column):
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        uniques = np.asarray(series.cat.categories, dtype=object)
        used = np.unique(codes[codes >= 0])
        # Keep only categories that occur, so that none is never generated.
        remap = np.full(len(uniques), -1)
        remap[used] = np.arange(len(used))
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
        return codes, uniques[used]
    values = series.astype(object)
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError as exc:
        bad = next(v for v in values if not _hashable(v))
        raise TypeError(
            f"column {column!r} holds a value of type {type(bad).__name__} "
            f"({bad!r}); a categorical value must be hashable, and the "
            "argument must be a string or a number."
        ) from exc
    return codes, np.asarray(uniques, dtype=object)


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


# --------------------------------------------------------------------------
# The table encoder.
# --------------------------------------------------------------------------


class TableEncoder(TransformerMixin, BaseEstimator):
    """Encode a mixed-type table into a float matrix and back.

    Each column gets its own transformer inside a
    :class:`~sklearn.compose.ColumnTransformer` (``column_transformer_``):
    :class:`CategoricalColumnEncoder` for categorical columns and
    :class:`NumericColumnEncoder` around the chosen scaler for the rest.

    Parameters
    ----------
    categorical_columns : list
        Names of the columns to one-hot encode.
    numeric_transformer : {"mode", "quantile", "standard"} or transformer, \
            default="mode"
        Scaler for numeric columns: mode-specific normalisation, a normal
        quantile transform, standard scaling, or any scikit-learn transformer
        with ``inverse_transform`` (cloned per column).
    n_modes : int, default=10
        Largest number of mixture modes per column for ``"mode"``.
    clip : bool, default=True
        Clip decoded numbers to the training range.
    random_state : int or None, default=None
        Seeds subsampling and mixtures.

    Attributes
    ----------
    column_transformer_ : ColumnTransformer
        The fitted per-column transformers.
    spans_ : list of Span
        The output layout, in encoded column order.
    columns_ : list
        The table's columns, in training order.
    column_encoders_ : list of transformers
        The fitted :class:`NumericColumnEncoder` or
        :class:`CategoricalColumnEncoder` of each column, in column order.
    n_encoded_ : int
        Width of the encoded matrix.

    See Also
    --------
    GANSampler : Fits one as its ``encoder_``.

    Examples
    --------
    >>> import pandas as pd
    >>> from skgan import TableEncoder
    >>> table = pd.DataFrame({"age": [23, 35, 47, 51, 62, 29],
    ...                       "city": ["Oslo", "Lima", "Oslo", None, "Lima",
    ...                                "Oslo"]})
    >>> encoder = TableEncoder(["city"], n_modes=2, random_state=0).fit(table)
    >>> for span in encoder.spans_:
    ...     print(span.column, span.role, span.width, span.activation)
    age value 1 tanh
    age mode 1 softmax
    city category 3 softmax
    >>> matrix = encoder.transform(table)
    >>> matrix.shape
    (6, 5)
    >>> encoder.inverse_transform(matrix).equals(table)
    True
    """

    def __init__(
        self,
        categorical_columns=(),
        *,
        numeric_transformer="mode",
        n_modes=10,
        clip=True,
        random_state=None,
    ):
        self.categorical_columns = categorical_columns
        self.numeric_transformer = numeric_transformer
        self.n_modes = n_modes
        self.clip = clip
        self.random_state = random_state

    def _fit(self, X):
        rng = check_random_state(self.random_state)
        categorical = set(self.categorical_columns)
        self.columns_ = list(X.columns)
        transformers = []
        for index, column in enumerate(self.columns_):
            if column in categorical:
                transformer = CategoricalColumnEncoder(name=column)
            else:
                scaler = _make_scaler(
                    self.numeric_transformer,
                    self.n_modes,
                    rng.randint(2**31 - 1),
                    int(X.iloc[:, index].notna().sum()),
                )
                transformer = NumericColumnEncoder(scaler, clip=self.clip, name=column)
            transformers.append((f"c{index}", transformer, [index]))
        self.column_transformer_ = ColumnTransformer(
            transformers, remainder="drop", sparse_threshold=0.0
        )
        # Positional selection keeps any column label (ints, tuples, mixed).
        # ColumnTransformer.fit transforms every row anyway: keep the result
        # for fit_transform instead of transforming the table a second time.
        encoded = self.column_transformer_.fit_transform(_positional(X))
        self.spans_ = [
            span for transformer in self.column_encoders_ for span in transformer.spans_
        ]
        return np.asarray(encoded, dtype=np.float32)

    def fit(self, X, y=None):
        self._fit(X)
        return self

    def fit_transform(self, X, y=None):
        """Fit, and return the encoded table (what ``transform`` would),
        in one pass over the rows."""
        return self._fit(X)

    @property
    def column_encoders_(self):
        """The fitted transformer of each column, in column order."""
        return [
            self.column_transformer_.named_transformers_[f"c{i}"]
            for i in range(len(self.columns_))
        ]

    @property
    def n_encoded_(self):
        return sum(span.width for span in self.spans_)

    def transform(self, X):
        check_is_fitted(self, "column_transformer_")
        return np.asarray(
            self.column_transformer_.transform(_positional(X)), dtype=np.float32
        )

    def inverse_transform(self, X):
        check_is_fitted(self, "column_transformer_")
        X = np.asarray(X)
        if not len(X):
            # Some scalers refuse empty input: decode one blank row and keep
            # none, so that an empty table still has the columns and dtypes.
            return self.inverse_transform(np.zeros((1, X.shape[1])))[:0]
        columns = {}
        for index, transformer in enumerate(self.column_encoders_):
            block = X[:, self.column_transformer_.output_indices_[f"c{index}"]]
            columns[index] = transformer.inverse_transform(block).reset_index(drop=True)
        frame = pd.concat(columns, axis=1)
        frame.columns = pd.Index(self.columns_, dtype=object) if any(
            not isinstance(c, str) for c in self.columns_
        ) else self.columns_
        return frame

    def block_slices(self):
        """Slice of the encoded matrix for each column, in column order."""
        return [
            self.column_transformer_.output_indices_[f"c{i}"]
            for i in range(len(self.columns_))
        ]


def _positional(X):
    frame = X.copy(deep=False)
    frame.columns = range(X.shape[1])
    return frame
