"""gdtutor: a terminal tutor that teaches gradient descent for linear regression."""

__version__ = "0.1.0"
