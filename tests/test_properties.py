"""Property-based tests: random small tables through fit, sample and fit_resample.

Hypothesis draws small DataFrames (mixed dtypes, missing values, odd column
labels, constant and near-constant columns) and checks invariants that hold
for every table: fit either works or raises our ValueError/TypeError naming
the culprit; sampled rows keep the shape, columns, dtypes and category sets;
no missing value appears where training had none; numbers stay in range.

The normal suite runs a bounded number of examples. A larger run:

    SKGAN_HYPOTHESIS_EXAMPLES=500 .venv/bin/python -m pytest tests/test_properties.py

(``make hypothesis`` does the same).
"""

import os
import warnings

import numpy as np
import pandas as pd
import torch
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from skgan import GANOverSampler, GANSampler

EXAMPLES = int(os.environ.get("SKGAN_HYPOTHESIS_EXAMPLES", "20"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

LABELS = ["x", "", " ", "a b", "ü-ñ", "0", 0, 1, 2.5, ("t", 1), "__skgan__", "x\n"]
KINDS = ["float", "float32", "int", "Int64", "bool", "boolean", "str", "object",
         "category", "datetime", "constant", "near-constant"]


def tiny(**params):
    base = dict(
        epochs=1,
        batch_size=10,
        pac=2,
        generator_dims=(8,),
        discriminator_dims=(8,),
        latent_dim=4,
        n_modes=2,
        random_state=0,
    )
    base.update(params)
    return GANSampler(**base)


@st.composite
def columns(draw, kind, n):
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    # Mostly complete columns; one in eight all-missing (a documented error).
    missing = rng.random(n) < draw(st.sampled_from([0.0] * 4 + [0.3] * 3 + [1.0]))
    if kind in ("float", "float32"):
        scale = draw(st.sampled_from([1e-9, 1.0, 1e6, 1e12]))
        values = np.where(missing, np.nan, rng.normal(size=n) * scale)
        return pd.Series(values, dtype="float32" if kind == "float32" else "float64")
    if kind == "int":
        return pd.Series(rng.integers(-3, 4, n))
    if kind == "Int64":
        return pd.Series(pd.array(np.where(missing, None, rng.integers(0, 5, n)), "Int64"))
    if kind == "bool":
        return pd.Series(rng.random(n) < 0.5)
    if kind == "boolean":
        return pd.Series(pd.array(np.where(missing, None, rng.random(n) < 0.5), "boolean"))
    if kind == "str":
        return pd.Series(np.where(missing, None, rng.choice(["a", "b", "c d"], n)), dtype="str")
    if kind == "object":
        pool = np.array([1, "1", 2.5, "z", True], dtype=object)
        values = pool[rng.integers(0, len(pool), n)]
        values[missing] = None
        return pd.Series(values, dtype=object)
    if kind == "category":
        values = np.where(missing, None, rng.choice(["lo", "hi"], n))
        ordered = draw(st.booleans())
        return pd.Series(pd.Categorical(values, categories=["lo", "mid", "hi"], ordered=ordered))
    if kind == "datetime":
        when = pd.Series(pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 90, n), "D"))
        when[missing] = pd.NaT
        return when
    value = draw(st.sampled_from([0.0, -4, "k", 1e12]))
    series = pd.Series([value] * n)
    if kind == "near-constant":
        series = series.astype(object) if isinstance(value, str) else series.astype(float)
        series.iloc[int(rng.integers(0, n))] = "other" if isinstance(value, str) else 1.5
    return series


@st.composite
def tables(draw, min_rows=2, max_rows=25):
    n = draw(st.integers(min_rows, max_rows))
    labels = draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=4, unique=True))
    data = {}
    for label in labels:
        data[label] = draw(columns(draw(st.sampled_from(KINDS)), n))
    return pd.DataFrame(data)


def expected_error(exc, X):
    """Our documented errors name the culprit column."""
    message = str(exc)
    return isinstance(exc, (ValueError, TypeError)) and any(
        repr(label) in message for label in X.columns
    )


def check_rows(X, out, n):
    assert out.shape == (n, X.shape[1])
    assert list(out.columns) == list(X.columns)
    assert out.dtypes.to_dict() == X.dtypes.to_dict()
    for label in X.columns:
        real, fake = X[label], out[label]
        if not real.isna().any():
            assert not fake.isna().any(), label
        if isinstance(real.dtype, pd.CategoricalDtype):
            assert list(fake.cat.categories) == list(real.cat.categories)
            assert fake.cat.ordered == real.cat.ordered
        if real.dtype == object or isinstance(real.dtype, (pd.CategoricalDtype, pd.StringDtype)):
            seen = {(type(v), v) for v in real.dropna()}
            assert {(type(v), v) for v in fake.dropna()} <= seen, label
        elif pd.api.types.is_numeric_dtype(real.dtype) or pd.api.types.is_datetime64_any_dtype(real.dtype):
            observed = fake.dropna()
            if len(observed) and not pd.api.types.is_bool_dtype(real.dtype):
                assert observed.min() >= real.min() and observed.max() <= real.max(), label


@SETTINGS
@given(X=tables(), n=st.integers(0, 40))
def test_fit_and_sample_keep_the_table_s_shape_and_types(X, n):
    torch.set_num_threads(1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            model = tiny().fit(X)
        except Exception as exc:  # noqa: BLE001 - the property is about errors
            if not expected_error(exc, X):
                raise
            assert X.isna().all().any(), f"unexpected {exc!r}"
            event(f"fit refused: {type(exc).__name__}")
            return
        event("fit and sample")
        check_rows(X, model.sample(n, random_state=0), n)


@SETTINGS
@given(X=tables(min_rows=18, max_rows=30), minority=st.integers(4, 9))
def test_fit_resample_balances_and_keeps_types(X, minority):
    y = pd.Series(["major"] * (len(X) - minority) + ["minor"] * minority, name="y")
    over = GANOverSampler(tiny(), random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            X_res, y_res = over.fit_resample(X, y)
        except ValueError as exc:
            if "at least 5 rows" in str(exc):
                assert minority < 5 and "'minor' (%d rows)" % minority in str(exc)
                event("refused: class too small")
                return
            if not expected_error(exc, X):
                raise
            assert X.isna().all().any(), f"unexpected {exc!r}"
            event("refused: all-missing column")
            return
        except TypeError as exc:
            if not expected_error(exc, X):
                raise
            event(f"refused: {exc}")
            return
    event("resampled")
    n_new = len(X) - 2 * minority
    assert minority >= 5
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)
    assert (y_res.iloc[len(X):] == "minor").all() and len(y_res) == len(X) + n_new
    new = X_res.iloc[len(X):].reset_index(drop=True)
    check_rows(X, new, n_new)
