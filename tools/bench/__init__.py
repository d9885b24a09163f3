"""Benchmarks of the poll engine, the chart renderer and whole site builds (``invoke bench-polls``, ``invoke bench``).

Outside the library packages: they generate synthetic archives, time the libraries
from the outside and read their figures from what the libraries return.
"""
