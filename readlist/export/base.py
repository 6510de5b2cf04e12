"""What an exporter is: a named way to turn the works of a .bib into a file or a push."""

from __future__ import annotations

from typing import ClassVar


class Exporter:
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    suffix: ClassVar[str] = ""
