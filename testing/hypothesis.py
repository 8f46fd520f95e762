"""Example counts of property tests that follow the loaded Hypothesis profile.

A test that needs more (or fewer) examples than the default says so relative to it:
``@settings(max_examples=examples(150))`` runs 150 locally and 1,500 under the "ci" profile
(registered in conftest.py), instead of a fixed count that CI could not raise.
"""

from hypothesis import settings

_DEFAULT = 100  # Hypothesis's own default, which the "project" profile keeps


def examples(n: int) -> int:
    return max(1, n * settings.default.max_examples // _DEFAULT)
