"""scikit-learn's and imbalanced-learn's estimator checks on small, fast
instances."""

from imblearn.utils.estimator_checks import (
    parametrize_with_checks as parametrize_with_checks_imblearn,
)
from sklearn.utils.estimator_checks import parametrize_with_checks

from skgan import GANOverSampler, GANSampler


def _small_sampler():
    return GANSampler(
        epochs=1,
        batch_size=20,
        pac=2,
        generator_dims=(8,),
        discriminator_dims=(8,),
        latent_dim=4,
        n_modes=2,
        random_state=0,
    )


@parametrize_with_checks([_small_sampler()])
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


def _small_oversampler():
    sampler = _small_sampler().set_params(numeric_transformer="standard")
    return GANOverSampler(sampler, random_state=0)


@parametrize_with_checks([_small_oversampler()])
def test_sklearn_compatible_oversampler(estimator, check):
    check(estimator)


@parametrize_with_checks_imblearn([_small_oversampler()])
def test_imblearn_compatible_oversampler(estimator, check):
    check(estimator)
