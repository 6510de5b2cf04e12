"""Build the evaluation set from its labelled sources: bench/eval/src/<split>/*.thread
-> bench/eval/<split>/<name>.txt (plain-text threads) + bench/eval/<split>.gold.jsonl.

    python bench/eval/build.py          # (re)write the generated files
    python bench/eval/build.py --check  # exit 1 if they are out of date

The .thread format and the gold JSONL are described in bench/eval/README.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "test", "test2", "test3", "test4", "test5", "test6", "test7", "test8", "test9",
          "test10", "test11", "test12", "test13", "test14", "test15")
KINDS = ("explicit", "possessive", "description", "author_only", "link", "isbn", "doi")
KEYS = ("title", "author", "aka", "isbn", "doi", "url", "about")


class LabelError(ValueError):
    pass


def _work(spec: str, where: str) -> dict[str, object]:
    fields = [f.strip() for f in spec.split("|")]
    kind = fields.pop(0)
    if kind not in KINDS:
        raise LabelError(f"{where}: unknown kind {kind!r}")
    work: dict[str, object] = {"kind": kind, "title": None, "authors": []}
    positional = 0
    for f in fields:
        key, eq, value = f.partition("=")
        if eq and key in KEYS:
            if key == "author":
                work["authors"] = [a.strip() for a in value.split(";") if a.strip()]
            elif key == "aka":
                work["aka"] = [a.strip() for a in value.split(";") if a.strip()]
            elif key == "about":
                work["description"] = value.strip()
            else:
                work[key] = value.strip()
            continue
        if positional == 0:
            work["title"] = f or None
        elif positional == 1:
            work["authors"] = [a.strip() for a in f.split(";") if a.strip()]
        else:
            raise LabelError(f"{where}: too many fields in {spec!r}")
        positional += 1
    if kind in ("explicit", "possessive") and not work["title"]:
        raise LabelError(f"{where}: {kind} needs a title")
    if kind in ("description", "author_only") and not work["authors"]:
        raise LabelError(f"{where}: {kind} needs an author")
    return work


def parse_thread(text: str, name: str) -> tuple[dict[str, object], list[dict[str, object]]]:
    """(document record, [post records with text]) from one .thread file."""
    doc: dict[str, object] = {}
    posts: list[dict[str, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{name}:{number}"
        if line.startswith("::#"):
            continue
        if line.startswith("::title "):
            doc["thread_title"] = line[8:].strip()
        elif line.startswith("::community "):
            doc["community"] = line[12:].strip()
        elif line.startswith("::post"):
            post: dict[str, object] = {"lines": [], "works": [], "negatives": []}
            for opt in line[6:].split():
                key, _, value = opt.partition("=")
                if key == "parent":
                    post["parent"] = int(value)
                else:
                    raise LabelError(f"{where}: unknown post option {opt!r}")
            posts.append(post)
        elif line.startswith("::rec "):
            posts[-1]["works"].append(_work(line[6:], where))  # type: ignore[union-attr]
        elif line.startswith("::neg "):
            what, _, why = line[6:].partition("|")
            posts[-1]["negatives"].append({"text": what.strip(), "why": why.strip()})  # type: ignore[union-attr]
        elif line.startswith("::"):
            raise LabelError(f"{where}: unknown directive {line.split()[0]!r}")
        else:
            if not posts:
                if line.strip():
                    raise LabelError(f"{where}: text before the first ::post")
                continue
            if not line.strip():
                continue  # blank lines inside a post would split it in the plain-text reader
            posts[-1]["lines"].append(line)  # type: ignore[union-attr]
    for i, p in enumerate(posts):
        if not p["lines"]:
            raise LabelError(f"{name}: post {i} is empty")
        parent = p.get("parent")
        if parent is not None and not 0 <= int(parent) < i:  # type: ignore[call-overload]
            raise LabelError(f"{name}: post {i} answers post {parent}, which is not before it")
    return doc, posts


def build(split: str) -> dict[Path, str]:
    """The generated files of one split, path -> content."""
    out: dict[Path, str] = {}
    gold: list[str] = []
    for src in sorted((HERE / "src" / split).glob("*.thread")):
        name = src.stem + ".txt"
        doc, posts = parse_thread(src.read_text(encoding="utf-8"), src.name)
        body: list[str] = []
        line = 1
        records: list[str] = []
        for i, p in enumerate(posts):
            lines: list[str] = p["lines"]  # type: ignore[assignment]
            rec: dict[str, object] = {"source": name, "post": i, "line": line}
            if "parent" in p:
                rec["parent"] = p["parent"]
            rec["works"] = p["works"]
            rec["negatives"] = p["negatives"]
            if p["works"] or p["negatives"] or "parent" in p:
                records.append(json.dumps(rec, ensure_ascii=False))
            body.append("\n".join(lines))
            line += len(lines) + 1
        out[HERE / split / name] = "\n\n".join(body) + "\n"
        head = {"source": name, **doc, "posts": len(posts)}
        gold.append(json.dumps(head, ensure_ascii=False))
        gold.extend(records)
    out[HERE / f"{split}.gold.jsonl"] = "\n".join(gold) + "\n"
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for split in SPLITS:
        files = build(split)
        for path, content in files.items():
            if check:
                if not path.exists() or path.read_text(encoding="utf-8") != content:
                    stale.append(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
        if not check:
            for old in (HERE / split).glob("*.txt"):
                if old not in files:
                    old.unlink()
    if stale:
        print("out of date: " + ", ".join(str(p.relative_to(HERE)) for p in stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
