"""Document properties shared by both Office writers: the same fields, the same fixed dates."""

from __future__ import annotations

from datetime import timezone

from toolkit.doctree import Metadata
from toolkit.output import build_datetime


def fill_core_properties(props: object, metadata: Metadata) -> None:
    """Record title, subject, language, keywords and author in python-pptx/python-docx core properties.

    Dates come from SOURCE_DATE_EPOCH (or a fixed date) and the revision is 1, so the
    same input gives the same file; fields the toolkit does not use are emptied.
    """
    props.title = metadata.title  # type: ignore[attr-defined]
    props.subject = metadata.subject  # type: ignore[attr-defined]
    props.language = metadata.language  # type: ignore[attr-defined]
    props.keywords = ", ".join(metadata.keywords)  # type: ignore[attr-defined]
    props.author = props.last_modified_by = metadata.author  # type: ignore[attr-defined]
    for unused in ("comments", "category", "content_status", "identifier", "version"):
        if getattr(props, unused):  # a template's leftover value; empty ones stay absent
            setattr(props, unused, "")
    props.revision = 1  # type: ignore[attr-defined]
    # Both libraries write the dates with a "Z", so they are given as naive UTC.
    when = build_datetime().astimezone(timezone.utc).replace(tzinfo=None)
    props.created = props.modified = props.last_printed = when  # type: ignore[attr-defined]
