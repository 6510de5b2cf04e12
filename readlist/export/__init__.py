"""Writing and rendering: BibTeX (write + merge), reading lists, Zotero."""
