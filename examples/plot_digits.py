"""
==========================================
Handwritten digits from a conditional GAN
==========================================

Each of the 1,797 images of :func:`sklearn.datasets.load_digits` is a row of
64 pixel intensities (0 to 16) with its digit as the label. A
:class:`~skgan.GANSampler` fitted with the labels as ``y`` learns the
distribution of the pixels *given* the digit, so that
``sample(n, y=digit)`` draws new images of a chosen digit.

Nothing in the model knows that the columns form an 8x8 grid: it sees a
table of 64 numeric columns. The images below are rows of that table,
reshaped for display.
"""

# %%
# Fit a class-conditional sampler
# -------------------------------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.datasets import load_digits

from skgan import GANSampler

digits = load_digits()
pixels = pd.DataFrame(
    digits.data, columns=[f"pixel_{i}" for i in range(64)]
).astype("int64")
labels = pd.Series(digits.target, name="digit")

model = GANSampler(
    epochs=200,
    batch_size=100,
    pac=5,
    generator_dims=(256, 256),
    discriminator_dims=(256, 256),
    latent_dim=32,
    numeric_transformer="standard",
    random_state=0,
).fit(pixels, labels)

# %%
# Real and generated images, digit by digit
# ------------------------------------------
#
# Each row of the figure is one digit: five real images on the left, five
# images generated with ``sample(5, y=digit)`` on the right.
n_per_digit = 5
fig, axes = plt.subplots(10, 2 * n_per_digit + 1, figsize=(8, 8))
for digit in range(10):
    real = pixels[labels == digit].sample(n_per_digit, random_state=0)
    generated = model.sample(n_per_digit, y=digit, random_state=digit)
    images = list(real.to_numpy()) + [None] + list(generated.to_numpy())
    for ax, image in zip(axes[digit], images):
        ax.set_axis_off()
        if image is not None:
            ax.imshow(image.reshape(8, 8), cmap="gray_r", vmin=0, vmax=16)
axes[0, n_per_digit // 2].set_title("real")
axes[0, n_per_digit + 1 + n_per_digit // 2].set_title("generated")
fig.tight_layout()

# %%
# Average images
# --------------
#
# The mean of 200 generated images of each digit beside the mean of the
# real ones shows how much of each digit's shape the conditional generator
# has learned in this short training: some digits' means match their real
# means closely, others are still blurred towards an average digit. The
# classifier below puts a number on it.
fig, axes = plt.subplots(2, 10, figsize=(10, 2.4))
for digit in range(10):
    real_mean = pixels[labels == digit].mean().to_numpy()
    generated_mean = model.sample(200, y=digit, random_state=digit).mean()
    for ax, image in zip(axes[:, digit], (real_mean, generated_mean.to_numpy())):
        ax.imshow(image.reshape(8, 8), cmap="gray_r", vmin=0, vmax=16)
        ax.set_xticks([])
        ax.set_yticks([])
    axes[0, digit].set_title(str(digit))
axes[0, 0].set_ylabel("real")
axes[1, 0].set_ylabel("generated")
fig.tight_layout()

# %%
# Do the generated digits look like their labels?
# ------------------------------------------------
#
# A classifier trained on the real images reads the generated ones. Its
# accuracy on them measures how often an image drawn for digit ``d`` is
# recognisable as ``d``.
from sklearn.linear_model import LogisticRegression

classifier = LogisticRegression(max_iter=2000).fit(pixels, labels)
wanted = np.repeat(np.arange(10), 100)
generated = model.sample(y=wanted, random_state=0)
accuracy = (classifier.predict(generated) == wanted).mean()
print(f"generated images read as the digit they were drawn for: {accuracy:.0%}")
