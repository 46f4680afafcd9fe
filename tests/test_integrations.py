"""The datatrove step and the Spark function, run for real (skipped when the engine or
Java is missing; CI installs both)."""

import json
import os
import shutil
import sys

import pytest

from conftest import REPO

EXAMPLE = (REPO / "docs" / "example.txt").read_text(encoding="utf-8")


def _docs(n):
    return [{"id": f"d{i}", "text": EXAMPLE if i % 2 else f"Short note {i}.\nRead more »"} for i in range(n)]


def test_datatrove_step_in_a_local_pipeline(tmp_path, detector):
    pytest.importorskip("datatrove", reason="needs the datatrove extra: pip install '.[datatrove]'")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from boilerkit.integrations.datatrove import BoilerkitCleaner

    src = tmp_path / "in"
    src.mkdir()
    for k in range(2):
        with open(src / f"part{k}.jsonl", "w", encoding="utf-8") as f:
            for d in _docs(6):
                f.write(json.dumps({**d, "id": f"{k}-{d['id']}"}) + "\n")
    step = BoilerkitCleaner()
    step.detector  # loaded in the parent: must not be shipped to the workers
    LocalPipelineExecutor(pipeline=[JsonlReader(str(src)), step, JsonlWriter(str(tmp_path / "out"))],
                          tasks=2, workers=2, logging_dir=str(tmp_path / "logs")).run()
    out = []
    for p in sorted((tmp_path / "out").glob("*.jsonl*")):
        import gzip

        opener = gzip.open if p.suffix == ".gz" else open
        with opener(p, "rt", encoding="utf-8") as f:
            out.extend(json.loads(line) for line in f)
    assert len(out) == 12
    full = [d for d in out if d["id"].endswith(("d1", "d3", "d5"))]
    assert full and all(d["text"] == detector.clean(EXAMPLE) for d in full)
    figs = full[0]["metadata"]["boilerkit"]
    assert figs["model"] == detector.version and figs["kept_chars"]["body"] > 0


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", reason="needs the spark extra: pip install '.[spark]'")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java on PATH")
    from pyspark.sql import SparkSession

    # the executors' Python must be this one (the one boilerkit is installed in)
    os.environ["PYSPARK_PYTHON"] = os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    s = (SparkSession.builder.master("local[2]").appName("boilerkit-test")
         .config("spark.pyspark.python", sys.executable).config("spark.pyspark.driver.python", sys.executable)
         .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate())
    yield s
    s.stop()


def test_spark_map_in_pandas(spark, detector):
    from boilerkit.integrations.spark import clean_partitions, output_schema

    rows = _docs(8) + [{"id": "none", "text": None}]
    df = spark.createDataFrame(rows, schema="id string, text string").repartition(2)
    out = df.mapInPandas(clean_partitions("text", output_col="clean"),
                         schema=output_schema(df.schema, "text", "clean"))
    got = {r["id"]: r.asDict() for r in out.collect()}
    assert len(got) == 9
    assert got["d1"]["clean"] == detector.clean(EXAMPLE) and got["d1"]["text"] == EXAMPLE
    assert got["d1"]["boilerkit_kept_chars"] > 0 and got["d1"]["boilerkit_error"] is None
    assert json.loads(got["d1"]["boilerkit_figures"])["model"] == detector.version
    assert got["none"]["boilerkit_error"] and got["none"]["clean"] is None
    fast = df.mapInPandas(clean_partitions("text", output_col="clean", labels=False),
                          schema=output_schema(df.schema, "text", "clean"))
    fast = {r["id"]: r.asDict() for r in fast.collect()}
    for k in ("clean", "boilerkit_kept_chars", "boilerkit_dropped_chars", "boilerkit_error"):
        assert fast["d1"][k] == got["d1"][k] and fast["none"][k] == got["none"][k]
    assert json.loads(fast["d1"]["boilerkit_figures"])["kept_chars"] == got["d1"]["boilerkit_kept_chars"]


def test_datatrove_step_refuses_segments_without_labels():
    pytest.importorskip("datatrove", reason="needs the datatrove extra: pip install '.[datatrove]'")
    from boilerkit.integrations.datatrove import BoilerkitCleaner

    with pytest.raises(ValueError, match="labels"):
        BoilerkitCleaner(segments=True, labels=False)
    assert BoilerkitCleaner(labels=False).labels is False
