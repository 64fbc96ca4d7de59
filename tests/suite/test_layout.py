"""The support library's layout is its architecture: layers in one direction, areas apart.

aether_suite/ holds layers, each importing only from the layers before it:

    errors  <  contract  <  client  <  checks  <  the areas (auth, tenancy, files, export, fuzz)  <  run  <  report

and an area never imports another area: what two areas share belongs in checks or the client.
"""
import ast
from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parents[2] / "aether_suite"
AREAS = ("auth", "tenancy", "files", "export", "fuzz")
RANK = {"errors": 0, "contract": 1, "client": 2, "checks": 3, **dict.fromkeys(AREAS, 4), "run": 5, "report": 6}
TOP_LEVEL_MODULES = {"__init__.py", "errors.py"}  # used by every layer


def _part(module: str) -> str | None:
    """The layer or area of a dotted module name inside aether_suite (None for anything outside it)."""
    parts = module.split(".")
    return parts[1] if parts[0] == "aether_suite" and len(parts) > 1 else None


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's own package
                package = path.relative_to(LIBRARY.parent).with_suffix("").parts[:-node.level]
                base = ".".join(package + ((node.module,) if node.module else ()))
            else:
                base = node.module or ""
            names = [f"{base}.{alias.name}" for alias in node.names] if node.module is None else [base]
            found += [(node.lineno, name) for name in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


MODULES = sorted(path for path in LIBRARY.rglob("*.py"))


def test_the_top_level_holds_only_what_every_layer_uses():
    assert {path.name for path in LIBRARY.glob("*.py")} == TOP_LEVEL_MODULES
    assert {path.name for path in LIBRARY.iterdir() if path.is_dir() and path.name != "__pycache__"} == \
        set(RANK) - {"errors"}


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(LIBRARY)))
def test_each_module_imports_only_earlier_layers_and_no_other_area(path):
    own = path.relative_to(LIBRARY).parts[0].removesuffix(".py")
    wrong = []
    for line, module in _imports(path):
        other = _part(module)
        if other is None or other == own:
            continue
        if other in AREAS and own in AREAS:
            wrong.append(f"line {line}: the {own} area imports the {other} area ({module})")
        elif RANK[other] > RANK[own]:
            wrong.append(f"line {line}: {own} (layer {RANK[own]}) imports the later layer {other} ({module})")
    assert not wrong, "\n".join(wrong)


def test_the_rule_catches_an_area_importing_another():
    fake = LIBRARY / "export" / "_layout_probe.py"
    assert not fake.exists()
    fake.write_text("from aether_suite.tenancy import wall\n", encoding="utf-8")
    try:
        with pytest.raises(AssertionError, match="the export area imports the tenancy area"):
            test_each_module_imports_only_earlier_layers_and_no_other_area(fake)
    finally:
        fake.unlink()
