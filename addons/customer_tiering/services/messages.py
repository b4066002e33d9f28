"""User-facing messages of the suite's pure rules, kept untranslated.

The rules run without Odoo, so they cannot translate: they mark their
messages with ``_lt`` (for the catalogue extraction) and return them as a
:class:`Problem`; the models translate it in the user's language with
``env._(problem.message, **problem.params)``. Shared by the three addons.
"""

from typing import NamedTuple


def _lt(message):
    """Marks a message for translation; the models translate it at run time."""
    return message


class Problem(NamedTuple):
    """An untranslated message with its parameters, and ``key`` naming what
    it is about (the setting to point the user to, or the check that failed)
    where the caller needs to know."""

    message: str
    params: dict
    key: str = ""

    def __str__(self):
        return self.message % self.params
