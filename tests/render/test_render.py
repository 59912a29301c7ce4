"""Templates render modules into document trees; module text is data, never structure."""

from __future__ import annotations

from datetime import time

import pytest

from toolkit.module.loader import load_module
from toolkit.render.doctree import Box, Heading, ListBlock, Paragraph, Span, Table, plain_text
from toolkit.render.mdescape import escape, escape_blocks
from toolkit.render.mdtree import parse_blocks
from toolkit.render.templates import RenderOptions, build_deck, build_guide, build_handout


@pytest.fixture
def module(write_module, minimal_text):
    return load_module(write_module(minimal_text)).module


def all_text(blocks) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            parts.append(plain_text(block.inlines))
        elif isinstance(block, ListBlock):
            parts.extend(plain_text(item) for item in block.items)
        elif isinstance(block, Table):
            parts.extend(plain_text(cell) for row in (block.header, *block.rows) for cell in row)
        elif isinstance(block, Box):
            parts.append(all_text(block.blocks))
    return "\n".join(parts)


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "1. not a list",
        "- not a bullet",
        "::: notes",
        "a | b | c",
        "---",
        "{{ 7*7 }}",
        "{% for x in y %}",
        "<script>x</script>",
        "`code`",
        "> quote",
        "&copy;",
    ],
)
def test_module_text_stays_literal(write_module, minimal_text, text):
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    module = load_module(write_module(minimal_text.replace("title: Discussion", f'title: "{quoted}"'))).module
    guide = build_guide(module, RenderOptions())
    headings = [plain_text(b.inlines) for b in guide.blocks if isinstance(b, Heading)]
    assert f"2. {text} (09:10–09:30, 20 min)" in headings
    deck = build_deck(module, RenderOptions())
    titles = [plain_text(slide.title) for slide in deck.slides]
    assert text in titles
    assert f"Discuss: {text}" in titles
    handout = build_handout(module, RenderOptions())
    assert text in [plain_text(b.inlines) for b in handout.blocks if isinstance(b, Heading)]


def test_image_syntax_in_module_text_never_embeds_a_picture(write_module, minimal_text):
    text = minimal_text.replace("bullets: [First point, Second point]", 'bullets: ["![x](http://evil/x.png)"]')
    deck = build_deck(load_module(write_module(text)).module, RenderOptions())
    slide = deck.slides[2]
    assert slide.picture is None
    assert all_text(slide.body) == "!x"


def test_inline_markdown_survives(write_module, minimal_text):
    text = minimal_text.replace("One thing matters.", "One **bold** and *italic* [link](https://example.org) thing.")
    module = load_module(write_module(text)).module
    deck = build_deck(module, RenderOptions())
    key_messages = next(s for s in deck.slides if plain_text(s.title) == "Key messages")
    spans = key_messages.body[0].items[0]
    assert [(s.text, s.bold, s.italic, s.link) for s in spans] == [
        ("One ", False, False, None),
        ("bold", True, False, None),
        (" and ", False, False, None),
        ("italic", False, True, None),
        (" ", False, False, None),
        ("link", False, False, "https://example.org"),
        (" thing.", False, False, None),
    ]


def test_unsafe_link_schemes_become_plain_text(write_module, minimal_text):
    text = minimal_text.replace("One thing matters.", '"[click](javascript:alert(1)) [x](file:///etc/passwd)"')
    module = load_module(write_module(text)).module
    handout = build_handout(module, RenderOptions())
    links = [
        span.link for block in handout.blocks if isinstance(block, ListBlock) for item in block.items for span in item
    ]
    assert not [link for link in links if link and not link.startswith(("http", "mailto"))]


def test_escape_keeps_allowed_inline_markup():
    assert escape("**bold** and *it*") == "**bold** and *it*"
    assert escape("# x") == "\\# x"
    assert escape("12. x") == "12\\. x"
    assert escape_blocks("one\n\n# two") == "one\n\n\\# two"
    assert escape("; ") == "; "  # separators keep their spaces


@pytest.mark.parametrize("text", ["    four spaces", "\ttab", "a\n    b", "x\n\n# y"])
def test_escaped_text_is_one_paragraph_whatever_its_whitespace(text):
    from toolkit.render.mdtree import parse_blocks

    blocks = parse_blocks(escape(text))
    assert len(blocks) == 1
    assert isinstance(blocks[0], Paragraph)


def test_deck_structure(module):
    deck = build_deck(module, RenderOptions())
    titles = [plain_text(s.title) for s in deck.slides]
    assert titles == [
        "Minimal module",
        "Learning objectives",
        "One thing",
        "Discussion",
        "Discuss: Discussion",
        "Key messages",
        "Sources",
    ]
    assert [s.layout for s in deck.slides][:3] == ["title", "content", "content"]
    assert all(slide.notes for slide in deck.slides)
    assert deck.footer == "Minimal module"


def test_speaker_notes_have_timing_say_do_and_listen_for(module):
    deck = build_deck(module, RenderOptions(start=time(13, 30)))
    talk = all_text(deck.slides[2].notes)
    assert "Timing: 13:30–13:40 · 10 min · Presentation · slide 1 of 1" in talk
    assert "Say: Say the first point slowly." in talk
    discuss = all_text(deck.slides[4].notes)
    assert "Timing: 13:40–14:00 · 20 min · Plenary discussion · discussion" in discuss
    assert "Question 1 — listen for:" in discuss
    assert "Links to daily work" in discuss


def test_content_note_slide_comes_second_with_safeguarding_in_notes(write_module, minimal_text):
    text = minimal_text.replace(
        "learning_objectives:",
        "content_note:\n  text: We discuss violence.\n  safeguarding: [Post a referral list.]\nlearning_objectives:",
    )
    deck = build_deck(load_module(write_module(text)).module, RenderOptions())
    assert plain_text(deck.slides[1].title) == "Content note"
    assert all_text(deck.slides[1].body) == "We discuss violence."
    assert "Post a referral list." in all_text(deck.slides[1].notes)


def test_handout_has_questions_with_space_and_no_guidance(module):
    handout = build_handout(module, RenderOptions())
    boxes = [b for b in handout.blocks if isinstance(b, Box)]
    assert [b.kind for b in boxes] == ["question"]
    assert plain_text(boxes[0].blocks[0].inlines) == "Question 1. Why does it matter?"
    assert boxes[0].blocks[1].count == 4
    assert plain_text(boxes[0].blocks[1].label) == "Your answer to question 1:"  # what a screen reader reads of it
    text = all_text(handout.blocks)
    assert "Links to daily work" not in text
    assert "Say the first point slowly." not in text


def test_guide_plan_table_has_clock_times(module):
    guide = build_guide(module, RenderOptions(start=time(9, 0)))
    plan = [b for b in guide.blocks if isinstance(b, Table)][1]
    assert [plain_text(c) for c in plan.header] == ["Time", "Min", "Activity", "Method", "Grouping", "Materials"]
    assert [[plain_text(c) for c in row][:4] for row in plan.rows] == [
        ["09:00–09:10", "10", "Short talk", "Presentation"],
        ["09:10–09:30", "20", "Discussion", "Plenary discussion"],
    ]


@pytest.mark.parametrize("line", ["    indented like code", "> quoted", "```", "[ref]: https://example.org"])
def test_markdown_outside_the_dialect_stays_as_paragraph_text(line):
    (block,) = parse_blocks(line + "\n")
    assert isinstance(block, Paragraph)
    assert plain_text(block.inlines) == line.strip()


def test_a_list_of_boxes_to_tick_is_a_checklist_and_exports_as_one():
    from toolkit.writers.markdown import block_markdown

    (checklist,) = parse_blocks("- ☐ Print the case\n- ☐ **Test** the projector\n")

    assert checklist == ListBlock(
        ((Span("Print the case"),), (Span("Test", bold=True), Span(" the projector"))), checklist=True
    )
    assert block_markdown(checklist) == "- ☐ Print the case\n- ☐ **Test** the projector"
    assert not parse_blocks("- ☐ Print the case\n- Test the projector\n")[0].checklist
