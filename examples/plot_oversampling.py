"""
==============================================
Oversampling a rare class: GAN against SMOTE
==============================================

A classifier trained on a table where one class is rare tends to ignore
that class. Over-samplers add rows of the rare class to the *training* data
only. :class:`imblearn.over_sampling.SMOTE` interpolates between a rare row
and one of its rare neighbours; :class:`~skgan.GANOverSampler` fits a
conditional :class:`~skgan.GANSampler` on all rows, with the class as the
condition, and samples new rows of the rare class from it.

We compare no oversampling, SMOTE and the GAN on a two-dimensional problem,
so that the synthetic rows and the decision boundaries can be drawn, and
measure each on held-out data with precision-recall curves.
"""

# %%
# An imbalanced problem
# ---------------------
#
# 5% of the rows belong to the rare class (1), which sits in two small
# clusters among the common class.
import matplotlib.pyplot as plt
import numpy as np
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

from skgan import GANOverSampler, GANSampler

X, y = make_classification(
    n_samples=3000,
    n_features=2,
    n_redundant=0,
    n_informative=2,
    n_clusters_per_class=2,
    weights=[0.95],
    class_sep=1.0,
    flip_y=0.0,
    random_state=3,
)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=0
)
print(f"rare rows for training: {(y_train == 1).sum()} of {len(y_train)}")

# %%
# Three pipelines
# ---------------
#
# The same classifier (an RBF support vector machine) after each
# over-sampler. In a pipeline, ``fit_resample`` runs on the training rows
# only; the test rows are never resampled.
gan = GANSampler(
    epochs=100,
    batch_size=100,
    pac=5,
    generator_dims=(128, 128),
    discriminator_dims=(128, 128),
    latent_dim=16,
    random_state=0,
)
models = {
    "no oversampling": make_pipeline(SVC(random_state=0)),
    "SMOTE": make_pipeline(SMOTE(random_state=0), SVC(random_state=0)),
    "GANOverSampler": make_pipeline(
        GANOverSampler(gan, random_state=0), SVC(random_state=0)
    ),
}
for model in models.values():
    model.fit(X_train, y_train)

# %%
# Synthetic rows and decision boundaries
# --------------------------------------
#
# Top: the training rows and, in orange, the rare rows each over-sampler
# added (the same number for both). Bottom: where each classifier predicts
# the rare class (shaded), with the test rows.
from sklearn.inspection import DecisionBoundaryDisplay

fig, axes = plt.subplots(2, 3, figsize=(12, 8), sharex=True, sharey=True)
for column, (name, model) in enumerate(models.items()):
    top, bottom = axes[:, column]
    common, rare = X_train[y_train == 0], X_train[y_train == 1]
    top.scatter(*common.T, s=4, color="tab:gray", alpha=0.3, label="class 0")
    top.scatter(*rare.T, s=8, color="tab:blue", label="class 1 (real)")
    if len(model.steps) > 1:
        X_res, y_res = model.steps[0][1].fit_resample(X_train, y_train)
        added = X_res[len(X_train):]
        top.scatter(*added.T, s=4, color="tab:orange", alpha=0.5,
                    label="class 1 (synthetic)")
    top.set_title(name)
    top.legend(loc="lower right", fontsize="x-small", markerscale=2)
    DecisionBoundaryDisplay.from_estimator(
        model, X, response_method="predict", ax=bottom, alpha=0.3,
        cmap="coolwarm", grid_resolution=200,
    )
    bottom.scatter(*X_test[y_test == 0].T, s=4, color="tab:gray", alpha=0.3)
    bottom.scatter(*X_test[y_test == 1].T, s=8, color="tab:blue")
    bottom.set_title(f"{name}: predicted class 1 (test rows)")
fig.tight_layout()

# %%
# Precision-recall on the test rows
# ---------------------------------
#
# The curves use each classifier's decision function; the area under each
# (average precision) is in the legend. The better over-sampler is the one
# whose curve lies higher on this data: run the same comparison, with
# cross-validation, on your own data before choosing.
from sklearn.metrics import PrecisionRecallDisplay

fig, ax = plt.subplots(figsize=(6, 5))
for name, model in models.items():
    PrecisionRecallDisplay.from_estimator(model, X_test, y_test, name=name, ax=ax)
ax.set_title("rare class, test rows")
fig.tight_layout()

# %%
# What the pictures show
# ----------------------
#
# SMOTE's rows lie on segments between rare neighbours, so they stay inside
# the two rare clusters. The GAN, trained here for a short time on 75 rare
# rows (in a table of two numbers, where interpolation is at its best), has
# learned only the rough extent of the rare class: its rows spread beyond
# the clusters, and its classifier predicts the rare class over a wider
# region. That buys recall at the cost of precision; the areas under the
# precision-recall curves end up close. The GAN's advantages lie elsewhere:
# tables with categorical columns and missing values, where SMOTE needs
# special variants, and rare classes whose structure is shared with the
# common ones. See the :doc:`/benchmarks` page for comparisons on real
# tables.
