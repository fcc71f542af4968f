"""JSON request bodies within bounds: too deep, too big a number or badly encoded is a 400.

DRF's own JSONParser lets Python's json module recurse once per nesting level, so a
body a few thousand levels deep raises RecursionError, a server error. Here the depth
is bounded, and so are numbers: an integer of thousands of digits, or a float beyond
the double range (1e400 parses to inf), is refused instead of stored as "inf".
"""

import codecs
import json
import math

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32  # arrays and objects inside each other; a task is one object
MAX_INTEGER_DIGITS = 64  # ids and counts fit; Python itself stops at 4300


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})  # text codecs only
        try:
            text = codecs.getreader(encoding)(stream).read()
            data = json.loads(
                text, parse_int=bounded_int, parse_float=finite_float, parse_constant=no_constant
            )
        except RecursionError:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels") from None
        except ValueError as error:  # UnicodeDecodeError and JSONDecodeError included
            raise ParseError(f"JSON parse error - {error}") from None
        if depth_over(data, MAX_DEPTH):
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels")
        return data


def bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError(f"an integer of more than {MAX_INTEGER_DIGITS} digits")
    return int(digits)


def finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {text[:20]} is out of range")
    return number


def no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def depth_over(data, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` levels deep (no recursion)."""
    pending = [(data, 1)]
    while pending:
        value, level = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if level > limit:
            return True
        pending.extend((child, level + 1) for child in value)
    return False
