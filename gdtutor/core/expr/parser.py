"""A recursive-descent parser over a whitelisted grammar (no Python ``ast``, no ``eval``).

    expression := term (("+" | "-") term)*
    term       := factor (("*" | "/") factor | factor-starting-with-a-name-function-or-"(")*
    factor     := sign* postfix ("^" sign* postfix)*          (right-associative; -a^2 = -(a^2))
    postfix    := primary superscript?
    primary    := number | name | function "(" expression ")" | "(" expression ")" | "√" primary
                | "Σ" term

Parentheses are checked (balance and depth) before any recursion starts, and ``primary`` counts its
nesting, so no input can exhaust the stack.
"""

from __future__ import annotations

from .errors import ExprError
from .nodes import Add, Call, Div, Expr, Mul, Neg, Num, Pow, Sub, Sum, Var, depth
from .tokens import Token, tokenize

MAX_DEPTH = 100


def parse(text: str, features: int = 1) -> Expr:
    """Read a formula; ``features`` is the number of data columns x1 … xN that ``h`` uses."""
    if not isinstance(text, str):
        raise ExprError("a formula must be text")
    if isinstance(features, bool) or not isinstance(features, int) or features < 1:
        raise ValueError(f"features must be a positive integer, not {features!r}")
    tokens = tokenize(text, features)
    _check_parentheses(tokens, text)
    try:
        expr = _Parser(tokens, text, features).parse()
    except RecursionError:
        raise ExprError("the formula is nested too deeply", text=text) from None
    if depth(expr) > MAX_DEPTH:
        raise ExprError(f"the formula is nested too deeply (more than {MAX_DEPTH} levels)", text=text)
    return expr


def hypothesis(features: int = 1) -> Expr:
    """h = θ0 + θ1·x (one feature) or θ0 + θ1·x1 + … + θN·xN."""
    if features == 1:
        return Add(Var("theta0"), Mul(Var("theta1"), Var("x")))
    expr: Expr = Var("theta0")
    for index in range(1, features + 1):
        expr = Add(expr, Mul(Var(f"theta{index}"), Var(f"x{index}")))
    return expr


def _check_parentheses(tokens: list[Token], text: str) -> None:
    open_positions: list[int] = []
    for token in tokens:
        if token.kind != "op":
            continue
        if token.text == "(":
            open_positions.append(token.position)
            if len(open_positions) > MAX_DEPTH:
                raise ExprError(
                    f"too many nested parentheses (more than {MAX_DEPTH})", token.position, text=text
                )
        elif token.text == ")":
            if not open_positions:
                raise ExprError("this ')' has no matching '('", token.position, text=text)
            open_positions.pop()
    if open_positions:
        raise ExprError("this '(' is never closed", open_positions[-1], text=text)


class _Parser:
    def __init__(self, tokens: list[Token], text: str, features: int) -> None:
        self.tokens = tokens
        self.text = text
        self.features = features
        self.index = 0
        self.level = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self.tokens[self.index]
        return token.kind == kind and (text is None or token.text == text)

    def error(self, message: str, position: int | None, suggestion: str | None = None) -> ExprError:
        return ExprError(message, position, suggestion, self.text)

    def shown(self, token: Token) -> str:
        if token.kind == "end":
            return "the end"
        if self.text.startswith("**", token.position):
            return "'**'"
        return f"'{self.text[token.position]}'" if token.kind in ("op", "sum", "sqrt") else f"'{token.text}'"

    def parse(self) -> Expr:
        expr = self.expression()
        token = self.peek()
        if token.kind != "end":
            raise self.error(f"unexpected {self.shown(token)}", token.position)
        return expr

    def expression(self) -> Expr:
        left = self.term()
        while self.at("op", "+") or self.at("op", "-"):
            operator = self.advance().text
            right = self.term()
            left = Add(left, right) if operator == "+" else Sub(left, right)
        return left

    def term(self) -> Expr:
        left = self.factor()
        while True:
            token = self.peek()
            if token.kind == "op" and token.text in "*/":
                self.advance()
                right = self.factor()
                left = Mul(left, right) if token.text == "*" else Div(left, right)
            elif token.kind in ("name", "func", "sqrt", "sum") or (token.kind == "op" and token.text == "("):
                left = Mul(left, self.factor())  # implicit multiplication: 2theta, 2(x - 1), (a)(b), θ₁x
            elif token.kind == "num":
                raise self.error(f"missing operator before {token.text}: write * (or ^)", token.position)
            else:
                return left

    def signs(self) -> list[str]:
        signs = []
        while self.at("op", "+") or self.at("op", "-"):
            signs.append(self.advance().text)
        return signs

    def factor(self) -> Expr:
        operands = [self.signed()]
        while self.at("op", "^"):
            self.advance()
            operands.append(self.signed())
        signs, result, literal = operands.pop()
        result = _apply_signs(signs, result, literal)
        while operands:
            signs, base, literal = operands.pop()
            result = _apply_signs(signs, Pow(base, result))
        return result

    def signed(self) -> tuple[list[str], Expr, bool]:
        """Signs, then an operand, and whether that operand is a bare number (so -2 reads as Num(-2))."""
        signs = self.signs()
        literal = self.at("num")
        operand = self.postfix()
        return signs, operand, literal and isinstance(operand, Num)

    def postfix(self) -> Expr:
        base = self.primary()
        if self.at("sup"):
            base = Pow(base, Num(self.advance().value))
        return base

    def primary(self) -> Expr:
        self.level += 1
        try:
            if self.level > MAX_DEPTH:
                raise self.error(
                    f"the formula is nested too deeply (more than {MAX_DEPTH} levels)", self.peek().position
                )
            return self.primary_inner()
        finally:
            self.level -= 1

    def primary_inner(self) -> Expr:
        token = self.advance()
        if token.kind == "num":
            return Num(token.value)
        if token.kind == "name":
            return self.hypothesis() if token.text == "h" else Var(token.text)
        if token.kind == "func":
            return self.call(token)
        if token.kind == "sqrt":
            return Call("sqrt", self.primary())
        if token.kind == "sum":
            return Sum(self.term())
        if token.kind == "op" and token.text == "(":
            if self.at("op", ")"):
                raise self.error("empty parentheses: put a formula inside", token.position)
            inner = self.expression()
            self.expect_close(token)
            return inner
        if token.kind == "end":
            raise self.error("the formula ends too early: expected a number, a name or '('", token.position)
        if token.kind == "sup":
            raise self.error("a superscript exponent needs something before it", token.position)
        if token.kind == "op" and token.text == ")":
            raise self.error("expected a number, a name or '(' before ')'", token.position)
        raise self.error(f"{self.shown(token)} needs a number or a name before it", token.position)

    def call(self, function: Token) -> Expr:
        name = function.text
        if not self.at("op", "("):
            following = self.peek()
            suggestion = f"{name}({following.text})" if following.kind == "name" else None
            raise self.error(f"{name} needs parentheses: {name}(...)", function.position, suggestion)
        opening = self.advance()
        if self.at("op", ")"):
            raise self.error(f"{name}() needs something inside the parentheses", opening.position)
        argument = self.expression()
        self.expect_close(opening)
        return Sum(argument) if name == "sum" else Call(name, argument)

    def expect_close(self, opening: Token) -> None:
        if self.at("op", ")"):
            self.advance()
            return
        token = self.peek()
        raise self.error(
            f"expected ')' to close the '(' at column {opening.position + 1}, found {self.shown(token)}",
            token.position,
        )

    def hypothesis(self) -> Expr:
        # h(x), h(x1), h(x_i): the learner names the hypothesis with its argument.
        tokens = self.tokens[self.index : self.index + 3]
        if (
            len(tokens) == 3
            and tokens[0].kind == "op"
            and tokens[0].text == "("
            and tokens[1].kind == "name"
            and tokens[1].text.startswith("x")
            and tokens[2].kind == "op"
            and tokens[2].text == ")"
        ):
            self.index += 3
        return hypothesis(self.features)


def _apply_signs(signs: list[str], expr: Expr, literal: bool = False) -> Expr:
    for sign in reversed(signs):
        if sign == "-" and literal and isinstance(expr, Num):
            expr = Num(-expr.value)
        elif sign == "-":
            expr = Neg(expr)
        literal = False
    return expr
