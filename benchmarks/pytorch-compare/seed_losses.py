"""The seed's losses (TF Global Objectives, docs: /work/shared/docs/seed-spec.md §4) in PyTorch eager.

Written the way a PyTorch user of a straight port would write them, and with the same formulas as the C#
hand-written baseline (benchmarks/GlobalObjectives.Benchmarks/HandWritten.cs): xent surrogate with
softplus(-x) = -logsigmoid(x), unit weights, lambda = |v| with the seed's gradient reversal (v is a leaf tensor that
requires grad, initialized to 1), streaming label priors (float64 counts starting at the pseudocounts 1 and 2,
updated under no_grad on every call), PR-AUC with K anchors and per-anchor biases, ROC-AUC as the dense [B, B, L]
pairwise form. Every loss returns the element-wise loss [B, L]; the step takes its mean.
"""

import math

import torch
import torch.nn.functional as F

LOG2 = math.log(2.0)
DUAL_RATE_FACTOR = 0.1


def _weighted_xent(y, x, c, d):
    """Seed §2.2: d*(x - y*x) + (d + (c - d)*y) * softplus(-x)."""
    return d * (x - y * x) + (d + (c - d) * y) * (-F.logsigmoid(x))


class _Duals:
    """lambda = |v|, gradient reversed and scaled by r (seed §5)."""

    def __init__(self, shape, dtype):
        self.v = torch.ones(shape, dtype=dtype, requires_grad=True)

    def value(self):
        magnitude = self.v.abs()
        return ((1 + DUAL_RATE_FACTOR) * magnitude).detach() - DUAL_RATE_FACTOR * magnitude


class _Priors:
    """Seed §2.6: (1 + sum y) / (2 + sum 1), cumulative, updated on every call."""

    def __init__(self, num_labels):
        self.counts = torch.ones(num_labels, dtype=torch.float64)
        self.sums = torch.full((num_labels,), 2.0, dtype=torch.float64)

    def update(self, labels):
        with torch.no_grad():
            self.counts.add_(labels.sum(0))
            self.sums.add_(labels.shape[0])
        return (self.counts / self.sums).to(labels.dtype)


class RecallAtPrecision:
    """Seed §4.3: w*S(y, x; 1 + lambda(1 - p), lambda p) - lambda(1 - p) pi ln 2."""

    def __init__(self, num_labels, dtype, target=0.8):
        self.p = target
        self.duals = _Duals((num_labels,), dtype)
        self.priors = _Priors(num_labels)
        self.parameters = [self.duals.v]

    def __call__(self, x, y):
        prior = self.priors.update(y)
        lam = self.duals.value()
        c = 1 + lam * (1 - self.p)
        d = lam * self.p
        return _weighted_xent(y, x, c, d) - lam * (1 - self.p) * prior * LOG2


class PrecisionAtRecall:
    """Seed §4.4 (and §4.5, FPR at TPR, an alias): w*S(y, x; lambda, 1) + lambda pi (r - 1) ln 2."""

    def __init__(self, num_labels, dtype, target=0.9):
        self.r = target
        self.duals = _Duals((num_labels,), dtype)
        self.priors = _Priors(num_labels)
        self.parameters = [self.duals.v]

    def __call__(self, x, y):
        prior = self.priors.update(y)
        lam = self.duals.value()
        return _weighted_xent(y, x, lam, 1.0) + lam * prior * ((self.r - 1) * LOG2)


class TprAtFpr:
    """Seed §4.6: w*S(y, x; 1, lambda) - lambda f (1 - pi) ln 2."""

    def __init__(self, num_labels, dtype, target=0.1):
        self.f = target
        self.duals = _Duals((num_labels,), dtype)
        self.priors = _Priors(num_labels)
        self.parameters = [self.duals.v]

    def __call__(self, x, y):
        prior = self.priors.update(y)
        lam = self.duals.value()
        return _weighted_xent(y, x, 1.0, lam) - lam * (1 - prior) * (self.f * LOG2)


class PrAuc:
    """Seed §4.1, range (0, 1): the mean over K anchors P_k = k/(K+1) of recall at P_k with biases b_lk."""

    def __init__(self, num_labels, dtype, anchors=20):
        grid = torch.linspace(0.0, 1.0, anchors + 2, dtype=dtype)[1:anchors + 1]
        self.anchors = grid.reshape(1, 1, anchors)
        self.duals = _Duals((1, num_labels, anchors), dtype)
        self.biases = torch.zeros((1, num_labels, anchors), dtype=dtype, requires_grad=True)
        self.priors = _Priors(num_labels)
        self.parameters = [self.duals.v, self.biases]

    def __call__(self, x, y):
        prior = self.priors.update(y).reshape(1, -1, 1)
        lam = self.duals.value()
        x3 = x.unsqueeze(2) + self.biases
        y3 = y.unsqueeze(2)
        lam_one_minus_p = lam * (1 - self.anchors)
        c = 1 + lam_one_minus_p
        d = lam * self.anchors
        per_anchor = _weighted_xent(y3, x3, c, d) - lam_one_minus_p * prior * LOG2
        return per_anchor.mean(2)


class RocAuc:
    """Seed §4.2: 0.5 * mean_i(|y_j - y_i| * softplus(-(y_j - y_i)(x_j - x_i))), dense [B, B, L]."""

    def __init__(self, num_labels, dtype):
        self.parameters = []

    def __call__(self, x, y):
        dx = x.unsqueeze(0) - x.unsqueeze(1)
        dy = y.unsqueeze(0) - y.unsqueeze(1)
        raw = F.softplus(-(dy * dx))
        return (dy.abs() * raw).mean(0) * 0.5


class Bce:
    """torch.nn.BCEWithLogitsLoss with reduction 'none' (the step takes the mean, as the module's default does)."""

    def __init__(self, num_labels, dtype):
        self.parameters = []
        self.loss = torch.nn.BCEWithLogitsLoss(reduction="none")

    def __call__(self, x, y):
        return self.loss(x, y)


FAMILIES = {
    "recall@precision": RecallAtPrecision,
    "precision@recall": PrecisionAtRecall,
    "FPR@TPR": lambda num_labels, dtype: PrecisionAtRecall(num_labels, dtype, target=0.9),
    "TPR@FPR": TprAtFpr,
    "PR-AUC": PrAuc,
    "ROC-AUC": RocAuc,
    "BCE": Bce,
}


def create(family, num_labels, dtype):
    try:
        factory = FAMILIES[family]
    except KeyError:
        raise ValueError(f"unknown family '{family}'; expected one of {', '.join(FAMILIES)}") from None
    return factory(num_labels, dtype)


def step(loss, x, y):
    """One training step: forward, mean, backward, gradients zeroed in place (as the C# steps do). Returns the loss."""
    value = loss(x, y).mean()
    value.backward()
    x.grad.zero_()
    for p in loss.parameters:
        if p.grad is not None:
            p.grad.zero_()
    return value
