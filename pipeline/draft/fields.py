"""Every variable and attribute a template uses, checked against the context model.

Jinja prints an unknown field as nothing, so `{{ area.titel }}` would pass a render and leave a
blank line in a document someone signs. This walks the parsed template with the type of each
name in scope (loop variables take their list's item type) and reports unknown fields with the
closest known one, and expressions that reach for Python internals, which the sandbox would
refuse at render time.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pipeline.draft.context import CONTEXT_MODEL, NUMBER, TEXT
from pipeline.draft.sandbox import is_unsafe

ANY = "any"  # a spec's own key, a macro argument: nothing to check against
UNSAFE = "unsafe"  # already reported: the rest of the chain says nothing new
LOOP = {"index": NUMBER, "index0": NUMBER, "revindex": NUMBER, "revindex0": NUMBER, "first": ANY,
        "last": ANY, "length": NUMBER, "depth": NUMBER, "depth0": NUMBER, "previtem": ANY,
        "nextitem": ANY, "cycle": ANY, "changed": ANY}
TEXT_FILTERS = frozenset({"lower", "upper", "title", "capitalize", "trim", "join", "string", "replace",
                          "truncate", "center", "indent", "wordwrap", "format", "e", "escape", "safe",
                          "striptags", "urlencode"})
NUMBER_FILTERS = frozenset({"length", "count", "int", "float", "round", "sum", "abs", "wordcount"})
SAME_FILTERS = frozenset({"default", "d", "list", "sort", "reverse", "unique", "reject", "select",
                          "rejectattr", "selectattr", "batch", "slice"})
ITEM_FILTERS = frozenset({"first", "last", "random", "min", "max"})
SUGGEST_CUTOFF = 0.6


@dataclass
class FieldProblem:
    lineno: int
    message: str


def _item(kind: Any) -> Any:
    if kind == UNSAFE:
        return UNSAFE
    return kind[0] if isinstance(kind, list) else ANY


def expression(node) -> str:
    """The source-like text of a name/attribute/item chain: "area.titel", "''.__class__"."""
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{expression(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{expression(node.node)}[{arg!r}]"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Call):
        return f"{expression(node.node)}()"
    if isinstance(node, nodes.Filter):
        return f"{expression(node.node)}|{node.name}"
    return "…"


class _Checker:
    def __init__(self):
        self.problems: list[FieldProblem] = []

    def problem(self, node, message: str) -> None:
        self.problems.append(FieldProblem(node.lineno or 1, message))

    def attribute(self, node, owner: Any, name: str) -> Any:
        """The type of owner.name, reporting a name the owner does not have."""
        if owner == UNSAFE:
            return UNSAFE
        if is_unsafe(name):
            self.problem(node, f"otillåtet uttryck “{expression(node)}”: en mall får inte nå Pythons inre delar")
            return UNSAFE
        if isinstance(owner, dict):
            if name in owner:
                return owner[name]
            close = difflib.get_close_matches(name, list(owner), n=1, cutoff=SUGGEST_CUTOFF)
            hint = f" (menade du {expression(node.node)}.{close[0]}?)" if close else ""
            known = ", ".join(sorted(owner))
            self.problem(node, f"okänt fält “{expression(node)}”{hint}; fälten är: {known}")
            return ANY
        if owner == TEXT and hasattr(str, name):
            return ANY
        if owner in (TEXT, NUMBER) or isinstance(owner, list):
            what = "en lista" if isinstance(owner, list) else {TEXT: "en text", NUMBER: "ett tal"}[owner]
            self.problem(node, f"okänt fält “{expression(node)}”: {expression(node.node)} är {what}")
        return ANY

    def type_of(self, node, scope: dict[str, Any]) -> Any:
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return CONTEXT_MODEL.get(node.name, ANY)
        if isinstance(node, nodes.Getattr):
            return self.attribute(node, self.type_of(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem):
            owner = self.type_of(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attribute(node, owner, node.arg.value)
            self.visit(node.arg, scope)
            return _item(owner)
        if isinstance(node, nodes.Filter):
            owner = self.type_of(node.node, scope) if node.node is not None else ANY
            arguments = [*node.args, *(k.value for k in node.kwargs)]
            self.visit_all(arguments, scope)
            for arg in arguments:  # attr('__class__'), map(attribute='__init__') reach by name
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str) and is_unsafe(arg.value):
                    self.problem(node, f"otillåtet uttryck “{expression(node)}('{arg.value}')”: "
                                       "en mall får inte nå Pythons inre delar")
                    return UNSAFE
            if node.name in TEXT_FILTERS:
                return TEXT
            if node.name in NUMBER_FILTERS:
                return NUMBER
            if node.name in ITEM_FILTERS:
                return _item(owner)
            return owner if node.name in SAME_FILTERS else ANY
        if isinstance(node, nodes.Call):
            self.type_of(node.node, scope)
            self.visit_all([*node.args, *(k.value for k in node.kwargs)], scope)
            return ANY
        self.visit(node, scope)
        return TEXT if isinstance(node, nodes.Const) and isinstance(node.value, str) else ANY

    def bind(self, target, kind: Any, scope: dict[str, Any]) -> None:
        from jinja2 import nodes

        if isinstance(target, nodes.Name):
            scope[target.name] = kind
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY, scope)

    def visit_all(self, items, scope: dict[str, Any]) -> None:
        for item in items:
            self.visit(item, scope)

    def visit(self, node, scope: dict[str, Any]) -> None:
        from jinja2 import nodes

        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Call)):
            self.type_of(node, scope)
        elif isinstance(node, nodes.For):
            item = _item(self.type_of(node.iter, scope))
            inner = dict(scope, loop=LOOP)
            self.bind(node.target, item, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            self.visit_all(node.body, inner)
            self.visit_all(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.type_of(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.visit_all(node.body, scope)
            self.bind(node.target, TEXT, scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self.bind(target, self.type_of(value, scope), inner)
            self.visit_all(node.body, inner)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope, caller=ANY, varargs=ANY, kwargs=ANY)
            for arg in node.args:
                inner[arg.name] = ANY
            self.visit_all(node.defaults, scope)
            if isinstance(node, nodes.CallBlock):
                self.type_of(node.call, scope)
            self.visit_all(node.body, inner)
        else:
            self.visit_all(node.iter_child_nodes(), scope)


def field_problems(source: str) -> list[FieldProblem]:
    """Unknown fields and unsafe expressions in a template source that parses."""
    from pipeline.draft.sandbox import environment

    checker = _Checker()
    checker.visit(environment().parse(source), {})
    return sorted(checker.problems, key=lambda p: p.lineno)
