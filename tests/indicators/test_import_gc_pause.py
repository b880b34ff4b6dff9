import gc

import pytest

from indicators.importing import apply as apply_step
from indicators.importing import apply_import
from indicators.importing import plan as plan_step
from indicators.importing.gc_pause import collector_paused
from indicators.services import apply_planned_values

from .import_helpers import long_sheet, plan_of, workbook_bytes


@pytest.fixture
def collector_enabled():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_garbage_collector_is_paused_during_an_import_and_resumed_after(collector_enabled):
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_resumes_only_when_the_last_of_overlapping_imports_ends(collector_enabled):
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_disabled_before_the_import_stays_disabled_after(collector_enabled):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
    gc.enable()


def test_the_collector_resumes_when_the_import_fails(collector_enabled):
    with pytest.raises(ValueError, match="broken file"), collector_paused():
        raise ValueError("broken file")
    assert gc.isenabled()


def test_an_import_is_planned_and_applied_with_the_collector_paused(collector_enabled, monkeypatch, gdansk):
    paused = []

    def recording(**arguments):
        paused.append(not gc.isenabled())
        return apply_planned_values(**arguments)

    monkeypatch.setattr(plan_step, "apply_planned_values", recording)
    monkeypatch.setattr(apply_step, "apply_planned_values", recording)
    apply_import(plan_of(workbook_bytes({"S": long_sheet(["5.1", 2019, 5])}), gdansk))
    assert paused == [True, True]
    assert gc.isenabled()
