"""boilerkit: separate a web page's article body from its boilerplate, line by line.

    >>> import boilerkit
    >>> boilerkit.clean(text)             # body text, one block per line
    >>> det = boilerkit.load()            # the bundled model
    >>> det.classify(text)                # [Segment(start, end, text, label, score, keep), ...]
"""

__version__ = "0.1.0"

from .detector import Detector, Segment, clean, clean_html, load  # noqa: E402
from .errors import BoilerkitError, InputError, ModelError  # noqa: E402
from .html import html_to_lines as html_text  # noqa: E402  (what classify_html's offsets refer to)
from .html import page_title  # noqa: E402
from .labels import DEFAULT_KEEP, DESCRIPTIONS, LABELS  # noqa: E402

__all__ = [
    "BoilerkitError", "DEFAULT_KEEP", "DESCRIPTIONS", "Detector", "InputError", "LABELS",
    "ModelError", "Segment", "clean", "clean_html", "html_text", "load", "page_title", "__version__",
]
