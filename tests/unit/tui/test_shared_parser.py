"""Every Prose widget of a process parses with one Markdown parser, built once (a session forked by the
server shares its warm parent's) instead of one per update. It must read lesson prose exactly as the parser
Textual would build, also when Textual's executor threads parse several documents at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from markdown_it import MarkdownIt

from gdtutor.tui.widgets.prose import shared_parser


def _document(number: int) -> str:
    links = " ".join(
        f"see https://example.org/{number}/{part} or www.site{number}.example" for part in range(8)
    )
    return (
        f"# Step {number}\n\nThe gradient of $J$ is *steep* here:\n\n- {links}\n\n```text\nθ ← θ − α∇J\n```\n"
    )


def _shape(tokens: list) -> list[tuple[str, str, str]]:
    flat = []
    for token in tokens:
        flat.append((token.type, token.tag, token.content))
        flat.extend((child.type, child.tag, child.content) for child in token.children or [])
    return flat


def test_the_shared_parser_reads_documents_parsed_at_once_as_textuals_own_parser_does() -> None:
    documents = [_document(number) for number in range(8)]
    expected = [_shape(MarkdownIt("gfm-like").parse(text)) for text in documents]
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = list(pool.map(lambda text: _shape(shared_parser().parse(text)), documents))
    assert found == expected
    assert ("link_open", "a", "") in found[0]
    assert shared_parser() is shared_parser()
