"""Rows for the authorization matrix: the admissions world of ``conftest.build_world``
(candidates, programmes, results and lottery draws in 东湖区 and 进贤县; a city run)."""

from .conftest import build_world


def build(cast) -> None:
    build_world(cast)
