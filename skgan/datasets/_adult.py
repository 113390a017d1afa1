"""The UCI Adult (Census Income) table, shipped compressed with skgan."""

from importlib import resources

import pandas as pd

ADULT_COLUMNS = (
    "age",
    "workclass",
    "fnlwgt",
    "education",
    "education-num",
    "marital-status",
    "occupation",
    "relationship",
    "race",
    "sex",
    "capital-gain",
    "capital-loss",
    "hours-per-week",
    "native-country",
    "income",
)
ADULT_INTEGER_COLUMNS = (
    "age",
    "fnlwgt",
    "education-num",
    "capital-gain",
    "capital-loss",
    "hours-per-week",
)

_FILES = {"train": "adult.data.gz", "test": "adult.test.gz"}


def _read_split(split):
    path = resources.files("skgan.datasets").joinpath("data", _FILES[split])
    with path.open("rb") as handle:
        frame = pd.read_csv(
            handle,
            compression="gzip",
            header=None,
            names=list(ADULT_COLUMNS),
            skipinitialspace=True,
            na_values=["?"],
            keep_default_na=False,
            comment="|",
        )
    # The test split writes its labels with a trailing period.
    frame["income"] = frame["income"].str.rstrip(".")
    return frame


def load_adult(*, split="train", as_frame=True, return_X_y=False):
    """Load the UCI Adult (Census Income) table.

    The table ships with skgan (CC BY 4.0, Becker and Kohavi, 1996,
    https://doi.org/10.24432/C5XW20), so no download happens.

    Parameters
    ----------
    split : {"train", "test", "all"}, default="train"
        ``"train"`` is the original ``adult.data`` file (32,561 rows),
        ``"test"`` is ``adult.test`` (16,281 rows) and ``"all"`` both,
        concatenated in that order.

    as_frame : bool, default=True
        Kept for symmetry with scikit-learn's loaders; only ``True`` is
        supported, since the table mixes numbers and categories.

    return_X_y : bool, default=False
        If True, return ``(X, y)`` with ``y`` the ``income`` column.

    Returns
    -------
    frame : pandas.DataFrame of shape (n_rows, 15)
        Six ``int64`` columns and nine ``category`` columns, missing values
        (written ``?`` in the source) as NA. Only when ``return_X_y=False``.

    (X, y) : tuple of pandas.DataFrame and pandas.Series
        Only when ``return_X_y=True``.

    Examples
    --------
    >>> from skgan.datasets import load_adult
    >>> adult = load_adult()
    >>> adult.shape
    (32561, 15)
    >>> adult["income"].value_counts().to_dict()
    {'<=50K': 24720, '>50K': 7841}
    """
    if split not in ("train", "test", "all"):
        raise ValueError(
            f"split must be 'train', 'test' or 'all'; got {split!r}."
        )
    if not as_frame:
        raise ValueError("load_adult only supports as_frame=True.")
    if split == "all":
        frame = pd.concat(
            [_read_split("train"), _read_split("test")], ignore_index=True
        )
    else:
        frame = _read_split(split)
    for column in ADULT_COLUMNS:
        if column in ADULT_INTEGER_COLUMNS:
            frame[column] = frame[column].astype("int64")
        else:
            values = frame[column]
            categories = sorted(values.dropna().unique())
            frame[column] = values.astype(pd.CategoricalDtype(categories))
    if return_X_y:
        return frame.drop(columns="income"), frame["income"]
    return frame
