"""GANOverSampler: over-sample classes with rows from a conditional GAN."""

import numbers
from collections import Counter

import numpy as np
import pandas as pd
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_target_type
from sklearn.base import clone
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, validate_params
from sklearn.utils.validation import check_array, validate_data

from ._sampler import GANSampler

# Fewest training rows a class needs before GANOverSampler generates rows of
# it (see the Notes of GANOverSampler).
MIN_CLASS_ROWS = 5


class GANOverSampler(BaseOverSampler):
    """Over-sample classes with rows drawn from a conditional GAN.

    One :class:`GANSampler` (a clone of ``sampler``) learns the table given
    the class label, on all rows of all classes, so that a small class
    borrows the structure it shares with the others; then, for each class
    that ``sampling_strategy`` targets, the sampler generates exactly the
    missing number of rows of that class. The original rows come first, in
    their order, followed by the synthetic rows grouped by class.

    Unlike SMOTE, which interpolates between numeric neighbours, the rows
    follow a learned joint distribution, so tables that mix numbers,
    categories, booleans and missing values need no special variant.

    Parameters
    ----------
    sampler : GANSampler, default=None
        The (unfitted) sampler to clone and fit on ``(X, y)``. None means
        ``GANSampler()`` with its defaults. Its parameters are reachable as
        ``sampler__epochs`` and so on, for grid search.
    {sampling_strategy}
    random_state : int, RandomState instance or None, default=None
        When not None, seeds the cloned sampler (overriding the sampler's own
        ``random_state``) and the draw of the synthetic rows, so that the same
        seed and data give the same output. With None, the sampler's own
        ``random_state`` applies.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of synthetic rows generated for each class.
    sampler_ : GANSampler
        The sampler fit on ``(X, y)`` during :meth:`fit_resample`; it can
        draw more rows of a class with ``sampler_.sample(n, y=label)``.
    n_features_in_ : int
        Number of features in the input dataset.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit, when they are all strings.

    See Also
    --------
    GANSampler : The conditional GAN that generates the rows.
    augment : Add synthetic rows to every class (or to an unlabelled table).
    imblearn.over_sampling.SMOTENC : Interpolation over mixed tables.

    Notes
    -----
    A class that must receive synthetic rows needs at least
    ``MIN_CLASS_ROWS = 5`` training rows; with fewer, the generator can only
    reproduce near copies of those rows, so :meth:`fit_resample` raises a
    ``ValueError`` naming the class and its count. Classes that are not
    over-sampled may be of any size.

    ``fit`` only validates the data and computes ``sampling_strategy_``, as
    in every imbalanced-learn sampler; training happens in
    :meth:`fit_resample`, which pipelines call on training data only.

    To augment every class rather than balance them (for a table that is
    small rather than imbalanced), give a callable ``sampling_strategy``
    that returns a target for every class, for example 50% more rows each::

        def half_more(y):
            return {{c: n + round(0.5 * n) for c, n in Counter(y).items()}}

        GANOverSampler(sampling_strategy=half_more)

    or call :func:`augment`, which does this and also accepts a table
    without labels.

    Examples
    --------
    >>> from collections import Counter
    >>> import numpy as np, pandas as pd
    >>> from skgan import GANOverSampler, GANSampler
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame({{"amount": rng.gamma(2.0, 50.0, 120).round(2),
    ...                   "channel": rng.choice(["web", "shop"], 120)}})
    >>> y = pd.Series(["ok"] * 100 + ["fraud"] * 20, name="label")
    >>> gan = GANSampler(epochs=2, batch_size=40, pac=2, generator_dims=(16,),
    ...                  discriminator_dims=(16,), latent_dim=8, n_modes=2)
    >>> X_res, y_res = GANOverSampler(gan, random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [('fraud', 100), ('ok', 100)]
    >>> list(X_res.columns), y_res.name
    (['amount', 'channel'], 'label')
    """

    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "sampler": [HasMethods(["fit", "sample"]), None],
    }

    def __init__(self, sampler=None, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.sampler = sampler
        self.random_state = random_state

    def _check_X_y(self, X, y, accept_sparse=None):
        # Keep DataFrames as they are (mixed dtypes, NaN, strings): the
        # sampler validates columns itself. Columns of a sparse dtype are
        # densified; the base class casts the output back to their dtypes.
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        if isinstance(X, pd.DataFrame):
            sparse = [c for c, d in X.dtypes.items() if isinstance(d, pd.SparseDtype)]
            if sparse:
                X = X.astype({c: X[c].dtype.subtype for c in sparse})
        else:
            X = check_array(
                X, dtype=None, accept_sparse=False, ensure_all_finite=False, input_name="X"
            )
        named = X
        if isinstance(X, pd.DataFrame) and len({isinstance(c, str) for c in X.columns}) > 1:
            # scikit-learn refuses labels mixing strings and other types;
            # validate such a table by position, as GANSampler does.
            named = X.set_axis(range(X.shape[1]), axis=1)
        validate_data(self, X=named, y=y, reset=True, skip_check_array=True)
        return X, y, binarize_y

    def _fit_resample(self, X, y):
        counts = Counter(y)
        needed = {c: n for c, n in self.sampling_strategy_.items() if n > 0}
        too_small = {c: counts[c] for c in needed if counts[c] < MIN_CLASS_ROWS}
        if too_small:
            listed = ", ".join(f"{c!r} ({n} rows)" for c, n in too_small.items())
            raise ValueError(
                f"GANOverSampler needs at least {MIN_CLASS_ROWS} rows of each "
                f"class it over-samples; class(es) {listed} have fewer. Collect "
                "more rows, merge the class with another, or leave it out of "
                "sampling_strategy."
            )
        rng = check_random_state(self.random_state)
        sampler = GANSampler() if self.sampler is None else clone(self.sampler)
        if self.random_state is not None:
            sampler.set_params(random_state=int(rng.randint(2**31 - 1)))
        # GANSampler cannot yet return an object ndarray of strings (pandas
        # infers a string dtype that numpy does not know): fit such arrays as
        # a DataFrame and convert the rows back below.
        as_frame = isinstance(X, np.ndarray) and X.dtype == object
        self.sampler_ = sampler.fit(pd.DataFrame(X) if as_frame else X, y)
        if not needed:
            return X, y
        labels = np.concatenate(
            [np.full(n, c, dtype=y.dtype) for c, n in needed.items()]
        )
        draw_seed = None if self.random_state is None else int(rng.randint(2**31 - 1))
        X_new = self.sampler_.sample(len(labels), y=labels, random_state=draw_seed)
        if isinstance(X, pd.DataFrame):
            X_res = pd.concat([X, X_new], ignore_index=True)
        else:
            X_new = X_new.to_numpy(dtype=object) if as_frame else X_new
            X_res = np.concatenate([X, X_new.astype(X.dtype, copy=False)])
        return X_res, np.concatenate([y, labels])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        tags.non_deterministic = False
        return tags


GANOverSampler.__doc__ = GANOverSampler.__doc__.format(
    sampling_strategy=BaseOverSampler._sampling_strategy_docstring
)


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like", None],
        "fraction": [Interval(numbers.Real, 0, None, closed="neither")],
        "sampler": [HasMethods(["fit", "sample"]), None],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def augment(X, y=None, *, fraction=0.5, sampler=None, random_state=None):
    """Add synthetic rows to every class of a table, or to an unlabelled one.

    For data that is small rather than imbalanced: each class ``c`` with
    ``n_c`` rows gains ``round(fraction * n_c)`` synthetic rows, so class
    proportions stay as they were. Without ``y``, the table gains
    ``round(fraction * n_rows)`` rows. The original rows come first.

    Parameters
    ----------
    X : {array-like, DataFrame} of shape (n_samples, n_features)
        The table.
    y : array-like of shape (n_samples,), default=None
        Class labels. With labels, one conditional sampler is fit on
        ``(X, y)`` as in :class:`GANOverSampler`, and each class needs at
        least 5 rows; without, the sampler is fit on ``X`` alone.
    fraction : float, default=0.5
        Synthetic rows to add, as a fraction of each class's size (0.5: half
        as many again; 2.0: three times the data in all).
    sampler : GANSampler, default=None
        The sampler to clone and fit; None means ``GANSampler()``.
    random_state : int, RandomState instance or None, default=None
        Seeds the sampler and the draw; None keeps the sampler's own seed.

    Returns
    -------
    X_augmented : DataFrame or ndarray
        ``X`` followed by the synthetic rows, of the type, columns and dtypes
        of ``X``.
    y_augmented : Series or ndarray
        The labels of ``X_augmented``, of the type of ``y``; only when ``y``
        is given.

    See Also
    --------
    GANOverSampler : Over-sample chosen classes, as a pipeline step.

    Examples
    --------
    >>> import numpy as np
    >>> from skgan import GANSampler, augment
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(60, 3)), np.repeat([0, 1], [40, 20])
    >>> gan = GANSampler(epochs=1, batch_size=20, pac=2, generator_dims=(16,),
    ...                  discriminator_dims=(16,), latent_dim=8, n_modes=2)
    >>> X_aug, y_aug = augment(X, y, fraction=0.5, sampler=gan, random_state=0)
    >>> X_aug.shape, np.bincount(y_aug).tolist()
    ((90, 3), [60, 30])
    """
    if y is not None:
        over = GANOverSampler(
            sampler,
            sampling_strategy=_GrowEveryClass(fraction),
            random_state=random_state,
        )
        return over.fit_resample(X, y)
    rng = check_random_state(random_state)
    model = GANSampler() if sampler is None else clone(sampler)
    if random_state is not None:
        model.set_params(random_state=int(rng.randint(2**31 - 1)))
    if not isinstance(X, pd.DataFrame):
        X = check_array(X, dtype=None, ensure_all_finite=False, input_name="X")
    # Object arrays go in as a DataFrame, as in GANOverSampler._fit_resample.
    as_frame = isinstance(X, np.ndarray) and X.dtype == object
    model.fit(pd.DataFrame(X) if as_frame else X)
    n_new = int(round(fraction * len(X)))
    seed = None if random_state is None else int(rng.randint(2**31 - 1))
    X_new = model.sample(n_new, random_state=seed)
    if isinstance(X, pd.DataFrame):
        return pd.concat([X, X_new], ignore_index=True)
    X_new = X_new.to_numpy(dtype=object) if as_frame else X_new
    return np.concatenate([X, X_new.astype(X.dtype, copy=False)])


class _GrowEveryClass:
    """A ``sampling_strategy`` callable: every class grows by ``fraction``.

    A class rather than a closure, so that a sampler that holds it pickles.
    """

    def __init__(self, fraction):
        self.fraction = fraction

    def __call__(self, y):
        return {c: n + int(round(self.fraction * n)) for c, n in Counter(y).items()}
