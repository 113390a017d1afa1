"""GANSampler: learn a table's distribution with a GAN and sample new rows."""

import copy
import functools
import numbers
import warnings

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from ._encoding import TableEncoder, _is_categorical_dtype, _is_datetime_like
from ._networks import (
    Discriminator,
    Generator,
    OutputLayout,
    apply_activations,
    autocast,
    init_parameters,
    resolve_precision,
)
from ._parallel import torch_threads
from ._training import ConditionalSampler, _TrainingMixin

# Rows generated per forward pass: large on accelerators; on the CPU a batch
# whose activations stay in cache is faster than a large one.
_SAMPLE_BATCH = {"cpu": 8_192}
_DEFAULT_SAMPLE_BATCH = 65_536
# Largest number of rows score() compares.
_SCORE_ROWS = 2_000
# Label of the internal column that holds y when fit is given labels.
_TARGET = "__skgan_target__"
# Rounds of rejection sampling before conditioned cells are overwritten.
_CONDITION_ROUNDS = 10
# Share of training batches conditioned on y, for a sampler fit with y (the
# other categorical columns share the rest). Drawing the condition column
# uniformly instead left y to 1/k of the batches, and the rows generated for
# a class followed it poorly (benchmarks/oversampling.py on Adult: PR-AUC
# 0.24 uniform, 0.30 with half the batches).
_TARGET_SHARE = 0.5


def resolve_device(device):
    """The torch device for a ``device`` parameter value.

    ``"auto"`` picks CUDA, then Apple MPS, then the CPU. An explicit device
    that this machine lacks raises a ``ValueError``.
    """
    if isinstance(device, torch.device):
        device = str(device)
    if device == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError) as exc:
        raise ValueError(
            f"device={device!r} is not a device name; use 'auto', 'cpu', "
            "'cuda', 'cuda:N' or 'mps'."
        ) from exc
    if resolved.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(
                f"device={device!r} was requested but CUDA is not available "
                "on this machine; use device='cpu' or device='auto'."
            )
        index = resolved.index or 0
        if index >= torch.cuda.device_count():
            raise ValueError(
                f"device={device!r} was requested but this machine has "
                f"{torch.cuda.device_count()} CUDA device(s)."
            )
    elif resolved.type == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise ValueError(
                f"device={device!r} was requested but Apple MPS is not "
                "available on this machine; use device='cpu' or device='auto'."
            )
    elif resolved.type != "cpu":
        raise ValueError(
            f"device={device!r} is not supported; use 'auto', 'cpu', 'cuda', "
            "'cuda:N' or 'mps'."
        )
    return resolved


def _all_or_nothing(fit):
    """Make ``fit`` leave the estimator as it was when it raises.

    An error or a KeyboardInterrupt outside the epochs (where an interrupt
    is caught and keeps the model trained so far) restores the attributes
    and, for a warm start, the weights and optimizer states from before the
    call, so that a fitted estimator is never half-written: a failed first
    fit leaves it unfitted.
    """

    @functools.wraps(fit)
    def wrapper(self, X, y=None):
        state = dict(vars(self))
        weights = {}
        if self.warm_start and "generator_" in state:
            state["history_"] = list(state["history_"])
            weights = {
                name: copy.deepcopy(state[name].state_dict())
                for name in _TORCH_STATE
            }
        try:
            return fit(self, X, y)
        except BaseException:
            vars(self).clear()
            vars(self).update(state)
            if weights:
                self.generator_.to(self.device_)
                self.discriminator_.to(self.device_)
                for name, saved in weights.items():
                    getattr(self, name).load_state_dict(saved)
            raise

    return wrapper


_TORCH_STATE = (
    "generator_",
    "discriminator_",
    "generator_optimizer_",
    "discriminator_optimizer_",
)


class GANSampler(_TrainingMixin, BaseEstimator):
    """Learn the distribution of a table with a conditional GAN and sample rows.

    The table is encoded column by column (mode-specific normalisation for
    numbers, one-hot for categories, an indicator for missing values), and a
    conditional generator is trained against a PacGAN critic with training by
    sampling, so that rare categories are learned, following CTGAN (Xu et al.,
    2019). Sampled rows have the training columns, dtypes and ranges.

    Parameters
    ----------
    generator_dims : tuple of int, default=(256, 256)
        Width of each residual block of the generator.
    discriminator_dims : tuple of int, default=(256, 256)
        Width of each hidden layer of the discriminator.
    latent_dim : int, default=128
        Dimension of the generator's input noise.
    loss : {"wgan-gp", "bce"}, default="wgan-gp"
        ``"wgan-gp"``: Wasserstein loss with gradient penalty. ``"bce"``: the
        original minimax GAN (binary cross-entropy, non-saturating generator
        loss).
    pac : int, default=10
        Number of rows the discriminator judges together (PacGAN);
        ``batch_size`` must be a multiple of it.
    epochs : int, default=300
        Number of passes over the training rows.
    batch_size : int, default=500
        Rows per training step. Batches are drawn with replacement, so a
        table smaller than a batch still trains.
    generator_lr : float, default=2e-4
        Adam learning rate of the generator.
    discriminator_lr : float, default=2e-4
        Adam learning rate of the discriminator.
    generator_decay : float, default=1e-6
        Adam weight decay of the generator.
    discriminator_decay : float, default=1e-6
        Adam weight decay of the discriminator.
    discriminator_steps : int, default=1
        Critic updates per generator update.
    categorical_features : "auto", array-like of str or int, or boolean mask, \
            default="auto"
        Columns to treat as categorical, in addition to those whose dtype is
        ``object``, ``string``, ``category`` or ``bool`` (which always are).
        Names, positional indices or a boolean mask of length
        ``n_features_in_``.
    numeric_transformer : {"mode", "quantile", "standard"} or transformer, \
            default="mode"
        Scaler of numeric columns: mode-specific normalisation with a
        Bayesian Gaussian mixture per column, a normal quantile transform,
        standard scaling, or any scikit-learn transformer that implements
        ``inverse_transform`` (cloned for each column).
    n_modes : int, default=10
        Largest number of mixture modes per numeric column for
        ``numeric_transformer="mode"``.
    clip : bool, default=True
        Keep sampled numbers within each column's training minimum and
        maximum.
    device : str or torch.device, default="auto"
        ``"auto"`` picks CUDA, then Apple MPS, then the CPU; ``"cpu"``,
        ``"cuda"``, ``"cuda:N"`` and ``"mps"`` are honoured or rejected.
        Read by ``fit`` (into ``device_``); changed after fit, it takes
        effect at the next ``fit``, and a warm start moves the trained
        networks there. ``sample`` runs on ``device_``.
    random_state : int, RandomState instance or None, default=None
        Seeds the encoder, the networks, training and, unless ``sample`` is
        given its own, sampling. On the CPU the same seed and data give the
        same model and samples.
    verbose : int, default=0
        ``1`` shows a progress bar with the losses, ``2`` also a line per
        epoch.
    warm_start : bool, default=False
        When True, ``fit`` continues training the fitted networks for
        ``epochs`` more epochs on the new data (same columns), keeping the
        encoder.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the rows, compute :meth:`score`
        on them after every epoch, stop when it has not improved for
        ``n_iter_no_change`` epochs, and keep the weights of the best epoch.
    validation_fraction : float, default=0.1
        Share of rows held out for early stopping.
    n_iter_no_change : int, default=10
        Epochs without improvement of the validation score before stopping.
    precision : {"auto", "float32", "bfloat16"}, default="auto"
        Floating-point type of the networks' matrix products, in training and
        sampling. ``"bfloat16"`` runs them under bfloat16 autocast (about
        twice as fast where the hardware has bfloat16 units; weights,
        optimizer state, losses and output activations stay float32);
        ``"auto"`` picks it on CUDA devices that support it and on CPUs with
        AVX512-BF16 or AMX, and ``"float32"`` elsewhere.

    Attributes
    ----------
    encoder_ : TableEncoder
        The fitted table encoder (a scikit-learn transformer).
    generator_ : torch.nn.Module
        The generator network.
    discriminator_ : torch.nn.Module
        The discriminator network.
    generator_optimizer_, discriminator_optimizer_ : torch.optim.Optimizer
        Their optimizers, kept so training can continue.
    history_ : list of dict
        Per epoch: ``epoch``, ``discriminator_loss``, ``generator_loss``,
        ``duration`` (seconds).
    validation_scores_ : list of float
        Validation score after each epoch (only with ``early_stopping``).
    best_validation_score_ : float
        Best validation score; its weights are the ones kept (only with
        ``early_stopping``).
    n_iter_ : int
        Number of epochs trained.
    device_ : torch.device
        The device the networks live on.
    precision_ : {"float32", "bfloat16"}
        The precision ``precision`` resolved to on ``device_``.
    categorical_features_ : list
        Names (or positions, for arrays) of the categorical columns.
    n_features_in_ : int
        Number of columns seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column names seen during fit, when they are all strings.

    See Also
    --------
    sklearn.neighbors.KernelDensity : Another estimator with ``sample``.

    References
    ----------
    .. [1] L. Xu, M. Skoularidou, A. Cuesta-Infante and K. Veeramachaneni,
       "Modeling Tabular Data using Conditional GAN", NeurIPS 2019.
    .. [2] I. Gulrajani et al., "Improved Training of Wasserstein GANs",
       NeurIPS 2017.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skgan import GANSampler
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"age": rng.integers(18, 90, 200),
    ...                    "city": rng.choice(["Oslo", "Lima"], 200)})
    >>> model = GANSampler(epochs=2, batch_size=50, random_state=0).fit(df)
    >>> rows = model.sample(5, random_state=0)
    >>> rows.shape, str(rows["age"].dtype), set(rows["city"]) <= {"Oslo", "Lima"}
    ((5, 2), 'int64', True)
    """

    _parameter_constraints = {
        "generator_dims": ["array-like"],
        "discriminator_dims": ["array-like"],
        "latent_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "loss": [StrOptions({"wgan-gp", "bce"})],
        "pac": [Interval(numbers.Integral, 1, None, closed="left")],
        "epochs": [Interval(numbers.Integral, 0, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 2, None, closed="left")],
        "generator_lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "discriminator_lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "generator_decay": [Interval(numbers.Real, 0, None, closed="left")],
        "discriminator_decay": [Interval(numbers.Real, 0, None, closed="left")],
        "discriminator_steps": [Interval(numbers.Integral, 1, None, closed="left")],
        "categorical_features": [StrOptions({"auto"}), "array-like"],
        "numeric_transformer": [
            StrOptions({"mode", "quantile", "standard"}),
            HasMethods(["fit", "transform", "inverse_transform"]),
        ],
        "n_modes": [Interval(numbers.Integral, 1, None, closed="left")],
        "clip": ["boolean"],
        "device": [str, torch.device],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(numbers.Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(numbers.Integral, 1, None, closed="left")],
        "precision": [StrOptions({"auto", "float32", "bfloat16"})],
    }

    def __init__(
        self,
        *,
        generator_dims=(256, 256),
        discriminator_dims=(256, 256),
        latent_dim=128,
        loss="wgan-gp",
        pac=10,
        epochs=300,
        batch_size=500,
        generator_lr=2e-4,
        discriminator_lr=2e-4,
        generator_decay=1e-6,
        discriminator_decay=1e-6,
        discriminator_steps=1,
        categorical_features="auto",
        numeric_transformer="mode",
        n_modes=10,
        clip=True,
        device="auto",
        random_state=None,
        verbose=0,
        warm_start=False,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=10,
        precision="auto",
    ):
        self.generator_dims = generator_dims
        self.discriminator_dims = discriminator_dims
        self.latent_dim = latent_dim
        self.loss = loss
        self.pac = pac
        self.epochs = epochs
        self.batch_size = batch_size
        self.generator_lr = generator_lr
        self.discriminator_lr = discriminator_lr
        self.generator_decay = generator_decay
        self.discriminator_decay = discriminator_decay
        self.discriminator_steps = discriminator_steps
        self.categorical_features = categorical_features
        self.numeric_transformer = numeric_transformer
        self.n_modes = n_modes
        self.clip = clip
        self.device = device
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.precision = precision

    # ------------------------------------------------------------------ fit

    @_fit_context(prefer_skip_nested_validation=True)
    @_all_or_nothing
    def fit(self, X, y=None):
        """Fit the encoder and train the GAN on a table.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
            The table. DataFrames may mix numbers, categories, booleans,
            datetimes, strings and missing values.
        y : array-like of shape (n_samples,), default=None
            Class labels (ints, strings, bools, categories). When given, the
            sampler learns the distribution of X given y, and ``sample`` can
            generate rows of a chosen class. Half of the training batches are
            conditioned on y, the other half on the categorical columns.

        Returns
        -------
        self : GANSampler
            The fitted sampler.
        """
        self._check_params()
        continuing = self.warm_start and hasattr(self, "generator_")
        frame = self._validate_table(X, reset=not continuing)
        frame = self._attach_target(frame, y, reset=not continuing)
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(2**31 - 1))
        self._validation = None
        if self.early_stopping:
            frame, self._validation = self._split_validation(frame, rng)
        if not continuing:
            self.device_ = resolve_device(self.device)
            self.categorical_features_ = self._categorical_columns(
                frame.drop(columns=[_TARGET]) if self._has_target_ else frame
            )
            self.encoder_ = TableEncoder(
                self.categorical_features_ + ([_TARGET] if self._has_target_ else []),
                numeric_transformer=self.numeric_transformer,
                n_modes=self.n_modes,
                clip=self.clip,
                random_state=seed,
            )
            # One pass over the rows: fitting the encoder already encodes them.
            encoded = self.encoder_.fit_transform(frame)
        else:
            self._move_to(resolve_device(self.device))
            encoded = self.encoder_.transform(frame)
        data = torch.as_tensor(encoded, dtype=torch.float32, device=self.device_)
        conditional = self._conditional_sampler(frame)
        self.precision_ = resolve_precision(self.precision, self.device_)
        generator = torch.Generator(device=self.device_)
        generator.manual_seed(seed)
        if not continuing:
            self._build_networks(conditional.width, generator, data)
            self.history_ = []
        self._sample_random_state_ = np.random.RandomState(rng.randint(2**31 - 1))
        with torch_threads():
            self._fit_loop(data, conditional, self.epochs, generator)
        self._restore_best()
        self.n_iter_ = len(self.history_)
        return self

    # ----------------------------------------------------- early stopping

    def _move_to(self, device):
        """Move the networks and their optimizer states to ``device``."""
        if device == self.device_:
            return
        for network, optimizer in (
            (self.generator_, self.generator_optimizer_),
            (self.discriminator_, self.discriminator_optimizer_),
        ):
            state = optimizer.state_dict()
            network.to(device)
            # Loading casts the moments to the parameters' new device.
            optimizer.load_state_dict(state)
        self.device_ = device
        self._layout = OutputLayout(self.encoder_.spans_, device)
        self._sampling_conditional = None

    def _split_validation(self, frame, rng):
        n_valid = int(round(self.validation_fraction * len(frame)))
        if n_valid < 2 or len(frame) - n_valid < 2:
            raise ValueError(
                f"early_stopping with validation_fraction="
                f"{self.validation_fraction} leaves {n_valid} validation and "
                f"{len(frame) - n_valid} training rows out of {len(frame)}; "
                "each needs at least 2."
            )
        order = rng.permutation(len(frame))
        valid = frame.iloc[np.sort(order[:n_valid])].reset_index(drop=True)
        train = frame.iloc[np.sort(order[n_valid:])].reset_index(drop=True)
        self.validation_scores_ = []
        self.best_validation_score_ = -np.inf
        self._best_state = None
        self._no_improvement = 0
        return train, valid

    def _after_epoch(self, record):
        """Early-stopping hook: score the held-out rows; True stops fit."""
        if self._validation is None:
            return False
        score = self._score_frame(self._validation, with_target=self._has_target_)
        record["validation_score"] = score
        self.validation_scores_.append(score)
        if score > self.best_validation_score_:
            self.best_validation_score_ = score
            self._best_state = copy.deepcopy(self.generator_.state_dict())
            self._no_improvement = 0
            return False
        self._no_improvement += 1
        return self._no_improvement >= self.n_iter_no_change

    def _restore_best(self):
        validation = getattr(self, "_validation", None)
        self._validation = None
        if validation is not None and self._best_state is not None:
            self.generator_.load_state_dict(self._best_state)
        self._best_state = None

    # --------------------------------------------------------------- score

    def score(self, X, y=None):
        """Negative energy distance between X and rows sampled from the model.

        ``min(len(X), 2000)`` rows of ``X`` (a fixed subsample) are compared
        with as many generated rows (a fixed seed) in
        :class:`skgan.metrics.FixedEncoding` fitted on those rows of ``X``:
        numbers standardised with X's mean and standard deviation and clipped
        at 5 standard deviations, categories one-hot and scaled by
        ``1/sqrt(2)``. That space does not depend on the sampler's
        hyperparameters, so scores of different settings are comparable, and
        the score of a fitted model is deterministic. For a sampler fit with
        y, passing ``y`` scores the joint table of X and y (rows generated
        for the same labels). Higher is better; 0 is a perfect match.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
            Real rows, usually held out from training.
        y : array-like of shape (n_samples,), default=None
            Their labels, for a sampler fit with y.

        Returns
        -------
        score : float
            ``-energy_distance``, at most 0.
        """
        check_is_fitted(self, "generator_")
        frame = self._validate_table(X, reset=False)
        with_target = self._has_target_ and y is not None
        if with_target:
            frame = self._attach_target(frame, y, reset=False)
        return self._score_frame(frame, with_target=with_target)

    def _score_frame(self, frame, *, with_target):
        from .metrics import energy_distance

        rng = np.random.RandomState(0)
        if len(frame) > _SCORE_ROWS:
            rows = np.sort(rng.choice(len(frame), _SCORE_ROWS, replace=False))
            frame = frame.iloc[rows].reset_index(drop=True)
        generator = torch.Generator(device=self.device_)
        generator.manual_seed(0)
        labels = frame[_TARGET].to_numpy(dtype=object) if with_target else None
        targets, n = self._condition_codes(len(frame), labels, None, rng)
        encoded = (
            self._generate_conditioned(n, targets, generator, warn=False)
            if targets
            else self._generate_encoded(n, generator)
        )
        synthetic = self.encoder_.inverse_transform(encoded)
        if self._has_target_ and not with_target:
            synthetic = synthetic.drop(columns=[_TARGET])
        real = frame.reset_index(drop=True)
        synthetic.columns = real.columns
        categorical = [
            c for c in self.encoder_.categorical_columns if c in real.columns
        ]
        return -energy_distance(
            real, synthetic, categorical_columns=categorical, max_samples=None
        )

    def _attach_target(self, frame, y, *, reset):
        """Append y to the table as an internal categorical column."""
        if reset:
            self._has_target_ = y is not None
        elif (y is not None) != self._has_target_:
            raise ValueError(
                "warm_start=True needs the same kind of call as the first fit: "
                + ("pass y." if self._has_target_ else "do not pass y.")
            )
        if y is None:
            return frame
        if _TARGET in frame.columns:
            raise ValueError(f"X may not have a column named {_TARGET!r}.")
        if hasattr(y, "sparse") or hasattr(y, "toarray"):
            raise TypeError("Sparse data was passed as y; pass a dense label array.")
        if isinstance(y, pd.DataFrame):
            if y.shape[1] != 1:
                raise ValueError(f"y must be one column of labels; got {y.shape[1]}.")
            y = y.iloc[:, 0]
        if isinstance(y, pd.Series):
            labels = y.reset_index(drop=True)
        else:
            array = np.asarray(y)
            if array.ndim == 2 and array.shape[1] == 1:
                array = array.ravel()
            if array.ndim != 1:
                raise ValueError(
                    f"y must be a 1-D array of labels; got shape {array.shape}."
                )
            labels = pd.Series(array.astype(object) if array.dtype.kind == "U" else array)
        if len(labels) != len(frame):
            raise ValueError(
                f"X and y have different numbers of rows: {len(frame)} and "
                f"{len(labels)}."
            )
        if labels.isna().any():
            raise ValueError(
                f"y has {int(labels.isna().sum())} missing label(s); drop those "
                "rows or give them a label."
            )
        if reset:
            self._y_kind_ = (
                ("series", y.name, y.dtype)
                if isinstance(y, pd.Series)
                else ("array", None, np.asarray(y).dtype)
            )
        frame = frame.copy(deep=False)
        if isinstance(frame.columns, pd.MultiIndex):
            # Tuple labels: a flat index, so that y's column is one label.
            frame.columns = pd.Index(list(frame.columns), dtype=object, tupleize_cols=False)
        frame[_TARGET] = labels.to_numpy(dtype=object) if not isinstance(
            labels.dtype, pd.CategoricalDtype
        ) else labels.array
        if isinstance(labels.dtype, pd.CategoricalDtype):
            frame[_TARGET] = frame[_TARGET].astype(labels.dtype)
        elif not pd.api.types.is_object_dtype(labels.dtype):
            frame[_TARGET] = frame[_TARGET].astype(labels.dtype)
        return frame

    def _check_params(self):
        if self.batch_size % self.pac:
            raise ValueError(
                f"batch_size must be a multiple of pac; got batch_size="
                f"{self.batch_size} and pac={self.pac}."
            )
        for name in ("generator_dims", "discriminator_dims"):
            dims = getattr(self, name)
            if not all(
                isinstance(d, numbers.Integral) and not isinstance(d, bool) and d > 0
                for d in dims
            ):
                raise ValueError(
                    f"{name} must be a sequence of positive integers; got "
                    f"{dims!r}."
                )

    def _validate_table(self, X, *, reset):
        """Check X and return it as a DataFrame with training column labels."""
        if isinstance(X, pd.DataFrame):
            if any(isinstance(d, pd.SparseDtype) for d in X.dtypes):
                raise TypeError(
                    "Sparse data was passed to GANSampler, but dense data is "
                    "required; convert the sparse columns to dense."
                )
            if X.columns.has_duplicates:
                dup = X.columns[X.columns.duplicated()].unique().tolist()
                raise ValueError(f"X has duplicate column names: {dup!r}.")
            labels = {isinstance(c, str) for c in X.columns}
            # scikit-learn refuses labels that mix strings and other types;
            # such a table is validated by position (no feature_names_in_).
            named = X.set_axis(range(X.shape[1]), axis=1) if len(labels) > 1 else X
            validate_data(self, named, skip_check_array=True, reset=reset)
            if X.shape[1] == 0:
                raise ValueError(
                    "Found array with 0 feature(s) (shape=(%d, 0)) while a "
                    "minimum of 1 is required." % X.shape[0]
                )
            frame = X
            input_kind = "frame"
        else:
            array = check_array(
                X,
                dtype=None,
                ensure_all_finite=False,
                ensure_min_samples=1,
                accept_sparse=False,
                input_name="X",
            )
            validate_data(self, array, skip_check_array=True, reset=reset)
            # Keep numpy dtypes: pandas may infer its own (a string dtype
            # for an object array of text) that the output must not take.
            frame = pd.DataFrame(array, dtype=object if array.dtype == object else None)
            input_kind = "array"
        if len(frame) < 2:
            raise ValueError(
                f"GANSampler needs at least 2 rows to learn a distribution; "
                f"got {len(frame)} sample(s) (n_samples = {len(frame)})."
            )
        for column in frame.columns:
            self._check_column(frame[column], column)
        if reset:
            self._input_kind_ = input_kind
            self._array_dtype_ = array.dtype if input_kind == "array" else None
        elif input_kind == "frame" and self._input_kind_ == "frame":
            # The encoder also holds y's internal column; X never does.
            expected = [c for c in self.encoder_.columns_ if c != _TARGET]
            if list(frame.columns) != expected:
                raise ValueError(
                    "X has different columns from the table seen in fit; "
                    f"expected {expected!r}, got {list(frame.columns)!r}."
                )
        return frame

    @staticmethod
    def _check_column(series, column):
        dtype = series.dtype
        if pd.api.types.is_complex_dtype(dtype):
            raise ValueError(f"Complex data not supported: column {column!r}.")
        missing = series.isna()
        if missing.all():
            raise ValueError(
                f"column {column!r} has only missing values; drop it before fit."
            )
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(
            dtype
        ):
            values = series.to_numpy(dtype=np.float64, na_value=np.nan)
            n_inf = int(np.isinf(values).sum())
            if n_inf:
                raise ValueError(
                    f"column {column!r} has {n_inf} infinite value(s); replace "
                    "them with finite numbers or NaN before fit."
                )
        elif pd.api.types.is_object_dtype(dtype):
            numbers_ = series[~missing]
            is_float = numbers_.map(lambda v: isinstance(v, (float, np.floating)))
            if is_float.any() and np.isinf(numbers_[is_float].astype(float)).any():
                raise ValueError(
                    f"column {column!r} has infinite value(s); replace them "
                    "before fit."
                )
            if numbers_.map(lambda v: isinstance(v, (complex, np.complexfloating))).any():
                raise ValueError(f"Complex data not supported: column {column!r}.")
        elif not (_is_categorical_dtype(dtype) or _is_datetime_like(dtype)):
            raise TypeError(
                f"column {column!r} has dtype {dtype}, which GANSampler does "
                "not support; convert it to numbers, strings or categories."
            )

    def _categorical_columns(self, frame):
        columns = list(frame.columns)
        auto = [c for c in columns if _is_categorical_dtype(frame[c].dtype)]
        spec = self.categorical_features
        if isinstance(spec, str):
            return auto
        spec = list(np.asarray(spec, dtype=object).reshape(-1)) if not isinstance(
            spec, (list, tuple)
        ) else list(spec)
        chosen = set()
        if spec and all(isinstance(s, (bool, np.bool_)) for s in spec):
            if len(spec) != len(columns):
                raise ValueError(
                    f"categorical_features as a boolean mask must have "
                    f"{len(columns)} entries (one per column); got {len(spec)}."
                )
            chosen = {c for c, flag in zip(columns, spec) if flag}
        else:
            for item in spec:
                if item in columns:
                    chosen.add(item)
                elif isinstance(item, numbers.Integral) and -len(columns) <= item < len(
                    columns
                ):
                    chosen.add(columns[item])
                else:
                    raise ValueError(
                        f"categorical_features names {item!r}, which is not a "
                        f"column of X; the columns are {columns!r}."
                    )
        return [c for c in columns if c in chosen or c in set(auto)]

    def _conditional_sampler(self, frame=None):
        """Training-by-sampling over the discrete blocks of the encoding.

        The conditions are the categorical columns and the missing-value
        indicators of numeric columns that have missing values. With
        ``frame``, the sampler can also draw real rows of ``frame``; without,
        it only draws conditions at the training frequencies.
        """
        encoders = self.encoder_.column_encoders_
        categorical = set(self.encoder_.categorical_columns)
        self._condition_columns_ = [
            c for c in self.encoder_.columns_ if c in categorical
        ]
        codes, counts, positions = [], [], []
        # (column position, slice of the condition block in the encoding)
        self._conditions_ = []
        offset = 0
        for index, (column, encoder) in enumerate(
            zip(self.encoder_.columns_, encoders)
        ):
            if column in categorical:
                width = encoder.n_codes_
            elif encoder.has_missing_:
                width = 2
            else:
                offset += sum(span.width for span in encoder.spans_)
                continue
            block = slice(offset + sum(s.width for s in encoder.spans_) - width,
                          offset + sum(s.width for s in encoder.spans_))
            offset = block.stop
            self._conditions_.append((index, block))
            positions.extend(range(block.start, block.stop))
            if frame is None:
                counts.append(
                    encoder.counts_ if column in categorical else encoder.missing_counts_
                )
                continue
            if column in categorical:
                column_codes = encoder.codes(frame[column])
                if (column_codes < 0).any():
                    unseen = frame[column][column_codes < 0].iloc[0]
                    raise ValueError(
                        f"column {column!r} holds {unseen!r}, a category not "
                        "seen when the sampler was first fit."
                    )
            else:
                column_codes = frame[column].isna().to_numpy().astype(np.int64)
            codes.append(column_codes)
            counts.append(np.bincount(column_codes, minlength=width))
        codes = np.column_stack(codes) if codes else None
        weights = None
        if self._has_target_ and len(counts) > 1:
            # y is the last condition column.
            rest = (1 - _TARGET_SHARE) / (len(counts) - 1)
            weights = [rest] * (len(counts) - 1) + [_TARGET_SHARE]
        return ConditionalSampler(
            counts,
            np.array(positions, dtype=np.int64),
            self.device_,
            codes=codes,
            column_weights=weights,
        )

    def _init_output_prior(self, data):
        """Start each softmax head at the training frequencies.

        The generator's output bias of every one-hot block (categories,
        mixture modes, missing indicators) is set to the log of the block's
        frequencies in the encoded training data, so that even a briefly
        trained model samples categories and missing values at about the
        right rates; training then refines them.
        """
        index = self._layout.softmax_index.cpu()
        if not len(index):
            return
        frequencies = data[:, index.to(data.device)].mean(dim=0).cpu()
        with torch.no_grad():
            bias = self.generator_.head.bias
            bias[index] = torch.log(frequencies.clamp_min(1e-4)).to(bias.dtype)

    def _build_networks(self, cond_width, generator, data):
        width = self.encoder_.n_encoded_
        self._layout = OutputLayout(self.encoder_.spans_, self.device_)
        # Module constructors draw default weights from the global torch
        # generator; fork it so that its state is left as it was, then draw
        # the real initial weights from this fit's own generator.
        with torch.random.fork_rng(devices=[]):
            self.generator_ = Generator(
                self.latent_dim + cond_width, tuple(self.generator_dims), width
            )
            self.discriminator_ = Discriminator(
                width + cond_width, tuple(self.discriminator_dims), self.pac
            )
        init_parameters(self.generator_, generator)
        init_parameters(self.discriminator_, generator)
        self._init_output_prior(data)
        self.generator_.to(self.device_)
        self.discriminator_.to(self.device_)
        # One fused kernel per optimizer step where torch has one.
        fused = self.device_.type in ("cpu", "cuda")
        self.generator_optimizer_ = torch.optim.Adam(
            self.generator_.parameters(),
            lr=self.generator_lr,
            betas=(0.5, 0.9),
            weight_decay=self.generator_decay,
            fused=fused,
        )
        self.discriminator_optimizer_ = torch.optim.Adam(
            self.discriminator_.parameters(),
            lr=self.discriminator_lr,
            betas=(0.5, 0.9),
            weight_decay=self.discriminator_decay,
            fused=fused,
        )

    # --------------------------------------------------------------- sample

    def sample(
        self,
        n_samples=1,
        *,
        y=None,
        conditions=None,
        return_y=False,
        random_state=None,
    ):
        """Generate synthetic rows.

        Parameters
        ----------
        n_samples : int, default=1
            Number of rows to generate. Ignored when ``y`` is an array (one
            row per label); it must then be 1 or ``len(y)``.
        y : label or array-like of labels, default=None
            Only for a sampler fit with ``y``. A single label gives
            ``n_samples`` rows of that class, an array one row per label;
            None draws labels at the training class frequencies or, with
            ``conditions``, generates them with the rows, so that they follow
            the conditioned subpopulation.
        conditions : dict, default=None
            ``{column: value}`` for categorical columns: every row carries
            these values and its other columns follow the rows of that
            subpopulation. Rows are generated with the condition in the
            generator's conditional vector and kept when the generated cells
            agree; after several rounds, cells that still disagree are set to
            the condition (with a warning when that concerns over 10% of the
            rows: train longer).
        return_y : bool, default=False
            Also return the rows' labels (a sampler fit with ``y`` only).
        random_state : int, RandomState instance or None, default=None
            Seeds this draw. With None, draws continue a stream seeded at
            ``fit`` from the estimator's ``random_state``.

        Returns
        -------
        X : DataFrame or ndarray of shape (n_samples, `n_features_in_`)
            A DataFrame with the training columns, in order and with their
            dtypes, when fit on a DataFrame; otherwise an ndarray of the
            training dtype.
        y : Series or ndarray of shape (n_samples,)
            The labels, of the type and dtype of the ``y`` seen in fit; only
            with ``return_y=True``.
        """
        check_is_fitted(self, "generator_")
        if return_y and not self._has_target_:
            raise ValueError("return_y=True needs a sampler fit with y.")
        n_samples = _check_n_samples(n_samples)
        rng = (
            self._sample_random_state_
            if random_state is None
            else check_random_state(random_state)
        )
        generator = torch.Generator(device=self.device_)
        generator.manual_seed(int(rng.randint(2**31 - 1)))
        targets, n_samples = self._condition_codes(n_samples, y, conditions, rng)
        if targets:
            encoded = self._generate_conditioned(n_samples, targets, generator)
        else:
            encoded = self._generate_encoded(n_samples, generator)
        return self._decode(encoded, return_y=return_y)

    def _condition_codes(self, n_samples, y, conditions, rng):
        """Map ``y`` and ``conditions`` to {column position: codes per row}."""
        columns = list(self.encoder_.columns_)
        encoders = self.encoder_.column_encoders_
        targets = {}
        if y is not None and not self._has_target_:
            raise ValueError("y can only be given to a sampler fit with y.")
        # With conditions and no y, labels are generated with the rows, so
        # they follow the conditioned subpopulation rather than the marginal
        # class frequencies (which would reject rare label-value pairs).
        if self._has_target_ and (y is not None or not conditions):
            position = columns.index(_TARGET)
            encoder = encoders[position]
            if y is None:
                # Labels at the training class frequencies.
                probs = encoder.counts_ / encoder.counts_.sum()
                codes = rng.choice(len(probs), size=n_samples, p=probs)
            else:
                labels = np.atleast_1d(np.asarray(y, dtype=object))
                if np.ndim(y) == 0:
                    labels = np.repeat(labels, n_samples)
                elif n_samples not in (1, len(labels)):
                    raise ValueError(
                        f"y holds {len(labels)} labels but n_samples="
                        f"{n_samples}; pass one or the other."
                    )
                n_samples = len(labels)
                codes = self._codes_of(encoder, labels, "label", "classes")
            targets[position] = codes
        for column, value in (conditions or {}).items():
            if column == _TARGET or column not in columns:
                known = [c for c in columns if c != _TARGET]
                raise ValueError(
                    f"conditions names {column!r}, which is not a column; the "
                    f"columns are {known!r}."
                )
            if column not in self._condition_columns_:
                known = [c for c in self._condition_columns_ if c != _TARGET]
                raise ValueError(
                    f"conditions can only fix categorical columns; {column!r} is "
                    f"numeric. The categorical columns are {known!r}."
                )
            position = columns.index(column)
            values = np.repeat(np.array([value], dtype=object), n_samples)
            targets[position] = self._codes_of(
                encoders[position], values, f"value of column {column!r}", "values"
            )
        return targets, n_samples

    @staticmethod
    def _codes_of(encoder, values, what, plural):
        codes = encoder.codes(pd.Series(values, dtype=object))
        if (codes < 0).any():
            bad = values[np.flatnonzero(codes < 0)[0]]
            known = list(encoder.categories_) + ([None] if encoder.has_missing_ else [])
            raise ValueError(
                f"unknown {what} {bad!r}; the known {plural} are "
                f"{', '.join(repr(k) for k in known)}."
            )
        return codes

    def _generate_conditioned(self, n_samples, targets, generator, warn=True):
        """Rejection sampling on conditioned columns, overwrite as a fallback."""
        conditional = self._sampling_conditions()
        slices = self.encoder_.block_slices()
        positions = list(targets)
        condition_of = {p: j for j, (p, _) in enumerate(self._conditions_)}
        offsets = {p: int(conditional.offsets[condition_of[p]]) for p in positions}
        codes = np.column_stack([targets[p] for p in positions])
        out = np.zeros((n_samples, self.encoder_.n_encoded_), dtype=np.float32)
        pending = np.arange(n_samples)
        for round_ in range(_CONDITION_ROUNDS + 1):
            if not len(pending):
                break
            # Each pending row conditions on one of its fixed columns.
            which = torch.randint(
                len(positions), (len(pending),), generator=generator,
                device=self.device_,
            ).cpu().numpy()
            ids = np.array([offsets[p] for p in positions])[which] + codes[
                pending, which
            ]
            rows = self._generate_encoded(
                len(pending),
                generator,
                cond_ids=torch.as_tensor(ids, device=self.device_),
            )
            if round_ == _CONDITION_ROUNDS:
                break
            match = np.ones(len(pending), dtype=bool)
            for j, p in enumerate(positions):
                match &= rows[:, slices[p]].argmax(axis=1) == codes[pending, j]
            out[pending[match]] = rows[match]
            pending = pending[~match]
        if len(pending):
            for j, p in enumerate(positions):
                block = np.zeros((len(pending), slices[p].stop - slices[p].start))
                block[np.arange(len(pending)), codes[pending, j]] = 1.0
                rows[:, slices[p]] = block
            out[pending] = rows
            if warn and len(pending) > 0.1 * n_samples:
                warnings.warn(
                    f"{len(pending)} of {n_samples} conditioned rows did not "
                    f"match their condition after {_CONDITION_ROUNDS} rounds "
                    "and had the conditioned cells set; train longer for rows "
                    "that follow the subpopulation more closely.",
                    UserWarning,
                    stacklevel=3,
                )
        return out

    def _generate_encoded(self, n_samples, generator, cond_ids=None):
        """Encoded rows (hard one-hot categories) as a float32 ndarray."""
        conditional = self._sampling_conditions()
        # Filled batch by batch: no list of blocks and no concatenated copy.
        out = np.empty((n_samples, self.encoder_.n_encoded_), dtype=np.float32)
        was_training = self.generator_.training
        self.generator_.eval()
        try:
            with torch.no_grad(), autocast(self.device_, self.precision_):
                step = _SAMPLE_BATCH.get(self.device_.type, _DEFAULT_SAMPLE_BATCH)
                for start in range(0, n_samples, step):
                    n = min(step, n_samples - start)
                    cond = None
                    if conditional is not None:
                        ids = (
                            conditional.draw_ids(n, generator, training=False)
                            if cond_ids is None
                            else cond_ids[start : start + n]
                        )
                        cond = conditional.one_hot(ids)
                    raw = self._generate_raw(n, cond, generator)
                    rows = apply_activations(
                        raw, self._layout, generator=generator, hard=True
                    )
                    out[start : start + n] = rows.cpu().numpy()
        finally:
            self.generator_.train(was_training)
        return out

    def _sampling_conditions(self):
        """Conditions at the training frequencies (cached per device)."""
        if not self._conditions_:
            return None
        cached = getattr(self, "_sampling_conditional", None)
        if cached is None or cached.device != self.device_:
            cached = self._conditional_sampler()
            self._sampling_conditional = cached
        return cached

    def _decode(self, encoded, *, return_y=False):
        frame = self.encoder_.inverse_transform(encoded)
        labels = None
        if self._has_target_:
            labels = frame.pop(_TARGET)
        if self._input_kind_ == "array":
            frame = frame.to_numpy(dtype=self._array_dtype_)
        if not return_y:
            return frame
        kind, name, dtype = self._y_kind_
        if kind == "series":
            return frame, labels.rename(name)
        return frame, labels.to_numpy(dtype=object).astype(dtype)

    # ------------------------------------------------------------- pickling

    def __getstate__(self):
        state = dict(super().__getstate__())
        state.pop("_sampling_conditional", None)
        state.pop("_layout", None)
        if "generator_" in state:
            # Weights travel on the CPU, so a GPU model loads anywhere.
            for name in ("generator_", "discriminator_"):
                state[name] = copy.deepcopy(state[name]).to("cpu")
            for name in ("generator_optimizer_", "discriminator_optimizer_"):
                state[name] = _optimizer_state_to_cpu(state[name].state_dict())
        return state

    def __setstate__(self, state):
        state = dict(state)
        fitted = "generator_" in state
        if fitted:
            device = state["device_"]
            if not _device_available(device):
                warnings.warn(
                    f"This GANSampler was trained on {device}, which this "
                    "machine lacks; it is loaded on the CPU.",
                    UserWarning,
                    stacklevel=2,
                )
                device = torch.device("cpu")
            state["device_"] = device
        optimizer_states = {
            name: state.pop(name)
            for name in ("generator_optimizer_", "discriminator_optimizer_")
            if name in state
        }
        super().__setstate__(state)
        if fitted:
            self.generator_.to(self.device_)
            self.discriminator_.to(self.device_)
            self._layout = OutputLayout(self.encoder_.spans_, self.device_)
            self.generator_optimizer_ = torch.optim.Adam(
                self.generator_.parameters(), lr=self.generator_lr
            )
            self.discriminator_optimizer_ = torch.optim.Adam(
                self.discriminator_.parameters(), lr=self.discriminator_lr
            )
            self.generator_optimizer_.load_state_dict(
                optimizer_states["generator_optimizer_"]
            )
            self.discriminator_optimizer_.load_state_dict(
                optimizer_states["discriminator_optimizer_"]
            )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.categorical = True
        tags.non_deterministic = False
        return tags


def _check_n_samples(n_samples):
    if isinstance(n_samples, (bool, np.bool_)) or not isinstance(
        n_samples, numbers.Integral
    ):
        raise TypeError(
            f"n_samples must be a non-negative integer; got {n_samples!r}."
        )
    if n_samples < 0:
        raise ValueError(
            f"n_samples must be a non-negative integer; got {n_samples!r}."
        )
    return int(n_samples)


def _device_available(device):
    device = torch.device(device)
    if device.type == "cuda":
        return torch.cuda.is_available() and (device.index or 0) < (
            torch.cuda.device_count()
        )
    if device.type == "mps":
        mps = getattr(torch.backends, "mps", None)
        return mps is not None and mps.is_available()
    return True


def _optimizer_state_to_cpu(state_dict):
    def to_cpu(value):
        if isinstance(value, torch.Tensor):
            return value.to("cpu")
        if isinstance(value, dict):
            return {k: to_cpu(v) for k, v in value.items()}
        if isinstance(value, list):
            return [to_cpu(v) for v in value]
        return value

    return to_cpu(state_dict)
