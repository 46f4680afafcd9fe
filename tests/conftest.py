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
# The same kind of page dumped as Markdown with its links and images, as html2text and
# the scrapers that feed language models write pages.
MARKDOWN_PAGE = (REPO / "docs" / "example.md").read_text(encoding="utf-8")

# A dump that flattened a whole page into one line (title, byline, date, caption and
# credit, body, tags, a most-read list with section names, a call to action), in Swedish.
ONE_LINE_PAGE = (
    "Sälarna är tillbaka i kanalen Anna Berg skriver 14 mars 2025 09:12 En säl vilar på stranden vid "
    "slussen. Foto: Erik Lund/TT För första gången på fyrtio år har knubbsälar fött ungar i den gamla "
    "kanalen. Volontärer räknade elva vuxna djur och tre ungar på lerbankarna under helgen. De säger att "
    "det långa arbetet med att rena vattnet äntligen har gett resultat. Forskarna vill nu märka tre av "
    "de vuxna djuren för att se om de stannar i kanalen över vintern. Kommunen ber hundägare att hålla "
    "sina hundar kopplade längs kanalen så länge ungarna är små. Natur Djur Miljö Mest läst Ny cykelbro "
    "över älven godkänd Inrikes Stormvarning för norra kusten Inrikes Museet öppnar dinosauriesalen "
    "igen Kultur Tio promenader att ta före sommaren Livsstil Polisen söker vittnen efter brand i "
    "hamnen Inrikes Visa fler\n"
)
