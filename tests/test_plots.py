"""Tests of skgan.metrics' plots: each renders, and explains a missing extra."""

import io
import sys

import numpy as np
import pandas as pd
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from skgan.metrics import (  # noqa: E402
    plot_correlation_difference,
    plot_marginals,
    plot_projection,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _table(n=120, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.normal(size=n)
    return pd.DataFrame(
        {
            "x": np.where(rng.rand(n) < 0.1, np.nan, x),
            "y": 2 * x + rng.normal(size=n),
            "city": pd.Categorical(
                rng.choice(["Paris", "Lyon", None, "A very long city name"], size=n)
            ),
            "mixed": pd.Series(
                [[1, "a", 2.5][i] for i in rng.randint(0, 3, size=n)], dtype=object
            ),
            "flag": rng.rand(n) > 0.3,
        }
    )


def _png_bytes(figure):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()


def test_plot_marginals_renders():
    real, synthetic = _table(), _table(seed=1)
    figure = plot_marginals(real, synthetic)
    assert _png_bytes(figure).startswith(PNG_SIGNATURE)
    assert len(figure.axes) == real.shape[1]
    assert [ax.get_title() for ax in figure.axes] == list(real.columns)


def test_plot_marginals_columns_and_pooled_categories():
    rng = np.random.RandomState(0)
    real = pd.DataFrame({"c": rng.randint(0, 30, size=200), "x": rng.normal(size=200)})
    figure = plot_marginals(
        real, real, columns=["c"], categorical_columns=["c"], max_categories=5
    )
    (ax,) = figure.axes
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert len(labels) == 6
    assert labels[-1] == "(other)"
    assert _png_bytes(figure).startswith(PNG_SIGNATURE)
    with pytest.raises(ValueError, match="'nope'"):
        plot_marginals(real, real, columns=["nope"])


def test_plot_correlation_difference_renders():
    real = _table()
    broken = real.assign(y=real["y"].sample(frac=1, random_state=0).to_numpy())
    figure = plot_correlation_difference(real, broken)
    assert _png_bytes(figure).startswith(PNG_SIGNATURE)
    image = figure.axes[0].get_images()[0].get_array()
    assert image.shape == (5, 5)
    assert np.allclose(np.diag(image), 0.0)
    # Breaking the x-y correlation shows up in that cell most of all.
    assert image[0, 1] == image.max() > 0.5
    same = plot_correlation_difference(real, real)
    assert np.allclose(same.axes[0].get_images()[0].get_array(), 0.0)


@pytest.mark.parametrize("method", ["pca", "tsne"])
def test_plot_projection_renders(method):
    real, synthetic = _table(60), _table(60, seed=1)
    figure = plot_projection(real, synthetic, method=method)
    assert _png_bytes(figure).startswith(PNG_SIGNATURE)
    offsets = [collection.get_offsets() for collection in figure.axes[0].collections]
    assert [len(points) for points in offsets] == [60, 60]


def test_plot_projection_bad_method():
    with pytest.raises(ValueError, match="method"):
        plot_projection(_table(), _table(), method="umap")


@pytest.mark.parametrize(
    "plot", [plot_marginals, plot_correlation_difference, plot_projection]
)
def test_missing_matplotlib_names_the_extra(plot, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"pip install skgan\[plot\]"):
        plot(_table(), _table())
