"""exam/acyclic.py: the cycle collector is paused only for the block and comes back as it was."""

import gc

import pytest

from servicebook.exam.acyclic import no_cycles


def test_the_collector_resumes_as_it_was_even_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with no_cycles():
            assert not gc.isenabled()
            raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with no_cycles():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
