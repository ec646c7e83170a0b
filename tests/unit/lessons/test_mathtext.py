import pytest

from gdtutor.lessons.mathtext import to_unicode


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


def test_text_outside_math_is_unchanged():
    assert to_unicode("no math here: a_b^c \\theta") == "no math here: a_b^c \\theta"
