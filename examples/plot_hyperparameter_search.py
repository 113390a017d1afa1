"""
Tuning a GANSampler with GridSearchCV
=====================================

:class:`skgan.GANSampler` is a scikit-learn estimator whose ``score``
method rates a fitted generator on held-out rows: it is the negative energy
distance between those rows and as many generated ones, computed in a
fixed encoding of the table that no hyperparameter changes (numbers
standardised, categories one-hot). Higher is better and 0 is a perfect
match, so :class:`~sklearn.model_selection.GridSearchCV` can tune a GAN
without a ``scoring`` argument.

This example tunes the number of epochs and the generator's learning rate
on a subsample of the UCI Adult census table, plots the cross-validated
scores, checks the winner on rows no candidate saw, and lets early stopping
find the number of epochs in a single fit. It takes about a minute on two
cores.
"""

# %%
# Data: a subsample of Adult
# --------------------------
# 1,500 rows of the census table (numbers, categories and missing values),
# 1,000 to tune on and 500 held out for the final check.

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.model_selection import GridSearchCV, train_test_split

from skgan import GANSampler
from skgan.datasets import load_adult
from skgan.metrics import evaluate

adult = load_adult().sample(n=1500, random_state=0).reset_index(drop=True)
train, test = train_test_split(adult, test_size=500, random_state=0)
train.head()

# %%
# The search
# ----------
# Small networks keep each fit to a second or two. ``n_jobs=2`` fits two
# candidates at a time in separate processes; inside each, skgan limits
# PyTorch to its share of the cores (here one thread each), so the two
# fits do not fight over them.

sampler = GANSampler(
    batch_size=100,
    pac=10,
    generator_dims=(64, 64),
    discriminator_dims=(64, 64),
    random_state=0,
)
grid = {"epochs": [2, 8, 24], "generator_lr": [2e-4, 2e-3]}
search = GridSearchCV(sampler, grid, cv=3, n_jobs=2)
search.fit(train)
print("best:", search.best_params_, f"score {search.best_score_:.4f}")

# %%
# The scores
# ----------
# One line per learning rate: the mean score over the three folds, with
# its standard deviation. Scores of different settings are comparable
# because every one is computed in the same encoding of the held-out fold.

results = pd.DataFrame(search.cv_results_)
fig, ax = plt.subplots(figsize=(6, 4))
for lr, rows in results.groupby("param_generator_lr"):
    rows = rows.sort_values("param_epochs")
    ax.errorbar(
        rows["param_epochs"].astype(int),
        rows["mean_test_score"],
        yerr=rows["std_test_score"],
        marker="o",
        capsize=3,
        label=f"generator_lr={lr:g}",
    )
ax.set_xlabel("epochs")
ax.set_ylabel("GANSampler.score (−energy distance)")
ax.set_title("3-fold cross-validated score on 1,000 Adult rows")
ax.legend()
fig.tight_layout()

# %%
# Scores need not rise with training. The generator's output layer starts
# at the training frequencies of every category and mixture mode, so even
# a two-epoch model reproduces the marginals; the adversarial game first
# disturbs them, and only learns the
# joint structure over many more epochs than this one-minute budget allows
# (``docs/benchmarks.md`` compares 30, 100 and 300 epochs on Adult). A
# search over settings, scored on held-out rows, shows where a given budget
# stands.

# %%
# The winner on rows it never saw
# -------------------------------
# ``best_estimator_`` was refit on all 1,000 tuning rows. Its score on the
# 500 held-out rows, and a few more measures from
# :func:`skgan.metrics.evaluate`, against the worst candidate refit the
# same way.

worst = results.loc[results["mean_test_score"].idxmin(), "params"]
candidates = {
    "best": search.best_estimator_,
    "worst": GANSampler(**{**sampler.get_params(), **worst}).fit(train),
}
reports = []
for name, model in candidates.items():
    synthetic = model.sample(len(test), random_state=0)
    report = evaluate(
        test,
        synthetic,
        metrics=["energy_distance", "column_shapes", "trend_similarity"],
    )
    reports.append(report.set_index("metric")["value"].rename(name))
    print(f"{name} {model.get_params()['epochs']} epochs, held-out score "
          f"{model.score(test):.4f}")
pd.concat(reports, axis=1)

# %%
# Early stopping instead of a grid over epochs
# --------------------------------------------
# With ``early_stopping=True`` one fit holds out ``validation_fraction`` of
# its rows, computes the same score on them after every epoch, stops after
# ``n_iter_no_change`` epochs without improvement and keeps the best
# epoch's generator.

model = GANSampler(**sampler.get_params()).set_params(
    epochs=60, early_stopping=True, n_iter_no_change=5
)
model.fit(train)
scores = np.asarray(model.validation_scores_)
best = int(np.argmax(scores))
print(f"stopped after {model.n_iter_} epochs, kept epoch {best + 1}: "
      f"validation score {model.best_validation_score_:.4f}")

fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(np.arange(1, len(scores) + 1), scores, marker=".")
ax.axvline(best + 1, color="grey", linestyle="--", label=f"kept: epoch {best + 1}")
ax.set_xlabel("epoch")
ax.set_ylabel("validation score")
ax.set_title(f"Early stopping after {model.n_iter_} of 60 epochs")
ax.legend()
fig.tight_layout()

# %%
# Beyond one machine
# ------------------
# The search above runs unchanged on a cluster through joblib's backends;
# only the context around ``fit`` changes. On Dask (``pip install
# "skgan[distributed]"``)::
#
#     import joblib
#     from dask.distributed import Client
#
#     client = Client("tcp://scheduler:8786")  # or Client(LocalCluster())
#     with joblib.parallel_backend("dask"):
#         search.fit(train)
#
# and on Ray, whose joblib backend is registered by
# ``ray.util.joblib.register_ray``::
#
#     import joblib
#     import ray
#     from ray.util.joblib import register_ray
#
#     ray.init()  # or ray.init(address="auto") on a cluster
#     register_ray()
#     with joblib.parallel_backend("ray"):
#         search.fit(train)
#
# Dask starts each worker process with ``OMP_NUM_THREADS=1`` by default;
# skgan follows that thread count (or, without it, divides the worker's
# cores among its task threads) so that fits do not oversubscribe a node.
