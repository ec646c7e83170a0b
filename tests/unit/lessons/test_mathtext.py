import pytest

from gdtutor.lessons.mathtext import prose_to_unicode, to_unicode


@pytest.mark.parametrize(
    ("tex", "unicode"),
    [
        (r"$\theta_1^2$", "θ₁²"),
        (r"$x^{(i)}$", "x⁽ⁱ⁾"),
        (r"$\frac{d}{d\theta} J(\theta) = 2\theta$", "d/dθ J(θ) = 2θ"),
        (r"$\frac{\partial}{\partial \theta_0}$", "∂/∂θ₀"),
        (r"$\frac{1}{2m}$", "1/(2m)"),
        (r"$\frac{1}{m} \sum_{i=1}^m$", "1/m Σᵢ₌₁ᵐ"),
        (r"$\theta := \theta - \alpha \cdot 2\theta$", "θ := θ − α · 2θ"),
        (r"$\sqrt{x+1}$", "√(x+1)"),
        (r"$10^{-3}$", "10⁻³"),
        (r"$\alpha$ is 0.1 and costs $5", "α is 0.1 and costs $5"),
        (r"$\mathrm{cost}$", "cost"),
        (r"$\nosuchcommand{x}$", "nosuchcommandx"),
        (r"$$\sum u$$", "Σ u"),
    ],
)
def test_tex_lite_becomes_unicode(tex, unicode):
    assert to_unicode(tex) == unicode


@pytest.mark.parametrize(
    ("tex", "unicode"),
    [
        (r"$\hat{y}$", "ŷ"),  # composed: one character
        (r"$\hat{x}^{(i)}$", "x\u0302⁽ⁱ⁾"),  # the combining circumflex where there is no composed one
        (r"$\hat\theta$", "θ\u0302"),
        (r"$\bar{x}$", "x\u0304"),
        (r"$h_\theta(x)$", "h_θ(x)"),
        (r"$h_{\theta}(x^{(i)})$", "h_θ(x⁽ⁱ⁾)"),
        (r"$\min_\theta J(\theta)$", "min over θ J(θ)"),
        (r"$\min_{\theta_0, \theta_1} J$", "min over (θ₀, θ₁) J"),
        (r"$\max$ and $\min x$", "max and min x"),
        (r"$\frac{2}{m}\sum_{i=1}^m (h - y)$", "2/m Σᵢ₌₁ᵐ (h − y)"),
        (r"$\frac{1}{2m}\sum$", "1/(2m) Σ"),
        (r"$\frac{1}{2}\theta^2$", "1/2 θ²"),
        (r"$\frac{d}{d\theta}\theta^2$", "d/dθ θ²"),
        (r"$\frac{\partial}{\partial \theta_0}(h - y)$", "∂/∂θ₀ (h − y)"),
        (r"$\left( \frac{1}{m} \sum e_i \right)^2$", "(1/m Σ eᵢ)²"),
        (r"$\left. x \right|$", "x|"),
        (r"$a \quad b$", "a  b"),
        (r"$a \qquad b$", "a    b"),
        ("$a \\\\ b$", "a  b"),
        (r"$\text{cost } J$", "cost J"),
        (r"$J \text{ is the cost}$", "J is the cost"),
        (r"$a \cdot b$", "a · b"),
        (r"$2\cdot\theta$", "2·θ"),
        (r"$x \le 3$", "x ≤ 3"),
        (r"$\partial J$", "∂J"),
        (r"$\sum_{i=1}^{m} x^{(i)}$", "Σᵢ₌₁ᵐ x⁽ⁱ⁾"),
        ("$J = \\theta^2\n    + 1$", "J = θ² + 1"),  # a line break in the source is a space
    ],
)
def test_notation_from_the_notes_reads_well(tex, unicode):
    assert to_unicode(tex) == unicode


def test_text_outside_math_is_unchanged():
    assert to_unicode("no math here: a_b^c \\theta") == "no math here: a_b^c \\theta"


NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("prose", "shown"),
    [
        # Inline math becomes Unicode in place; the text around it is left as written.
        ("Here $\\theta_1^2$ grows.", "Here θ₁² grows."),
        # \quad and \qquad keep their width as no-break spaces, which Markdown does not collapse into one.
        ("$a \\quad b$", f"a{NBSP * 2}b"),
        ("$\\theta_1 := a \\qquad \\theta_2 := b$", f"θ₁ := a{NBSP * 4}θ₂ := b"),
        # Display maths is a block of its own, one line per \\, fenced as math for the front-ends.
        ("Before\n$$J = \\theta^2 \\\\ x_1$$\nAfter", "Before\n```math\nJ = θ²\nx₁\n```\nAfter"),
        # In the middle of a paragraph it still gets lines of its own.
        ("so $$a$$ then", "so \n```math\na\n```\n then"),
        ("$$x$$", "```math\nx\n```"),
        # An escaped dollar is not math, and stays escaped for Markdown to show as "$".
        ("costs \\$5 and $\\alpha$", "costs \\$5 and α"),
        ("no math at all", "no math at all"),
    ],
)
def test_prose_to_unicode_sets_inline_and_display_maths_as_a_reader_expects(prose, shown):
    assert prose_to_unicode(prose) == shown


def test_display_maths_spacing_keeps_ordinary_spaces_on_its_own_lines():
    shown = prose_to_unicode("$$\\theta_0 := a \\qquad \\theta_1 := b$$")
    assert shown == "```math\nθ₀ := a    θ₁ := b\n```"  # a block is not reflowed: plain spaces
