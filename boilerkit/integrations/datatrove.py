"""A datatrove pipeline step that replaces `doc.text` with its cleaned text.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from boilerkit.integrations.datatrove import BoilerkitCleaner

    LocalPipelineExecutor(pipeline=[JsonlReader("in/"), BoilerkitCleaner(), JsonlWriter("out/")],
                          tasks=4, workers=2).run()

`doc.metadata["boilerkit"]` gets the figures (characters kept and dropped per label,
model version, error) and, with segments=True, `doc.metadata["boilerkit_segments"]` the
segments' offsets, labels and body scores. A document that cannot be cleaned passes
through unchanged with the error set (counted in the step's stats as "failed");
drop_empty=True drops documents left with no text (counted as "dropped_empty");
labels=False leaves out the class model, which only names the dropped segments' classes
(about twice as fast; the figures' kept_chars and dropped_chars are then totals).
"""

from __future__ import annotations

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from ..corpus import FIGURES, SEGMENTS, clean_text, failed
from ..errors import BoilerkitError
from ..labels import DEFAULT_KEEP


class BoilerkitCleaner(PipelineStep):
    name = "boilerkit cleaner"
    type = "🧹 - CLEAN"

    def __init__(self, model: str | None = None, keep=DEFAULT_KEEP, threshold: float | None = None,
                 html: bool = False, segments: bool = False, drop_empty: bool = False, labels: bool = True):
        super().__init__()
        if segments and not labels:
            raise ValueError("segments carry labels: they need labels=True")
        self.model = model
        self.keep = tuple(keep)
        self.threshold = threshold
        self.html = html
        self.segments = segments
        self.drop_empty = drop_empty
        self.labels = labels  # False: no class model (about twice as fast); figures are totals
        self._det = None

    def __getstate__(self):  # the model is loaded in each worker, never shipped to it
        state = dict(self.__dict__)
        state["_det"] = None
        return state

    @property
    def detector(self):
        if self._det is None:
            from ..detector import load

            self._det = load(self.model)
        return self._det

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        det = self.detector
        for doc in data:
            self.stat_update("documents")
            with self.track_time():
                try:
                    cleaned, figs, segs = clean_text(det, doc.text, self.keep, self.threshold, self.html,
                                                     self.segments, labels=self.labels)
                except BoilerkitError as exc:
                    doc.metadata[FIGURES] = failed(det.version, str(exc))
                    self.stat_update("failed")
                    yield doc
                    continue
            self.stat_update("chars_in", value=len(doc.text))
            self.stat_update("chars_kept", value=len(cleaned))
            doc.text = cleaned
            doc.metadata[FIGURES] = figs
            if self.segments:
                doc.metadata[SEGMENTS] = segs
            if self.drop_empty and not cleaned:
                self.stat_update("dropped_empty")
                continue
            yield doc
