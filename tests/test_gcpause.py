"""The cyclic garbage collector is paused during an audit and restored afterwards."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

from fairbuy.api import audit
from fairbuy.gcpause import gc_paused


@pytest.mark.parametrize("was_enabled", [True, False])
def test_gc_paused_restores_the_previous_state(was_enabled: bool) -> None:
    before = gc.isenabled()
    try:
        (gc.enable if was_enabled else gc.disable)()
        with gc_paused():
            assert not gc.isenabled()
            with gc_paused():  # nested
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled() is was_enabled
        with pytest.raises(RuntimeError), gc_paused():
            raise RuntimeError("boom")
        assert gc.isenabled() is was_enabled
    finally:
        (gc.enable if before else gc.disable)()


def test_audit_runs_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    import fairbuy.recognise.recogniser as rec_mod

    real = rec_mod.Recogniser.recognise_table

    def spy(self: rec_mod.Recogniser, table: pd.DataFrame) -> pd.DataFrame:
        seen.append(gc.isenabled())
        return real(self, table)

    monkeypatch.setattr(rec_mod.Recogniser, "recognise_table", spy)
    assert gc.isenabled()
    result = audit(pd.DataFrame({"Bezeichnung": ["Kaffee Fairtrade 1kg"], "Menge": [1]}))
    assert seen == [False]
    assert gc.isenabled()
    assert len(result.table) == 1
