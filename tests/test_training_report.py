import pytest

pytest.importorskip("matplotlib")

from training import report


def test_report_written_elsewhere_carries_the_ablation_table(tmp_path):
    table = tmp_path / "abl" / "ablation.md"
    table.parent.mkdir()
    table.write_text("# Ablation\n\n| features | F1 |\n|---|---|\n| all features | 0.5 |\n", encoding="utf-8")
    out = tmp_path / "scratch" / "run1"  # nothing called ablation beside it
    report.write(out, {"command": "python -m training.train"}, ablation=table)
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Ablation" in md and "| all features | 0.5 |" in md
    for other in (tmp_path / "missing.md", None):  # None: the HTML model's and validation runs' reports
        report.write(out, {"command": "python -m training.train"}, ablation=other)
        assert "## Ablation" not in (out / "report.md").read_text(encoding="utf-8")


def test_default_ablation_table_is_the_repositorys():
    assert report.ABLATION.parts[-4:] == ("training", "reports", "ablation", "ablation.md")
