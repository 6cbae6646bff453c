"""The layers of docs/architecture.md, enforced: a module imports only from its own layer or those
below it. Read from the source with `ast` (imports inside functions and under TYPE_CHECKING count
too), so the test needs nothing installed and fails the moment an upward import lands."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "storyline"
# Bottom to top. A module may import from its own layer and any layer listed before it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("lexicon", ("lexicon",)),  # words and names: imports nothing else of Storyline
    ("model", ("model", "timing")),  # the records every stage passes on, and the stage clock
    ("nlp", ("nlp",)),  # the only place that loads a language model
    ("ingest", ("ingest",)),
    ("text", ("text", "prepare")),
    ("extract", ("extract",)),
    ("store", ("store",)),
    ("resolve", ("resolve",)),
    ("views", ("export", "web")),
    ("orchestration", ("executors", "pipeline", "cli", "__main__")),
]


def layer_of(module: str) -> int:
    """Index in LAYERS of a dotted module name inside the package ("storyline.text.timex.core")."""
    first = module.split(".")[1] if module.count(".") else ""
    for i, (_name, parts) in enumerate(LAYERS):
        if first in parts:
            return i
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and to docs/architecture.md")


def imports(path: Path, module: str, package: Path) -> set[str]:
    """The storyline modules a file imports (absolute, or relative resolved against `module`)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("storyline")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")[: -node.level]
                base = ".".join([*parent, base] if base else parent)
            if base.startswith("storyline"):
                # "from storyline import executors" imports the module storyline.executors;
                # "from storyline import __version__" only the package itself
                if base == "storyline":
                    out |= {f"storyline.{a.name}" for a in node.names if _is_module(package, a.name)}
                else:
                    out.add(base)
    return out


def _is_module(package: Path, name: str) -> bool:
    return (package / f"{name}.py").is_file() or (package / name).is_dir()


def violations(package: Path) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package.parent).with_suffix("")
        module = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        if module == "storyline":
            continue
        mine = layer_of(module)
        for target in sorted(imports(path, module if rel.name != "__init__" else module + ".x", package)):
            if layer_of(target) > mine:
                found.append(f"{module} ({LAYERS[mine][0]}) imports {target} ({LAYERS[layer_of(target)][0]})")
    return found


def test_no_module_imports_from_a_layer_above_it() -> None:
    assert violations(PACKAGE) == []


def test_a_planted_upward_import_is_caught(tmp_path: Path) -> None:
    copy = tmp_path / "storyline"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
    calendar = copy / "lexicon" / "calendar.py"
    calendar.write_text(calendar.read_text(encoding="utf-8") + "\nfrom storyline.store import db  # noqa\n")
    timex = copy / "text" / "timex" / "core.py"
    timex.write_text(timex.read_text(encoding="utf-8") + "\ndef late():\n    from ...extract import spans\n")
    assert violations(copy) == [
        "storyline.lexicon.calendar (lexicon) imports storyline.store (store)",
        "storyline.text.timex.core (text) imports storyline.extract (extract)",
    ]
