"""The refresh pipeline: fetch every source, merge with provenance, validate, write data files.

Not shipped in the wheel. Entry points: ``refresh.py``, ``release.py``, ``report.py``.
"""
