"""Getting a .bib into Zotero: item mapping, notes, the connector and Web API clients, key maps.

``readlist.export.zotero`` is the entry point; the modules here each do one part of the job.
"""
