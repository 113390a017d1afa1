"""Shared test helpers: tiny, fast estimator settings."""

from skgan import GANSampler


def tiny(**params):
    """A GANSampler small enough to train in a fraction of a second."""
    base = dict(
        epochs=2,
        batch_size=20,
        pac=2,
        generator_dims=(16,),
        discriminator_dims=(16,),
        latent_dim=8,
        n_modes=3,
        random_state=0,
    )
    base.update(params)
    return GANSampler(**base)
