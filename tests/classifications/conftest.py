"""Fixtures of the results tests: the ELMS 2014 Silverstone race in the ACO persona world."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scenarios import Elms, build_elms


@pytest.fixture
def elms(world: Any) -> Elms:
    return build_elms(world.aco_series)
