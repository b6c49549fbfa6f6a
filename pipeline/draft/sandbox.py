"""The one Jinja environment every template is parsed, checked and rendered in.

Templates come from users (and, through the web app, from uploads), so they run in Jinja's
ImmutableSandboxedEnvironment: no attribute that starts with "_" or reaches a function's
globals, no mutation of the values a template is given, ranges capped. Values are escaped,
so a spec's text can never become Word XML.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def unsafe_attributes() -> frozenset[str]:
    """Attribute names the sandbox refuses beyond the "_" prefix (func_globals, gi_frame …)."""
    from jinja2 import sandbox

    names = set()
    for constant in ("UNSAFE_FUNCTION_ATTRIBUTES", "UNSAFE_METHOD_ATTRIBUTES", "UNSAFE_GENERATOR_ATTRIBUTES",
                     "UNSAFE_COROUTINE_ATTRIBUTES", "UNSAFE_ASYNC_GENERATOR_ATTRIBUTES"):
        names |= set(getattr(sandbox, constant, ()))
    return frozenset(names | {"mro"})


def is_unsafe(attribute: str) -> bool:
    return attribute.startswith("_") or attribute in unsafe_attributes()


def environment():
    """A fresh sandboxed environment (docxtpl changes its autoescape flag, so never share one)."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(autoescape=True)
