"""scikit-learn's estimator checks on small, fast instances."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from skgan import GANSampler


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
