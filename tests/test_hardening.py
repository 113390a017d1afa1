"""Every kind of table users throw at GANSampler: right output or a clear error.

Each test builds the smallest table that shows one failure kind (issue 6):
input validation, dtype round trips, value constraints, categorical handling,
numerical stability, reproducibility and devices, API conventions, and
interruption. Networks are tiny and epochs few.
"""

import os
import signal

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import torch
from sklearn.exceptions import NotFittedError

import skgan._encoding as encoding
import skgan._sampler as sampler_module
from skgan import GANOverSampler, GANSampler, TableEncoder

from _helpers import tiny


def weights(model):
    return [p.detach().clone() for p in model.generator_.parameters()]


# ------------------------------------------------------------ input validation


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([1.0, 2.0, -np.inf, 4.0]),
        pd.Series([1.0, 2.0, np.inf, 4.0], dtype="float32"),
        pd.Series([1.0, "a", np.inf, "b"], dtype=object),
    ],
)
def test_infinite_values_are_refused_naming_the_column(column):
    X = pd.DataFrame({"ok": [1.0, 2.0, 3.0, 4.0], "price": column})
    with pytest.raises(ValueError, match="'price'.*infinite"):
        tiny().fit(X)


def test_nan_in_a_numpy_array_is_a_missing_value_learned_as_such():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    X[rng.random(200) < 0.3, 0] = np.nan
    out = tiny(epochs=5).fit(X).sample(1000, random_state=0)
    assert 0.1 < np.isnan(out[:, 0]).mean() < 0.5
    assert not np.isnan(out[:, 1]).any()


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([np.nan] * 4),
        pd.Series([None] * 4, dtype=object),
        pd.Series([pd.NA] * 4, dtype="Int64"),
        pd.Series([pd.NaT] * 4, dtype="datetime64[ns]"),
    ],
    ids=["float", "object", "Int64", "all-NaT"],
)
def test_all_missing_column_is_a_clear_error(column):
    X = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "empty": column})
    with pytest.raises(ValueError, match="'empty' has only missing values"):
        tiny().fit(X)


@pytest.mark.parametrize(
    "value",
    [3.5, 7, "only", True, pd.Timestamp("2020-02-02")],
    ids=["float", "int", "str", "bool", "datetime"],
)
def test_constant_column_comes_back_constant(value):
    rng = np.random.default_rng(1)
    X = pd.DataFrame({"const": [value] * 40, "x": rng.normal(size=40)})
    out = tiny().fit(X).sample(200, random_state=0)
    assert (out["const"] == value).all()
    assert out["const"].dtype == X["const"].dtype


@pytest.mark.parametrize(
    "X", [pd.DataFrame({"x": [1.0]}), np.array([[1.0, 2.0]])], ids=["frame", "array"]
)
def test_one_row_is_refused(X):
    with pytest.raises(ValueError, match="at least 2 rows"):
        tiny().fit(X)


def test_fewer_rows_than_the_batch_and_the_mixture_components_trains():
    X = pd.DataFrame({"x": [1.0, 4.0, 9.0], "k": ["a", "b", "a"]})
    model = tiny(batch_size=500, pac=10, n_modes=10).fit(X)
    out = model.sample(300, random_state=0)
    assert out["x"].between(1.0, 9.0).all()
    assert set(out["k"]) <= {"a", "b"}


@pytest.mark.parametrize("batch_size, pac", [(21, 2), (7, 3)])
def test_batch_size_not_a_multiple_of_pac_is_refused(batch_size, pac):
    with pytest.raises(ValueError, match=f"batch_size={batch_size}.*pac={pac}"):
        tiny(batch_size=batch_size, pac=pac).fit(pd.DataFrame({"x": np.arange(30.0)}))


@pytest.mark.parametrize("n_rows", [21, 41])
def test_a_last_batch_of_one_row_trains_and_samples(n_rows, monkeypatch):
    # Training draws full batches; generation runs in chunks, the last of
    # which holds one row (batch norm must be in eval mode there).
    X = pd.DataFrame({"x": np.arange(float(n_rows))})
    model = tiny(batch_size=20, pac=1).fit(X)
    monkeypatch.setitem(sampler_module._SAMPLE_BATCH, "cpu", 4)
    out = model.sample(9, random_state=0)
    assert len(out) == 9 and out["x"].notna().all()


@pytest.mark.parametrize(
    "X",
    [pd.DataFrame({"x": []}), pd.DataFrame(index=range(5)), np.zeros((0, 3))],
    ids=["no-rows", "no-columns", "empty-array"],
)
def test_empty_tables_are_refused(X):
    with pytest.raises(ValueError, match="sample|feature"):
        tiny().fit(X)


@pytest.mark.parametrize(
    "X",
    [
        sp.csr_matrix(np.eye(6)),
        pd.DataFrame({"s": pd.arrays.SparseArray([0.0, 1.0, 0.0, 2.0])}),
    ],
    ids=["scipy", "sparse-column"],
)
def test_sparse_input_is_refused(X):
    with pytest.raises(TypeError, match="[Ss]parse"):
        tiny().fit(X)


def test_one_dimensional_input_is_refused():
    with pytest.raises(ValueError, match="2D"):
        tiny().fit(np.arange(10.0))


def test_feature_count_mismatch_is_refused():
    rng = np.random.default_rng(2)
    model = tiny().fit(rng.normal(size=(40, 3)))
    with pytest.raises(ValueError, match="3 features"):
        model.score(rng.normal(size=(40, 2)))
    frame_model = tiny().fit(pd.DataFrame({"a": np.arange(40.0)}))
    with pytest.raises(ValueError, match="feature names"):
        frame_model.score(pd.DataFrame({"b": np.arange(40.0)}))


@pytest.mark.parametrize(
    "labels",
    [[0, 1], [0, "a", 2.5], [("a", 1), ("b", 2)]],
    ids=["ints", "mixed", "tuples"],
)
def test_any_column_labels_round_trip(labels):
    # Regression: labels mixing strings and numbers made fit raise
    # scikit-learn's TypeError on feature names.
    rng = np.random.default_rng(3)
    X = pd.DataFrame({label: rng.normal(size=40) for label in labels})
    model = tiny().fit(X)
    out = model.sample(5, random_state=0)
    assert list(out.columns) == labels
    assert np.isfinite(model.score(X))


def test_tuple_column_labels_with_y():
    # Regression (found by tests/test_properties.py): with tuple labels (a
    # MultiIndex) the internal label column was added as a partial key and
    # fit_resample failed converting 'major' to float.
    X = pd.DataFrame({("t", 1): np.arange(20) % 7})
    y = np.array(["major"] * 14 + ["minor"] * 6)
    model = tiny().fit(X, y)
    out, labels = model.sample(10, y="minor", random_state=0, return_y=True)
    assert list(out.columns) == [("t", 1)] and (labels == "minor").all()
    X_res, _ = GANOverSampler(tiny(), random_state=0).fit_resample(X, y)
    assert list(X_res.columns) == [("t", 1)] and len(X_res) == 28


def test_oversampler_accepts_mixed_column_labels():
    # Regression (found by tests/test_properties.py): fit_resample raised
    # scikit-learn's TypeError on labels mixing strings and numbers.
    rng = np.random.default_rng(3)
    X = pd.DataFrame({0: rng.normal(size=30), "a": rng.integers(0, 3, 30)})
    y = np.array(["big"] * 20 + ["small"] * 10)
    X_res, y_res = GANOverSampler(tiny(), random_state=0).fit_resample(X, y)
    assert list(X_res.columns) == [0, "a"] and len(X_res) == 40
    assert (y_res[30:] == "small").all()


def test_numpy_string_array_round_trips():
    # Regression: a numpy array of strings failed in sample, converting
    # pandas' string dtype back to numpy.
    X = np.array([["x", "a"], ["y", "b"], ["x", "b"]] * 10)
    out = tiny().fit(X).sample(20, random_state=0)
    assert out.dtype == X.dtype and out.shape == (20, 2)
    assert set(out[:, 0]) <= {"x", "y"} and set(out[:, 1]) <= {"a", "b"}


# ------------------------------------------------------------ dtype round trip


@pytest.fixture(scope="module")
def typed_model():
    rng = np.random.default_rng(4)
    n = 200
    gap = rng.random(n) < 0.25
    when = pd.Series(
        pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 500, n), "D")
    )
    when[gap] = pd.NaT
    X = pd.DataFrame(
        {
            "f32": rng.normal(size=n).astype("float32"),
            "u8": rng.integers(0, 200, n).astype("uint8"),
            "i64": rng.integers(-50, 50, n),
            "Int64": pd.array(np.where(gap, None, rng.integers(0, 9, n)), "Int64"),
            "Float32": pd.array(np.where(gap, None, rng.normal(size=n)), "Float32"),
            "boolean": pd.array(np.where(gap, None, rng.random(n) < 0.5), "boolean"),
            "string": pd.array(np.where(gap, None, rng.choice(["p", "q"], n)), "string"),
            "bool": rng.random(n) < 0.4,
            "when": when,
            "tz": pd.date_range("2021-03-01", periods=n, freq="h", tz="Europe/Oslo"),
            "span": pd.to_timedelta(rng.integers(0, 100, n), unit="min"),
            "grade": pd.Categorical(
                rng.choice(["lo", "hi"], n), categories=["lo", "mid", "hi"], ordered=True
            ),
            "code": rng.choice([10, 20, 30], n),
        }
    )
    model = tiny(epochs=10, categorical_features=["code"]).fit(X)
    return X, model, model.sample(1000, random_state=0)


def test_every_dtype_comes_back(typed_model):
    X, _, out = typed_model
    assert out.dtypes.to_dict() == X.dtypes.to_dict()


def test_ints_are_never_floats_and_int_categories_never_strings(typed_model):
    _, _, out = typed_model
    for column in ("u8", "i64", "Int64"):
        values = out[column].dropna().to_numpy(dtype=np.float64)
        np.testing.assert_array_equal(values, np.round(values))
    assert set(out["code"]) <= {10, 20, 30}
    assert all(isinstance(v, (int, np.integer)) for v in out["code"])


def test_nullable_columns_keep_their_missing_values_as_na(typed_model):
    X, _, out = typed_model
    for column in ("Int64", "Float32", "boolean", "string"):
        rate = out[column].isna().mean()
        assert 0.05 < rate < 0.5, (column, rate)
        assert out[column].array[out[column].isna().to_numpy()][0] is pd.NA


def test_datetimes_with_missing_values_come_back_as_datetimes_in_range(typed_model):
    X, _, out = typed_model
    assert 0.05 < out["when"].isna().mean() < 0.5
    assert out["when"].dropna().between(X["when"].min(), X["when"].max()).all()
    assert out["tz"].dt.tz is not None
    assert out["tz"].between(X["tz"].min(), X["tz"].max()).all()
    assert out["span"].between(X["span"].min(), X["span"].max()).all()


def test_category_keeps_its_categories_and_ordering(typed_model):
    _, _, out = typed_model
    assert list(out["grade"].cat.categories) == ["lo", "mid", "hi"]
    assert out["grade"].cat.ordered
    assert set(out["grade"]) <= {"lo", "hi"}


# ------------------------------------------------------------ value constraints


def test_bounded_and_non_negative_columns_stay_in_bounds():
    rng = np.random.default_rng(5)
    X = pd.DataFrame(
        {"share": rng.beta(0.5, 0.5, 300), "amount": rng.exponential(10.0, 300)}
    )
    out = tiny(epochs=5).fit(X).sample(3000, random_state=0)
    assert out["share"].between(0.0, 1.0).all()
    assert (out["amount"] >= 0).all()


@pytest.mark.parametrize("numeric_transformer", ["mode", "quantile", "standard"])
def test_zero_inflated_column_keeps_its_share_of_exact_zeros(numeric_transformer):
    # Regression: with the default mode-specific normalizer a column of 90%
    # zeros came back with about 63% exact zeros (quantile: 100%, standard:
    # 21%); dominant exact values are now point masses of the encoder.
    rng = np.random.default_rng(6)
    n = 1000
    amount = np.where(rng.random(n) < 0.9, 0.0, rng.gamma(2.0, 30.0, n).round(2))
    count = np.where(rng.random(n) < 0.9, 0, rng.poisson(4, n) + 1)
    X = pd.DataFrame({"amount": amount, "count": count})
    model = tiny(epochs=5, numeric_transformer=numeric_transformer).fit(X)
    out = model.sample(4000, random_state=0)
    for column in ("amount", "count"):
        assert abs((out[column] == 0).mean() - (X[column] == 0).mean()) < 0.08
        nonzero = out[column][out[column] != 0]
        assert len(nonzero) > 100 and nonzero.nunique() > 5


@pytest.mark.parametrize("numeric_transformer", ["mode", "standard"])
def test_point_masses_and_missing_values_encode_and_decode_exactly(numeric_transformer):
    # Regression: with a point-mass block before the missing block, decoding
    # read missingness from the wrong columns.
    X = pd.DataFrame({"v": [0.0, 0.0, 0.0, np.nan, 2.5, 7.0, np.nan, 0.0]})
    encoder = TableEncoder([], numeric_transformer=numeric_transformer).fit(X)
    column = encoder.column_encoders_[0]
    assert list(column.points_) == [0.0]
    assert [span.role for span in column.spans_][-2:] == ["point", "missing"]
    back = encoder.inverse_transform(encoder.transform(X))
    pd.testing.assert_frame_equal(back, X)


def test_a_column_of_point_masses_alone_has_no_constant_value_block():
    # Regression: a column whose every value was a point mass kept a value
    # block that was the same constant on every row, which the critic keyed
    # on (the oversampler's rows drifted to the wrong class).
    X = pd.DataFrame({"items": [1, 2, 2, 1, 2, 1]})
    encoder = TableEncoder([]).fit(X)
    assert [span.role for span in encoder.spans_] == ["point"]
    pd.testing.assert_frame_equal(encoder.inverse_transform(encoder.transform(X)), X)


def test_integer_calendar_stays_on_its_calendar():
    rng = np.random.default_rng(7)
    X = pd.DataFrame({"month": rng.integers(1, 13, 600), "x": rng.normal(size=600)})
    out = tiny(epochs=5).fit(X).sample(3000, random_state=0)
    assert out["month"].dtype == np.int64
    assert set(out["month"]) == set(range(1, 13))


# ------------------------------------------------------ categorical handling


def test_rare_categories_are_generated_and_unseen_ones_never():
    rng = np.random.default_rng(8)
    values = np.array(["a"] * 985 + ["rare1"] * 10 + ["rare2"] * 5)
    X = pd.DataFrame(
        {
            "c": rng.permutation(values),
            "k": pd.Categorical(rng.choice(["u", "v"], 1000), categories=["u", "v", "w"]),
        }
    )
    out = tiny(epochs=5, batch_size=100).fit(X).sample(5000, random_state=0)
    assert set(out["c"]) == {"a", "rare1", "rare2"}
    assert set(out["k"]) == {"u", "v"}


def test_object_column_mixing_ints_and_strings_keeps_exact_python_values():
    X = pd.DataFrame(
        {"m": pd.Series([1, "1", 2.5, "a", None, True] * 10, dtype=object)}
    )
    out = tiny(epochs=3).fit(X).sample(500, random_state=0)
    seen = {(type(v), v) for v in out["m"]}
    assert seen <= {(int, 1), (str, "1"), (float, 2.5), (str, "a"), (type(None), None), (bool, True)}
    assert {type(v) for v in out["m"]} >= {int, str}
    assert out["m"].dtype == object


def test_unhashable_values_raise_a_type_error_naming_the_column():
    # Regression: the error named the column by its position (0), not 'bag'.
    X = pd.DataFrame({"x": [1.0, 2.0, 3.0], "bag": pd.Series([[1], [2], "a"], dtype=object)})
    with pytest.raises(TypeError, match="column 'bag'.*list"):
        tiny().fit(X)


def test_identifier_like_column_warns_with_its_name_and_width():
    X = pd.DataFrame({"user": [f"u{i}" for i in range(120)], "x": np.arange(120.0)})
    with pytest.warns(UserWarning, match=r"'user' has 120 distinct.*120 encoded columns.*identifier"):
        tiny(epochs=1).fit(X)


def test_too_wide_column_is_refused_before_the_one_hot_is_built(monkeypatch):
    monkeypatch.setattr(encoding, "_MAX_BLOCK_BYTES", 10_000)
    built = []
    original = encoding.CategoricalColumnEncoder.transform
    monkeypatch.setattr(
        encoding.CategoricalColumnEncoder,
        "transform",
        lambda self, X: built.append(self.column_) or original(self, X),
    )
    X = pd.DataFrame({"city": [f"c{i % 40}" for i in range(100)], "x": np.arange(100.0)})
    with pytest.raises(ValueError, match=r"'city' has 40 distinct.*40 encoded columns"):
        tiny().fit(X)
    assert built == []


# --------------------------------------------------------- numerical stability


def test_diverging_first_fit_names_the_epoch_and_leaves_no_fitted_model():
    X = pd.DataFrame({"x": np.random.default_rng(9).normal(size=100)})
    model = tiny(generator_lr=1e30, discriminator_lr=1e30)
    with pytest.raises(ValueError, match="non-finite at epoch 1.*learning rate"):
        model.fit(X)
    with pytest.raises(NotFittedError):
        model.sample(3)


def test_diverging_warm_start_keeps_the_model_from_before(monkeypatch):
    # Regression: a warm start that diverged kept NaN weights and a history
    # that no longer matched them.
    X = pd.DataFrame({"x": np.random.default_rng(10).normal(size=100)})
    model = tiny(warm_start=True).fit(X)
    before = weights(model)
    expected = model.sample(20, random_state=1)
    original = GANSampler.generator_step
    monkeypatch.setattr(
        GANSampler, "generator_step", lambda self, *a: original(self, *a) * np.nan
    )
    with pytest.raises(ValueError, match="epoch 3"):
        model.fit(X)
    assert len(model.history_) == model.n_iter_ == 2
    for a, b in zip(before, weights(model)):
        assert torch.equal(a, b)
    pd.testing.assert_frame_equal(model.sample(20, random_state=1), expected)


@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_values_around_1e12_train(dtype):
    rng = np.random.default_rng(11)
    x = 1e12 + rng.normal(0, 1e9, 500)
    X = pd.DataFrame({"x": x.astype(dtype), "y": -x / 1e6})
    out = tiny(epochs=10, batch_size=50).fit(X).sample(2000, random_state=0)
    assert out["x"].dtype == dtype
    assert np.isfinite(out["x"].astype(float)).all()
    assert abs(out["x"].mean() - 1e12) < 1e9
    assert 2e8 < out["x"].std() < 3e9


# ----------------------------------------------- reproducibility and devices


def test_same_seed_gives_the_same_samples_on_numpy_input():
    X = np.random.default_rng(12).normal(size=(60, 2))
    a = tiny(random_state=5).fit(X).sample(30, random_state=2)
    b = tiny(random_state=5).fit(X).sample(30, random_state=2)
    c = tiny(random_state=6).fit(X).sample(30, random_state=2)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_device_changed_after_fit_is_read_at_the_next_fit(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    X = pd.DataFrame({"x": np.arange(40.0)})
    model = tiny(warm_start=True, device="cpu").fit(X)
    expected = model.sample(10, random_state=0)
    model.set_params(device="cuda")
    # Sampling uses the device the model lives on.
    pd.testing.assert_frame_equal(model.sample(10, random_state=0), expected)
    # A warm start must move to the new device, which this machine lacks:
    # the error names it and the model is left as it was.
    with pytest.raises(ValueError, match="device='cuda'"):
        model.fit(X)
    assert model.device_ == torch.device("cpu") and model.n_iter_ == 2
    pd.testing.assert_frame_equal(model.sample(10, random_state=0), expected)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_warm_start_moves_the_model_to_a_new_device():
    X = pd.DataFrame({"x": np.arange(40.0), "c": ["a", "b"] * 20})
    model = tiny(warm_start=True, device="cpu").fit(X)
    model.set_params(device="cuda").fit(X)
    assert model.device_.type == "cuda" and model.n_iter_ == 4
    assert all(p.is_cuda for p in model.generator_.parameters())
    assert len(model.sample(7)) == 7
    model.set_params(device="cpu").fit(X)
    assert model.device_.type == "cpu" and len(model.sample(7)) == 7


# --------------------------------------------------------------- API rules


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(13)
    X = pd.DataFrame({"x": rng.normal(size=60), "c": rng.choice(["a", "b"], 60)})
    return X, tiny().fit(X, rng.choice(["yes", "no"], 60))


def test_sample_zero_rows_keeps_columns_and_dtypes(fitted):
    X, model = fitted
    out = model.sample(0)
    assert out.shape == (0, 2) and out.dtypes.to_dict() == X.dtypes.to_dict()
    array_model = tiny().fit(X[["x"]].to_numpy())
    assert array_model.sample(0).shape == (0, 1)


@pytest.mark.parametrize(
    "n, error",
    [(-1, ValueError), (-10**9, ValueError), (2.5, TypeError), (3.0, TypeError),
     ("3", TypeError), (None, TypeError), (np.bool_(True), TypeError)],
)
def test_bad_n_samples_is_refused(fitted, n, error):
    with pytest.raises(error, match="n_samples"):
        fitted[1].sample(n)


def test_methods_before_fit_raise_not_fitted():
    with pytest.raises(NotFittedError):
        GANSampler().sample(2)
    with pytest.raises(NotFittedError):
        GANSampler().score(pd.DataFrame({"x": [1.0, 2.0]}))


@pytest.mark.parametrize("chunk", [1, 3, 4])
@pytest.mark.parametrize("n", [1, 2, 5, 9, np.int64(12)])
def test_sample_returns_exactly_n_rows_whatever_the_chunking(fitted, monkeypatch, chunk, n):
    _, model = fitted
    monkeypatch.setitem(sampler_module._SAMPLE_BATCH, "cpu", chunk)
    assert len(model.sample(n)) == n
    assert len(model.sample(n, y="yes")) == n
    assert len(model.sample(n, conditions={"c": "a"})) == n


# ---------------------------------------------------------------- interrupts


def interrupt_at(monkeypatch, call):
    """Make the ``call``-th generator step raise KeyboardInterrupt."""
    calls = {"n": 0}
    original = GANSampler.generator_step

    def step(self, *args):
        calls["n"] += 1
        if calls["n"] == call:
            raise KeyboardInterrupt
        return original(self, *args)

    monkeypatch.setattr(GANSampler, "generator_step", step)


def test_interrupt_in_the_first_epoch_of_a_first_fit_leaves_a_sampling_model(monkeypatch):
    X = pd.DataFrame({"x": np.arange(100.0), "c": ["a", "b"] * 50})
    interrupt_at(monkeypatch, 3)  # 5 steps per epoch: mid first epoch
    model = tiny(epochs=4)
    with pytest.warns(UserWarning, match="interrupted during epoch 1.*0 full epochs"):
        model.fit(X)
    assert model.history_ == [] and model.n_iter_ == 0
    out = model.sample(50, random_state=0)
    assert len(out) == 50 and out["x"].notna().all()
    assert all(torch.isfinite(p).all() for p in model.generator_.parameters())


def test_interrupt_during_a_warm_start_keeps_the_earlier_epochs(monkeypatch):
    X = pd.DataFrame({"x": np.arange(100.0), "c": ["a", "b"] * 50})
    model = tiny(epochs=2, warm_start=True).fit(X)
    interrupt_at(monkeypatch, 8)  # second epoch of the second fit
    with pytest.warns(UserWarning, match="interrupted during epoch 4.*3 full epochs"):
        model.fit(X)
    assert [h["epoch"] for h in model.history_] == [1, 2, 3]
    assert model.n_iter_ == 3
    assert len(model.sample(10)) == 10


def test_ctrl_c_stops_after_the_current_step(monkeypatch):
    # The real path: SIGINT sets a flag that the epoch checks between steps.
    X = pd.DataFrame({"x": np.arange(100.0)})
    calls = {"n": 0}
    original = GANSampler.generator_step

    def step(self, *args):
        calls["n"] += 1
        if calls["n"] == 7:
            os.kill(os.getpid(), signal.SIGINT)
        return original(self, *args)

    monkeypatch.setattr(GANSampler, "generator_step", step)
    model = tiny(epochs=5)
    # A process started in the background (as CI may be) ignores SIGINT;
    # give this test the interactive default and restore what was there.
    outer = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.warns(UserWarning, match="interrupted during epoch 2"):
            model.fit(X)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, outer)
    assert calls["n"] == 7 and model.n_iter_ == 1
    assert len(model.sample(5)) == 5


def test_ctrl_c_is_left_ignored_where_the_process_ignores_it(monkeypatch):
    # Regression: a background process (SIGINT ignored) had fit install its
    # own handler; it must neither react to SIGINT nor change the handler.
    X = pd.DataFrame({"x": np.arange(100.0)})
    seen = []
    original = GANSampler.generator_step

    def step(self, *args):
        seen.append(signal.getsignal(signal.SIGINT))
        return original(self, *args)

    monkeypatch.setattr(GANSampler, "generator_step", step)
    outer = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        model = tiny(epochs=2).fit(X)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, outer)
    assert seen and all(handler is signal.SIG_IGN for handler in seen)
    assert model.n_iter_ == 2


@pytest.mark.parametrize("warm", [False, True])
def test_interrupt_outside_the_epochs_leaves_the_estimator_as_it_was(monkeypatch, warm):
    X = pd.DataFrame({"x": np.arange(40.0)})
    model = tiny(warm_start=warm).fit(X)
    before = weights(model)
    expected = model.sample(10, random_state=0)

    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    # Encoding (first fit: fit_transform; warm start: transform).
    monkeypatch.setattr(encoding.TableEncoder, "transform", fail)
    monkeypatch.setattr(encoding.TableEncoder, "fit_transform", fail)
    with pytest.raises(KeyboardInterrupt):
        model.fit(pd.DataFrame({"x": np.arange(80.0)}))
    monkeypatch.undo()
    assert model.n_iter_ == 2
    for a, b in zip(before, weights(model)):
        assert torch.equal(a, b)
    pd.testing.assert_frame_equal(model.sample(10, random_state=0), expected)
    fresh = tiny()
    monkeypatch.setattr(encoding.TableEncoder, "transform", fail)
    monkeypatch.setattr(encoding.TableEncoder, "fit_transform", fail)
    with pytest.raises(KeyboardInterrupt):
        fresh.fit(X)
    with pytest.raises(NotFittedError):
        fresh.sample(1)
