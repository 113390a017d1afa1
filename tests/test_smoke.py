import numpy as np
import pandas as pd

from skgan import GANSampler


def test_fit_sample_mixed_frame():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": rng.normal(size=100), "c": rng.choice(list("ab"), 100)})
    out = GANSampler(epochs=1, batch_size=50, random_state=0).fit(df).sample(20)
    assert out.shape == (20, 2)
    assert set(out["c"]) <= {"a", "b"}
