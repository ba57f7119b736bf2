"""The faster ways of reading give the same answers as the plain ones they replace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fairbuy.io import roles

_WORDS = sorted({w for _, alias, _ in roles._ALIAS_TOKENS for w in alias.split()} | {"x", "netto", "eur", "1"})


def _first_alias_by_scan(tokens: tuple[str, ...]) -> tuple[str, str] | None:
    """The word pass as it was: every alias, longest first, tried in turn."""
    for sub, alias, role in roles._ALIAS_TOKENS:
        if len(alias) >= 2 and roles._contains(tokens, sub):
            return alias, role
    return None


def test_alias_lookup_matches_scan_on_every_alias() -> None:
    for sub, _alias, _role in roles._ALIAS_TOKENS:
        for tokens in (sub, ("x", *sub), (*sub, "netto", "eur"), sub + sub):
            assert roles._first_alias_within(tokens) == _first_alias_by_scan(tokens), tokens


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=8))
def test_alias_lookup_matches_scan(words: list[str]) -> None:
    tokens = tuple(words)
    assert roles._first_alias_within(tokens) == _first_alias_by_scan(tokens)


def test_alias_lookup_finds_longest_alias() -> None:
    assert roles._first_alias_within(("gesamtpreis", "netto", "eur")) == _first_alias_by_scan(
        ("gesamtpreis", "netto", "eur")
    )
    assert roles._first_alias_within(("basaltpflaster", "art", "nr", "2019889")) == ("art nr", "article_number")
    assert roles._first_alias_within(("kaffee",)) is None
