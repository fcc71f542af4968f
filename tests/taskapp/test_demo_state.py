"""The demo switches live in files, so every process that reads DEMO_STATE_DIR agrees."""

from demo import state


def test_a_switch_is_off_until_turned_on(demo_state):
    assert not state.is_on(state.HUNG)
    state.turn(state.HUNG, True)
    assert state.is_on(state.HUNG)
    assert (demo_state / state.HUNG).exists()


def test_turning_a_switch_twice_either_way_is_harmless(demo_state):
    state.turn(state.NOT_READY, True)
    state.turn(state.NOT_READY, True)
    state.turn(state.NOT_READY, False)
    state.turn(state.NOT_READY, False)
    assert not state.is_on(state.NOT_READY)


def test_reset_turns_every_switch_off(demo_state):
    state.turn(state.HUNG, True)
    state.turn(state.NOT_READY, True)
    state.reset()
    assert not state.is_on(state.HUNG)
    assert not state.is_on(state.NOT_READY)


def test_the_state_directory_is_private(demo_state):
    state.turn(state.HUNG, True)
    assert demo_state.stat().st_mode & 0o777 == 0o700
