"""readlist: the books people recommend in discussion threads, as a clean, cited reading list.

The library is usable without the CLI::

    from readlist import scan
    result = scan(["seeds/"])
"""

from __future__ import annotations

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/readlist/readlist"

from readlist.pipeline import ScanOptions, ScanResult, scan  # noqa: E402

__all__ = ["__version__", "PROJECT_URL", "scan", "ScanOptions", "ScanResult"]
