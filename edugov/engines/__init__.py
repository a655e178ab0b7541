"""Django-free computational engines.

Each sub-package is plain Python (numpy, numba, DuckDB): the Django apps feed them rows
and store what they return. Nothing under this package may import Django — a test in
``edugov/engines/tests`` enforces it.
"""
