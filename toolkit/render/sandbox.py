"""A Jinja2 sandbox in which no template expression can build a value past the output limit.

The output limit (`limits.MAX_RENDER_CHARS`) is checked as text is produced, but one
expression can allocate gigabytes before that: `'x' * 1000000000`, `[0] * n`,
`'%0*d' % (n, 1)`, `'x' | center(n)`, `'{:>{}}'.format(1, n)`. Here every operation that
can make a value much larger than its operands is sized before it runs (repetition,
`%`-formatting, `**`, padding and indenting filters and methods, `join`, `replace`,
`batch`, `slice`, `sum`, `lipsum`) and refused past the limit with `LimitExceeded`; an
operation whose result is at most the sum of its operands (`+`, `~`) is checked after, so
that doubling a value in a loop stops at twice the limit. Anything refused is one
`template.render` error naming the template and its line.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

from toolkit.core import limits
from toolkit.core.limits import LimitExceeded

_MAX_DEPTH = 20  # nesting looked into when a value is sized; deeper values count only their length
_DIGITS_PER_BIT = 0.30103  # log10(2): the decimal digits of an integer of n bits
_PERCENT = re.compile(r"%(?:\(([^)]*)\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([diouxXeEfFgGcrsa%])")
_SPEC_NUMBERS = re.compile(r"(\d+)")


def _limit() -> int:
    """Return the output limit, read when called (tests lower it)."""
    return limits.MAX_RENDER_CHARS


def _refuse(what: str, size: int) -> LimitExceeded:
    """Return the error for an operation that would make a value of about `size` characters."""
    return LimitExceeded(
        f"{what} would make a value of about {size:,} characters, more than the limit of {_limit():,} "
        "(the output limit)"
    )


def size_of(value: object, depth: int = 0) -> int:
    """Return about how many characters `value` takes printed: a text's length, a list's items added up.

    Counting stops once past the limit, so sizing a large list costs no more than the limit.
    """
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        total = len(value)
        if depth < _MAX_DEPTH:
            for item in value:
                if total > _limit():
                    break
                total += size_of(item, depth + 1)
        return total
    return 0


def _check(what: str, size: int) -> None:
    """Raise LimitExceeded when `size` is past the output limit."""
    if size > _limit():
        raise _refuse(what, size)


def _estimate(check: Callable[..., int], *args: Any, **kwargs: Any) -> int:
    """Return what `check` says an operation would make; 0 for arguments the operation itself refuses."""
    try:
        return check(*args, **kwargs)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return 0  # the operation raises its own error, with its own message


def _repeat_size(left: object, right: object) -> int:
    """Return the size of `left * right` when one is a sequence and the other an integer, else 0."""
    sequence, times = (left, right) if isinstance(right, int) else (right, left)
    if isinstance(times, int) and isinstance(sequence, (str, bytes, list, tuple)):
        return max(times, 0) * max(size_of(sequence), 1)
    return 0


def _power_size(left: object, right: object) -> int:
    """Return the decimal digits of `left ** right` for integers, else 0."""
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        return int(abs(left).bit_length() * right * _DIGITS_PER_BIT)
    return 0


def _number(value: object) -> int:
    """Return a width or precision given as an argument, 0 when it is not a whole number."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def percent_size(text: str, values: object) -> int:
    """Return about how long `text % values` is: the text plus, for each conversion, its width or its value."""
    positional = list(values) if isinstance(values, tuple) else [values]
    mapping = values if isinstance(values, dict) else {}
    total = len(text)
    for match in _PERCENT.finditer(text):
        key, width, precision, kind = match.groups()
        if kind == "%":
            continue
        field_width = _number(positional.pop(0)) if width == "*" and positional else int(width or 0)
        digits = _number(positional.pop(0)) if precision == "*" and positional else int(precision or 0)
        value = mapping.get(key) if key is not None else (positional.pop(0) if positional else None)
        total += max(field_width, size_of(value) + digits)
    return total


def format_size(text: str, args: tuple[object, ...], kwargs: dict[str, object]) -> int:
    """Return about how long `text.format(*args, **kwargs)` is: the text plus each field's width or value."""
    total = len(text)
    numbers = [_number(value) for value in (*args, *kwargs.values())]
    automatic = 0
    for literal, field, spec, _ in string.Formatter().parse(text):
        total += len(literal)
        if field is None:
            continue
        name = re.split(r"[.\[]", field, maxsplit=1)[0]
        if name == "":
            name, automatic = str(automatic), automatic + 1
        value = args[int(name)] if name.isdigit() and int(name) < len(args) else kwargs.get(name)
        widths = [int(n) for n in _SPEC_NUMBERS.findall(spec or "")]
        if "{" in (spec or ""):  # a width given as another field: count the largest number passed
            widths.append(max(numbers, default=0))
        total += size_of(value) + sum(widths)
    return total


def _replace_size(text: str, old: str, new: str, count: int | None = None) -> int:
    """Return the length of `text.replace(old, new, count)`."""
    found = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def _join_size(items: list[object], separator: object) -> int:
    """Return about how long the items joined with `separator` are."""
    return sum(size_of(item) if isinstance(item, (str, list, tuple)) else 1 for item in items) + max(
        len(items) - 1, 0
    ) * size_of(separator)


def _checked_join(join: Callable[..., Any]) -> Callable[..., Any]:
    """Return the `join` filter, refusing a result past the limit before it is made."""

    @wraps(join)
    def bounded(eval_ctx: object, value: Iterable[object], d: str = "", attribute: object = None) -> Any:
        items = list(value)  # once: a generator sized would be empty when joined
        _check("the filter join", _estimate(_join_size, items, d))
        return join(eval_ctx, items, d, attribute)

    return bounded


def _checked_sum(total: Callable[..., Any]) -> Callable[..., Any]:
    """Return the `sum` filter, refusing to add up texts or lists past the limit."""

    @wraps(total)
    def bounded(environment: object, iterable: Iterable[object], attribute: object = None, start: object = 0) -> Any:
        items = list(iterable)
        if isinstance(start, (str, list, tuple)):
            _check("the filter sum", size_of(start) + sum(size_of(item) for item in items))
        return total(environment, items, attribute, start)

    return bounded


def _before(check: Callable[..., int], what: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Return `function`, which first refuses to run when `check` with its arguments passes the limit."""

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check(what, _estimate(check, *args, **kwargs))
        return function(*args, **kwargs)

    return bounded


def _width(value: object, width: object = 80, *_: object, **__: object) -> int:
    return max(size_of(value), _number(width))


def _indent(value: object, width: object = 4, *_: object, **__: object) -> int:
    lines = str(value).count("\n") + 1
    step = len(width) if isinstance(width, str) else _number(width)
    return size_of(value) + lines * step


def _items_asked(value: object, count: object = 0, *_: object, **__: object) -> int:
    return _number(count)


def _lipsum_size(n: object = 5, html: object = True, min: object = 20, max: object = 100) -> int:
    return _number(n) * _number(max) * 12  # a word is at most about 12 characters with its space


# str methods a template can call that pad, repeat or expand: what each would make.
_STR_METHODS: dict[str, Callable[..., int]] = {
    "center": _width,
    "ljust": _width,
    "rjust": _width,
    "zfill": _width,
    "expandtabs": lambda text, tabsize=8: len(text) + text.count("\t") * _number(tabsize),
    "join": lambda separator, items: _join_size(list(items), separator),
    "replace": lambda text, old, new, count=-1: _replace_size(text, str(old), str(new), count),
}


class BoundedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, but `a ~ b` goes through the environment's check of the joined text."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.checked_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox, where no expression builds a value past the output limit (see the module's docstring)."""

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "%", "**", "+"})

    def __init__(self, **options: Any):
        super().__init__(**options)
        filters = self.filters
        filters["center"] = _before(_width, "the filter center", filters["center"])
        filters["indent"] = _before(_indent, "the filter indent", filters["indent"])
        filters["format"] = _before(
            lambda value, *args, **kwargs: percent_size(str(value), kwargs or args),
            "the filter format",
            filters["format"],
        )
        filters["replace"] = _before(
            lambda ctx, text, old, new, count=None: _replace_size(str(text), str(old), str(new), count),
            "the filter replace",
            filters["replace"],
        )
        filters["join"] = _checked_join(filters["join"])
        filters["batch"] = _before(_items_asked, "the filter batch", filters["batch"])
        filters["slice"] = _before(_items_asked, "the filter slice", filters["slice"])
        filters["sum"] = _checked_sum(filters["sum"])
        self.globals["lipsum"] = _before(_lipsum_size, "lipsum", generate_lorem_ipsum)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Return `left operator right`, refused first when it would pass the limit."""
        if operator == "*":
            _check("`*`", _repeat_size(left, right))
        elif operator == "%" and isinstance(left, str):
            _check("`%`", _estimate(percent_size, left, right))
        elif operator == "**":
            _check("`**`", _power_size(left, right))
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _check("`+`", size_of(left) + size_of(right))
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call `obj` as the sandbox does, first refusing a str method whose result would pass the limit."""
        owner = getattr(obj, "__self__", None)
        check = _STR_METHODS.get(getattr(obj, "__name__", "")) if isinstance(owner, str) else None
        if check is not None:
            if obj.__name__ == "join" and len(args) == 1:
                args = (list(args[0]),)  # once: a generator sized would be empty when joined
            _check(f"str.{obj.__name__}", _estimate(check, owner, *args, **kwargs))
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Return the sandbox's `str.format` (or `format_map`) of a text, refusing a result past the limit first."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text, name = value.__self__, value.__name__

        @wraps(wrapped)
        def bounded(*args: Any, **kwargs: Any) -> str:
            if name == "format_map" and len(args) == 1:
                size = _estimate(lambda mapping: format_size(text, (), dict(mapping)), args[0])
            else:
                size = _estimate(format_size, text, args, kwargs)
            _check(f"str.{name}", size)
            return wrapped(*args, **kwargs)

        return bounded

    def checked_concat(self, text: Any) -> Any:
        """Return the text `~` joined, refused when past the limit (it is at most the sum of its parts)."""
        _check("`~`", len(text))
        return text
