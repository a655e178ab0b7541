"""Safe arithmetic expressions over statistics fields.

Indicator numerators and denominators are declared as short strings such as
``"children * max(is_public, is_puhui)"`` so that adding an indicator is a data change.
They are parsed once with :mod:`ast` and only a whitelist of nodes is accepted: field
names, numeric constants, ``+ - * /``, unary minus and ``max``/``min`` of two terms.
Nothing is ever passed to ``eval``.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Mapping

import numpy as np

from ._columns import StatsError, n_rows

Evaluator = Callable[[Mapping[str, np.ndarray]], np.ndarray]

_BINOPS: dict[type, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
}
_CALLS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "max": np.maximum,
    "min": np.minimum,
}


def _build(node: ast.AST, source: str) -> tuple[Evaluator, frozenset[str]]:
    if isinstance(node, ast.Expression):
        return _build(node.body, source)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        value = float(node.value)
        return (lambda cols: np.full(n_rows(cols), value)), frozenset()
    if isinstance(node, ast.Name):
        name = node.id

        def field(cols: Mapping[str, np.ndarray]) -> np.ndarray:
            if name not in cols:
                raise StatsError(f"needed by expression {source!r}", column=name)
            return np.asarray(cols[name], dtype=float)

        return field, frozenset({name})
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        op = _BINOPS[type(node.op)]
        left, lf = _build(node.left, source)
        right, rf = _build(node.right, source)
        return (lambda cols: op(left(cols), right(cols))), lf | rf
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner, f = _build(node.operand, source)
        return (lambda cols: -inner(cols)), f
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _CALLS
        and len(node.args) == 2
        and not node.keywords
    ):
        fn = _CALLS[node.func.id]
        a, af = _build(node.args[0], source)
        b, bf = _build(node.args[1], source)
        return (lambda cols: fn(a(cols), b(cols))), af | bf
    raise ValueError(f"unsupported syntax in indicator expression {source!r}: {ast.dump(node)}")


@functools.lru_cache(maxsize=256)
def compile_expression(source: str) -> tuple[Evaluator, frozenset[str]]:
    """Compile ``source`` to a vectorised evaluator and the set of fields it reads."""
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"cannot parse indicator expression {source!r}: {exc.msg}") from None
    return _build(tree, source)


def evaluate(source: str, cols: Mapping[str, np.ndarray]) -> np.ndarray:
    """Evaluate an expression over a columnar table, one value per row."""
    fn, _ = compile_expression(source)
    return fn(cols)
