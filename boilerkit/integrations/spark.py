"""Clean a text column of a Spark DataFrame with `DataFrame.mapInPandas`.

    from boilerkit.integrations.spark import clean_partitions, output_schema

    out = df.mapInPandas(clean_partitions("text"), schema=output_schema(df.schema))

The function runs on the executors; each executor Python process loads the model once
(a module-level cache), whatever the number of partitions and batches it sees. Added
columns: the cleaned text (output_col, default: text_col replaced), boilerkit_kept_chars
and boilerkit_dropped_chars (longs), boilerkit_figures (JSON: characters kept and dropped
per label, model version) and boilerkit_error (null unless the row failed; a failed row
keeps its text unchanged).
"""

from __future__ import annotations

import json

from ..corpus import char_total, clean_text
from ..errors import BoilerkitError
from ..labels import DEFAULT_KEEP

ADDED = ("boilerkit_kept_chars", "boilerkit_dropped_chars", "boilerkit_figures", "boilerkit_error")
_DETECTORS: dict = {}


def _detector(model):
    det = _DETECTORS.get(model)
    if det is None:
        from ..detector import load

        det = _DETECTORS[model] = load(model)
    return det


def output_schema(schema, text_col: str = "text", output_col: str | None = None):
    """The input schema plus the columns clean_partitions adds."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    fields = [StructField(text_col, StringType(), True) if f.name == text_col and output_col is None else f
              for f in schema.fields if f.name not in ADDED and f.name != output_col]
    if output_col is not None:
        fields.append(StructField(output_col, StringType(), True))
    fields += [StructField("boilerkit_kept_chars", LongType(), True),
               StructField("boilerkit_dropped_chars", LongType(), True),
               StructField("boilerkit_figures", StringType(), True),
               StructField("boilerkit_error", StringType(), True)]
    return StructType(fields)


def clean_partitions(text_col: str = "text", output_col: str | None = None, keep=DEFAULT_KEEP,
                     threshold: float | None = None, model: str | None = None, html: bool = False,
                     labels: bool = True):
    """A function for DataFrame.mapInPandas (pair it with output_schema). labels=False
    skips the class model (about twice as fast): boilerkit_figures then holds totals."""
    keep = tuple(keep)

    def fn(batches):
        det = _detector(model)
        for pdf in batches:
            texts, kept, dropped, figures, errors = [], [], [], [], []
            for t in pdf[text_col].tolist():
                try:
                    if not isinstance(t, str):
                        raise BoilerkitError("no text" if t is None else f"a {type(t).__name__}, not text")
                    cleaned, figs, _ = clean_text(det, t, keep, threshold, html, labels=labels)
                except BoilerkitError as exc:
                    texts.append(t)
                    kept.append(None)
                    dropped.append(None)
                    figures.append(None)
                    errors.append(str(exc))
                    continue
                texts.append(cleaned)
                kept.append(char_total(figs["kept_chars"]))
                dropped.append(char_total(figs["dropped_chars"]))
                figures.append(json.dumps(figs))
                errors.append(None)
            import pandas as pd

            pdf = pdf.copy()
            pdf[output_col or text_col] = texts
            pdf["boilerkit_kept_chars"] = pd.array(kept, dtype="Int64")  # nullable: failed rows
            pdf["boilerkit_dropped_chars"] = pd.array(dropped, dtype="Int64")
            pdf["boilerkit_figures"] = figures
            pdf["boilerkit_error"] = errors
            yield pdf

    return fn
