"""A strip makes each of its caches when first asked for it, and caches what Textual's strip caches."""

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from gdtutor.tui.lean_strips import make_strip_caches_on_first_use


def made_caches(strip: Strip) -> list[str]:
    names = ("_divide_cache", "_crop_cache", "_style_cache", "_filter_cache", "_line_length_cache",
             "_crop_extend_cache", "_offsets_cache")  # fmt: skip
    made = []
    for name in names:
        try:
            Strip.__dict__[name].slot.__get__(strip, Strip)
        except AttributeError:
            continue
        made.append(name)
    return made


@pytest.fixture(scope="module", autouse=True)
def lean() -> None:
    assert make_strip_caches_on_first_use()


def test_a_new_strip_has_no_cache_until_it_is_cropped_and_then_only_that_one():
    strip = Strip([Segment("gradient", Style(bold=True)), Segment(" descent")], 16)
    assert made_caches(strip) == []
    assert strip.text == "gradient descent" and strip.cell_length == 16
    first = strip.crop(2, 12)
    assert made_caches(strip) == ["_crop_cache"]
    assert first.text == "adient des"
    assert strip.crop(2, 12) is first  # the second crop is the cached one, as with Textual's own strip
    assert made_caches(first) == []


def test_every_derivation_gives_what_it_gave_and_is_cached():
    strip = Strip([Segment("abc"), Segment("def", Style(italic=True))])
    red = Style(color="red")
    assert strip.apply_style(red) is strip.apply_style(red)
    assert [piece.text for piece in strip.divide([2, 4, 6])] == ["ab", "cd", "ef"]
    assert strip.divide([2, 4, 6]) is strip.divide([2, 4, 6])
    assert strip.adjust_cell_length(8) is strip.adjust_cell_length(8)
    assert strip.crop_extend(1, 9, None).text == "bcdef   "
    assert strip.apply_offsets(3, 4) is strip.apply_offsets(3, 4)
    assert set(made_caches(strip)) == {
        "_style_cache", "_divide_cache", "_line_length_cache", "_crop_extend_cache", "_offsets_cache"
    }  # fmt: skip


def test_asking_again_changes_nothing():
    assert make_strip_caches_on_first_use()
    assert made_caches(Strip([Segment("x")])) == []
