"""No context key grants a right.

A client sends any context it likes with every call, so a key the addons
read must never decide whether the caller may do something: it may only
carry information that changes nothing the caller could not do without it.
This test lists every context key the addons' code reads and fails on one
that is not in ``ALLOWED`` with the reason it authorises nothing; a new key
needs a reviewer to add it here, with that reason.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("customer_tiering", "lead_allocation", "sales_discipline")

ALLOWED = {
    "active_model": "which records a wizard opens on; the wizard's action "
    "then checks the user's access to each of them",
    "active_ids": "the same: the selection a wizard opens on",
    "default_*": "read only to refuse it: a default for a guarded field "
    "(tools/guard.py) is refused like a value sent for it",
    "cron_id": "set by ir.cron when a cron worker runs a job: the engines' "
    "entry points (private, so out of reach of RPC) then replay a batch that "
    "met a concurrency failure; it changes when work is done, never who may "
    "do it",
    "lead_allocation_no_auto": "only delays the allocation of the new leads "
    "to the next run; it takes no lead and gives none",
}


def _constants(tree):
    """Module-level ``NAME = "string"`` assignments."""
    found = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _is_context(node):
    """``<something>.context`` or ``<something>._context``."""
    return isinstance(node, ast.Attribute) and node.attr in ("context", "_context")


def _key(node, constants):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id, f"<{node.id}>")
    if (
        isinstance(node, ast.JoinedStr)
        and node.values
        and isinstance(node.values[0], ast.Constant)
    ):
        return f"{node.values[0].value}*"
    return f"<{ast.unparse(node)}>"


def context_reads(path):
    """``(line, key)`` for every key the file reads from a context."""
    tree = ast.parse(path.read_text(), filename=str(path))
    constants = _constants(tree)
    for node in ast.walk(tree):
        # context.get(KEY) / context.pop(KEY)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "pop")
            and _is_context(node.func.value)
            and node.args
        ):
            yield node.lineno, _key(node.args[0], constants)
        # context[KEY]
        elif isinstance(node, ast.Subscript) and _is_context(node.value):
            yield node.lineno, _key(node.slice, constants)
        # KEY in context
        elif (
            isinstance(node, ast.Compare)
            and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops)
            and any(_is_context(c) for c in node.comparators)
        ):
            yield node.lineno, _key(node.left, constants)


def _sources():
    for addon in ADDONS:
        for path in sorted((ROOT / "addons" / addon).rglob("*.py")):
            if "tests" not in path.relative_to(ROOT / "addons" / addon).parts:
                yield path


@pytest.mark.parametrize(
    "path", list(_sources()), ids=lambda p: str(p.relative_to(ROOT / "addons"))
)
def test_no_context_key_grants_a_right(path):
    unknown = [
        f"{path.relative_to(ROOT)}:{line}: {key}"
        for line, key in context_reads(path)
        if key not in ALLOWED
    ]
    assert not unknown, (
        "context keys read without a reason they authorise nothing "
        f"(see ALLOWED): {unknown}"
    )


def test_the_scan_finds_context_reads(tmp_path):
    """The scanner itself sees every way the code reads a context."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "SKIP = 'skip_it'\n"
        "def f(self):\n"
        "    a = self.env.context.get(SKIP)\n"
        "    b = self._context['raw']\n"
        "    c = 'flag' in self.env.context\n"
        "    d = self.env.context.get('active_ids')\n"
    )
    assert [key for _line, key in context_reads(sample)] == [
        "skip_it",
        "raw",
        "flag",
        "active_ids",
    ]
