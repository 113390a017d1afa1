"""Model selection with GANSampler: score(), GridSearchCV, early stopping, Dask."""

import copy

import numpy as np
import pandas as pd
import pytest
import torch
from joblib import cpu_count, parallel_backend
from sklearn.model_selection import GridSearchCV

from skgan import GANSampler
from skgan.metrics import energy_distance, get_scorer


def _table(n=300, seed=0):
    """Two strongly correlated numbers: an untrained generator misses it."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return pd.DataFrame({"x": x, "y": x + 0.2 * rng.normal(size=n)})


def _mixed(n=300, seed=0):
    rng = np.random.default_rng(seed)
    c = rng.choice(["a", "b", "c"], size=n, p=[0.5, 0.3, 0.2])
    x = np.where(c == "a", -2.0, 2.0) + 0.5 * rng.normal(size=n)
    return pd.DataFrame({"x": x, "y": x + rng.normal(size=n), "c": c})


class _ThreadRecorder(GANSampler):
    """Records the torch thread count seen by the training loop."""

    def _after_epoch(self, record):
        self.torch_threads_seen_ = torch.get_num_threads()
        return super()._after_epoch(record)


def _sampler(cls=GANSampler, **params):
    """Small and fast settings that still learn _table in ~60 epochs."""
    base = dict(
        batch_size=40,
        pac=4,
        generator_dims=(32,),
        discriminator_dims=(32,),
        latent_dim=8,
        numeric_transformer="standard",
        loss="bce",
        generator_lr=3e-3,
        discriminator_lr=3e-3,
        random_state=0,
    )
    base.update(params)
    return cls(**base)


def _threads_scorer(estimator, X, y=None):
    return float(estimator.torch_threads_seen_)


def _default_scorer(estimator, X, y=None):
    return estimator.score(X)


# --------------------------------------------------------------------------
# score()


@pytest.fixture(scope="module")
def fitted_mixed():
    return _sampler(epochs=2).fit(_mixed())


def test_score_is_deterministic_and_leaves_the_sample_stream_alone(fitted_mixed):
    real = _mixed(500, seed=1)
    first = fitted_mixed.score(real)
    assert first == fitted_mixed.score(real)
    assert first <= 0.0 and np.isfinite(first)
    twin = copy.deepcopy(fitted_mixed)
    twin.score(real)
    pd.testing.assert_frame_equal(twin.sample(20), copy.deepcopy(fitted_mixed).sample(20))


@pytest.mark.parametrize("transformer", ["mode", "standard", "quantile"])
def test_score_depends_only_on_the_generated_rows(transformer, monkeypatch):
    # Whatever encoding a setting trains in, rows decoding to the same table
    # get the same score: the energy distance in the fixed encoding of X.
    # Rows inside the training range (a quantile transform clips to it).
    real = _mixed().iloc[:200]
    rng = np.random.default_rng(1)
    shifted = real.assign(x=rng.permutation(real["x"].to_numpy()))
    model = _sampler(
        epochs=1, numeric_transformer=transformer, n_modes=3, clip=False
    )
    model.fit(_mixed())

    def generate(n, generator, cond_ids=None):
        return model.encoder_.transform(shifted.iloc[:n])

    monkeypatch.setattr(model, "_generate_encoded", generate)
    expected = -energy_distance(real, shifted, max_samples=None)
    assert model.score(real) == pytest.approx(expected, rel=1e-3)


def test_score_compares_a_bounded_subsample():
    model = _sampler(epochs=1).fit(_table(100))
    sizes = []
    original = model._generate_encoded

    def generate(n, generator, cond_ids=None):
        sizes.append(n)
        return original(n, generator, cond_ids)

    model._generate_encoded = generate
    assert np.isfinite(model.score(_table(5000, seed=1)))
    assert np.isfinite(model.score(_table(50, seed=1)))
    assert sizes == [2000, 50]


def test_score_with_labels_scores_the_joint_table():
    data = _mixed()
    model = _sampler(epochs=1).fit(data[["x", "y"]], data["c"])
    test = _mixed(200, seed=1)
    joint = model.score(test[["x", "y"]], test["c"])
    features_only = model.score(test[["x", "y"]])
    assert joint <= 0.0 and features_only <= 0.0
    assert joint != features_only


# --------------------------------------------------------------------------
# GridSearchCV


def test_grid_search_default_scoring_prefers_a_trained_setting():
    search = GridSearchCV(_sampler(), {"epochs": [1, 60]}, cv=3, refit=False)
    search.fit(_table())
    scores = search.cv_results_["mean_test_score"]
    assert search.best_params_ == {"epochs": 60}
    assert scores[1] > scores[0] + 0.05


def test_parallel_multimetric_search_refits_and_shares_cores():
    scoring = {
        "score": _default_scorer,
        "shapes": get_scorer("column_shapes"),
        "threads": _threads_scorer,
    }
    search = GridSearchCV(
        _sampler(_ThreadRecorder),
        {"epochs": [1, 60]},
        cv=3,
        scoring=scoring,
        refit="score",
        n_jobs=2,
    )
    search.fit(_table())
    assert search.best_params_ == {"epochs": 60}
    assert search.best_estimator_.n_iter_ == 60
    # Inside each of the two loky workers torch trained on its share.
    expected = max(1, cpu_count() // 2)
    np.testing.assert_array_equal(search.cv_results_["mean_test_threads"], expected)
    shapes = search.cv_results_["mean_test_shapes"]
    assert np.all((0 < shapes) & (shapes <= 1))


# --------------------------------------------------------------------------
# Early stopping


@pytest.fixture
def captured_validation(monkeypatch):
    """Keep the rows fit holds out for early stopping."""
    captured = {}
    original = GANSampler._split_validation

    def split(self, frame, rng):
        train, valid = original(self, frame, rng)
        captured["train"], captured["valid"] = train, valid
        return train, valid

    monkeypatch.setattr(GANSampler, "_split_validation", split)
    return captured


def test_early_stopping_stops_and_keeps_the_best_weights(captured_validation):
    model = _sampler(
        epochs=300, early_stopping=True, n_iter_no_change=3, validation_fraction=0.2
    ).fit(_table())
    scores = model.validation_scores_
    assert model.n_iter_ < 300
    assert len(scores) == len(model.history_) == model.n_iter_
    assert [r["validation_score"] for r in model.history_] == scores
    best = int(np.argmax(scores))
    assert model.best_validation_score_ == scores[best] == max(scores)
    assert model.n_iter_ == best + 1 + 3
    assert scores[-1] < model.best_validation_score_
    # The model kept the best epoch's weights, and the monitored value is
    # exactly what score() gives on the held-out rows.
    valid = captured_validation["valid"]
    assert len(valid) == 60 and len(captured_validation["train"]) == 240
    assert model.score(valid) == model.best_validation_score_


class _ScriptedScores(GANSampler):
    """Validation scores from a script; snapshots of weights per epoch."""

    script = (-0.5, -0.3, -0.4, -0.35, -0.31, -0.1)

    def _score_frame(self, frame, *, with_target):
        return self.script[len(self.validation_scores_)]

    def _after_epoch(self, record):
        stop = super()._after_epoch(record)
        self.snapshots_ = getattr(self, "snapshots_", [])
        self.snapshots_.append(copy.deepcopy(self.generator_.state_dict()))
        return stop


def test_early_stopping_follows_n_iter_no_change_exactly():
    model = _sampler(
        _ScriptedScores, epochs=50, early_stopping=True, n_iter_no_change=3
    ).fit(_table(100))
    assert model.validation_scores_ == [-0.5, -0.3, -0.4, -0.35, -0.31]
    assert model.n_iter_ == 5
    assert model.best_validation_score_ == -0.3
    kept = model.generator_.state_dict()
    for name, value in model.snapshots_[1].items():
        torch.testing.assert_close(kept[name], value, rtol=0, atol=0)
    assert any(
        not torch.equal(kept[name], value)
        for name, value in model.snapshots_[-1].items()
    )


def test_without_early_stopping_all_epochs_run():
    model = _sampler(epochs=4).fit(_table(100))
    assert model.n_iter_ == 4
    assert not hasattr(model, "validation_scores_")


def test_early_stopping_needs_enough_rows():
    with pytest.raises(ValueError, match="validation_fraction=0.01"):
        _sampler(epochs=1, early_stopping=True, validation_fraction=0.01).fit(
            _table(50)
        )


# --------------------------------------------------------------------------
# Dask


def test_grid_search_runs_on_a_dask_cluster():
    from dask.distributed import Client, LocalCluster

    grid = {"epochs": [1, 3]}
    scoring = {"score": _default_scorer, "threads": _threads_scorer}
    data = _table(120)
    with LocalCluster(
        processes=True,
        n_workers=2,
        threads_per_worker=1,
        dashboard_address=":0",
    ) as cluster, Client(cluster) as client:
        with parallel_backend("dask"):
            distributed = GridSearchCV(
                _sampler(_ThreadRecorder), grid, cv=2, scoring=scoring, refit=False
            ).fit(data)
        workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    local = GridSearchCV(
        _sampler(_ThreadRecorder), grid, cv=2, scoring=scoring, refit=False
    ).fit(data)
    # The same fits ran on the cluster: the scores match the local search.
    np.testing.assert_allclose(
        distributed.cv_results_["mean_test_score"],
        local.cv_results_["mean_test_score"],
        rtol=1e-6,
    )
    np.testing.assert_array_equal(distributed.cv_results_["mean_test_threads"], 1)
