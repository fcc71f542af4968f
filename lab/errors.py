"""Errors that the CLI prints as one clear line instead of a traceback."""


class LabError(Exception):
    """Something the user can fix: the message quotes the value and says how."""

    exit_code = 1
