"""skgan: synthetic tabular data with GANs, as scikit-learn estimators."""

from ._encoding import (
    CategoricalColumnEncoder,
    ModeSpecificNormalizer,
    NumericColumnEncoder,
    Span,
    TableEncoder,
)
from ._oversampler import GANOverSampler, augment
from ._persistence import load, save
from ._sampler import GANSampler

__version__ = "0.1.0"

__all__ = [
    "CategoricalColumnEncoder",
    "GANOverSampler",
    "GANSampler",
    "ModeSpecificNormalizer",
    "NumericColumnEncoder",
    "Span",
    "TableEncoder",
    "__version__",
    "augment",
    "load",
    "save",
]
