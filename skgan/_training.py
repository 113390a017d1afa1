"""The training loop, split into small overridable steps.

``fit`` (in ``_sampler.py``) validates and encodes, then calls
:meth:`_TrainingMixin._fit_loop`, which runs epochs; an epoch runs
``n_rows // batch_size`` steps of ``discriminator_steps`` critic updates and
one generator update. Losses stay on the device and are read once per epoch.
"""

import signal
import threading
import time
import warnings

import numpy as np
import torch

from ._networks import (
    apply_activations,
    autocast,
    discriminator_loss,
    generator_adversarial_loss,
    gradient_penalty,
    segment_log_softmax,
)


class ConditionalSampler:
    """Conditional vectors and training-by-sampling, vectorised on a device.

    Each categorical column is a condition; its categories (missing values
    included) get consecutive ids in a flat index of width ``width``. A batch
    picks a column uniformly, a category with probability proportional to
    ``log(1 + count)`` (so rare categories are trained on), and real rows
    holding that category.

    Parameters
    ----------
    counts : list of ndarray
        Number of training rows holding each category, per conditional column.
    output_positions : ndarray of shape (width,)
        Position of each category's one-hot column in the encoded row.
    device : torch.device
    codes : ndarray of shape (n_rows, n_conditions), default=None
        Category code of each training row in each conditional column; needed
        only to draw real rows (:meth:`rows_for`).
    column_weights : array-like of shape (n_conditions,), default=None
        Relative probability of each conditional column in training draws;
        None draws columns uniformly.
    """

    def __init__(
        self, counts, output_positions, device, codes=None, column_weights=None
    ):
        n_codes = [len(c) for c in counts]
        self.n_conditions = len(n_codes)
        self.width = int(sum(n_codes))
        self.device = device
        if not self.n_conditions:
            return

        def tensor(a, dtype):
            return torch.as_tensor(np.asarray(a), dtype=dtype, device=device)

        offsets = np.concatenate([[0], np.cumsum(n_codes)[:-1]]).astype(np.int64)
        # Cumulative probabilities per condition column (padded with 1.0),
        # so that a category is drawn by one searchsorted per row.
        log_cdf = np.ones((self.n_conditions, max(n_codes)))
        cdf = np.ones_like(log_cdf)
        for j, c in enumerate(counts):
            c = np.asarray(c, dtype=np.float64)
            log_cdf[j, : len(c) - 1] = np.cumsum(np.log1p(c) / np.log1p(c).sum())[:-1]
            cdf[j, : len(c) - 1] = np.cumsum(c / c.sum())[:-1]
        self.column_cdf = None
        if column_weights is not None:
            weights = np.asarray(column_weights, dtype=np.float64)
            cdf = np.cumsum(weights / weights.sum())[:-1]
            self.column_cdf = tensor(cdf, torch.float32)
        self.offsets = tensor(offsets, torch.long)
        self.n_codes = tensor(n_codes, torch.long)
        self.training_cdf = tensor(log_cdf, torch.float32)
        self.cdf = tensor(cdf, torch.float32)
        self.output_positions = tensor(output_positions, torch.long)
        if codes is not None:
            n_rows = codes.shape[0]
            flat = codes + offsets[None, :]
            all_counts = np.concatenate(counts).astype(np.int64)
            # Rows grouped by flat category id: the rows of id g sit at
            # rows_by_id[start[g] : start[g] + counts[g]].
            order = np.argsort(flat.T.ravel(), kind="stable")
            start = np.concatenate([[0], np.cumsum(all_counts)[:-1]])
            self.counts = tensor(all_counts, torch.long)
            self.start = tensor(start, torch.long)
            self.rows_by_id = tensor(order % n_rows, torch.long)

    def draw_ids(self, n, generator, *, training=True):
        """Flat category ids for ``n`` rows: a column (uniform, or by
        ``column_weights`` in training), then a category by log-frequency
        (``training``) or by frequency."""
        if training and self.column_cdf is not None:
            u = torch.rand(n, generator=generator, device=self.device)
            columns = torch.searchsorted(self.column_cdf, u, right=True)
        else:
            columns = torch.randint(
                self.n_conditions, (n,), generator=generator, device=self.device
            )
        cdf = (self.training_cdf if training else self.cdf)[columns]
        u = torch.rand((n, 1), generator=generator, device=self.device)
        codes = torch.searchsorted(cdf, u, right=True).reshape(-1)
        return self.offsets[columns] + codes.minimum(self.n_codes[columns] - 1)

    def one_hot(self, ids):
        out = torch.zeros((len(ids), self.width), device=self.device)
        return out.scatter_(1, ids.reshape(-1, 1), 1.0)

    def rows_for(self, ids, generator):
        """One random training row holding each category id."""
        u = torch.rand(len(ids), generator=generator, device=self.device)
        pick = (u * self.counts[ids]).long().clamp_max(self.counts[ids] - 1)
        return self.rows_by_id[self.start[ids] + pick]


class _TrainingMixin:
    """Training steps of :class:`~skgan.GANSampler`; override any of them."""

    def _fit_loop(self, data, conditional, n_epochs, generator):
        """Run ``n_epochs`` epochs over ``data`` (a tensor on ``device_``)."""
        steps = max(1, len(data) // self.batch_size)
        first = len(self.history_) + 1
        epochs = range(first, first + n_epochs)
        progress = self._progress(n_epochs)
        with _StopOnInterrupt() as interrupt:
            for epoch in epochs:
                tic = time.perf_counter()
                try:
                    losses = self._run_epoch(
                        data, conditional, steps, generator, interrupt
                    )
                except KeyboardInterrupt:
                    losses = None
                if losses is None:
                    warnings.warn(
                        f"fit was interrupted during epoch {epoch}; the model "
                        f"keeps the weights of its last step and has trained "
                        f"{len(self.history_)} full epochs.",
                        UserWarning,
                        stacklevel=3,
                    )
                    break
                record = {
                    "epoch": epoch,
                    "discriminator_loss": float(losses[0]),
                    "generator_loss": float(losses[1]),
                    "duration": time.perf_counter() - tic,
                }
                self._check_finite(record)
                stop = self._after_epoch(record)
                self.history_.append(record)
                self._report(record, progress)
                if stop:
                    break
        if progress is not None:
            progress.close()

    def _run_epoch(self, data, conditional, steps, generator, interrupt):
        """One epoch; returns the mean (critic, generator) losses as a tensor,
        or None when interrupted."""
        total = torch.zeros(2, device=data.device)
        for _ in range(steps):
            if interrupt.requested:
                return None
            for _ in range(self.discriminator_steps):
                ids, cond = self._draw_conditions(conditional, generator)
                real = data[self._draw_rows(conditional, ids, len(data), generator)]
                total[0] += self.discriminator_step(real, cond, generator)
            ids, cond = self._draw_conditions(conditional, generator)
            total[1] += self.generator_step(cond, ids, conditional, generator)
        total[0] /= steps * self.discriminator_steps
        total[1] /= steps
        return total.cpu().numpy()

    def _draw_conditions(self, conditional, generator):
        if not conditional.n_conditions:
            return None, None
        ids = conditional.draw_ids(self.batch_size, generator)
        return ids, conditional.one_hot(ids)

    def _draw_rows(self, conditional, ids, n_rows, generator):
        if ids is None:
            return torch.randint(
                n_rows, (self.batch_size,), generator=generator, device=self.device_
            )
        return conditional.rows_for(ids, generator)

    def _generate_raw(self, n, cond, generator):
        z = torch.randn(
            (n, self.latent_dim), generator=generator, device=self.device_
        )
        if cond is not None:
            z = torch.cat([z, cond], dim=1)
        return self.generator_(z)

    def _critic(self, rows, cond, generator):
        if cond is not None:
            rows = torch.cat([rows, cond], dim=1)
        return self.discriminator_(rows, generator)

    def _autocast(self):
        return autocast(self.device_, self.precision_)

    def discriminator_step(self, real, cond, generator):
        """One critic update; returns its loss, detached.

        Parameters
        ----------
        real : Tensor of shape (batch_size, n_encoded)
            Encoded real rows.
        cond : Tensor of shape (batch_size, n_conditions) or None
            Their conditional vectors; None for a table without conditions.
        generator : torch.Generator
            Source of the noise, the dropout masks and the penalty's
            interpolation weights.

        Returns
        -------
        loss : Tensor of shape ()
            The critic loss (gradient penalty included), detached.
        """
        with self._autocast():
            loss = self._discriminator_loss(real, cond, generator)
        self.discriminator_optimizer_.zero_grad(set_to_none=True)
        loss.backward()
        self.discriminator_optimizer_.step()
        return loss.detach()

    def _discriminator_loss(self, real, cond, generator):
        with torch.no_grad():
            fake = apply_activations(
                self._generate_raw(len(real), cond, generator),
                self._layout,
                generator=generator,
            )
        real_in = real if cond is None else torch.cat([real, cond], dim=1)
        fake_in = fake if cond is None else torch.cat([fake, cond], dim=1)
        loss = discriminator_loss(
            self.loss,
            self.discriminator_(real_in, generator),
            self.discriminator_(fake_in, generator),
        )
        if self.loss == "wgan-gp":
            loss = loss + gradient_penalty(
                self.discriminator_, real_in, fake_in, generator
            )
        return loss

    def generator_step(self, cond, ids, conditional, generator):
        """One generator update; returns its loss, detached.

        Parameters
        ----------
        cond : Tensor of shape (batch_size, n_conditions) or None
            Conditional vectors of the rows to generate.
        ids : Tensor of shape (batch_size,) or None
            The condition (flat category id) switched on in each vector.
        conditional : ConditionalSampler
            The training conditions, for :meth:`conditional_loss`.
        generator : torch.Generator
            Source of the noise and the Gumbel draws.

        Returns
        -------
        loss : Tensor of shape ()
            Adversarial plus conditional loss, detached.
        """
        with self._autocast():
            loss = self._generator_loss(cond, ids, conditional, generator)
        self.generator_optimizer_.zero_grad(set_to_none=True)
        loss.backward()
        self.generator_optimizer_.step()
        return loss.detach()

    def _generator_loss(self, cond, ids, conditional, generator):
        raw = self._generate_raw(self.batch_size, cond, generator)
        fake = apply_activations(raw, self._layout, generator=generator)
        for parameter in self.discriminator_.parameters():
            parameter.requires_grad_(False)
        try:
            scores = self._critic(fake, cond, generator)
        finally:
            for parameter in self.discriminator_.parameters():
                parameter.requires_grad_(True)
        loss = generator_adversarial_loss(self.loss, scores)
        if cond is not None:
            loss = loss + self.conditional_loss(raw, ids, conditional)
        return loss

    def conditional_loss(self, raw, ids, conditional):
        """Cross-entropy of the generated category against the condition.

        Parameters
        ----------
        raw : Tensor of shape (batch_size, n_encoded)
            The generator's output before activations.
        ids : Tensor of shape (batch_size,)
            The condition (flat category id) each row was asked for.
        conditional : ConditionalSampler
            Maps condition ids to positions in the encoded row.

        Returns
        -------
        loss : Tensor of shape ()
            Mean cross-entropy over the batch.
        """
        layout = self._layout
        log_p = segment_log_softmax(
            raw[:, layout.softmax_index], layout.segment, layout.n_segments
        )
        # Positions of the conditioned categories inside the softmax block.
        position = layout.softmax_rank[conditional.output_positions[ids]]
        return -log_p.gather(1, position.reshape(-1, 1)).mean()

    def _after_epoch(self, record):
        """Hook run after each epoch; return True to stop training."""
        return False

    def _check_finite(self, record):
        if not (
            np.isfinite(record["discriminator_loss"])
            and np.isfinite(record["generator_loss"])
        ):
            raise ValueError(
                f"The GAN losses became non-finite at epoch {record['epoch']} "
                f"(discriminator {record['discriminator_loss']}, generator "
                f"{record['generator_loss']}). Try smaller learning rates "
                "(generator_lr, discriminator_lr), loss='wgan-gp', or a "
                "different numeric_transformer."
            )

    def _progress(self, n_epochs):
        if not self.verbose:
            return None
        from tqdm.auto import tqdm

        return tqdm(total=n_epochs, desc="GANSampler", unit="epoch")

    def _report(self, record, progress):
        """Show one epoch's losses: a progress bar, or lines at verbose >= 2."""
        if progress is None:
            return
        progress.set_postfix(
            D=f"{record['discriminator_loss']:.3f}",
            G=f"{record['generator_loss']:.3f}",
        )
        progress.update(1)
        if self.verbose >= 2:
            progress.write(
                f"epoch {record['epoch']}: discriminator "
                f"{record['discriminator_loss']:.4f}, generator "
                f"{record['generator_loss']:.4f}, {record['duration']:.2f}s"
            )


class _StopOnInterrupt:
    """Turn the first Ctrl-C into a request to stop after the current step.

    Outside the main thread (where signal handlers cannot be installed) a
    KeyboardInterrupt still propagates; a second Ctrl-C always does. A
    process that ignores SIGINT is left ignoring it.
    """

    def __init__(self):
        self.requested = False
        self._installed = False
        self._previous = signal.default_int_handler

    def _handle(self, signum, frame):
        self.requested = True
        signal.signal(signal.SIGINT, self._previous)

    def __enter__(self):
        # A process that ignores SIGINT (started in the background, say)
        # keeps ignoring it during fit.
        if (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
        ):
            try:
                previous = signal.signal(signal.SIGINT, self._handle)
            except ValueError:
                return self
            self._installed = True
            if previous is not None:
                self._previous = previous
        return self

    def __exit__(self, *exc):
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)
        return False
