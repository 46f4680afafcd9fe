"""boilerkit: separate a web page's article body from its boilerplate, line by line.

    >>> import boilerkit
    >>> boilerkit.clean(text)             # body text, one block per line
    >>> det = boilerkit.load()            # the bundled model
    >>> det.classify(text)                # [Segment(start, end, text, label, score, keep), ...]
"""

__version__ = "0.1.0"

from .detector import Detector, Segment, clean, clean_html, load  # noqa: E402
from .errors import BoilerkitError, InputError, ModelError  # noqa: E402
from .labels import DEFAULT_KEEP, DESCRIPTIONS, LABELS  # noqa: E402

__all__ = [
    "BoilerkitError", "DEFAULT_KEEP", "DESCRIPTIONS", "Detector", "InputError", "LABELS",
    "ModelError", "Segment", "clean", "clean_html", "load", "__version__",
]
