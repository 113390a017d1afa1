"""Save and load fitted samplers in a format whose loading runs no code.

A model file is a zip archive of three members:

``manifest.json``
    The format name and version, the skgan version that wrote it, and the
    SHA-256 of the two other members.
``model.json``
    The estimator's parameters and learned state, described in JSON: per
    column the encoder's dtype, range, mixture means/stds/weights, point
    masses, categories (tagged with their Python types) and so on; network
    shapes and optimizer settings.
``arrays.safetensors``
    Network weights, optimizer moments and numeric arrays, as safetensors.

Loading parses JSON and safetensors only; objects are rebuilt from an
allow-list of skgan and scikit-learn classes by setting their attributes, so
no pickle is read and no code named by the file is run. Anything else in the
archive, an unknown class, a version this skgan cannot read, a member whose
checksum does not match or weights of the wrong shape is refused with a
``ValueError``. The checksums catch damaged or hand-edited files; they are
not a signature (whoever can write the file can recompute them).
"""

import hashlib
import json
import math
import numbers
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import QuantileTransformer, StandardScaler

from ._encoding import (
    CategoricalColumnEncoder,
    ModeSpecificNormalizer,
    NumericColumnEncoder,
    Span,
    TableEncoder,
)
from ._networks import Discriminator, Generator, OutputLayout
from ._oversampler import GANOverSampler, _GrowEveryClass
from ._sampler import GANSampler, _device_available

FORMAT = "skgan-model"
FORMAT_VERSION = 1
_MEMBERS = ("manifest.json", "model.json", "arrays.safetensors")

# The only classes a file may name; each is rebuilt by setting attributes.
_CLASSES = {
    f"{cls.__module__}.{cls.__qualname__}": cls
    for cls in (
        GANSampler,
        GANOverSampler,
        _GrowEveryClass,
        TableEncoder,
        NumericColumnEncoder,
        CategoricalColumnEncoder,
        ModeSpecificNormalizer,
        StandardScaler,
        QuantileTransformer,
        ColumnTransformer,
        Span,
    )
}
# Attributes rebuilt on load rather than stored.
_DERIVED = ("_layout", "_sampling_conditional", "_best_state", "_validation")
_NETWORKS = ("generator_", "discriminator_")
_OPTIMIZERS = {"generator_optimizer_": "generator_", "discriminator_optimizer_": "discriminator_"}


def save(estimator, path):
    """Save a GANSampler or GANOverSampler to ``path`` without pickle.

    Parameters
    ----------
    estimator : GANSampler or GANOverSampler
        Fitted or not. Its parameters and learned state must be describable
        in JSON: a custom ``numeric_transformer`` (other than
        ``StandardScaler`` or ``QuantileTransformer``) raises a
        ``TypeError`` naming it, and nothing is written; pickle such models
        instead.
    path : str or path-like
        The file to write (a zip archive; ``.skgan`` is a good suffix).

    See Also
    --------
    load : Read the file back.

    Examples
    --------
    >>> import numpy as np, skgan, tempfile, os
    >>> X = np.random.default_rng(0).normal(size=(40, 2))
    >>> model = skgan.GANSampler(epochs=1, batch_size=20, pac=2,
    ...                          generator_dims=(8,), discriminator_dims=(8,),
    ...                          latent_dim=4, n_modes=2, random_state=0).fit(X)
    >>> path = os.path.join(tempfile.mkdtemp(), "model.skgan")
    >>> skgan.save(model, path)
    >>> loaded = skgan.load(path)
    >>> bool((loaded.sample(5, random_state=1) == model.sample(5, random_state=1)).all())
    True
    """
    if not isinstance(estimator, (GANSampler, GANOverSampler)):
        raise TypeError(
            "skgan.save writes GANSampler and GANOverSampler estimators; got "
            f"{type(estimator).__name__}."
        )
    writer = _Writer()
    model = json.dumps(writer.encode(estimator, "estimator"), allow_nan=False).encode()
    from safetensors.torch import save as save_tensors

    arrays = save_tensors(writer.tensors) if writer.tensors else b""
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "skgan_version": _skgan_version(),
        "sha256": {
            "model.json": hashlib.sha256(model).hexdigest(),
            "arrays.safetensors": hashlib.sha256(arrays).hexdigest(),
        },
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=1))
        archive.writestr("model.json", model)
        archive.writestr("arrays.safetensors", arrays)


def load(path):
    """Load an estimator written by :func:`save`; no code in the file runs.

    A model trained on a device this machine lacks (a GPU) is loaded on the
    CPU, with a warning.

    Parameters
    ----------
    path : str or path-like
        A file written by :func:`save`.

    Returns
    -------
    estimator : GANSampler or GANOverSampler

    Raises
    ------
    ValueError
        When the file is not a skgan model, has other members, was written
        in a format version this skgan cannot read, fails its checksums, or
        describes anything but the allowed classes and consistent weights.

    See Also
    --------
    save : Write such a file.

    Examples
    --------
    >>> import numpy as np, skgan, tempfile, os
    >>> X = np.random.default_rng(0).normal(size=(40, 2))
    >>> model = skgan.GANSampler(epochs=1, batch_size=20, pac=2,
    ...                          generator_dims=(8,), discriminator_dims=(8,),
    ...                          latent_dim=4, n_modes=2, random_state=0).fit(X)
    >>> path = os.path.join(tempfile.mkdtemp(), "model.skgan")
    >>> skgan.save(model, path)
    >>> loaded = skgan.load(path)
    >>> type(loaded).__name__, loaded.n_iter_
    ('GANSampler', 1)
    """
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ValueError(f"{str(path)!r} is not a skgan model file (not a zip archive).") from exc
    with archive:
        names = sorted(archive.namelist())
        if names != sorted(_MEMBERS):
            extra = sorted(set(names) - set(_MEMBERS))
            raise ValueError(
                f"{str(path)!r} is not a skgan model file: it holds {names!r}; "
                f"expected exactly {list(_MEMBERS)!r}"
                + (f" (refusing {extra!r})." if extra else ".")
            )
        raw = {name: archive.read(name) for name in _MEMBERS}
    try:
        manifest = json.loads(raw["manifest.json"])
    except ValueError as exc:
        raise ValueError(f"{str(path)!r}: manifest.json is not valid JSON.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValueError(f"{str(path)!r} is not a skgan model file.")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise ValueError(
            f"{str(path)!r} was written in skgan model format version "
            f"{version!r} (by skgan {manifest.get('skgan_version')!r}); this "
            f"skgan ({_skgan_version()}) reads version {FORMAT_VERSION}."
        )
    for name in ("model.json", "arrays.safetensors"):
        expected = manifest.get("sha256", {}).get(name)
        if hashlib.sha256(raw[name]).hexdigest() != expected:
            raise ValueError(
                f"{str(path)!r}: {name} does not match its checksum; the file "
                "was changed or damaged after it was saved."
            )
    from safetensors.torch import load as load_tensors

    try:
        tensors = load_tensors(raw["arrays.safetensors"]) if raw["arrays.safetensors"] else {}
    except Exception as exc:
        raise ValueError(f"{str(path)!r}: arrays.safetensors cannot be read ({exc}).") from exc
    reader = _Reader(tensors)
    try:
        estimator = reader.decode(json.loads(raw["model.json"]), "estimator")
    except (KeyError, TypeError, IndexError, RuntimeError, AttributeError) as exc:
        raise ValueError(
            f"{str(path)!r}: model.json does not describe a valid skgan model "
            f"({type(exc).__name__}: {exc})."
        ) from exc
    if not isinstance(estimator, (GANSampler, GANOverSampler)):
        raise ValueError(f"{str(path)!r} does not hold a GANSampler or GANOverSampler.")
    return estimator


def _skgan_version():
    from . import __version__

    return __version__


# --------------------------------------------------------------------------
# Writing: Python values -> JSON, with arrays set aside as tensors.
# --------------------------------------------------------------------------


class _Writer:
    def __init__(self):
        self.tensors = {}

    def tensor(self, value):
        key = f"t{len(self.tensors)}"
        self.tensors[key] = value.detach().to("cpu").contiguous().clone()
        return key

    def encode(self, value, where):
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, int) and not isinstance(value, np.integer):
            return value
        if isinstance(value, float):
            return value if math.isfinite(value) else {"$": "float", "value": repr(value)}
        if isinstance(value, (np.generic,)) and not isinstance(value, (np.datetime64, np.timedelta64)):
            return {"$": "scalar", "dtype": value.dtype.str, "value": self.encode(value.item(), where)}
        if isinstance(value, list):
            return [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, tuple):
            return {"$": "tuple", "items": [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]}
        if isinstance(value, dict):
            return {
                "$": "dict",
                "items": [
                    [self.encode(k, where), self.encode(v, f"{where}[{k!r}]")]
                    for k, v in value.items()
                ],
            }
        if isinstance(value, slice):
            return {"$": "slice", "items": [value.start, value.stop, value.step]}
        if isinstance(value, np.ndarray):
            return self.array(value, where)
        if isinstance(value, np.dtype):
            return {"$": "dtype", "str": value.str}
        if isinstance(value, pd.api.extensions.ExtensionDtype):
            return self.pandas_dtype(value, where)
        if isinstance(value, (pd.Timestamp, pd.Timedelta)):
            return {"$": type(value).__name__.lower(), "value": value.isoformat()}
        if isinstance(value, torch.device):
            return {"$": "device", "str": str(value)}
        if isinstance(value, np.random.RandomState):
            name, keys, pos, has_gauss, cached = value.get_state()
            return {
                "$": "randomstate",
                "keys": self.array(keys, where),
                "pos": int(pos),
                "has_gauss": int(has_gauss),
                "cached": float(cached),
            }
        if isinstance(value, GANSampler):
            return self.sampler(value, where)
        qualified = f"{type(value).__module__}.{type(value).__qualname__}"
        if _CLASSES.get(qualified) is type(value):
            return {"$": "object", "class": qualified, "state": self.state(vars(value), where)}
        raise TypeError(
            f"skgan.save cannot describe {where} (a {qualified}) in JSON; it "
            "supports skgan's estimators with numeric_transformer 'mode', "
            "'quantile', 'standard', StandardScaler or QuantileTransformer. "
            "Save such a model with pickle."
        )

    def state(self, attributes, where):
        return {k: self.encode(v, f"{where}.{k}") for k, v in attributes.items()}

    def array(self, value, where):
        if value.dtype.kind in "biuf" and value.dtype.str[1:] != "f2":
            return {"$": "ndarray", "key": self.tensor(torch.from_numpy(np.ascontiguousarray(value)))}
        if value.dtype.kind in "mM":
            ints = torch.from_numpy(np.ascontiguousarray(value.view(np.int64)))
            return {"$": "ndarray", "key": self.tensor(ints), "view": value.dtype.str}
        items = [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value.reshape(-1).tolist())]
        return {"$": "objarray", "dtype": value.dtype.str, "shape": list(value.shape), "items": items}

    def pandas_dtype(self, dtype, where):
        if isinstance(dtype, pd.CategoricalDtype):
            return {
                "$": "categorical",
                "categories": self.encode(np.asarray(dtype.categories, dtype=object), where),
                "categories_dtype": self.encode(dtype.categories.dtype, where),
                "ordered": bool(dtype.ordered),
            }
        if isinstance(dtype, pd.StringDtype):
            return {
                "$": "string",
                "storage": dtype.storage,
                "na": "NA" if dtype.na_value is pd.NA else "nan",
            }
        name = str(dtype)
        if pd.api.types.pandas_dtype(name) != dtype:
            raise TypeError(f"skgan.save cannot describe the dtype {dtype!r} at {where}.")
        return {"$": "pandas_dtype", "name": name}

    def sampler(self, model, where):
        state = {k: v for k, v in vars(model).items() if k not in _DERIVED}
        out = self.state(
            {k: v for k, v in state.items() if k not in _NETWORKS and k not in _OPTIMIZERS},
            where,
        )
        if "generator_" in state:
            gen, disc = model.generator_, model.discriminator_
            linear = [m for m in gen.modules() if isinstance(m, torch.nn.Linear)]
            out["generator_"] = {
                "$": "generator",
                "args": [linear[0].in_features, list(model.generator_dims), gen.head.out_features],
                "weights": self.module(gen),
            }
            first = disc.hidden[0] if len(disc.hidden) else disc.head
            out["discriminator_"] = {
                "$": "discriminator",
                "args": [first.in_features // disc.pac, list(model.discriminator_dims), disc.pac],
                "dropout": disc.dropout,
                "weights": self.module(disc),
            }
            for name in _OPTIMIZERS:
                optimizer = getattr(model, name)
                if not isinstance(optimizer, torch.optim.Adam):
                    raise TypeError(f"skgan.save cannot describe {where}.{name}.")
                saved = optimizer.state_dict()
                out[name] = {
                    "$": "adam",
                    "param_groups": self.encode(saved["param_groups"], f"{where}.{name}"),
                    "state": [
                        [index, {k: self.tensor(v) for k, v in moments.items()}]
                        for index, moments in saved["state"].items()
                    ],
                }
        return {"$": "sampler", "class": f"{type(model).__module__}.{type(model).__qualname__}", "state": out}

    def module(self, module):
        return {name: self.tensor(value) for name, value in module.state_dict().items()}


# --------------------------------------------------------------------------
# Reading: JSON -> Python values, allow-listed classes only.
# --------------------------------------------------------------------------


class _Reader:
    def __init__(self, tensors):
        self.tensors = tensors

    def tensor(self, key):
        if not isinstance(key, str) or key not in self.tensors:
            raise KeyError(f"unknown array {key!r}")
        return self.tensors[key]

    def decode(self, value, where):
        if value is None or isinstance(value, (bool, str, int, float)):
            return value
        if isinstance(value, list):
            return [self.decode(v, where) for v in value]
        if not isinstance(value, dict) or "$" not in value:
            raise TypeError(f"unexpected JSON value at {where}")
        tag = value["$"]
        if tag == "float":
            if value["value"] not in ("nan", "inf", "-inf"):
                raise TypeError(f"bad float at {where}")
            return float(value["value"])
        if tag == "scalar":
            return np.dtype(_plain_dtype(value["dtype"])).type(self.decode(value["value"], where))
        if tag == "tuple":
            return tuple(self.decode(v, where) for v in value["items"])
        if tag == "dict":
            return {_hashable(self.decode(k, where)): self.decode(v, where) for k, v in value["items"]}
        if tag == "slice":
            start, stop, step = (_int_or_none(v) for v in value["items"])
            return slice(start, stop, step)
        if tag == "ndarray":
            array = self.tensor(value["key"]).numpy().copy()
            if "view" in value:
                array = array.view(_plain_dtype(value["view"]))
            return array
        if tag == "objarray":
            items = [self.decode(v, where) for v in value["items"]]
            dtype = _plain_dtype(value["dtype"])
            if dtype == np.dtype(object):
                out = np.empty(len(items), dtype=object)
                out[:] = items
            else:
                out = np.asarray(items, dtype=dtype)
            return out.reshape([int(n) for n in value["shape"]])
        if tag == "dtype":
            return _plain_dtype(value["str"])
        if tag == "categorical":
            categories = pd.Index(
                self.decode(value["categories"], where),
                dtype=self.decode(value["categories_dtype"], where),
            )
            return pd.CategoricalDtype(categories, ordered=bool(value["ordered"]))
        if tag == "string":
            na_value = pd.NA if value["na"] == "NA" else np.nan
            return pd.StringDtype(storage=value["storage"], na_value=na_value)
        if tag == "pandas_dtype":
            dtype = pd.api.types.pandas_dtype(value["name"])
            if not isinstance(dtype, pd.api.extensions.ExtensionDtype):
                return _plain_dtype(dtype.str)
            return dtype
        if tag == "timestamp":
            return pd.Timestamp(value["value"])
        if tag == "timedelta":
            return pd.Timedelta(value["value"])
        if tag == "device":
            return torch.device(value["str"])
        if tag == "randomstate":
            state = np.random.RandomState()
            keys = self.decode(value["keys"], where).astype(np.uint32)
            state.set_state(
                ("MT19937", keys, int(value["pos"]), int(value["has_gauss"]), float(value["cached"]))
            )
            return state
        if tag == "object":
            cls = self.allowed(value["class"], where)
            obj = cls.__new__(cls)
            state = self.decode_state(value["state"], where)
            obj.__dict__.update(state)
            return obj
        if tag == "sampler":
            cls = self.allowed(value["class"], where)
            if cls is not GANSampler:
                raise TypeError(f"{value['class']} is not a sampler")
            return self.sampler(value["state"], where)
        raise TypeError(f"unknown tag {tag!r} at {where}")

    def allowed(self, name, where):
        cls = _CLASSES.get(name)
        if cls is None:
            raise TypeError(f"{where} names {name!r}, which is not an allowed class")
        return cls

    def decode_state(self, state, where):
        if not isinstance(state, dict):
            raise TypeError(f"bad state at {where}")
        return {str(k): self.decode(v, f"{where}.{k}") for k, v in state.items()}

    def sampler(self, state, where):
        networks = {k: state.pop(k) for k in (*_NETWORKS, *_OPTIMIZERS) if k in state}
        model = GANSampler.__new__(GANSampler)
        model.__dict__.update(self.decode_state(state, where))
        model._validation = None
        model._best_state = None
        if not networks:
            return model
        device = model.device_
        if not _device_available(device):
            warnings.warn(
                f"This GANSampler was trained on {device}, which this machine "
                "lacks; it is loaded on the CPU.",
                UserWarning,
                stacklevel=3,
            )
            device = torch.device("cpu")
        model.device_ = device
        spec = networks["generator_"]
        in_dim, dims, out_dim = spec["args"]
        model.generator_ = Generator(int(in_dim), tuple(int(d) for d in dims), int(out_dim))
        self.load_module(model.generator_, spec["weights"], "generator_")
        spec = networks["discriminator_"]
        in_dim, dims, pac = spec["args"]
        model.discriminator_ = Discriminator(
            int(in_dim), tuple(int(d) for d in dims), int(pac), dropout=float(spec["dropout"])
        )
        self.load_module(model.discriminator_, spec["weights"], "discriminator_")
        if model.encoder_.n_encoded_ != model.generator_.head.out_features:
            raise RuntimeError(
                f"the encoder writes {model.encoder_.n_encoded_} columns but the "
                f"generator {model.generator_.head.out_features}"
            )
        model.generator_.to(device)
        model.discriminator_.to(device)
        for name, network in _OPTIMIZERS.items():
            spec = networks[name]
            optimizer = torch.optim.Adam(getattr(model, network).parameters())
            optimizer.load_state_dict(
                {
                    "param_groups": self.decode(spec["param_groups"], name),
                    "state": {
                        int(index): {k: self.tensor(v) for k, v in moments.items()}
                        for index, moments in spec["state"]
                    },
                }
            )
            setattr(model, name, optimizer)
        model._layout = OutputLayout(model.encoder_.spans_, device)
        return model

    def load_module(self, module, weights, name):
        state = {k: self.tensor(v) for k, v in weights.items()}
        try:
            module.load_state_dict(state, strict=True)
        except RuntimeError as exc:
            raise RuntimeError(f"the {name} weights do not fit its shape: {exc}") from exc


def _plain_dtype(spec):
    dtype = np.dtype(spec)
    if dtype.kind not in "biufcmMOUS?":
        raise TypeError(f"unsupported dtype {spec!r}")
    return dtype


def _int_or_none(value):
    if value is None or (isinstance(value, numbers.Integral) and not isinstance(value, bool)):
        return value
    raise TypeError(f"bad slice bound {value!r}")


def _hashable(value):
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value

