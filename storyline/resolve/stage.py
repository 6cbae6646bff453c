"""What the corpus-level stages of one build share.

Each resolve/ module is one stage: a pure core over plain records, and an `update(store, changes)`
entry that reads what changed since the last build, re-resolves only what that touches, writes it
back in one transaction, and returns how many items it wrote. `Changes` carries what one stage
learns that a later one needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changes:
    redo: bool = False  # the previous build did not finish: revisit everything, not only what is new
    touched: set[str] = field(default_factory=set)  # documents whose local entities changed entity
