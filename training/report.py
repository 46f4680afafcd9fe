"""The training report: metrics.json, report.md, pr.png and confusion.png."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from boilerkit.labels import LABELS

from . import metrics

METHODS = ("model", "clean", "keep_all", "c4", "justext", "text_features_only")


def _binary_table(section: dict) -> list[str]:
    rows = ["| set | method | P (chars) | R (chars) | F1 (chars) | F1 (segments) | segments |",
            "|---|---|---|---|---|---|---|"]
    for name, res in section.items():
        for m in METHODS:
            if m not in res:
                continue
            r = res[m]
            rows.append(f"| {name} | {m} | {r['chars']['precision']:.3f} | {r['chars']['recall']:.3f} | "
                        f"**{r['chars']['f1']:.3f}** | {r['segments']['f1']:.3f} | {r['n_segments']} |"
                        if m == "model" else
                        f"| | {m} | {r['chars']['precision']:.3f} | {r['chars']['recall']:.3f} | "
                        f"{r['chars']['f1']:.3f} | {r['segments']['f1']:.3f} | |")
    return rows


def _class_table(section: dict) -> list[str]:
    rows = ["| class | P (chars) | R (chars) | F1 (chars) | F1 (segments) | support (segments) |",
            "|---|---|---|---|---|---|"]
    for name in LABELS:
        r = section[name]
        rows.append(f"| {name} | {r['chars']['precision']:.3f} | {r['chars']['recall']:.3f} | "
                    f"{r['chars']['f1']:.3f} | {r['segments']['f1']:.3f} | {r['support_segments']} |")
    return rows


def _plots(out: Path, report: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pr = report.get("_pr")
    if pr is not None and len(pr["truth"]):
        fig, ax = plt.subplots(figsize=(5, 4), dpi=100)
        truth, score, chars = pr["truth"], pr["score"], pr["chars"]
        pts = []
        for thr in np.linspace(0.02, 0.98, 49):
            r = metrics.binary(truth, score >= thr, chars)["chars"]
            pts.append((r["recall"], r["precision"]))
        ax.plot(*zip(*pts), label="boilerkit (threshold sweep)")
        base = report["grouped_cv"]["overall"]
        for m, marker in (("c4", "s"), ("justext", "^"), ("keep_all", "o")):
            r = base[m]["chars"]
            ax.plot([r["recall"]], [r["precision"]], marker, label=m)
        ax.set_xlabel("recall (body characters)")
        ax.set_ylabel("precision (body characters)")
        ax.set_title("Body vs boilerplate, site-grouped CV")
        ax.set_xlim(0, 1.01)
        ax.set_ylim(0, 1.01)
        ax.legend(loc="lower left", fontsize=8)
        fig.tight_layout()
        fig.savefig(out / "pr.png")
        plt.close(fig)
    cm = report.get("grouped_cv_hand_confusion")
    if cm is not None:
        m = np.array(cm, dtype=float)
        norm = m / np.maximum(m.sum(axis=1, keepdims=True), 1)
        fig, ax = plt.subplots(figsize=(5.5, 4.5), dpi=100)
        ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
        ax.set_xticks(range(len(LABELS)), LABELS, rotation=45, ha="right")
        ax.set_yticks(range(len(LABELS)), LABELS)
        for i in range(len(LABELS)):
            for j in range(len(LABELS)):
                ax.text(j, i, int(m[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if norm[i, j] > 0.5 else "black")
        ax.set_xlabel("predicted")
        ax.set_ylabel("hand label")
        ax.set_title("Hand-labelled pages, site-grouped CV (segments)")
        fig.tight_layout()
        fig.savefig(out / "confusion.png")
        plt.close(fig)


# the text model's ablation table where `python -m training.ablation` writes it by default:
# the repository's, not beside --report, which is often a scratch folder copied in later
ABLATION = Path(__file__).resolve().parent / "reports" / "ablation" / "ablation.md"


def write(out: Path, report: dict, ablation: Path | None = None) -> None:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    clean = {k: v for k, v in report.items() if not k.startswith("_")}
    (out / "metrics.json").write_text(json.dumps(clean, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    md = ["# Training report", "",
          f"Command: `{report.get('command', 'python -m training.train')}`", "",
          f"Documents by source: {report.get('documents')}; excluded: {report.get('excluded_datasets')}.", ""]
    if "grouped_cv" in report:
        rule = report.get("threshold_rule", "F1 over the pooled characters")
        md += [f"Threshold on P(body), chosen on the out-of-fold corpora predictions ({rule}): "
               f"{report['threshold']}. Method `clean` keeps what `model` keeps except the segments "
               "the title model calls the article's headline, as `clean()` does.", "",
               "## Body vs everything else, site-grouped cross-validation (corpora, hand-labelled pages included)",
               "", *_binary_table(report["grouped_cv"]), ""]
    for key, how in (("seeds_oof", "each scored by the site-grouped fold model that never saw it"),
                     ("seeds_loo", "leave-one-seed-out")):
        if key in report:
            md += [f"## Seeds, held out ({how})", "", *_binary_table(report[key]["binary"]), "",
                   f"### Seeds per class ({how})", "", *_class_table(report[key]["classes"]), ""]
    if "grouped_cv_hand_classes" in report:
        md += ["## Per class on hand-labelled pages (site-grouped CV)", "",
               *_class_table(report["grouped_cv_hand_classes"]), "",
               "![precision-recall](pr.png) ![confusion matrix](confusion.png)", ""]
    if "label_noise" in report:
        ln = report["label_noise"]
        md += ["## Label noise of the automatic alignment", "",
               f"On {ln['pages']} hand-labelled pages, the alignment's body/boilerplate labels agree with the "
               f"hand labels on {ln['agreement_chars']} of the characters both decide; the alignment leaves "
               f"{ln['unknown_share_chars']} of the characters unknown.", ""]
    if ablation is not None and ablation.is_file():  # validation runs of python -m training.ablation
        md += ["## Ablation (from training/reports/ablation/ablation.md)", "",
               *[line for line in ablation.read_text(encoding="utf-8").splitlines()[1:]], ""]
    (out / "report.md").write_text("\n".join(md), encoding="utf-8")
    _plots(out, report)
