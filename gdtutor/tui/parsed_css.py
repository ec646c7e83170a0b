"""Textual's CSS parsed once per process instead of once per stylesheet.

Textual parses every CSS source again each time it rebuilds an app's stylesheet: at start, when a kind of
widget with its own CSS first mounts, when the theme changes. At the picker's start that is six parses of
28 sources, about 50 ms of CPU on a loaded machine, and the same for every session the classroom server
forks. A parse depends only on the CSS text, where it came from, its scope and the theme's variables, so
its rule sets are kept here for the life of the process: a session forked from the warm parent finds every
rule the parent's rehearsal parsed. (Textual keeps parses per stylesheet already; rule sets are never
changed once parsed.)
"""

from __future__ import annotations

from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

_parsed: dict[tuple[object, ...], list[RuleSet]] = {}
# The variables of a stylesheet as a hashable key, by the dict's identity: a rebuilt stylesheet shares its
# predecessor's dict, and making a frozenset of ~150 variables for every source would cost more than it saves.
_variable_keys: dict[int, tuple[dict[str, str], frozenset[tuple[str, str]]]] = {}
_parse_rules = Stylesheet._parse_rules


def _variables_key(variables: dict[str, str]) -> frozenset[tuple[str, str]]:
    known = _variable_keys.get(id(variables))
    if known is None or known[0] is not variables:
        known = (variables, frozenset(variables.items()))
        _variable_keys[id(variables)] = known
    return known[1]


def _kept_parse(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[RuleSet]:
    key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_key(self._variables))
    rules = _parsed.get(key)
    if rules is None:
        rules = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        _parsed[key] = rules
    return rules


def keep_parsed_css() -> None:
    """From now on, every stylesheet of this process reuses the rule sets parsed for the same source."""
    Stylesheet._parse_rules = _kept_parse  # type: ignore[method-assign]
