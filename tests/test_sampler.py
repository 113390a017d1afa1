import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import torch
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import skgan
from skgan import GANSampler, TableEncoder
from skgan._sampler import resolve_device


def small(**params):
    base = dict(
        epochs=2,
        batch_size=50,
        generator_dims=(32, 32),
        discriminator_dims=(32, 32),
        latent_dim=16,
        random_state=0,
    )
    base.update(params)
    return GANSampler(**base)


def mixed_frame(n=300, seed=0):
    rng = np.random.default_rng(seed)
    missing = rng.random(n) < 0.2
    return pd.DataFrame(
        {
            "f64": rng.normal(size=n),
            "f32": rng.normal(size=n).astype("float32"),
            "i64": rng.integers(-5, 100, n),
            "i32": rng.integers(0, 10, n).astype("int32"),
            "flag": rng.random(n) < 0.3,
            "cat": pd.Categorical(
                rng.choice(list("abc"), n), categories=list("abcd"), ordered=True
            ),
            "obj": pd.Series(rng.choice(["x", "y"], n), dtype=object),
            "text": pd.Series(rng.choice(["u", "v"], n), dtype="str"),
            "when": pd.Timestamp("2020-01-01")
            + pd.to_timedelta(rng.integers(0, 1000, n), unit="D"),
            "nint": pd.array(np.where(missing, None, rng.integers(0, 5, n)), "Int64"),
            "nbool": pd.array(np.where(missing, None, rng.random(n) < 0.5), "boolean"),
            "nstr": pd.array(np.where(missing, None, rng.choice(["p", "q"], n)), "string"),
            "fnan": np.where(missing, np.nan, rng.normal(size=n)),
        }
    )


@pytest.fixture(scope="module")
def fitted_mixed():
    df = mixed_frame()
    return df, small(epochs=3).fit(df)


def test_fit_returns_self_and_sets_fitted_attributes(fitted_mixed):
    df, model = fitted_mixed
    assert model.n_features_in_ == df.shape[1]
    assert list(model.feature_names_in_) == list(df.columns)
    assert model.n_iter_ == len(model.history_) == 3
    assert set(model.history_[0]) == {
        "epoch",
        "discriminator_loss",
        "generator_loss",
        "duration",
    }
    assert model.device_ == torch.device("cpu")
    assert isinstance(model.encoder_, TableEncoder)


def test_every_dtype_round_trips(fitted_mixed):
    df, model = fitted_mixed
    out = model.sample(500, random_state=0)
    assert list(out.columns) == list(df.columns)
    assert out.dtypes.to_dict() == df.dtypes.to_dict()
    assert list(out["cat"].cat.categories) == list("abcd")
    assert out["cat"].cat.ordered
    assert set(out["obj"]) <= {"x", "y"}
    assert out["when"].between(df["when"].min(), df["when"].max()).all()


def test_numbers_stay_in_range_and_integral(fitted_mixed):
    df, model = fitted_mixed
    out = model.sample(2000, random_state=1)
    for column in ("f64", "f32", "i64", "i32", "fnan", "nint"):
        values = out[column].dropna()
        assert values.min() >= df[column].min()
        assert values.max() <= df[column].max()
    assert (out["i64"] == np.round(out["i64"])).all()


def test_clip_false_lets_decoded_values_leave_the_range():
    df = pd.DataFrame({"x": np.arange(20.0)})
    clipped = TableEncoder([], numeric_transformer="standard").fit(df)
    free = TableEncoder([], numeric_transformer="standard", clip=False).fit(df)
    far = np.array([[50.0]], dtype=np.float32)
    assert clipped.inverse_transform(far)["x"].iloc[0] == 19.0
    assert free.inverse_transform(far)["x"].iloc[0] > 19.0


def test_integers_are_rounded_not_truncated():
    # Twenty distinct values: none is frequent enough to be a point mass.
    df = pd.DataFrame({"n": np.arange(20)})
    encoder = TableEncoder([], numeric_transformer="standard").fit(df)
    scaler = encoder.column_encoders_[0].scaler_
    z = scaler.transform([[0.9]]).astype(np.float32)
    assert encoder.inverse_transform(z)["n"].iloc[0] == 1


@pytest.mark.parametrize("kind", ["float", "int", "category", "nullable"])
def test_missing_rate_is_learned(kind):
    rng = np.random.default_rng(1)
    n = 500
    missing = rng.random(n) < 0.25
    if kind == "float":
        column = np.where(missing, np.nan, rng.normal(size=n))
    elif kind == "int":
        column = pd.array(np.where(missing, None, rng.integers(0, 9, n)), "Int64")
    elif kind == "category":
        column = pd.Categorical(np.where(missing, None, rng.choice(["a", "b"], n)))
    else:
        column = pd.array(np.where(missing, None, rng.choice(["a", "b"], n)), "string")
    df = pd.DataFrame({"v": column, "w": rng.normal(size=n)})
    out = small(epochs=60).fit(df).sample(3000, random_state=0)
    assert abs(out["v"].isna().mean() - 0.25) < 0.1
    assert out["w"].notna().all()


def test_missing_values_in_datetimes_come_back_as_nat():
    rng = np.random.default_rng(2)
    n = 300
    when = pd.Series(pd.Timestamp("2021-06-01") + pd.to_timedelta(rng.integers(0, 99, n), "h"))
    when[rng.random(n) < 0.3] = pd.NaT
    df = pd.DataFrame({"when": when, "x": rng.normal(size=n)})
    out = small(epochs=10).fit(df).sample(2000, random_state=0)
    assert out["when"].dtype == df["when"].dtype
    assert 0.1 < out["when"].isna().mean() < 0.5
    observed = out["when"].dropna()
    assert observed.between(when.min(), when.max()).all()


def test_rare_categories_still_appear():
    rng = np.random.default_rng(3)
    n = 1000
    values = np.array(["common"] * 990 + ["rare"] * 10)
    df = pd.DataFrame({"c": rng.permutation(values), "x": rng.normal(size=n)})
    out = small(epochs=10).fit(df).sample(5000, random_state=0)
    assert set(out["c"]) == {"common", "rare"}
    assert (out["c"] == "rare").sum() >= 5


def test_categories_only_take_training_values_and_unused_ones_never_appear():
    rng = np.random.default_rng(4)
    cat = pd.Categorical(rng.choice(["a", "b"], 200), categories=["a", "b", "never"])
    df = pd.DataFrame({"c": cat, "k": rng.choice([1, 2, 3], 200)})
    out = small(categorical_features=["k"]).fit(df).sample(1000, random_state=0)
    assert set(out["c"]) <= {"a", "b"}
    assert set(out["k"]) <= {1, 2, 3}
    assert out["k"].dtype == np.int64


@pytest.mark.parametrize(
    "spec", [["k"], [1], [False, True, False], np.array([False, True, False])]
)
def test_categorical_features_by_name_index_or_mask(spec):
    rng = np.random.default_rng(5)
    df = pd.DataFrame(
        {"x": rng.normal(size=100), "k": rng.choice([10, 20], 100), "s": rng.choice(["a", "b"], 100)}
    )
    model = small(categorical_features=spec, epochs=1).fit(df)
    assert model.categorical_features_ == ["k", "s"]


def test_unknown_categorical_feature_is_named():
    df = pd.DataFrame({"x": np.arange(10.0)})
    with pytest.raises(ValueError, match="'nope'"):
        small(categorical_features=["nope"]).fit(df)
    with pytest.raises(ValueError, match="boolean mask"):
        small(categorical_features=[True, False]).fit(df)


@pytest.mark.parametrize("transformer", ["mode", "quantile", "standard", StandardScaler()])
def test_numeric_transformer_choices(transformer):
    rng = np.random.default_rng(6)
    df = pd.DataFrame({"x": rng.exponential(size=200), "c": rng.choice(["a", "b"], 200)})
    out = small(numeric_transformer=transformer).fit(df).sample(100, random_state=0)
    assert out["x"].between(df["x"].min(), df["x"].max()).all()


def test_encoder_layout_is_declared_once(fitted_mixed):
    df, model = fitted_mixed
    encoder = model.encoder_
    encoded = encoder.transform(df)
    assert encoded.shape == (len(df), encoder.n_encoded_)
    assert sum(span.width for span in encoder.spans_) == encoded.shape[1]
    slices = encoder.block_slices()
    assert slices[-1].stop == encoded.shape[1]
    assert model.generator_.head.out_features == encoded.shape[1]
    # one-hot blocks sum to one on real rows
    start = 0
    for span in encoder.spans_:
        if span.activation == "softmax":
            np.testing.assert_allclose(encoded[:, start : start + span.width].sum(1), 1)
        start += span.width


def test_mode_specific_normalizer_fits_on_bounded_subsample():
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.normal(-5, 0.5, 30_000), rng.normal(5, 0.5, 30_000)])
    norm = skgan.ModeSpecificNormalizer(max_fit_samples=2_000, random_state=0)
    encoded = norm.fit(x.reshape(-1, 1)).transform(x.reshape(-1, 1))
    assert 2 <= norm.n_active_modes_ <= 10
    assert np.abs(encoded[:, 0]).max() <= 0.99
    back = norm.inverse_transform(encoded).ravel()
    np.testing.assert_allclose(back, x, atol=0.1)


def test_numpy_input_gives_numpy_output_of_training_dtype():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(100, 3)).astype(np.float32)
    out = small().fit(X).sample(7)
    assert isinstance(out, np.ndarray)
    assert out.shape == (7, 3) and out.dtype == np.float32
    X = rng.integers(0, 10, size=(100, 2))
    out = small().fit(X).sample(4)
    assert out.dtype == X.dtype


@pytest.mark.parametrize("n", [0, 1, 49, 51, 1234])
def test_sample_returns_exactly_n_rows(fitted_mixed, n):
    df, model = fitted_mixed
    out = model.sample(n)
    assert len(out) == n
    assert out.dtypes.to_dict() == df.dtypes.to_dict()


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (2.5, TypeError), (True, TypeError)])
def test_sample_validates_n_samples(fitted_mixed, bad, error):
    with pytest.raises(error, match="n_samples"):
        fitted_mixed[1].sample(bad)


def test_sample_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        GANSampler().sample(3)


def test_same_seed_same_model_and_samples():
    df = mixed_frame(200, seed=9)
    a = small(random_state=3).fit(df)
    b = small(random_state=3).fit(df)
    for pa, pb in zip(a.generator_.parameters(), b.generator_.parameters()):
        assert torch.equal(pa, pb)
    pd.testing.assert_frame_equal(a.sample(100, random_state=1), b.sample(100, random_state=1))
    # Without a sample seed, the stream seeded at fit still reproduces.
    pd.testing.assert_frame_equal(a.sample(50), b.sample(50))
    c = small(random_state=4).fit(df)
    assert not a.sample(100, random_state=1).equals(c.sample(100, random_state=1))


def test_global_random_state_is_untouched():
    df = mixed_frame(100, seed=10)
    np_state = np.random.get_state()[1].copy()
    torch_state = torch.random.get_rng_state().clone()
    small().fit(df).sample(50, random_state=0)
    assert np.array_equal(np.random.get_state()[1], np_state)
    assert torch.equal(torch.random.get_rng_state(), torch_state)


def test_pickle_round_trip_samples_the_same(fitted_mixed):
    _, model = fitted_mixed
    loaded = pickle.loads(pickle.dumps(model))
    pd.testing.assert_frame_equal(
        loaded.sample(64, random_state=5), model.sample(64, random_state=5)
    )


def test_gpu_trained_model_loads_and_samples_on_cpu(fitted_mixed, monkeypatch):
    _, model = fitted_mixed
    gpu_model = pickle.loads(pickle.dumps(model))
    # Pretend the model was trained on a GPU: the pickle holds CPU weights and
    # names the CUDA device it came from.
    gpu_model.device_ = torch.device("cuda:0")
    payload = pickle.dumps(gpu_model)
    assert all(p.device.type == "cpu" for p in gpu_model.generator_.parameters())
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.warns(UserWarning, match="lacks"):
        loaded = pickle.loads(payload)
    assert loaded.device_ == torch.device("cpu")
    pd.testing.assert_frame_equal(
        loaded.sample(30, random_state=2), model.sample(30, random_state=2)
    )


def test_device_auto_prefers_cuda_then_mps(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto") == torch.device("cuda")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert resolve_device("auto") == torch.device("mps")
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert resolve_device("auto") == torch.device("cpu")


@pytest.mark.parametrize("device", ["cuda", "cuda:1", "mps", "tpu", "banana"])
def test_unavailable_or_unknown_device_is_rejected(device, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    df = pd.DataFrame({"x": np.arange(10.0)})
    model = small(device=device)
    with pytest.raises(ValueError, match="device"):
        model.fit(df)
    assert model.device == device


def test_device_parameter_is_never_rewritten():
    model = small(device="auto").fit(pd.DataFrame({"x": np.arange(10.0)}))
    assert model.device == "auto"
    assert model.get_params()["device"] == "auto"


@pytest.mark.parametrize(
    "X, match",
    [
        (pd.DataFrame({"amount": [1.0, np.inf, 2.0, 3.0]}), "amount"),
        (pd.DataFrame({"gone": [np.nan] * 4, "x": [1.0, 2, 3, 4]}), "gone"),
        (pd.DataFrame({"x": [1.0]}), "1 sample"),
        (pd.DataFrame({"x": []}), "sample"),
        (pd.DataFrame(index=range(5)), "feature"),
        (np.array([1.0, 2.0, 3.0]), "2D"),
        (np.array([[1.0], [np.inf]]), "infinite"),
    ],
)
def test_bad_tables_get_clear_errors(X, match):
    with pytest.raises(ValueError, match=match):
        small().fit(X)


def test_sparse_input_is_refused():
    with pytest.raises(TypeError, match="[Ss]parse"):
        small().fit(sp.random(20, 3, density=0.5, format="csr", random_state=0))
    frame = pd.DataFrame({"s": pd.arrays.SparseArray([0.0, 1.0, 0.0, 2.0])})
    with pytest.raises(TypeError, match="[Ss]parse"):
        small().fit(frame)


def test_batch_size_not_multiple_of_pac_names_both():
    with pytest.raises(ValueError, match="batch_size.*pac"):
        small(batch_size=55, pac=10).fit(pd.DataFrame({"x": np.arange(10.0)}))


@pytest.mark.parametrize(
    "params", [{"epochs": -1}, {"loss": "hinge"}, {"latent_dim": 0}, {"generator_dims": (8, -1)}]
)
def test_invalid_parameters_are_named(params):
    name = next(iter(params))
    with pytest.raises(ValueError, match=name):
        small(**params).fit(pd.DataFrame({"x": np.arange(10.0)}))


def test_small_and_ragged_tables_train():
    rng = np.random.default_rng(11)
    for n in (5, 501):
        out = small(batch_size=500).fit(pd.DataFrame({"x": rng.normal(size=n)})).sample(100)
        assert len(out) == 100 and out["x"].notna().all()


def test_non_finite_loss_stops_with_the_epoch(monkeypatch):
    model = small(epochs=4)
    calls = {"n": 0}
    original = GANSampler.generator_step

    def step(self, *args):
        calls["n"] += 1
        loss = original(self, *args)
        return loss * float("nan") if calls["n"] > 6 else loss

    monkeypatch.setattr(GANSampler, "generator_step", step)
    df = pd.DataFrame({"x": np.arange(100.0)})
    with pytest.raises(ValueError, match="epoch 4.*learning rate"):
        model.fit(df)


def test_keyboard_interrupt_keeps_a_usable_model(monkeypatch):
    calls = {"n": 0}
    original = GANSampler.generator_step

    def step(self, *args):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        return original(self, *args)

    monkeypatch.setattr(GANSampler, "generator_step", step)
    df = pd.DataFrame({"x": np.arange(100.0), "c": ["a", "b"] * 50})
    model = small(epochs=10)
    with pytest.warns(UserWarning, match="interrupted"):
        model.fit(df)
    assert len(model.history_) == 2
    assert len(model.sample(10)) == 10


def test_verbose_shows_progress_with_losses(capsys):
    small(verbose=1, epochs=2).fit(pd.DataFrame({"x": np.arange(50.0)}))
    err = capsys.readouterr().err
    assert "GANSampler" in err and "D=" in err and "G=" in err


def test_warm_start_continues_training():
    df = mixed_frame(100, seed=12)
    model = small(warm_start=True, epochs=2).fit(df)
    encoder = model.encoder_
    model.fit(df)
    assert model.n_iter_ == 4 and model.encoder_ is encoder
    cold = small(epochs=2).fit(df)
    cold.fit(df)
    assert cold.n_iter_ == 2


def test_warm_start_with_labels_on_a_dataframe():
    # Regression: the check of X's columns counted y's internal column.
    df = pd.DataFrame({"x": np.arange(40.0)})
    labels = np.repeat(["a", "b"], 20)
    model = small(warm_start=True, epochs=1).fit(df, labels)
    model.fit(df, labels)
    assert model.n_iter_ == 2
    with pytest.raises(ValueError, match="z"):
        model.fit(df.rename(columns={"x": "z"}), labels)


def test_warm_start_refuses_other_columns():
    model = small(warm_start=True).fit(pd.DataFrame({"x": np.arange(20.0)}))
    with pytest.raises(ValueError):
        model.fit(pd.DataFrame({"y": np.arange(20.0)}))


@pytest.mark.parametrize("loss", ["wgan-gp", "bce"])
def test_both_losses_train(loss):
    df = pd.DataFrame({"x": np.random.default_rng(13).normal(size=200)})
    model = small(loss=loss, epochs=3).fit(df)
    assert np.isfinite([h["generator_loss"] for h in model.history_]).all()


def test_clone_and_params():
    model = small(generator_dims=(8, 8), loss="bce")
    twin = clone(model)
    assert twin.get_params() == model.get_params()
    twin.set_params(epochs=7)
    assert twin.epochs == 7 and model.epochs == 2


def test_last_step_of_a_pipeline():
    rng = np.random.default_rng(14)
    X = rng.normal(size=(100, 2)) * [1, 100]
    pipe = make_pipeline(StandardScaler(), small()).fit(X)
    out = pipe[-1].sample(10)
    assert out.shape == (10, 2)
    back = pipe[0].inverse_transform(out)
    assert back.shape == (10, 2)


def test_learns_a_simple_marginal():
    rng = np.random.default_rng(15)
    df = pd.DataFrame(
        {"x": rng.normal(10, 2, 1000), "c": rng.choice(["a", "b"], 1000, p=[0.7, 0.3])}
    )
    out = small(epochs=30, batch_size=100).fit(df).sample(4000, random_state=0)
    assert abs(out["x"].mean() - 10) < 1.0
    assert abs(out["x"].std() - 2) < 1.0
    assert abs((out["c"] == "a").mean() - 0.7) < 0.1


# ------------------------------------------------- conditional generation


def subgroup_table(n=400, seed=0):
    """g decides x's mean (0 or 6); the label decides z's mean (0 or 4) and
    is mostly "pos" where g is "hi"."""
    rng = np.random.default_rng(seed)
    g = rng.choice(["lo", "hi"], n, p=[0.7, 0.3])
    label = np.where(rng.random(n) < np.where(g == "hi", 0.8, 0.1), "pos", "neg")
    X = pd.DataFrame(
        {
            "x": np.where(g == "hi", 6.0, 0.0) + rng.normal(size=n),
            "g": g,
            "z": np.where(label == "pos", 4.0, 0.0) + rng.normal(size=n),
        }
    )
    return X, pd.Series(label, name="label")


@pytest.fixture(scope="module")
def fitted_conditional():
    X, y = subgroup_table()
    model = small(
        epochs=100,
        batch_size=100,
        generator_dims=(64, 64),
        discriminator_dims=(64, 64),
        generator_lr=1e-3,
        discriminator_lr=1e-3,
    ).fit(X, y)
    return X, y, model


def test_single_label_gives_n_rows_of_that_class(fitted_conditional):
    X, _, model = fitted_conditional
    rows, labels = model.sample(37, y="pos", return_y=True, random_state=0)
    assert rows.shape == (37, X.shape[1]) and list(rows.columns) == list(X.columns)
    assert (labels == "pos").all() and len(labels) == 37
    assert len(model.sample(5, y="neg")) == 5


def test_label_array_gives_one_row_per_label_in_order(fitted_conditional):
    _, _, model = fitted_conditional
    wanted = ["pos", "neg", "neg", "pos", "pos"]
    rows, labels = model.sample(y=wanted, return_y=True, random_state=0)
    assert len(rows) == 5 and labels.tolist() == wanted
    rows, labels = model.sample(5, y=np.array(wanted), return_y=True)
    assert labels.tolist() == wanted
    with pytest.raises(ValueError, match="5 labels but n_samples=3"):
        model.sample(3, y=wanted)


def test_no_label_draws_the_training_class_frequencies(fitted_conditional):
    _, y, model = fitted_conditional
    _, labels = model.sample(4000, return_y=True, random_state=0)
    assert abs((labels == "pos").mean() - (y == "pos").mean()) < 0.03


def test_returned_labels_keep_the_type_of_y():
    X, y = subgroup_table(100)
    model = small(epochs=1).fit(X, y.astype("category"))
    _, labels = model.sample(10, return_y=True)
    assert isinstance(labels, pd.Series) and labels.name == "label"
    assert labels.dtype == y.astype("category").dtype
    model = small(epochs=1).fit(X, (y == "pos").to_numpy())
    _, labels = model.sample(10, y=True, return_y=True)
    assert isinstance(labels, np.ndarray) and labels.dtype == bool and labels.all()
    model = small(epochs=1).fit(X, (y == "pos").astype(int).to_numpy())
    _, labels = model.sample(10, y=1, return_y=True)
    assert labels.dtype == np.int64 and (labels == 1).all()


def test_labels_are_refused_by_a_sampler_fit_without_y():
    X, _ = subgroup_table(100)
    model = small(epochs=1).fit(X)
    with pytest.raises(ValueError, match="return_y"):
        model.sample(3, return_y=True)
    with pytest.raises(ValueError, match="fit with y"):
        model.sample(3, y="pos")


def test_label_conditioning_moves_the_other_columns(fitted_conditional):
    X, y, model = fitted_conditional
    pos = model.sample(1000, y="pos", random_state=0)
    neg = model.sample(1000, y="neg", random_state=0)
    # Real z means: 4 for "pos", 0 for "neg", 1.2 overall.
    assert pos["z"].mean() > X["z"].mean() + 1.5
    assert neg["z"].mean() < X["z"].mean() - 0.5
    assert (pos["g"] == "hi").mean() > (neg["g"] == "hi").mean() + 0.3


def test_conditions_fix_the_value_and_move_the_subpopulation(fitted_conditional):
    X, _, model = fitted_conditional
    hi = model.sample(1000, conditions={"g": "hi"}, random_state=0)
    lo = model.sample(1000, conditions={"g": "lo"}, random_state=0)
    assert (hi["g"] == "hi").all() and (lo["g"] == "lo").all()
    assert hi["g"].dtype == X["g"].dtype
    # Real x means: 6 where g is "hi", 0 where "lo", 1.8 overall. Not only
    # the conditioned cell changes: x follows the subgroup.
    overall = X["x"].mean()
    assert hi["x"].mean() > overall + 1.0
    assert lo["x"].mean() < overall - 0.5
    assert hi["x"].mean() - lo["x"].mean() > 3.0


def test_conditions_without_y_give_labels_of_the_subpopulation(fitted_conditional):
    # Regression: labels used to be drawn at the overall class frequencies
    # and the rows conditioned on either label or value, so most rows of a
    # rare (label, value) pair failed their condition.
    _, _, model = fitted_conditional
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, hi = model.sample(1000, conditions={"g": "hi"}, return_y=True, random_state=0)
        _, lo = model.sample(1000, conditions={"g": "lo"}, return_y=True, random_state=0)
    # Real shares of "pos": 0.8 where g is "hi", 0.1 where "lo".
    assert (hi == "pos").mean() > 0.5
    assert (lo == "pos").mean() < 0.3


def test_conditions_and_labels_together(fitted_conditional):
    _, _, model = fitted_conditional
    rows, labels = model.sample(
        200, y="pos", conditions={"g": "hi"}, return_y=True, random_state=0
    )
    assert (labels == "pos").all() and (rows["g"] == "hi").all()
    assert rows["x"].mean() > 3 and rows["z"].mean() > 2


@pytest.mark.parametrize(
    "kwargs, parts",
    [
        ({"y": "pos "}, ["unknown label 'pos '", "known classes are", "'pos'", "'neg'"]),
        ({"y": ["pos", "maybe"]}, ["unknown label 'maybe'", "'pos'", "'neg'"]),
        ({"conditions": {"G": "hi"}}, ["'G'", "not a column", "['x', 'g', 'z']"]),
        ({"conditions": {"g": "hi "}}, ["'g'", "'hi '", "known values are", "'lo'", "'hi'"]),
        ({"conditions": {"x": 1.0}}, ["'x' is numeric", "categorical columns are ['g']"]),
    ],
)
def test_unknown_label_column_or_value_lists_the_known_ones(
    fitted_conditional, kwargs, parts
):
    _, _, model = fitted_conditional
    with pytest.raises(ValueError) as error:
        model.sample(**kwargs)
    for part in parts:
        assert part in str(error.value)


def test_duplicate_column_names_are_named_before_other_checks():
    X = pd.DataFrame(np.zeros((20, 2)), columns=["a", "a"])
    with pytest.raises(ValueError, match=r"duplicate column names: \['a'\]"):
        GANSampler(epochs=1, batch_size=10).fit(X)


@pytest.mark.parametrize("transformer", ["mode", "standard"])
def test_sample_zero_rows_keeps_columns_and_dtypes(transformer):
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"x": rng.normal(size=60), "c": rng.choice(["a", "b"], 60)})
    model = GANSampler(
        epochs=1, batch_size=20, numeric_transformer=transformer, random_state=0
    ).fit(X)
    out = model.sample(0)
    assert out.shape == (0, 2) and out.dtypes.to_dict() == X.dtypes.to_dict()


def test_object_array_in_gives_object_array_out():
    X = np.array([["a", 0.3, 1], ["b", -1.2, 4]] * 30, dtype=object)
    model = GANSampler(epochs=1, batch_size=20, random_state=0).fit(X)
    out = model.sample(5)
    assert isinstance(out, np.ndarray) and out.dtype == object and out.shape == (5, 3)
    assert set(out[:, 0]) <= {"a", "b"} and set(out[:, 1]) <= {0.3, -1.2}
