"""The one error type every layer raises for bad input.

The command line turns a ``GdtutorError`` into a single line on stderr and exit code 2;
front-ends show its message. Messages are one line and name what was wrong and where.
"""


class GdtutorError(Exception):
    """Bad input from a person: a formula, a lesson file, a data file, an argument."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
