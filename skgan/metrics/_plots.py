"""Figures comparing a real and a synthetic table (needs matplotlib)."""

import math

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA

from ._encoding import (
    FixedEncoding,
    _check_tables,
    _column_kinds,
    _numeric_values,
    _object_values,
)
from ._fidelity import _association_matrix, _discrete_codes, _seed, _subsample

_REAL_COLOR = "tab:blue"
_SYNTHETIC_COLOR = "tab:orange"


def _pyplot():
    """Import matplotlib.pyplot, or say how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            "skgan's plots need matplotlib; install it with "
            "`pip install skgan[plot]` (or `pip install matplotlib`)."
        ) from exc
    return plt


def _label(value, width=18):
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _plot_numeric(ax, real, synthetic, n_bins):
    observed_real = real[~np.isnan(real)]
    observed_synthetic = synthetic[~np.isnan(synthetic)]
    pooled = np.concatenate([observed_real, observed_synthetic])
    if pooled.size == 0:
        ax.text(0.5, 0.5, "all missing", ha="center", va="center")
        return
    edges = np.histogram_bin_edges(pooled, bins=n_bins)
    for values, color, name in (
        (observed_real, _REAL_COLOR, "real"),
        (observed_synthetic, _SYNTHETIC_COLOR, "synthetic"),
    ):
        if values.size:
            ax.hist(
                values, bins=edges, density=True, histtype="stepfilled",
                alpha=0.45, color=color, edgecolor=color, label=name,
            )
    ax.set_ylabel("density")
    missing = (np.isnan(real).mean(), np.isnan(synthetic).mean())
    if any(missing):
        ax.text(
            0.98, 0.95,
            f"missing: real {missing[0]:.1%}, synthetic {missing[1]:.1%}",
            transform=ax.transAxes, ha="right", va="top", fontsize="x-small",
        )


def _frequencies(series):
    values, mask = _object_values(series)
    labels = np.where(mask, "(missing)", values.astype(str))
    return pd.Series(labels).value_counts(normalize=True)


def _plot_categorical(ax, real, synthetic, max_categories):
    freq_real, freq_synthetic = _frequencies(real), _frequencies(synthetic)
    order = list(freq_real.index)
    order += [label for label in freq_synthetic.index if label not in freq_real.index]
    shown = order[:max_categories]
    table = pd.DataFrame(
        {
            "real": freq_real.reindex(shown, fill_value=0.0),
            "synthetic": freq_synthetic.reindex(shown, fill_value=0.0),
        }
    )
    if len(order) > max_categories:
        table.loc["(other)"] = 1.0 - table.sum()
    positions = np.arange(len(table))
    height = 0.4
    ax.barh(positions - height / 2, table["real"], height, color=_REAL_COLOR, label="real")
    ax.barh(
        positions + height / 2, table["synthetic"], height,
        color=_SYNTHETIC_COLOR, label="synthetic",
    )
    ax.set_yticks(positions, [_label(value) for value in table.index])
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize="small")
    ax.set_xlabel("share of rows")


def plot_marginals(
    real,
    synthetic,
    columns=None,
    *,
    categorical_columns=None,
    n_bins=30,
    max_categories=10,
    n_cols=3,
):
    """Plot the marginal distribution of each column, real beside synthetic.

    Numeric columns get overlaid density histograms on shared bins (with the
    share of missing values noted when there are any); categorical columns
    get side-by-side horizontal bars of category shares, the most frequent
    real categories first, missing values as a ``(missing)`` category and
    the rest pooled as ``(other)``.

    Parameters
    ----------
    real : DataFrame or array-like of shape (n_real, n_features)
        The real table; it decides which columns are numeric.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``real``.

    columns : list of column labels, default=None
        Columns to plot, in this order; ``None`` plots all of them.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    n_bins : int, default=30
        Number of histogram bins for numeric columns.

    max_categories : int, default=10
        Categories shown per categorical column before pooling the rest.

    n_cols : int, default=3
        Number of panels per row.

    Returns
    -------
    figure : matplotlib.figure.Figure
        One panel per column.

    See Also
    --------
    column_shapes : The per-column scores behind this picture.

    Examples
    --------
    >>> import pandas as pd
    >>> from skgan.metrics import plot_marginals
    >>> real = pd.DataFrame({"x": [1.0, 2.0, 2.5], "c": list("aab")})
    >>> figure = plot_marginals(real, real.iloc[::-1])
    >>> len(figure.axes)
    2
    """
    plt = _pyplot()
    real, synthetic = _check_tables(real, synthetic=synthetic)
    kinds = _column_kinds(real, categorical_columns)
    columns = list(real.columns) if columns is None else list(columns)
    unknown = [column for column in columns if column not in real.columns]
    if unknown:
        raise ValueError(f"columns names {unknown[0]!r}, which real does not have.")
    n_cols = max(1, min(n_cols, len(columns)))
    n_rows = math.ceil(len(columns) / n_cols)
    figure, axes = plt.subplots(
        n_rows, n_cols, figsize=(4.5 * n_cols, 3.2 * n_rows), squeeze=False
    )
    for ax, column in zip(axes.ravel(), columns):
        if kinds[column] == "numeric":
            _plot_numeric(
                ax,
                _numeric_values(real[column]),
                _numeric_values(synthetic[column]),
                n_bins,
            )
        else:
            _plot_categorical(ax, real[column], synthetic[column], max_categories)
        ax.set_title(str(column))
    for ax in axes.ravel()[len(columns):]:
        ax.remove()
    handles, labels = axes.ravel()[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper center", ncols=2)
    figure.tight_layout(rect=(0, 0, 1, 1 - 0.35 / (3.2 * n_rows)))
    return figure


def plot_correlation_difference(
    real, synthetic, *, categorical_columns=None, n_bins=10, annotate=None
):
    """Heatmap of how much each pairwise association changes.

    Cell ``(i, j)`` is ``|a_real(i, j) - a_synthetic(i, j)|`` where ``a`` is
    the Pearson correlation for two numeric columns and Cramér's V for a
    pair involving a categorical column (numeric columns cut into
    ``n_bins`` quantile bins of the real table, missing values a category of
    their own). Colours run from 0 (association kept) to 1.

    Parameters
    ----------
    real : DataFrame or array-like of shape (n_real, n_features)
        The real table.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``real``.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    n_bins : int, default=10
        Number of quantile bins for numeric columns paired with categorical
        ones.

    annotate : bool, default=None
        Write each value in its cell; ``None`` does so for at most 15
        columns.

    Returns
    -------
    figure : matplotlib.figure.Figure
        The heatmap with a colour bar; the title gives the mean difference.

    See Also
    --------
    trend_similarity : The pairwise scores behind this picture.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from skgan.metrics import plot_correlation_difference
    >>> rng = np.random.RandomState(0)
    >>> real = pd.DataFrame(rng.normal(size=(50, 3)), columns=list("xyz"))
    >>> figure = plot_correlation_difference(real, real)
    >>> figure.axes[0].get_title()
    'mean |association real - synthetic| = 0.000'
    """
    plt = _pyplot()
    real, synthetic = _check_tables(real, synthetic=synthetic)
    kinds = _column_kinds(real, categorical_columns)
    codes = _discrete_codes(real, synthetic, kinds, n_bins)
    difference = (
        _association_matrix(real, kinds, codes, 0)
        - _association_matrix(synthetic, kinds, codes, 1)
    ).abs()
    n = len(kinds)
    size = min(max(4.0, 0.45 * n + 2.5), 14.0)
    figure, ax = plt.subplots(figsize=(size + 1.2, size))
    image = ax.imshow(difference.to_numpy(), cmap="Reds", vmin=0.0, vmax=1.0)
    labels = [_label(column) for column in kinds]
    ax.set_xticks(np.arange(n), labels, rotation=90)
    ax.set_yticks(np.arange(n), labels)
    if annotate is None:
        annotate = n <= 15
    if annotate:
        for (i, j), value in np.ndenumerate(difference.to_numpy()):
            ax.text(
                j, i, f"{value:.2f}", ha="center", va="center", fontsize="x-small",
                color="white" if value > 0.6 else "black",
            )
    off_diagonal = difference.to_numpy()[~np.eye(n, dtype=bool)]
    mean = off_diagonal.mean() if off_diagonal.size else 0.0
    ax.set_title(f"mean |association real - synthetic| = {mean:.3f}")
    figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    figure.tight_layout()
    return figure


def plot_projection(
    real,
    synthetic,
    method="pca",
    *,
    categorical_columns=None,
    max_samples=2000,
    random_state=0,
):
    """Scatter real and synthetic rows in a 2-D projection.

    Both tables are put in the fixed encoding fitted on ``real`` and
    projected to two dimensions: with ``"pca"``, on the first two principal
    components of the real rows (so the axes describe the real data and the
    synthetic rows are placed in them); with ``"tsne"``, by a t-SNE
    embedding of the pooled rows. Synthetic rows far from every real cloud,
    or real regions left empty, show where the generator fails.

    Parameters
    ----------
    real : DataFrame or array-like of shape (n_real, n_features)
        The real table; the encoding (and the PCA) is fitted on it.

    synthetic : DataFrame or array-like of shape (n_synthetic, n_features)
        The synthetic table, with the same columns as ``real``.

    method : {"pca", "tsne"}, default="pca"
        The projection. t-SNE is much slower.

    categorical_columns : list of column labels, default=None
        Columns to treat as categorical whatever their dtype.

    max_samples : int, default=2000
        Each table is subsampled without replacement to at most this many
        rows before projecting. ``None`` uses every row.

    random_state : int, RandomState instance or None, default=0
        Seed of the subsampling and of t-SNE.

    Returns
    -------
    figure : matplotlib.figure.Figure
        The scatter plot.

    See Also
    --------
    FixedEncoding : The encoding being projected.

    Examples
    --------
    >>> import numpy as np
    >>> from skgan.metrics import plot_projection
    >>> rng = np.random.RandomState(0)
    >>> figure = plot_projection(rng.normal(size=(50, 3)),
    ...                          rng.normal(size=(50, 3)))
    >>> figure.axes[0].get_xlabel()[:3]
    'PC1'
    """
    if method not in ("pca", "tsne"):
        raise ValueError(f"method must be 'pca' or 'tsne'; got {method!r}.")
    plt = _pyplot()
    real, synthetic = _check_tables(real, synthetic=synthetic)
    encoding = FixedEncoding(categorical_columns=categorical_columns).fit(real)
    seed = _seed(random_state)
    X = _subsample(encoding.transform(real), max_samples, seed)
    Y = _subsample(encoding.transform(synthetic), max_samples, seed)
    if method == "pca":
        pca = PCA(n_components=2, random_state=seed).fit(X)
        points_real, points_synthetic = pca.transform(X), pca.transform(Y)
        ratios = pca.explained_variance_ratio_
        labels = (
            f"PC1 ({ratios[0]:.0%} of real variance)",
            f"PC2 ({ratios[1]:.0%} of real variance)",
        )
    else:
        from sklearn.manifold import TSNE

        pooled = np.vstack([X, Y])
        embedding = TSNE(
            n_components=2,
            perplexity=min(30.0, (len(pooled) - 1) / 3),
            init="pca",
            random_state=seed,
        ).fit_transform(pooled)
        points_real, points_synthetic = embedding[: len(X)], embedding[len(X):]
        labels = ("t-SNE 1", "t-SNE 2")
    figure, ax = plt.subplots(figsize=(6.5, 5.5))
    marker_size = 12 if len(X) + len(Y) < 1000 else 4
    for points, color, name in (
        (points_real, _REAL_COLOR, "real"),
        (points_synthetic, _SYNTHETIC_COLOR, "synthetic"),
    ):
        ax.scatter(
            points[:, 0], points[:, 1], s=marker_size, alpha=0.4, color=color,
            label=f"{name} ({len(points)} rows)", linewidths=0,
        )
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.set_title(f"{method.upper() if method == 'pca' else 't-SNE'} of the fixed encoding")
    ax.legend(markerscale=2)
    figure.tight_layout()
    return figure
