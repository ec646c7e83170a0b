"""Lesson prose: Markdown (its math already Unicode, from the engine) with links that never act.

Lesson files are untrusted text. Markdown is parsed as Markdown, never as Textual markup, and a link
only shows its address in a notification: prose can't open URLs or trigger app actions. A display formula
(``$$…$$`` in the lesson, a fenced block tagged ``math`` from the engine) is set centred on lines of its own.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType
from textual.await_complete import AwaitComplete
from textual.content import Content
from textual.visual import VisualType
from textual.widget import MountError
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownParagraph  # not exported; Markdown.BLOCKS names it
from textual.widgets.markdown import MarkdownBlock, MarkdownFence

from gdtutor.lessons.mathtext import DISPLAY_MATH
from gdtutor.tui.widgets.plain_prose import MAY_LINK, plain_paragraphs
from gdtutor.tui.widgets.settled import LaidOutOnce, same_height

# A fence without a language makes the Markdown widget load every pygments lexer to guess one.
_BARE_FENCE = re.compile(r"^(\s*)(```|~~~)\s*$")


def tag_bare_fences(markdown: str) -> str:
    """Give every opening code fence without a language the language ``text``."""
    lines = markdown.split("\n")
    inside = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith(("```", "~~~")):
            continue
        if not inside:
            match = _BARE_FENCE.match(line)
            if match:
                lines[index] = f"{match.group(1)}{match.group(2)}text"
        inside = not inside
    return "\n".join(lines)


class _SharedParser(MarkdownIt):
    """Textual's "gfm-like" parser (with linkify or without), one of each per process: the Markdown widget
    otherwise builds a parser on every update (its link finder alone is about 400 KB of patterns and a few
    ms), and a session forked from the server's warm parent shares this one instead of filling its own memory
    with copies. Parsing runs in Textual's executor threads and the link finder keeps state while it scans,
    hence the lock."""

    def __init__(self, linkify: bool) -> None:
        super().__init__("gfm-like", {"linkify": linkify})
        self._lock = threading.Lock()

    def parse(self, src: str, env: EnvType | None = None) -> list[Token]:
        with self._lock:
            return super().parse(src, env)


@functools.cache
def shared_parser(linkify: bool = True) -> MarkdownIt:
    return _SharedParser(linkify)


def paragraph_count(markdown: str) -> int:
    """How many blocks ``markdown``'s blank lines make at most (each a paragraph, or a list, a fence…)."""
    return len([block for block in re.split(r"\n[ \t]*\n", markdown) if block.strip()])


def parser_for(markdown: str) -> MarkdownIt:
    """The shared parser, without linkify when ``markdown`` holds nothing it could link."""
    return shared_parser(linkify=bool(MAY_LINK.search(markdown)))


class ProseParagraph(MarkdownParagraph, LaidOutOnce):
    """A paragraph of prose; it wraps to its width and never scrolls. New words that take as many lines as
    the old (the next step's, set in its place) are a repaint of it, not a layout of the screen."""

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=layout and not same_height(self, content))


class ProseFence(MarkdownFence):
    """A fenced block: code as Textual draws it, or a display formula, centred and never highlighted."""

    DEFAULT_CSS = """
    ProseFence.-math {
        background: transparent;
        margin: 0 0 1 0;
        overflow: hidden hidden;
        & > Label {
            padding: 0;
            width: 1fr;
            text-align: center;
        }
    }
    """

    def __init__(self, markdown: Markdown, token: Token, code: str) -> None:
        super().__init__(markdown, token, code)
        self.set_class(self.lexer == DISPLAY_MATH, "-math")

    @classmethod
    def highlight(cls, code: str, language: str, ansi: bool = False, dark: bool = False) -> Content:
        if language == DISPLAY_MATH:
            return Content(code)
        return super().highlight(code, language, ansi, dark)


class Prose(Markdown, LaidOutOnce):
    """Markdown for lesson prose."""

    def get_block_class(self, block_name: str) -> type[MarkdownBlock]:
        if block_name == "fence":
            return ProseFence
        if block_name == "paragraph_open":
            return ProseParagraph
        return super().get_block_class(block_name)

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        self._updating_to = ""
        super().__init__(
            tag_bare_fences(text), id=id, classes=classes, open_links=False, parser_factory=self._parser
        )
        self._mounting = 0  # updates that mount new blocks, not done yet

    @property
    def blocks(self) -> list[MarkdownBlock]:
        """The blocks that show the text, top to bottom (blocks kept spare for a longer text are hidden)."""
        return [child for child in self.children if isinstance(child, MarkdownBlock) and child.display]

    def show_text(self, text: str) -> AwaitComplete | None:
        """Show ``text``. Its blocks take the place of those already mounted when they are of the same kinds
        (the next step's paragraphs in place of this one's): their words are set, blocks left over are
        hidden to be used again, and it all shows on the next frame: None. Otherwise new blocks are mounted,
        which takes longer: await the result to know they are there."""
        markdown = tag_bare_fences(text)
        mounted = [child for child in self.children if isinstance(child, MarkdownBlock)]
        if self._mounting or not mounted:  # after a mount still under way, in turn
            return self._mount_anew(markdown)
        if self._words_in_place(markdown, mounted):
            return None
        blocks = list(self._parse_markdown(parser_for(markdown).parse(markdown)))
        if not all(map(self._same_kind, mounted, blocks)):
            return self._mount_anew(markdown)
        # Words set in place keep the widgets, their styles and their places in the layout: no mount, no
        # restyle, and the new step's prose is in the same frame as the rest of the step.
        self._markdown = markdown
        self._table_of_contents = None
        for old, new in zip(mounted, blocks, strict=False):
            old.source_range = new.source_range
            old._copy_context(new)
            old.set_content(new._highlighted_code if isinstance(new, MarkdownFence) else new._content)
            old.display = True
        for spare in mounted[len(blocks) :]:
            spare.display = False
        more = blocks[len(mounted) :]
        if not more:
            return None
        self._mounting += 1
        return AwaitComplete(self._mount_more(more))

    def _words_in_place(self, markdown: str, mounted: list[MarkdownBlock]) -> bool:
        """Set prose that is nothing but paragraphs of words (``plain_paragraphs``, most steps' prose) in the
        paragraphs already mounted, if there are enough: the words are the paragraphs' whole content, as the
        parser would make it, without the parse and a throwaway widget per paragraph (about 1 ms of an
        answer). Whether it was set."""
        paragraphs = plain_paragraphs(markdown)
        if paragraphs is None or len(paragraphs) > len(mounted):
            return False
        if not all(isinstance(block, ProseParagraph) for block in mounted[: len(paragraphs)]):
            return False
        self._markdown = markdown
        self._table_of_contents = None
        for block, words in zip(mounted, paragraphs, strict=False):
            block.set_content(Content(words))
            block.display = True
        for spare in mounted[len(paragraphs) :]:
            spare.display = False
        return True

    def keep_spares(self, paragraphs: int) -> AwaitComplete | None:
        """Mount hidden paragraphs after the blocks until there are ``paragraphs`` blocks in all, so that a
        step whose prose has more paragraphs than the one before sets its words in them (``show_text``)
        rather than mounting widgets while the learner waits for the verdict. None when there are enough."""
        mounted = [child for child in self.children if isinstance(child, MarkdownBlock)]
        missing = paragraphs - len(mounted)
        if missing <= 0 or self._mounting:
            return None
        spares = list(self._parse_markdown(shared_parser(linkify=False).parse("·\n\n" * missing)))
        for spare in spares:
            spare.display = False
        self._mounting += 1
        return AwaitComplete(self._mount_spares(spares))

    def _mount_anew(self, markdown: str) -> AwaitComplete:
        self._mounting += 1
        return AwaitComplete(self._update_counted(markdown))

    async def _update_counted(self, markdown: str) -> None:
        try:
            await self.update(markdown)
        finally:
            self._mounting -= 1

    async def _mount_more(self, blocks: list[MarkdownBlock]) -> None:
        try:
            async with self.lock:  # as Markdown.update mounts
                await self.mount_all(blocks)
        finally:
            self._mounting -= 1

    async def _mount_spares(self, spares: list[MarkdownBlock]) -> None:
        with contextlib.suppress(MountError):  # the screen went (Esc, or the app quit) meanwhile
            await self._mount_more(spares)

    def _same_kind(self, shown: MarkdownBlock, new: MarkdownBlock) -> bool:
        """Whether ``new``'s words can be set in the widget ``shown``: a paragraph for a paragraph, or a fence
        for a fence of the same look (a display formula or code); lists, tables and headings are mounted
        anew."""
        if type(shown) is not type(new):
            return False
        if isinstance(shown, ProseFence):
            return shown.has_class("-math") == new.has_class("-math")
        return isinstance(shown, ProseParagraph)

    def update(self, markdown: str) -> AwaitComplete:
        self._updating_to = markdown
        return super().update(markdown)

    def _parser(self) -> MarkdownIt:
        # Markdown asks for its parser as an update begins, before it keeps the new text.
        return parser_for(self._updating_to)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.notify(event.href, title="Link (not opened)", markup=False)
