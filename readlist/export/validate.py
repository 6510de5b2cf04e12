"""Checking a .bib with the real tools: biber's data-model validation and bibtexparser.

biber warns on fields its data model does not know, so readlist ships a biber config
(``readlist/data/biber/readlist.conf``) that declares the ``readlist-*`` fields and nothing
else: every default entry type, field and constraint of biber stays in force.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import bibtexparser

from readlist.errors import ReadlistError

BLTX = "{http://biblatex-biber.sourceforge.net/biblatexml}"


def biber_config() -> Path:
    """Path of the biber config that declares readlist's own fields."""
    return Path(str(files("readlist") / "data" / "biber" / "readlist.conf"))


def biber_command(bib: Path, out_dir: Path, output_format: str = "bibtex") -> list[str]:
    """The exact biber call readlist uses (output and log kept out of the user's folder)."""
    suffix = ".xml" if output_format == "biblatexml" else ".bib"
    return ["biber", "--tool", "--validate-datamodel", "--configfile", str(biber_config()),
            f"--output-format={output_format}", "--output-file", str(out_dir / f"out{suffix}"),
            "--logfile", str(out_dir / "biber"), str(bib)]


@dataclass
class BiberReport:
    returncode: int
    warnings: list[str]
    errors: list[str]
    # entry key -> (entry type, {field or name list: text}) as biber read them
    entries: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return self.returncode == 0 and not self.warnings and not self.errors


def run_biber(bib: Path) -> BiberReport:
    """Validate ``bib`` with biber (exit 2 on errors, 0 with warnings: both are read)."""
    if shutil.which("biber") is None:
        raise ReadlistError("biber is not installed (Debian: apt-get install biber)")
    with tempfile.TemporaryDirectory(prefix="readlist-biber-") as tmp:
        proc = subprocess.run(biber_command(Path(bib), Path(tmp), "biblatexml"),
                              capture_output=True, text=True, timeout=300, check=False)
        lines = (proc.stdout + proc.stderr).splitlines()
        warnings = [x for x in lines if x.startswith("WARN")]
        errors = [x for x in lines if x.startswith(("ERROR", "FATAL"))]
        entries: dict[str, tuple[str, dict[str, str]]] = {}
        out = Path(tmp) / "out.xml"
        if out.exists() and proc.returncode == 0:
            for e in ET.parse(out).getroot().iter(f"{BLTX}entry"):
                fields: dict[str, str] = {}
                for child in e:
                    name = child.tag.removeprefix(BLTX)
                    if name == "names":
                        name = child.get("type", "names")
                    fields[name] = "".join(child.itertext()).strip()
                entries[e.get("id", "")] = (e.get("entrytype", ""), fields)
    return BiberReport(proc.returncode, warnings, errors, entries)


def bibtexparser_failures(text: str) -> list[str]:
    """Blocks bibtexparser v2 could not parse, as one line each (empty when all parsed)."""
    lib = bibtexparser.parse_string(text.removeprefix("\ufeff"))
    return [f"line {(b.start_line or 0) + 1}: {type(b).__name__}: {getattr(b, 'error', '')}"
            for b in lib.failed_blocks]
