"""Fidelity, utility and privacy metrics for synthetic tables.

Every metric takes a real and a synthetic table (pandas DataFrames, or 2-D
arrays read as DataFrames with integer column names) with the same columns,
and none depends on how the synthetic table was made. Distance- and
classifier-based metrics compare the tables in :class:`FixedEncoding`,
fitted on the real table.
"""

from ._encoding import FixedEncoding
from ._fidelity import (
    column_shapes,
    detection_auc,
    energy_distance,
    mmd,
    trend_similarity,
)
from ._plots import plot_correlation_difference, plot_marginals, plot_projection
from ._privacy import distance_to_closest_record, exact_copy_rate
from ._report import evaluate
from ._scorer import SCORERS, get_scorer, get_scorer_names, make_sample_scorer
from ._utility import tstr

__all__ = [
    "SCORERS",
    "FixedEncoding",
    "column_shapes",
    "detection_auc",
    "distance_to_closest_record",
    "energy_distance",
    "evaluate",
    "exact_copy_rate",
    "get_scorer",
    "get_scorer_names",
    "make_sample_scorer",
    "mmd",
    "plot_correlation_difference",
    "plot_marginals",
    "plot_projection",
    "trend_similarity",
    "tstr",
]
