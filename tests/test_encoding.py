"""Tests of the table encoder: decoding keeps dtypes, ranges and granularity."""

import numpy as np
import pandas as pd
import pytest
from sklearn.preprocessing import StandardScaler

from skgan import GANSampler, TableEncoder
from skgan._encoding import NumericColumnEncoder


def _round_trip_noise(column, scale=0.3, seed=0):
    """Encode a one-column frame, perturb the numeric block, decode."""
    encoder = NumericColumnEncoder(StandardScaler()).fit(column.to_frame())
    encoded = encoder.transform(column.to_frame())
    rng = np.random.default_rng(seed)
    encoded[:, 0] += rng.normal(scale=scale, size=len(encoded))
    return encoder.inverse_transform(encoded)


def test_empty_decode_keeps_columns_and_dtypes():
    frame = pd.DataFrame({"x": [0.5, 1.5, 2.5], "c": ["a", "b", "a"]})
    encoder = TableEncoder(["c"], numeric_transformer="standard").fit(frame)
    empty = encoder.inverse_transform(np.zeros((0, encoder.n_encoded_)))
    assert empty.shape == (0, 2)
    assert empty.dtypes.to_dict() == frame.dtypes.to_dict()


def test_whole_numbers_in_a_float_column_with_missing_values_stay_whole():
    # An integer column with blanks, as read from a CSV: float64 with NaN.
    age = pd.Series([18.0, 25.0, np.nan, 40.0, 61.0, np.nan, 33.0], name="age")
    decoded = _round_trip_noise(age)
    present = decoded.dropna()
    assert decoded.dtype == np.float64
    assert (present == present.round()).all()
    assert present.between(18, 61).all()


def test_fractional_float_column_is_not_rounded():
    x = pd.Series([0.25, 1.5, 2.75, 3.125, 4.5], name="x")
    decoded = _round_trip_noise(x, seed=1)
    assert (decoded != decoded.round()).any()


@pytest.mark.parametrize(
    "unit, freq, tz",
    [("ns", "h", None), ("us", "min", "UTC"), ("s", "D", "Europe/Paris")],
)
def test_datetimes_keep_their_granularity(unit, freq, tz):
    # Daily data in a zone with daylight saving: steps of 23, 24 and 25 hours
    # in UTC, but whole days on the wall clock.
    times = pd.Series(
        pd.date_range("2021-01-01", periods=400, freq=freq, tz=tz), name="t"
    ).dt.as_unit(unit)
    times[::7] = pd.NaT
    decoded = _round_trip_noise(times)
    present = decoded.dropna()
    assert decoded.dtype == times.dtype
    assert decoded.isna().sum() == times.isna().sum()
    assert (present.dt.floor(freq) == present).all()
    assert present.between(times.min(), times.max()).all()


def test_timedeltas_keep_whole_seconds():
    rng = np.random.default_rng(0)
    spans = pd.Series(pd.to_timedelta(rng.integers(0, 100, 200), unit="s"), name="d")
    decoded = _round_trip_noise(spans)
    assert decoded.dtype == spans.dtype
    assert (decoded.dt.floor("s") == decoded).all()


def test_sampler_keeps_whole_numbers_and_date_steps():
    rng = np.random.default_rng(0)
    count = rng.integers(0, 50, 300).astype(float)
    count[rng.random(300) < 0.2] = np.nan
    day = pd.Series(pd.date_range("2020-01-01", periods=300, freq="D"))
    frame = pd.DataFrame({"count": count, "day": day})
    out = GANSampler(epochs=2, batch_size=50, random_state=0).fit(frame).sample(300)
    present = out["count"].dropna()
    assert (present == present.round()).all()
    assert (out["day"].dt.normalize() == out["day"]).all()
