"""Entity mentions within one article: names, surnames, acronyms, title-only mentions, roles and the
article's own (local) entities. `core` is the algorithm every language shares; `en` and `ru` hold
only what differs by language (labels, trimming and re-joining rules, cue words, how a role is read)."""

from storyline.extract.mentions.core import local_entity
from storyline.extract.mentions.en import extract_entities
from storyline.extract.mentions.ru import extract_entities_ru

__all__ = ["extract_entities", "extract_entities_ru", "local_entity"]
