"""Draws bench/out/load.json as docs/benchmarks-latency.png: p50 and p95 latency per message against
the number of people talking at once, for the web widget, SMS and plain Rasa.

    .venv-rasa/bin/python bench/chart.py                    # matplotlib lives in the Rasa venv
    .venv-rasa/bin/python bench/chart.py --compare bench/out/load-patched.json

--compare adds a second run's web and Rasa lines (dotted), e.g. with a proposed change.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLOURS = {"web": "#1d70b8", "sms": "#00703c", "rest": "#d4351c"}
LABELS = {"web": "web widget (gateway)", "sms": "SMS webhook (gateway)", "rest": "plain Rasa REST"}
GOAL_MS = 300


def rows_for(data: dict, path: str) -> list[dict]:
    return sorted((r for r in data["results"] if r["path"] == path and r["answered"]), key=lambda r: r["concurrency"])


def series(data: dict, path: str, key: str) -> tuple[list[int], list[float]]:
    rows = rows_for(data, path)
    return [r["concurrency"] for r in rows], [r[key] for r in rows]


def annotate_errors(ax, data: dict, key: str, below: bool) -> None:
    """Latency counts answered messages only, so say how many web messages were not answered."""
    for r in rows_for(data, "web"):
        share = r["errors"] / r["messages"] if r["messages"] else 0
        if share >= 0.05:
            ax.annotate(
                f"{share:.0%} not answered",
                (r["concurrency"], r[key]),
                textcoords="offset points",
                xytext=(-8, -12 if below else 6),
                ha="right",
                fontsize=7,
                color=COLOURS["web"],
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, default=ROOT / "bench" / "out" / "load.json")
    parser.add_argument("--compare", type=Path, help="a second load.json to draw dotted (e.g. a proposed change)")
    parser.add_argument("--compare-label", default="with cached action validation")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks-latency.png")
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = json.loads(args.input.read_text())
    other = json.loads(args.compare.read_text()) if args.compare else None
    fig, axes = plt.subplots(1, 2, figsize=(11, 5.2), sharey=True)
    for ax, key, title in ((axes[0], "p50_ms", "median (p50)"), (axes[1], "p95_ms", "95th percentile (p95)")):
        for path in data["paths"]:
            x, y = series(data, path, key)
            ax.plot(x, y, marker="o", color=COLOURS[path], label=LABELS[path])
        if other:
            for path in ("web", "rest"):
                x, y = series(other, path, key)
                if x:
                    ax.plot(
                        x,
                        y,
                        marker="s",
                        linestyle=":",
                        color=COLOURS[path],
                        label=f"{LABELS[path]}, {args.compare_label}",
                    )
        annotate_errors(ax, data, key, below=False)
        if other:
            annotate_errors(ax, other, key, below=True)
        ax.axhline(GOAL_MS, color="#505a5f", linestyle="--", linewidth=1)
        ax.text(
            max(data["levels"]),
            GOAL_MS * 0.93,
            f"goal: p95 ≤ {GOAL_MS} ms (web, 20 people)",
            va="top",
            ha="right",
            fontsize=8,
            color="#505a5f",
        )
        ax.set_title(f"Latency per message, {title}")
        ax.set_xlabel("people talking at once")
        ax.set_xticks(data["levels"])
        ax.set_yscale("log")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("milliseconds (log scale; answered messages only)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, frameon=False)
    m = data["machine"]
    fig.suptitle(
        f"{m['date']}: {m['cores']} cores, {m['memory_gb']} GB, load average at start "
        f"{m['load_average'][0]:.1f} (shared machine); {data['options']['messages']} messages a conversation",
        fontsize=9,
    )
    fig.tight_layout(rect=(0, 0.1 if other else 0.06, 1, 1))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.output, dpi=110)
    print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
