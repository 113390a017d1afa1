from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import Pipeline
from sklearn.base import clone
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from skgan import GANOverSampler, GANSampler, augment
from skgan._oversampler import MIN_CLASS_ROWS


def tiny(**params):
    base = dict(
        epochs=1,
        batch_size=20,
        pac=2,
        generator_dims=(16,),
        discriminator_dims=(16,),
        latent_dim=8,
        n_modes=2,
        random_state=0,
    )
    base.update(params)
    return GANSampler(**base)


def table(counts, seed=0):
    """A mixed table whose numeric column depends on the class."""
    rng = np.random.default_rng(seed)
    labels = np.concatenate([np.full(n, c, dtype=object) for c, n in counts.items()])
    codes = pd.factorize(labels)[0]
    X = pd.DataFrame(
        {
            "amount": (rng.gamma(2.0, 10.0, len(labels)) + 30 * codes).round(2),
            "channel": rng.choice(["web", "shop", "phone"], len(labels)),
            "items": rng.integers(1, 6, len(labels)),
        }
    )
    return X, pd.Series(labels, name="class")


THREE = {"a": 60, "b": 25, "c": 10}


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("auto", {"a": 60, "b": 60, "c": 60}),
        ("not majority", {"a": 60, "b": 60, "c": 60}),
        ("minority", {"a": 60, "b": 25, "c": 60}),
        ("not minority", {"a": 60, "b": 60, "c": 10}),
        ("all", {"a": 60, "b": 60, "c": 60}),
        ({"c": 30}, {"a": 60, "b": 25, "c": 30}),
        ({"a": 61, "b": 40, "c": 10}, {"a": 61, "b": 40, "c": 10}),
        (lambda y: {"b": 33, "c": 12}, {"a": 60, "b": 33, "c": 12}),
    ],
)
def test_every_sampling_strategy_gives_exact_counts(strategy, expected):
    X, y = table(THREE)
    over = GANOverSampler(tiny(), sampling_strategy=strategy, random_state=0)
    X_res, y_res = over.fit_resample(X, y)
    assert dict(Counter(y_res)) == expected
    assert len(X_res) == len(y_res) == sum(expected.values())
    # Originals first and untouched; classes not asked for gain no rows.
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)
    pd.testing.assert_series_equal(y_res.iloc[: len(y)], y)
    added = Counter(y_res.iloc[len(y) :])
    assert added == {c: n - THREE[c] for c, n in expected.items() if n > THREE[c]}
    assert over.sampling_strategy_ == {
        c: n - THREE[c] for c, n in expected.items() if c in over.sampling_strategy_
    }


@pytest.mark.parametrize("ratio, n_minority", [(0.5, 30), (1.0, 60), (0.25, 15)])
def test_float_strategy_for_binary_targets_the_ratio(ratio, n_minority):
    X, y = table({"a": 60, "c": 10})
    _, y_res = GANOverSampler(tiny(), sampling_strategy=ratio).fit_resample(X, y)
    assert Counter(y_res) == {"a": 60, "c": n_minority}


@pytest.mark.parametrize(
    "strategy, match",
    [
        ({"b": 20}, "greater or equal to the original number"),
        ({"z": 100}, "'z'"),
        (0.1, "increase the ratio"),
        (0.5, "binary"),
        ("most", "sampling_strategy"),
    ],
)
def test_impossible_strategies_are_clear_errors(strategy, match):
    counts = {"a": 60, "c": 10} if strategy == 0.1 else THREE
    X, y = table(counts)
    with pytest.raises(ValueError, match=match):
        GANOverSampler(tiny(), sampling_strategy=strategy).fit_resample(X, y)


@pytest.mark.parametrize("kind", ["int", "str", "str-series", "category", "bool"])
def test_labels_of_any_kind(kind):
    X, y = table({"no": 50, "yes": 12})
    labels = {
        "int": (y == "yes").astype(np.int64).to_numpy(),
        "str": y.to_numpy(dtype=str),
        "str-series": y,
        "category": y.astype("category"),
        "bool": (y == "yes").to_numpy(),
    }[kind]
    X_res, y_res = GANOverSampler(tiny(), random_state=0).fit_resample(X, labels)
    assert type(y_res) is type(labels)
    assert y_res.dtype == labels.dtype
    if isinstance(labels, pd.Series):
        assert y_res.name == "class"
    counts = Counter(y_res.tolist())
    assert set(counts) == set(np.unique(np.asarray(labels)).tolist())
    assert sorted(counts.values()) == [50, 50]
    assert len(X_res) == 100


def test_several_minority_classes_of_different_sizes():
    counts = {"big": 80, "mid": 30, "small": 12, "tiny": 6}
    X, y = table(counts)
    X_res, y_res = GANOverSampler(tiny(), random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {c: 80 for c in counts}
    assert set(X_res["channel"]) <= {"web", "shop", "phone"}


def test_dataframe_keeps_columns_order_and_dtypes():
    X, y = table({"a": 50, "b": 12})
    X = X.assign(
        flag=np.arange(len(X)) % 3 == 0,
        kind=pd.Categorical(np.where(np.arange(len(X)) % 2, "x", "y")),
        ratio=np.where(np.arange(len(X)) % 7 == 0, np.nan, 0.5),
    )[["kind", "amount", "flag", "ratio", "channel", "items"]]
    X_res, y_res = GANOverSampler(tiny(), random_state=0).fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame)
    assert list(X_res.columns) == list(X.columns)
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    assert list(X_res["kind"].cat.categories) == ["x", "y"]
    assert y_res.name == "class" and len(X_res) == 100
    assert X_res["amount"].between(X["amount"].min(), X["amount"].max()).all()


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_ndarray_keeps_type_and_dtype(dtype):
    X, y = table({"a": 50, "b": 12})
    X_array = X[["amount", "items"]].to_numpy().astype(dtype)
    X_res, y_res = GANOverSampler(tiny(), random_state=0).fit_resample(
        X_array, y.to_numpy()
    )
    assert isinstance(X_res, np.ndarray) and X_res.dtype == dtype
    assert X_res.shape == (100, 2) and isinstance(y_res, np.ndarray)
    np.testing.assert_array_equal(X_res[: len(X_array)], X_array)


def test_object_ndarray_with_strings_and_numbers():
    X, y = table({"a": 50, "b": 12})
    X_array = X.to_numpy(dtype=object)
    X_res, _ = GANOverSampler(tiny(), random_state=0).fit_resample(X_array, y)
    assert X_res.dtype == object and X_res.shape == (100, 3)
    assert set(X_res[:, 1]) <= {"web", "shop", "phone"}


def test_all_categorical_table():
    rng = np.random.default_rng(1)
    X = pd.DataFrame(
        {
            "colour": rng.choice(["red", "blue"], 70),
            "size": pd.Categorical(rng.choice(["S", "M", "L"], 70)),
        }
    )
    y = np.repeat([0, 1], [55, 15])
    X_res, y_res = GANOverSampler(tiny(), random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {0: 55, 1: 55}
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    assert set(X_res["colour"]) <= {"red", "blue"}


def test_synthetic_rows_follow_their_class():
    # "amount" is about 20 for class a and 50 for class b.
    X, y = table({"a": 300, "b": 60})
    sampler = tiny(
        epochs=100,
        batch_size=60,
        pac=10,
        generator_dims=(64, 64),
        discriminator_dims=(64, 64),
        generator_lr=1e-3,
        discriminator_lr=1e-3,
        loss="bce",
    )
    X_res, y_res = GANOverSampler(sampler, random_state=0).fit_resample(X, y)
    new = X_res.iloc[len(X) :]
    assert (y_res.iloc[len(y) :] == "b").all()
    real_a = X.loc[y == "a", "amount"].mean()
    real_b = X.loc[y == "b", "amount"].mean()
    # Closer to its own class than to the other (seeds 0-3 gave 37-46).
    assert abs(new["amount"].mean() - real_b) < abs(new["amount"].mean() - real_a)


def test_minimum_class_size_is_a_clear_error():
    X, y = table({"a": 60, "rare": MIN_CLASS_ROWS - 1})
    with pytest.raises(ValueError, match=r"at least 5 rows.*'rare' \(4 rows\)"):
        GANOverSampler(tiny()).fit_resample(X, y)
    # At the minimum it works.
    X, y = table({"a": 60, "rare": MIN_CLASS_ROWS})
    _, y_res = GANOverSampler(tiny()).fit_resample(X, y)
    assert Counter(y_res) == {"a": 60, "rare": 60}


def test_small_class_left_out_of_the_strategy_is_kept_as_is():
    X, y = table({"a": 60, "b": 20, "rare": 2})
    X_res, y_res = GANOverSampler(tiny(), sampling_strategy={"b": 60}).fit_resample(
        X, y
    )
    assert Counter(y_res) == {"a": 60, "b": 60, "rare": 2}


def test_same_seed_same_rows_and_sampler_is_not_modified():
    X, y = table({"a": 50, "b": 12})
    sampler = tiny(random_state=None)
    first = GANOverSampler(sampler, random_state=3).fit_resample(X, y)
    second = GANOverSampler(sampler, random_state=3).fit_resample(X, y)
    pd.testing.assert_frame_equal(first[0], second[0])
    assert not hasattr(sampler, "generator_")
    other = GANOverSampler(sampler, random_state=4).fit_resample(X, y)
    assert not first[0].equals(other[0])


def test_fitted_sampler_is_exposed_and_samples_more_rows():
    X, y = table({"a": 50, "b": 12})
    over = GANOverSampler(tiny(epochs=2), random_state=0)
    over.fit_resample(X, y)
    assert over.sampler_.n_iter_ == 2
    rows, labels = over.sampler_.sample(7, y="b", return_y=True)
    assert len(rows) == 7 and (labels == "b").all()


def test_default_sampler_is_a_gansampler():
    over = GANOverSampler()
    assert over.sampler is None
    assert "sampler" in over.get_params()
    over = GANOverSampler(tiny())
    assert over.get_params()["sampler__epochs"] == 1


def preprocess():
    return make_column_transformer(
        (StandardScaler(), ["amount", "items"]),
        (OneHotEncoder(handle_unknown="ignore"), ["channel"]),
    )


def test_step_of_an_imblearn_pipeline():
    X, y = table({"a": 80, "b": 20})
    pipe = Pipeline(
        [
            ("gan", GANOverSampler(tiny(), random_state=0)),
            ("prep", preprocess()),
            ("clf", LogisticRegression()),
        ]
    )
    pipe.fit(X, y)
    # The classifier was trained on the balanced table ...
    assert pipe["gan"].sampler_.n_iter_ == 1
    assert pipe["clf"].n_features_in_ == 5
    # ... and prediction passes rows through the sampler untouched.
    assert len(pipe.predict(X.iloc[:13])) == 13
    assert set(pipe.predict(X)) <= {"a", "b"}


def test_grid_search_tunes_the_sampler_through_the_pipeline():
    X, y = table({"a": 80, "b": 20})
    pipe = Pipeline(
        [
            ("gan", GANOverSampler(tiny(), random_state=0)),
            ("prep", preprocess()),
            ("clf", LogisticRegression()),
        ]
    )
    search = GridSearchCV(
        pipe,
        {"gan__sampler__epochs": [1, 3], "gan__sampling_strategy": [0.5, 1.0]},
        cv=StratifiedKFold(2, shuffle=True, random_state=0),
        scoring="balanced_accuracy",
    ).fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    best = search.best_estimator_["gan"]
    assert best.sampler_.n_iter_ == search.best_params_["gan__sampler__epochs"]
    assert clone(pipe).get_params()["gan__sampler__epochs"] == 1


@pytest.mark.parametrize("fraction", [0.5, 2.0])
def test_augment_grows_every_class_by_the_fraction(fraction):
    X, y = table({"a": 40, "b": 10})
    X_aug, y_aug = augment(X, y, fraction=fraction, sampler=tiny(), random_state=0)
    assert Counter(y_aug) == {"a": 40 + 40 * fraction, "b": 10 + 10 * fraction}
    pd.testing.assert_frame_equal(X_aug.iloc[: len(X)], X)
    assert X_aug.dtypes.to_dict() == X.dtypes.to_dict()
    assert y_aug.name == "class"


def test_augment_without_labels():
    X, _ = table({"a": 40, "b": 10})
    X_aug = augment(X, fraction=0.5, sampler=tiny(), random_state=0)
    assert isinstance(X_aug, pd.DataFrame) and len(X_aug) == 75
    pd.testing.assert_frame_equal(X_aug.iloc[:50], X)
    X_array = X[["amount", "items"]].to_numpy()
    out = augment(X_array, fraction=0.2, sampler=tiny(), random_state=0)
    assert isinstance(out, np.ndarray) and out.shape == (60, 2)
    assert out.dtype == X_array.dtype


def test_augment_validates_fraction():
    X, y = table({"a": 40, "b": 10})
    with pytest.raises(ValueError, match="fraction"):
        augment(X, y, fraction=0)
