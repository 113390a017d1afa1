"""Tests of skgan.metrics: encoding, fidelity, utility, privacy, scorers."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_validate

from skgan.metrics import (
    SCORERS,
    FixedEncoding,
    column_shapes,
    detection_auc,
    distance_to_closest_record,
    energy_distance,
    evaluate,
    exact_copy_rate,
    get_scorer,
    get_scorer_names,
    make_sample_scorer,
    mmd,
    trend_similarity,
    tstr,
)


def _numeric_table(n=300, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.normal(size=n)
    return pd.DataFrame(
        {"x": x, "y": 0.8 * x + 0.6 * rng.normal(size=n), "z": rng.exponential(size=n)}
    )


def _mixed_table(n=300, seed=0):
    """Every supported dtype, with missing values in most columns."""
    rng = np.random.RandomState(seed)
    x = rng.normal(size=n)
    frame = pd.DataFrame(
        {
            "x": np.where(rng.rand(n) < 0.1, np.nan, x),
            "count": rng.poisson(3, size=n).astype("int64"),
            "nullable": pd.array(
                np.where(rng.rand(n) < 0.1, None, rng.randint(0, 9, size=n)),
                dtype="Int64",
            ),
            "when": pd.Timestamp("2020-01-01")
            + pd.to_timedelta(rng.randint(0, 365, size=n), unit="D"),
            "color": pd.Categorical(
                np.where(rng.rand(n) < 0.1, None, np.where(x > 0, "red", "blue"))
            ),
            "mixed": pd.Series(
                [[1, "a", 2.5, None][i] for i in rng.randint(0, 4, size=n)],
                dtype=object,
            ),
            "flag": x + rng.normal(size=n) > 0,
            "text": pd.Series(rng.choice(["u", "v", "w"], size=n)),
        }
    )
    frame.loc[rng.rand(n) < 0.05, "when"] = pd.NaT
    return frame


def _shuffle_column(frame, column, seed=1):
    values = frame[column].to_numpy()
    shuffled = frame.copy()
    shuffled[column] = values[np.random.RandomState(seed).permutation(len(values))]
    return shuffled.astype(frame.dtypes.to_dict())


# --------------------------------------------------------------------------
# FixedEncoding


def test_fixed_encoding_standardises_and_clips_numeric():
    real = pd.DataFrame({"x": np.r_[np.linspace(-1, 1, 999), 1000.0]})
    encoding = FixedEncoding().fit(real)
    encoded = encoding.transform(real)
    assert encoded.dtype == np.float64
    assert encoded.shape == (1000, 2)
    assert encoded[:, 0].max() == pytest.approx(5.0)
    assert encoding.means_["x"] == pytest.approx(real["x"].mean())
    assert encoding.scales_["x"] == pytest.approx(real["x"].std(ddof=0))
    unclipped = FixedEncoding(clip=None).fit(real).transform(real)
    assert unclipped[:, 0].max() > 30


def test_fixed_encoding_categories_are_unit_distance_apart():
    real = pd.DataFrame({"c": ["a", "b", "c", "a"]})
    encoded = FixedEncoding().fit(real).transform(real)
    assert np.linalg.norm(encoded[0] - encoded[1]) == pytest.approx(1.0)
    assert np.linalg.norm(encoded[0] - encoded[3]) == 0.0
    unseen = FixedEncoding().fit(real).transform(pd.DataFrame({"c": ["zzz"]}))
    assert np.all(unseen == 0.0)
    assert np.linalg.norm(unseen[0] - encoded[0]) == pytest.approx(np.sqrt(0.5))


def test_fixed_encoding_missing_values():
    real = pd.DataFrame({"x": [0.0, 2.0, np.nan], "c": ["a", None, "a"]})
    encoding = FixedEncoding().fit(real)
    encoded = encoding.transform(real)
    assert encoding.get_feature_names_out().tolist() == [
        "x", "x_missing", "c_a", "c_nan"
    ]
    np.testing.assert_allclose(encoded[2, :2], [0.0, 1.0])
    np.testing.assert_allclose(encoded[:2, 1], [0.0, 0.0])
    assert encoded[1, 3] == pytest.approx(np.sqrt(0.5))
    # A reference without missing values still shows them in other tables.
    other = FixedEncoding().fit(real.dropna()).transform(real)
    assert other[2, 1] == 1.0
    assert np.all(other[1, 2:] == 0.0)


def test_fixed_encoding_mixed_object_column_matches_exact_values():
    real = pd.DataFrame({"m": pd.Series([1, "1", "a", 2.5], dtype=object)})
    encoding = FixedEncoding().fit(real)
    assert len(encoding.categories_["m"]) == 4
    encoded = encoding.transform(real)
    assert np.linalg.matrix_rank(encoded) == 4
    again = encoding.transform(pd.DataFrame({"m": ["1", 1]}, dtype=object))
    np.testing.assert_array_equal(again, encoded[[1, 0]])


@pytest.mark.parametrize(
    "column, kind",
    [
        ("x", "numeric"),
        ("count", "numeric"),
        ("nullable", "numeric"),
        ("when", "numeric"),
        ("color", "categorical"),
        ("mixed", "categorical"),
        ("flag", "categorical"),
        ("text", "categorical"),
    ],
)
def test_fixed_encoding_column_kinds(column, kind):
    encoding = FixedEncoding().fit(_mixed_table())
    assert encoding.column_kinds_[column] == kind


def test_fixed_encoding_named_categorical_columns_and_arrays():
    codes = np.random.RandomState(0).randint(0, 3, size=(50, 2))
    encoding = FixedEncoding(categorical_columns=[1]).fit(codes)
    assert encoding.column_kinds_ == {0: "numeric", 1: "categorical"}
    assert encoding.transform(codes).shape == (50, 2 + 3)
    assert not hasattr(encoding, "feature_names_in_")
    assert clone(encoding).get_params()["categorical_columns"] == [1]


def test_fixed_encoding_column_order_and_mismatch():
    real = _mixed_table(50)
    encoding = FixedEncoding().fit(real)
    np.testing.assert_array_equal(
        encoding.transform(real[real.columns[::-1]]), encoding.transform(real)
    )
    with pytest.raises(ValueError, match="'color'"):
        encoding.transform(real.drop(columns="color"))
    with pytest.raises(ValueError, match="'extra'"):
        encoding.transform(real.assign(extra=1))
    with pytest.raises(ValueError, match="'x'.*not numbers"):
        encoding.transform(real.assign(x="text"))


# --------------------------------------------------------------------------
# Fidelity


def test_identical_tables_score_best():
    real = _mixed_table()
    assert energy_distance(real, real) == pytest.approx(0.0, abs=1e-12)
    assert mmd(real, real) == pytest.approx(0.0, abs=1e-12)
    assert column_shapes(real, real)["score"].min() == pytest.approx(1.0)
    assert trend_similarity(real, real)["score"].min() == pytest.approx(1.0)
    assert detection_auc(real, real) == pytest.approx(0.5, abs=0.1)


def test_identical_large_tables_subsample_identically():
    real = _numeric_table(600)
    assert energy_distance(real, real.copy(), max_samples=100) == 0.0
    first = energy_distance(real, _numeric_table(600, seed=1), max_samples=100)
    second = energy_distance(real, _numeric_table(600, seed=1), max_samples=100)
    assert first == second > 0.0


@pytest.mark.parametrize("metric", [energy_distance, mmd])
def test_distance_grows_with_shift(metric):
    real = _numeric_table()
    values = [metric(real, real + shift) for shift in (0.0, 0.25, 0.5, 1.0, 2.0)]
    assert values[0] == pytest.approx(0.0, abs=1e-12)
    assert all(np.diff(values) > 0)


def test_mmd_kernels():
    real = _numeric_table()
    shifted = real + 0.5
    assert mmd(real, shifted, kernel="laplacian") > 0.0
    # A flat kernel sees no difference; the median heuristic sees one.
    assert mmd(real, shifted, gamma=1e-6) < 1e-4 < mmd(real, shifted)
    linear = mmd(real, shifted, kernel=lambda A, B: A @ B.T)
    encoding = FixedEncoding().fit(real)
    gap = encoding.transform(real).mean(0) - encoding.transform(shifted).mean(0)
    assert linear == pytest.approx(gap @ gap)
    with pytest.raises(ValueError, match="kernel"):
        mmd(real, shifted, kernel="cosine")


def test_ks_complement_drops_with_shift():
    real = _numeric_table()
    scores = [
        column_shapes(real, real.assign(x=real["x"] + shift))
        .set_index("column")
        .loc["x", "score"]
        for shift in (0.0, 0.2, 0.5, 1.0)
    ]
    assert scores[0] == 1.0
    assert all(np.diff(scores) < 0)


def test_column_shapes_known_values():
    real = pd.DataFrame({"c": list("aabb"), "x": [1.0, 2.0, 3.0, np.nan]})
    synthetic = pd.DataFrame({"c": list("aaa") + [None], "x": [1.0, 2.0, 3.0, 4.0]})
    shapes = column_shapes(real, synthetic).set_index("column")
    # TV of (1/2, 1/2, 0) vs (3/4, 0, 1/4) is 1/2.
    assert shapes.loc["c", "score"] == pytest.approx(0.5)
    assert shapes.loc["c", "metric"] == "tv_complement"
    # Missing counts as a mass above all values: CDFs differ by 1/4 at 4.0.
    assert shapes.loc["x", "score"] == pytest.approx(0.75)
    assert shapes.loc["x", "kind"] == "numeric"


def test_trend_similarity_drops_when_correlation_broken():
    real = _numeric_table(500)
    broken = _shuffle_column(real, "y")
    trends = trend_similarity(real, broken).set_index(["column_1", "column_2"])
    same = trend_similarity(real, real).set_index(["column_1", "column_2"])
    assert same.loc[("x", "y"), "score"] == pytest.approx(1.0)
    r = trends.loc[("x", "y"), "real"]
    assert r == pytest.approx(0.8, abs=0.05)
    assert trends.loc[("x", "y"), "score"] == pytest.approx(
        1 - abs(r - trends.loc[("x", "y"), "synthetic"]) / 2
    )
    assert trends.loc[("x", "y"), "score"] < 0.65
    # The pair left intact keeps its correlation.
    assert trends.loc[("x", "z"), "score"] == pytest.approx(1.0)


def test_trend_similarity_contingency_for_categorical_pairs():
    real = _mixed_table(500)
    broken = _shuffle_column(real, "color")
    trends = trend_similarity(real, broken).set_index(["column_1", "column_2"])
    pair = trends.loc[("x", "color")]
    assert pair["metric"] == "contingency_similarity"
    assert np.isnan(pair["real"])
    intact = trends.loc[("x", "count"), "score"]
    assert pair["score"] < 0.7 < intact
    assert trends["score"].between(0, 1).all()
    assert len(trends) == 8 * 7 // 2


def test_trend_similarity_constant_column():
    real = _numeric_table()
    constant = real.assign(y=1.0)
    trends = trend_similarity(real, constant).set_index(["column_1", "column_2"])
    assert trends.loc[("x", "y"), "synthetic"] == 0.0
    assert np.isfinite(trends["score"]).all()


def _permute_columns(frame, seed=0):
    """Each column shuffled on its own: the product of the marginals."""
    rng = np.random.RandomState(seed)
    return pd.DataFrame(
        {c: frame[c].to_numpy()[rng.permutation(len(frame))] for c in frame}
    )


def test_independent_columns_lose_nothing_when_shuffled():
    # Known answer: for independent columns, shuffling each column of a fresh
    # draw gives another sample of the same distribution; for dependent
    # columns it breaks the joint structure. (The shuffled rows come from a
    # second half of the draw so that no value is shared with the real
    # table, which a classifier would exploit.)
    rng = np.random.RandomState(0)
    n = 2000
    independent = pd.DataFrame(
        {
            "x": rng.normal(size=n),
            "z": rng.exponential(size=n),
            "c": rng.choice(["a", "b", "c"], size=n),
        }
    )
    x = rng.normal(size=n)
    dependent = pd.DataFrame(
        {
            "x": x,
            "z": np.exp(x + 0.3 * rng.normal(size=n)),
            "c": np.where(x > 0.5, "a", np.where(x > -0.5, "b", "c")),
        }
    )
    results = {}
    for name, table in (("independent", independent), ("dependent", dependent)):
        real = table.iloc[: n // 2].reset_index(drop=True)
        # The same rows shuffled column by column keep every marginal.
        same_rows = _permute_columns(real)
        assert column_shapes(real, same_rows)["score"].tolist() == [1.0] * 3
        shuffled = _permute_columns(table.iloc[n // 2 :])
        results[name] = {
            "trend": trend_similarity(real, shuffled)["score"].min(),
            "energy": energy_distance(real, shuffled),
            "mmd": mmd(real, shuffled),
            "auc": detection_auc(real, shuffled),
        }
    kept, broken = results["independent"], results["dependent"]
    # Within the sampling noise of 1,000 rows (30-cell contingency tables).
    assert kept["trend"] > 0.85 > 0.6 > broken["trend"]
    assert kept["energy"] < 0.02 < 0.05 < broken["energy"]
    assert kept["mmd"] < 0.004 < 0.01 < broken["mmd"]
    assert abs(kept["auc"] - 0.5) < 0.07 and broken["auc"] > 0.9


def test_detection_auc_separates_shifted_tables():
    real = _mixed_table()
    shifted = real.assign(x=real["x"] + 3.0)
    assert detection_auc(real, shifted) > 0.9


def test_mixed_dtypes_with_missing_values():
    real, other = _mixed_table(seed=0), _mixed_table(seed=1)
    for value in (energy_distance(real, other), mmd(real, other)):
        assert 0.0 < value < 0.5
    shapes = column_shapes(real, other)
    assert shapes["score"].between(0.7, 1.0).all()
    assert shapes.set_index("column").loc["when", "kind"] == "numeric"
    assert 0.3 < detection_auc(real, other) < 0.7
    assert exact_copy_rate(real, other) == 0.0


def test_numpy_arrays_are_accepted():
    real = _numeric_table().to_numpy()
    shapes = column_shapes(real, real + 1)
    assert shapes["column"].tolist() == [0, 1, 2]
    frame = pd.DataFrame(real, columns=["a", "b", "c"])
    assert energy_distance(frame, real) == 0.0


@pytest.mark.parametrize(
    "metric",
    [
        energy_distance,
        mmd,
        column_shapes,
        trend_similarity,
        detection_auc,
        exact_copy_rate,
        distance_to_closest_record,
        evaluate,
    ],
)
def test_column_mismatch_names_the_column(metric):
    real = _mixed_table(50)
    with pytest.raises(ValueError, match="column 'color'.*missing"):
        metric(real, real.drop(columns="color"))
    with pytest.raises(ValueError, match="column 'bogus'"):
        metric(real, real.assign(bogus=0))


def test_bad_tables_raise():
    real = _numeric_table(20)
    with pytest.raises(ValueError, match="2-D"):
        energy_distance(real, np.zeros(3))
    with pytest.raises(ValueError, match="Series"):
        energy_distance(real["x"], real)
    with pytest.raises(ValueError, match="at least one row"):
        energy_distance(real, real.iloc[:0])
    with pytest.raises(ValueError, match="categorical_columns.*'nope'"):
        column_shapes(real, real, categorical_columns=["nope"])


# --------------------------------------------------------------------------
# Utility


def _classification_table(n=600, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.normal(size=(n, 2))
    group = pd.Series(
        [[0, "g", 1.5][i] for i in rng.randint(0, 3, size=n)], dtype=object
    )
    logit = 2 * x[:, 0] - x[:, 1] + (group == "g").to_numpy() * 1.5
    label = np.where(logit + rng.logistic(size=n) > 0, "yes", "no")
    return pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "group": group, "label": label})


def test_tstr_on_real_copy_has_ratio_one():
    table = _classification_table()
    train, test = table.iloc[:400], table.iloc[400:]
    result = tstr(train, train, test, target="label")
    assert result["scoring"] == "roc_auc"
    assert result["train_on_real"] > 0.75
    assert result["ratio"] == pytest.approx(1.0)


def test_tstr_drops_when_synthetic_breaks_the_target():
    table = _classification_table()
    train, test = table.iloc[:400], table.iloc[400:]
    broken = _shuffle_column(train, "label")
    result = tstr(train, broken, test, target="label")
    assert result["train_on_synthetic"] < 0.65
    assert result["ratio"] < 0.8


def test_tstr_regression_and_custom_estimator():
    table = _numeric_table(500)
    train, test = table.iloc[:350], table.iloc[350:]
    result = tstr(train, train + 0.0, test, target="y")
    assert result["scoring"] == "r2"
    assert result["train_on_real"] > 0.3
    numeric = ["a", "b", "label"]
    custom = tstr(
        _classification_table()[numeric].iloc[:400],
        _classification_table(seed=1)[numeric].iloc[:400],
        _classification_table(seed=2)[numeric],
        target="label",
        estimator=LogisticRegression(),
        scoring="accuracy",
    )
    assert custom["scoring"] == "accuracy"
    assert 0.8 < custom["ratio"] < 1.2


def test_tstr_with_missing_values_and_binary_numeric_target():
    table = _mixed_table(600)
    table["target"] = (table["count"] > 3).astype(int)
    table.loc[::50, "target"] = np.nan
    result = tstr(table[:400], table[:400], table[400:], target="target")
    assert result["scoring"] == "roc_auc"
    assert result["ratio"] == pytest.approx(1.0)


def test_tstr_errors():
    table = _classification_table()
    with pytest.raises(ValueError, match="target column 'nope'"):
        tstr(table, table, table, target="nope")
    single = table.assign(label="yes")
    with pytest.raises(ValueError, match="'label'.*synthetic"):
        tstr(table, single, table, target="label")


# --------------------------------------------------------------------------
# Privacy


def test_exact_copy_rate():
    train = _mixed_table(200)
    assert exact_copy_rate(train, train) == 1.0
    assert exact_copy_rate(train, train.iloc[::-1]) == 1.0
    half = pd.concat([train.iloc[:50], _mixed_table(50, seed=3)])
    assert exact_copy_rate(train, half) == pytest.approx(0.5)
    as_float = train.assign(count=train["count"].astype(float))
    assert exact_copy_rate(train, as_float) == 1.0


def test_exact_copy_rate_treats_missing_as_equal():
    train = pd.DataFrame({"x": [np.nan, 1.0], "c": [None, "a"]})
    synthetic = pd.DataFrame({"x": [np.nan, np.nan], "c": [np.nan, "a"]})
    assert exact_copy_rate(train, synthetic) == 0.5


def test_distance_to_closest_record():
    train = _mixed_table(300)
    holdout = _mixed_table(300, seed=1)
    copies = distance_to_closest_record(train, train, holdout)
    assert list(copies.index) == ["synthetic", "holdout"]
    assert copies.loc["synthetic", "median"] == 0.0
    assert copies.loc["synthetic", "share_zero"] == 1.0
    assert copies.loc["holdout", "median"] > 0.1
    noise = train.assign(x=train["x"] + 4.0, count=train["count"] * 3)
    far = distance_to_closest_record(train, noise)
    assert list(far.index) == ["synthetic"]
    assert far.loc["synthetic", "p05"] > copies.loc["holdout", "median"]
    capped = distance_to_closest_record(train, holdout, max_samples=50)
    assert capped.loc["synthetic", "n_rows"] == 50


# --------------------------------------------------------------------------
# Report


def test_evaluate_report():
    table = _classification_table()
    real, holdout = table.iloc[:400], table.iloc[400:]
    report = evaluate(real, real, target="label", holdout=holdout)
    assert list(report.columns) == [
        "metric", "group", "value", "best", "direction", "description"
    ]
    values = report.set_index("metric")["value"]
    assert values["energy_distance"] == pytest.approx(0.0, abs=1e-12)
    assert values["column_shapes"] == pytest.approx(1.0)
    assert values["exact_copy_rate"] == 1.0
    assert values["tstr_ratio"] == pytest.approx(1.0)
    assert values["dcr_median_ratio"] == 0.0
    assert set(report["group"]) == {"fidelity", "utility", "privacy"}
    assert set(report["direction"]) <= {"higher", "lower", "closer to best", "reference"}


def test_evaluate_metric_selection():
    real = _numeric_table(100)
    report = evaluate(real, real + 1.0)
    assert not report["metric"].str.startswith("tstr").any()
    assert "dcr_synthetic_median" in set(report["metric"])
    assert "dcr_holdout_median" not in set(report["metric"])
    only = evaluate(real, real, metrics=["mmd"])
    assert only["metric"].tolist() == ["mmd"]
    with pytest.raises(ValueError, match="unknown metric 'bogus'"):
        evaluate(real, real, metrics=["bogus"])
    with pytest.raises(ValueError, match="'tstr' needs both target and holdout"):
        evaluate(real, real, target="x", metrics=["tstr"])
    with pytest.raises(ValueError, match="target column 'nope'"):
        evaluate(real, real, target="nope")


# --------------------------------------------------------------------------
# Scorers


class _FakeSampler(BaseEstimator):
    """Samples by bootstrapping the training rows, or as Gaussian noise."""

    def __init__(self, kind="bootstrap", scale=1.0):
        self.kind = kind
        self.scale = scale

    def fit(self, X, y=None):
        self.X_ = pd.DataFrame(X).reset_index(drop=True)
        return self

    def sample(self, n_samples=1, *, random_state=None):
        rng = np.random.RandomState(random_state)
        rows = self.X_.iloc[rng.randint(len(self.X_), size=n_samples)]
        rows = rows.reset_index(drop=True)
        if self.kind == "noise":
            noise = rng.normal(scale=self.scale, size=(n_samples, 2))
            rows = rows.assign(x=noise[:, 0], y=noise[:, 1])
        return rows


def _scorer_table():
    table = _numeric_table(240)
    table["c"] = np.where(table["x"] > 0, "pos", "neg")
    return table


@pytest.mark.parametrize("name", get_scorer_names())
def test_scorer_prefers_bootstrap_in_grid_search(name):
    search = GridSearchCV(
        _FakeSampler(),
        {"kind": ["noise", "bootstrap"], "scale": [3.0]},
        scoring=get_scorer(name),
        cv=3,
    )
    search.fit(_scorer_table())
    assert search.best_params_["kind"] == "bootstrap"
    scores = search.cv_results_["mean_test_score"]
    assert np.all(np.isfinite(scores))


def test_multimetric_scoring_with_refit():
    scoring = {
        "energy": get_scorer("neg_energy_distance"),
        "shapes": SCORERS["column_shapes"],
        "mmd_custom": make_sample_scorer(mmd, greater_is_better=False, gamma=0.5),
    }
    search = GridSearchCV(
        _FakeSampler(kind="noise"),
        {"scale": [0.2, 1.0, 5.0]},
        scoring=scoring,
        refit="energy",
        cv=3,
    )
    search.fit(_scorer_table())
    assert search.best_params_ == {"scale": 1.0}
    assert search.best_estimator_.scale == 1.0
    for key in scoring:
        assert f"mean_test_{key}" in search.cv_results_
    assert np.all(search.cv_results_["mean_test_energy"] <= 0.0)
    assert np.all(search.cv_results_["mean_test_shapes"] <= 1.0)


def test_make_sample_scorer():
    table = _scorer_table()
    fitted = _FakeSampler().fit(table)
    scorer = make_sample_scorer("energy_distance")
    assert repr(scorer) == (
        "make_sample_scorer(energy_distance, greater_is_better=False)"
    )
    assert -0.1 < scorer(fitted, table) <= 0.0
    assert scorer(fitted, table) == scorer(fitted, table)
    custom = make_sample_scorer(lambda real, synthetic: float(len(synthetic)))
    assert custom(fitted, table) == len(table)
    fixed = make_sample_scorer(
        lambda real, synthetic: float(len(synthetic)), n_samples=7
    )
    assert fixed(fitted, table) == 7.0
    cross = cross_validate(fitted, table, scoring=scorer, cv=2)
    assert cross["test_score"].shape == (2,)


def test_scorer_lookup_errors():
    with pytest.raises(ValueError, match="neg_energy_distance"):
        get_scorer("energy")
    with pytest.raises(ValueError, match="not a known metric name"):
        make_sample_scorer("bogus")
    with pytest.raises(TypeError):
        make_sample_scorer(3)
    assert get_scorer(len) is len
    with pytest.raises(TypeError):
        SCORERS["mine"] = get_scorer("neg_mmd")
