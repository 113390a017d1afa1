"""Generator, discriminator and the GAN losses: plain torch, no scikit-learn.

The networks read the encoder's layout only as index tensors (see
:class:`OutputLayout`), so they know nothing of tables or pandas. Every
random draw takes an explicit :class:`torch.Generator`; the global torch
random state is never used.
"""

import math

import torch
from torch import nn


def resolve_precision(precision, device):
    """The floating-point type of the networks' matrix products.

    ``"auto"`` gives ``"bfloat16"`` where ``device`` computes it natively (a
    CUDA device with bfloat16 support, a CPU with AVX512-BF16 or AMX) and
    ``"float32"`` elsewhere; an explicit value is returned as is.
    """
    if precision != "auto":
        return precision
    if device.type == "cuda":
        return "bfloat16" if torch.cuda.is_bf16_supported() else "float32"
    if device.type == "cpu":
        cpu = getattr(torch, "cpu", None)
        native = any(
            getattr(cpu, name, lambda: False)()
            for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
        )
        return "bfloat16" if native else "float32"
    return "float32"


def autocast(device, precision):
    """Autocast context for ``precision`` (a no-op for ``"float32"``)."""
    return torch.autocast(
        device.type, dtype=torch.bfloat16, enabled=precision == "bfloat16"
    )


class OutputLayout:
    """Index tensors describing the encoded row, built from a list of spans.

    Parameters
    ----------
    spans : list of Span
        Width and activation of each output block, in order.
    device : torch.device
        Where the index tensors live.
    """

    def __init__(self, spans, device):
        tanh, softmax, segment = [], [], []
        offset = 0
        n_segments = 0
        for span in spans:
            positions = range(offset, offset + span.width)
            if span.activation == "tanh":
                tanh.extend(positions)
            elif span.activation == "softmax":
                softmax.extend(positions)
                segment.extend([n_segments] * span.width)
                n_segments += 1
            elif span.activation != "linear":
                raise ValueError(f"unknown activation {span.activation!r}")
            offset += span.width
        self.width = offset
        self.tanh_index = torch.tensor(tanh, dtype=torch.long, device=device)
        self.softmax_index = torch.tensor(softmax, dtype=torch.long, device=device)
        # Segment id of each softmax position, for segment-wise softmax.
        self.segment = torch.tensor(segment, dtype=torch.long, device=device)
        self.n_segments = n_segments
        # Index of each encoded position inside the softmax block (-1: none).
        rank = torch.full((offset,), -1, dtype=torch.long, device=device)
        rank[self.softmax_index] = torch.arange(len(softmax), device=device)
        self.softmax_rank = rank


def segment_log_softmax(logits, segment, n_segments):
    """Log-softmax of ``logits`` within each segment, all segments at once.

    Parameters
    ----------
    logits : Tensor of shape (n, width)
    segment : LongTensor of shape (width,)
        Segment id of each column.
    n_segments : int
    """
    index = segment.expand_as(logits)
    # Subtracting any per-row constant is exact; the row max keeps exp stable.
    shifted = logits - logits.max(dim=1, keepdim=True).values.detach()
    seg_max = torch.full(
        (logits.shape[0], n_segments), -math.inf, device=logits.device,
        dtype=logits.dtype,
    ).scatter_reduce(1, index, shifted, reduce="amax", include_self=True)
    shifted = shifted - seg_max.detach().gather(1, index)
    sums = torch.zeros(
        (logits.shape[0], n_segments), device=logits.device, dtype=logits.dtype
    ).scatter_add(1, index, shifted.exp())
    return shifted - sums.log().gather(1, index)


def gumbel_noise(shape, generator, device, dtype=torch.float32):
    """Standard Gumbel noise drawn from ``generator``."""
    uniform = torch.rand(shape, generator=generator, device=device, dtype=dtype)
    return -torch.log(-torch.log(uniform.clamp(1e-10, 1.0 - 1e-7)))


def apply_activations(raw, layout, *, tau=0.2, generator=None, hard=False):
    """Apply each block's activation to the generator's raw output.

    ``tanh`` blocks get ``tanh``; ``softmax`` blocks get a Gumbel-softmax at
    temperature ``tau`` (training) or, with ``hard=True``, a one-hot Gumbel-max
    draw (sampling); ``linear`` blocks pass through.
    """
    out = raw.clone()
    if len(layout.tanh_index):
        out[:, layout.tanh_index] = torch.tanh(raw[:, layout.tanh_index])
    if layout.n_segments:
        logits = raw[:, layout.softmax_index]
        if generator is not None:
            logits = logits + gumbel_noise(
                logits.shape, generator, raw.device, raw.dtype
            )
        if hard:
            # Gumbel-max: the argmax of logits plus noise within each segment
            # (normalising the logits first would not change it).
            index = layout.segment.expand_as(logits)
            seg_max = torch.full(
                (raw.shape[0], layout.n_segments), -math.inf, device=raw.device,
                dtype=raw.dtype,
            ).scatter_reduce(1, index, logits, reduce="amax", include_self=True)
            probs = (logits == seg_max.gather(1, index)).to(raw.dtype)
        else:
            probs = segment_log_softmax(
                logits / tau, layout.segment, layout.n_segments
            ).exp()
        out[:, layout.softmax_index] = probs
    return out


class _Residual(nn.Module):
    """Linear, batch norm and ReLU, with the input concatenated to the output."""

    def __init__(self, in_features, out_features):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)
        self.bn = nn.BatchNorm1d(out_features)

    def forward(self, x):
        h = torch.relu(self.bn(self.fc(x)))
        # Under autocast h is bfloat16: concatenating a float32 x would
        # promote the block to float32 only for the next layer to cast it
        # back (two copies of the widest activations, per block).
        return torch.cat([h, x.to(h.dtype)], dim=1)


class Generator(nn.Module):
    """Residual MLP from noise (and conditional vector) to raw encoded rows.

    Parameters
    ----------
    input_dim : int
        Latent dimension plus conditional-vector width.
    hidden_dims : tuple of int
        Width of each residual block.
    output_dim : int
        Width of the encoded row.
    """

    def __init__(self, input_dim, hidden_dims, output_dim):
        super().__init__()
        blocks = []
        width = input_dim
        for hidden in hidden_dims:
            blocks.append(_Residual(width, hidden))
            width += hidden
        self.body = nn.Sequential(*blocks)
        self.head = nn.Linear(width, output_dim)

    def forward(self, x):
        # Float32 out, also under bfloat16 autocast: the output activations
        # and losses need the precision.
        return self.head(self.body(x)).float()


class Discriminator(nn.Module):
    """PacGAN critic: ``pac`` rows are judged together as one sample.

    Parameters
    ----------
    input_dim : int
        Encoded row width plus conditional-vector width.
    hidden_dims : tuple of int
        Width of each hidden layer (LeakyReLU 0.2, dropout).
    pac : int
        Number of rows packed into one critic input.
    dropout : float, default=0.5
    """

    def __init__(self, input_dim, hidden_dims, pac, dropout=0.5):
        super().__init__()
        self.pac = pac
        self.dropout = dropout
        layers = []
        width = input_dim * pac
        for hidden in hidden_dims:
            layers.append(nn.Linear(width, hidden))
            width = hidden
        self.hidden = nn.ModuleList(layers)
        self.head = nn.Linear(width, 1)

    def forward(self, x, generator=None):
        """Score packs of rows; ``generator`` drives dropout when training."""
        h = x.reshape(-1, x.shape[1] * self.pac)
        for layer in self.hidden:
            h = nn.functional.leaky_relu(layer(h), 0.2)
            if self.training and self.dropout > 0:
                keep = torch.rand(
                    h.shape, generator=generator, device=h.device, dtype=h.dtype
                ) >= self.dropout
                h = h * keep / (1.0 - self.dropout)
        return self.head(h).reshape(-1).float()


def init_parameters(module, generator):
    """Re-initialise every linear layer from ``generator`` (PyTorch's default
    scheme), so that construction does not touch the global random state."""
    for layer in module.modules():
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
            bound = 1 / math.sqrt(layer.weight.shape[1])
            nn.init.uniform_(layer.bias, -bound, bound, generator=generator)


def gradient_penalty(discriminator, real, fake, generator, weight=10.0):
    """WGAN-GP penalty on packs interpolated between real and fake rows."""
    pac = discriminator.pac
    alpha = torch.rand(
        (real.shape[0] // pac, 1, 1), generator=generator, device=real.device,
        dtype=real.dtype,
    )
    alpha = alpha.expand(-1, pac, real.shape[1]).reshape(real.shape)
    mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    scores = discriminator(mixed, generator)
    (grads,) = torch.autograd.grad(
        scores.sum(), mixed, create_graph=True
    )
    grads = grads.reshape(-1, pac * real.shape[1])
    return weight * ((grads.norm(2, dim=1) - 1) ** 2).mean()


def discriminator_loss(loss, real_scores, fake_scores):
    """Critic loss for ``"wgan-gp"`` (without the penalty) or ``"bce"``."""
    if loss == "wgan-gp":
        return fake_scores.mean() - real_scores.mean()
    bce = nn.functional.binary_cross_entropy_with_logits
    return bce(real_scores, torch.ones_like(real_scores)) + bce(
        fake_scores, torch.zeros_like(fake_scores)
    )


def generator_adversarial_loss(loss, fake_scores):
    """Generator loss: ``-E[D(G(z))]`` or the non-saturating BCE loss."""
    if loss == "wgan-gp":
        return -fake_scores.mean()
    return nn.functional.binary_cross_entropy_with_logits(
        fake_scores, torch.ones_like(fake_scores)
    )
