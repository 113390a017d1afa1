"""
===============================================
Adult: real against synthetic, column by column
===============================================

Fit a :class:`~skgan.GANSampler` on the UCI Adult census table (six integer
and nine categorical columns, with missing values) and compare a synthetic
copy with real rows the model did not see: first every column's marginal
distribution, then how well the associations between pairs of columns are
kept.

To keep the gallery fast, the model trains on 5,000 rows for 30 epochs (a
few seconds per epoch on a laptop CPU); the :doc:`/benchmarks` page shows
how the figures improve with longer training.
"""

# %%
# Data and model
# --------------
#
# The table ships with skgan. We hold out real rows for the comparison:
# a model should be judged on rows it has not seen.
from sklearn.model_selection import train_test_split

from skgan import GANSampler
from skgan.datasets import load_adult

adult = load_adult()
train, holdout = train_test_split(
    adult, train_size=5000, test_size=5000, random_state=0
)
model = GANSampler(epochs=30, random_state=0).fit(train)
synthetic = model.sample(len(holdout), random_state=0)
synthetic.head()

# %%
# The synthetic table has the columns and dtypes of the real one: integers
# stay integers, categorical columns keep their categories.
synthetic.dtypes.equals(adult.dtypes)

# %%
# Marginal distributions
# ----------------------
#
# :func:`~skgan.metrics.plot_marginals` draws each numeric column as two
# overlaid histograms and each categorical column as paired bars (real in
# blue, synthetic in orange).
from skgan.metrics import column_shapes, plot_marginals

figure = plot_marginals(holdout, synthetic, n_cols=3)

# %%
# The picture in numbers: :func:`~skgan.metrics.column_shapes` gives
# ``1 - KS`` for numeric columns and ``1 - total variation`` for categorical
# ones; 1 means identical marginals.
column_shapes(holdout, synthetic).round(3)

# %%
# Pairwise associations
# ---------------------
#
# Marginals can be right while the joint structure is wrong. Each cell of
# :func:`~skgan.metrics.plot_correlation_difference` is the absolute change
# in association between two columns (Pearson correlation between numbers,
# Cramér's V otherwise): white cells are kept, red ones lost.
from skgan.metrics import plot_correlation_difference

figure = plot_correlation_difference(holdout, synthetic)

# %%
# For reference, the same picture for two disjoint samples of *real* rows
# shows how much of the difference is sampling noise alone.
other_real = adult.drop(train.index).drop(holdout.index).sample(
    5000, random_state=1
)
figure = plot_correlation_difference(holdout, other_real)

# %%
# What the figures show
# ---------------------
#
# After this short training most marginals are close to the real ones,
# though not all (compare the shares of ``sex`` and ``income`` above). The
# pairwise picture is harder: associations that the real table holds
# exactly, such as ``education`` with ``education-num`` (one is a code of
# the other), and the associations of ``income`` with the other columns,
# are the ones lost most, while the two real samples differ by a few
# hundredths at most. Joint structure is what longer training buys; the
# :doc:`/benchmarks` page measures it (pairwise trends and train-on-synthetic
# utility) after 30, 100 and 300 epochs.
