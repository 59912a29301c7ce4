"""The PDF writer: handouts, guides, slides, notes pages and slide handouts as tagged PDF/UA-1, typeset by Typst.

`document.write_document_pdf` and `deck.write_deck_pdf` take what the docx and pptx writers
take (a document tree; a deck, planned on the deck template) and return `Written`. Module
text reaches Typst only as data (`tree_data`, `deck_data` → data.json), read by the fixed
templates `document.typ` and `deck.typ`; `compile` runs Typst in a folder of its own with
the bundled fonts only.
"""
