"""Wikidata (Action API: ``wbsearchentities``, ``wbgetentities``, ``haswbstatement`` search):
works and their edition items for books the other catalogues lack.

Book items follow WikiProject Books: a work (P50 author, P1476 title, P747 has edition) and
edition items (P629 edition of, P123 publisher, P291 place, P577 date, P212 ISBN-13 stored
*with hyphens*, P957 ISBN-10). ``*_from_*`` functions are pure mappings.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from stdnum import isbn as stdnum_isbn

from readlist.catalogue.base import Provider
from readlist.catalogue.normalise import isbn_lists
from readlist.models import Edition, Work, WorkQuery

PUBLIC = "https://www.wikidata.org/wiki"
API = "/w/api.php"
LANGUAGE_ITEMS = {"Q1860": "eng", "Q150": "fre", "Q188": "ger", "Q1321": "spa", "Q652": "ita",
                  "Q5146": "por", "Q7737": "rus", "Q13955": "ara", "Q7850": "chi",
                  "Q5287": "jpn", "Q7411": "dut"}
EDITION_CLASSES = {"Q3331189"}  # version, edition or translation
BATCH = 50  # wbgetentities takes at most 50 ids


def _claims(entity: dict[str, Any], prop: str) -> list[Any]:
    """The values of ``prop``, best rank first, deprecated ones dropped."""
    out = []
    raw_claims = entity.get("claims")
    claims = raw_claims if isinstance(raw_claims, dict) else {}
    raw_statements = claims.get(prop)
    statements = raw_statements if isinstance(raw_statements, list) else []
    ranked = sorted((s for s in statements if isinstance(s, dict)),
                    key=lambda s: {"preferred": 0, "normal": 1}.get(s.get("rank", "normal"), 2))
    for statement in ranked:
        if statement.get("rank") == "deprecated":
            continue
        raw_snak = statement.get("mainsnak")
        snak = raw_snak if isinstance(raw_snak, dict) else {}
        value = (snak.get("datavalue") or {}).get("value") if isinstance(snak.get("datavalue"),
                                                                          dict) else None
        if value is not None:
            out.append(value)
    return out


def _item_ids(entity: dict[str, Any], prop: str) -> list[str]:
    return [v["id"] for v in _claims(entity, prop) if isinstance(v, dict)
            and isinstance(v.get("id"), str)]


def _text(entity: dict[str, Any], prop: str, language: str = "en") -> str | None:
    values = [v for v in _claims(entity, prop) if isinstance(v, dict)
              and isinstance(v.get("text"), str)]
    for v in values:
        if v.get("language") == language:
            return str(v["text"]).strip()
    return str(values[0]["text"]).strip() if values else None


def label(entity: Any, language: str = "en") -> str | None:
    if not isinstance(entity, dict):
        return None
    raw_labels = entity.get("labels")
    labels = raw_labels if isinstance(raw_labels, dict) else {}
    for lang in (language, "mul", *labels.keys()):
        value = labels.get(lang)
        if isinstance(value, dict) and isinstance(value.get("value"), str):
            return str(value["value"]).strip()
    return None


def _year(entity: dict[str, Any]) -> int | None:
    for value in _claims(entity, "P577"):
        if isinstance(value, dict) and isinstance(value.get("time"), str):
            m = re.match(r"[+-]?(\d{1,4})-", value["time"])
            if m and value["time"][0] != "-":
                return int(m.group(1))
    return None


def entities_of(data: Any) -> dict[str, dict[str, Any]]:
    ents = data.get("entities") if isinstance(data, dict) else None
    if not isinstance(ents, dict):
        return {}
    return {k: v for k, v in ents.items() if isinstance(v, dict) and "missing" not in v}


def search_ids(data: Any) -> list[str]:
    """Item ids from ``wbsearchentities`` or from a ``list=search`` (haswbstatement) query."""
    if not isinstance(data, dict):
        return []
    hits = data.get("search")
    if hits is None and isinstance(data.get("query"), dict):
        hits = data["query"].get("search")
    ids = []
    for hit in hits or []:
        if isinstance(hit, dict):
            qid = hit.get("id") or hit.get("title")
            if isinstance(qid, str) and re.fullmatch(r"Q\d+", qid):
                ids.append(qid)
    return ids


def referenced_ids(entity: dict[str, Any]) -> set[str]:
    """Items whose labels a work or edition needs: authors, publishers, places."""
    return {i for p in ("P50", "P123", "P291") for i in _item_ids(entity, p)}


def is_edition(entity: dict[str, Any]) -> bool:
    return bool(set(_item_ids(entity, "P31")) & EDITION_CLASSES or _item_ids(entity, "P629"))


def work_from_entity(entity: dict[str, Any], labels: dict[str, str]) -> Work | None:
    qid = entity.get("id")
    title = _text(entity, "P1476") or label(entity)
    if not isinstance(qid, str) or not title:
        return None
    if not _item_ids(entity, "P50") and not _text(entity, "P1476"):
        return None  # a person, a place ...: not a written work
    authors = tuple(labels[a] for a in _item_ids(entity, "P50") if a in labels)
    desc = entity.get("descriptions", {}).get("en", {}) if isinstance(
        entity.get("descriptions"), dict) else {}
    i13, i10 = isbn_lists(_claims(entity, "P212") + _claims(entity, "P957"))
    return Work(catalogue="wikidata", id=qid, title=title, subtitle=_text(entity, "P1680"),
                authors=authors, year=_year(entity),
                description=desc.get("value") if isinstance(desc, dict) else None,
                url=f"{PUBLIC}/{qid}", isbns=i13 + i10,
                edition_count=len(_item_ids(entity, "P747")) or None)


def edition_from_entity(entity: dict[str, Any], labels: dict[str, str],
                        work: Work | None = None) -> Edition | None:
    qid = entity.get("id")
    title = _text(entity, "P1476") or label(entity) or (work.title if work else None)
    if not isinstance(qid, str) or not title:
        return None
    i13, i10 = isbn_lists(_claims(entity, "P212") + _claims(entity, "P957"))
    publishers = [labels[p] for p in _item_ids(entity, "P123") if p in labels]
    places = [labels[p] for p in _item_ids(entity, "P291") if p in labels]
    languages = [LANGUAGE_ITEMS[q] for q in _item_ids(entity, "P407") if q in LANGUAGE_ITEMS]
    pages = next((int(float(v["amount"])) for v in _claims(entity, "P1104")
                  if isinstance(v, dict) and re.fullmatch(r"\+?\d+(\.0+)?", str(v.get("amount")))),
                 None)
    authors = tuple(labels[a] for a in _item_ids(entity, "P50") if a in labels) or \
        (work.authors if work else ())
    edition_no = [v for v in _claims(entity, "P393") if isinstance(v, str)]
    works = _item_ids(entity, "P629")
    return Edition(catalogue="wikidata", id=qid, title=title, subtitle=_text(entity, "P1680"),
                   authors=authors, publisher=publishers[0] if publishers else None,
                   address=places[0] if places else None, year=_year(entity), isbn13=i13,
                   isbn10=i10, language=languages[0] if languages else None,
                   edition=edition_no[0] if edition_no else None, pages=pages,
                   url=f"{PUBLIC}/{qid}", work_id=works[0] if works else (work.id if work
                                                                          else qid))


def hyphenated(isbn: str) -> str:
    """Wikidata stores ISBNs hyphenated (``978-1-58367-601-1``); search must use that form."""
    try:
        return str(stdnum_isbn.format(isbn))
    except Exception:  # noqa: BLE001 - an ISBN stdnum cannot place: search as given
        return isbn


class Wikidata(Provider):
    name: ClassVar[str] = "wikidata"
    description: ClassVar[str] = "Wikidata: works and edition items (CC0)"
    default_url: ClassVar[str] = "https://www.wikidata.org"
    per_second: ClassVar[float] = 2.0
    concurrency: ClassVar[int | None] = 1  # Wikimedia asks API clients to send one at a time

    def _api(self, **params: Any) -> Any:
        return self.get(API, format="json", **params)

    def _entities(self, ids: list[str], props: str = "labels|claims|descriptions"
                  ) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        todo = [i for i in dict.fromkeys(ids)]
        for start in range(0, len(todo), BATCH):
            chunk = todo[start:start + BATCH]
            out.update(entities_of(self._api(action="wbgetentities", ids="|".join(chunk),
                                             props=props, languages="en")))
        return out

    def _labels(self, entities: list[dict[str, Any]]) -> dict[str, str]:
        wanted = sorted(set().union(*(referenced_ids(e) for e in entities)) if entities else set())
        if not wanted:
            return {}
        found = self._entities(wanted, props="labels")
        return {k: v for k, v in ((k, label(e)) for k, e in found.items()) if v}

    def _works(self, entities: dict[str, dict[str, Any]]) -> list[Work]:
        # An edition item found directly stands for its work.
        parents = [w for e in entities.values() if is_edition(e) for w in _item_ids(e, "P629")]
        if parents:
            entities = {**entities, **self._entities([p for p in parents if p not in entities])}
        items = [e for e in entities.values() if not is_edition(e)]
        labels = self._labels(items)
        works = []
        for entity in items:
            work = work_from_entity(entity, labels)
            if work is not None:
                works.append(work)
                self.memo.put(("entity", work.id), entity)
        return works

    def search(self, query: WorkQuery, limit: int = 10) -> list[Work]:
        if not query.title:
            return []
        ids = search_ids(self._api(action="wbsearchentities", search=query.title, language="en",
                                   uselang="en", type="item", limit=limit))
        return self._works(self._entities(ids)) if ids else []

    def editions(self, work: Work, limit: int = 100) -> list[Edition]:
        entity = self.memo.peek(("entity", work.id))
        if entity is None:
            entity = self._entities([work.id]).get(work.id)
        if not isinstance(entity, dict):
            return []
        ids = _item_ids(entity, "P747")[:limit]
        items = list(self._entities(ids).values()) if ids else []
        if not items and (_claims(entity, "P212") or _claims(entity, "P957")):
            items = [entity]  # an item that is work and edition in one
        labels = self._labels(items)
        return [e for e in (edition_from_entity(x, labels, work) for x in items) if e is not None]

    def by_id(self, work_id: str) -> Work | None:
        works = self._works(self._entities([work_id]))
        return works[0] if works else None

    def by_isbn(self, isbn: str) -> tuple[Work | None, Edition] | None:
        prop = "P212" if len(isbn) == 13 else "P957"
        data = self._api(action="query", list="search", srlimit=5,
                         srsearch=f"haswbstatement:{prop}={hyphenated(isbn)}")
        ids = search_ids(data)
        if not ids:
            return None
        entities = self._entities(ids)
        for entity in entities.values():
            i13, i10 = isbn_lists(_claims(entity, "P212") + _claims(entity, "P957"))
            if isbn not in i13 + i10:
                continue
            parent = _item_ids(entity, "P629")
            work = self.by_id(parent[0]) if parent else None
            labels = self._labels([entity])
            edition = edition_from_entity(entity, labels, work)
            if edition is not None:
                return work, edition
        return None
