"""Plots the CSV that `GlobalObjectives.Benchmarks --pytorch --csv PATH` writes.

    /usr/bin/python3 benchmarks/pytorch-compare/plot.py docs/pytorch-compare.csv docs/pytorch-compare.png

Three panels per family and shape: ours / PyTorch eager (thread CPU time, median over rounds, IQR as error bars),
ours / BCEWithLogitsLoss, and peak process memory of each side.
"""

import csv
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(source, target):
    with open(source, newline="") as f:
        rows = list(csv.DictReader(f))
    families = list(dict.fromkeys(r["family"] for r in rows))
    slots = ["small", "mid", "large"]  # [512, 1], [4096, 1], [4096, 16] (ROC-AUC: [1024, 16])

    def slot(shape):
        return "small" if shape.startswith("[512") else "mid" if shape.endswith("x1]") else "large"

    table = {(r["family"], slot(r["shape"])): r for r in rows}
    colors = {"small": "#9ecae1", "mid": "#4292c6", "large": "#08519c"}
    fig, axes = plt.subplots(3, 1, figsize=(10, 11), constrained_layout=True)
    width = 0.27
    for panel, (key, q1, q3, title, targets) in enumerate([
        ("ours_over_pytorch", "ours_over_pytorch_q1", "ours_over_pytorch_q3",
         "ours / PyTorch eager (training step, thread CPU time; < 1: ours faster)", [(1.0, "parity"), (0.5, "target at [4096, 16]: 0.5")]),
        ("ours_over_bce", "ours_over_bce_q1", "ours_over_bce_q3",
         "ours / BCEWithLogitsLoss on the same input (TorchSharp)", [(2.0, "rate target [4096, 16]: 2"), (3.0, "rate target [512, 1]: 3"), (20.0, "PR-AUC target: 20")]),
    ]):
        ax = axes[panel]
        for i, s in enumerate(slots):
            xs, ys, lo, hi = [], [], [], []
            for j, family in enumerate(families):
                r = table.get((family, s))
                if r is None:
                    continue
                value = float(r[key])
                xs.append(j + (i - 1) * width)
                ys.append(value)
                lo.append(value - float(r[q1]))
                hi.append(float(r[q3]) - value)
            label = {"small": "[512, 1]", "mid": "[4096, 1]", "large": "[4096, 16] (ROC-AUC: [1024, 16])"}[s]
            ax.bar(xs, ys, width, yerr=[lo, hi], color=colors[s], label=label, capsize=2)
        for y, text in targets:
            ax.axhline(y, color="0.3", linestyle="--", linewidth=0.8)
            ax.text(len(families) - 0.5, y, " " + text, va="bottom", ha="right", fontsize=8, color="0.3",
                    bbox=dict(facecolor="white", alpha=0.8, edgecolor="none", pad=1))
        ax.set_yscale("log")
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, top * 4)  # room for the legend above the bars
        ax.set_title(title, fontsize=10)
        ax.set_xticks(range(len(families)))
        ax.set_xticklabels(families, fontsize=8)
        ax.legend(fontsize=8, loc="upper left", ncol=3)

    ax = axes[2]
    for i, s in enumerate(slots):
        for j, family in enumerate(families):
            r = table.get((family, s))
            if r is None:
                continue
            for side, offset, hatch in (("pytorch", -width / 4, "//"), ("ours", width / 4, "")):
                value = float(r[f"{side}_peak_mb"])
                if math.isnan(value):
                    continue
                ax.bar(j + (i - 1) * width + offset, value, width / 2, color=colors[s], hatch=hatch, edgecolor="white")
    ax.set_title("peak process memory, MB (VmHWM of a fresh child; hatched: PyTorch, plain: ours)", fontsize=10)
    ax.set_xticks(range(len(families)))
    ax.set_xticklabels(families, fontsize=8)
    fig.savefig(target, dpi=110)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: plot.py RESULTS.csv OUTPUT.png")
    main(sys.argv[1], sys.argv[2])
