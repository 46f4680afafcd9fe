import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the training package lives beside boilerkit

SHARED = Path(os.environ.get("BOILERKIT_SHARED", REPO.parent / "shared"))
HAVE_SHARED = (SHARED / "seeds").is_dir() and (SHARED / "data").is_dir()
needs_shared = pytest.mark.skipif(
    not HAVE_SHARED, reason=f"data-backed test: shared data not found at {SHARED} (set BOILERKIT_SHARED)"
)


@pytest.fixture(scope="session")
def detector():
    import boilerkit

    return boilerkit.load()


# Pages written for these tests (no third-party text).
NEWS_PAGE = (REPO / "docs" / "example.txt").read_text(encoding="utf-8")
