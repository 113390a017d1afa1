"""
============================================
A toy GAN in two dimensions: BCE and WGAN-GP
============================================

The picture that made GANs famous: a generator that turns Gaussian noise
into points of a two-dimensional shape, trained only by a critic that
tries to tell its points from real ones. Here the shape is scikit-learn's
two moons, a table of two numeric columns, and the generator is a
:class:`~skgan.GANSampler` trained with each of its two losses:

- ``loss="bce"``: the original minimax GAN (binary cross-entropy, with the
  non-saturating generator loss);
- ``loss="wgan-gp"``: the Wasserstein loss with gradient penalty.

``warm_start=True`` lets us look at the same model after 50, 100 and 200
epochs. The networks are small and every other setting is the same for both
losses; see :ref:`how_it_works` for what the losses do.
"""

# %%
# The real distribution
# ---------------------
import matplotlib.pyplot as plt
import pandas as pd
from sklearn.datasets import make_moons

from skgan import GANSampler

X, _ = make_moons(n_samples=2000, noise=0.06, random_state=0)
real = pd.DataFrame(X, columns=["x", "y"])

# %%
# Train with each loss, looking at the points along the way
# ---------------------------------------------------------
#
# Numbers are only standardised (``numeric_transformer="standard"``), as in
# the classic toy GANs; 2,000 rows in batches of 50 make 40 steps per epoch.
settings = dict(
    generator_dims=(128, 128),
    discriminator_dims=(128, 128),
    latent_dim=8,
    batch_size=50,
    pac=1,
    numeric_transformer="standard",
    generator_lr=1e-3,
    discriminator_lr=1e-3,
    precision="float32",
    warm_start=True,
    random_state=0,
)
checkpoints = (50, 100, 200)
snapshots, histories = {}, {}
for loss in ("bce", "wgan-gp"):
    model = GANSampler(loss=loss, epochs=checkpoints[0], **settings).fit(real)
    snapshots[loss, model.n_iter_] = model.sample(2000, random_state=0)
    for previous, epochs in zip(checkpoints, checkpoints[1:]):
        model.set_params(epochs=epochs - previous).fit(real)
        snapshots[loss, model.n_iter_] = model.sample(2000, random_state=0)
    histories[loss] = pd.DataFrame(model.history_)
    print(f"{loss}: score (-energy distance) {model.score(real):.4f}")

# %%
# Generated points (orange) over the real ones (blue)
# ---------------------------------------------------
fig, axes = plt.subplots(2, 3, figsize=(10, 6.6), sharex=True, sharey=True)
for row, loss in zip(axes, ("bce", "wgan-gp")):
    for ax, epochs in zip(row, checkpoints):
        points = snapshots[loss, epochs]
        ax.scatter(real["x"], real["y"], s=3, alpha=0.25, color="tab:blue")
        ax.scatter(points["x"], points["y"], s=3, alpha=0.5, color="tab:orange")
        ax.set_title(f'loss="{loss}", {epochs} epochs')
fig.tight_layout()

# %%
# What the pictures show
# ----------------------
#
# With the BCE loss the generated points grow from a blob into the two
# arcs within these 8,000 steps. With WGAN-GP, at the same learning rate and
# number of steps, they do not: the points drift as a cloud over the region
# of the moons, and many are pushed to the edges of the range. On this toy,
# and in this budget, the BCE loss is the one that learns the shape.
# WGAN-GP is nonetheless the default, following CTGAN, for tables; which
# loss suits your table is a question for a search (see
# :ref:`hyperparameter_search`).
#
# Points on the border of the plots are clipped: ``clip=True`` keeps every
# generated value within the training range of its column.

# %%
# The losses per epoch
# --------------------
#
# ``history_`` keeps the mean losses of every epoch. For WGAN-GP, minus the
# critic loss (without its penalty) estimates the Wasserstein distance
# between real and generated points; for BCE, a critic loss near
# ``2 log 2 = 1.39`` means the critic can barely tell the two apart.
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
for ax, loss in zip(axes, ("bce", "wgan-gp")):
    histories[loss].plot(
        x="epoch", y=["discriminator_loss", "generator_loss"], ax=ax
    )
    ax.set_title(f'loss="{loss}"')
fig.tight_layout()
