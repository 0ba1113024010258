"""Strict, fast reading of JSON that esgdesk wrote itself into the dataclasses it came from.

Opening a report reads its catalogue snapshot and header, which pydantic validates; but importing
pydantic alone costs more than the whole first paint of the window. So a report is first read by
this module, which accepts only data in exactly the shape esgdesk writes (exact JSON types, no
unknown keys, every constraint of the types met) and raises `NotPlain` on anything else. The
caller then validates the same text with pydantic, which gives the full error message or accepts
what its lax rules allow. Whatever is accepted here pydantic would accept too and turn into equal
objects: a damaged or hostile file never gets past both.

Constraints are declared once, as `Annotated[T, Limits(...)]` in the dataclasses' fields; pydantic
reads them through `Limits.__get_pydantic_core_schema__`, this module reads them directly.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import sys
import types
import typing
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


class NotPlain(Exception):
    """The data is not in the exact shape esgdesk writes: let pydantic decide."""


@dataclasses.dataclass(frozen=True)
class Limits:
    """Constraints of a string or number, in pydantic-core's own schema keys."""

    pattern: str | None = None
    max_length: int | None = None
    gt: float | None = None
    ge: float | None = None
    le: float | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema.update({k: v for k, v in dataclasses.asdict(self).items() if v is not None})
        return schema

    def check(self, value: Any) -> None:
        if isinstance(value, str):
            if self.max_length is not None and len(value) > self.max_length:
                raise NotPlain
            # Python's and pydantic-core's regular expressions agree on ASCII text without line breaks.
            if self.pattern is not None and (
                not value.isascii() or "\n" in value or re.search(self.pattern, value) is None
            ):
                raise NotPlain
            return
        if (
            (self.gt is not None and not value > self.gt)
            or (self.ge is not None and not value >= self.ge)
            or (self.le is not None and not value <= self.le)
        ):
            raise NotPlain


_LONE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def loads(cls: type[T], text: str) -> T:
    """`cls` from JSON text esgdesk wrote; raises NotPlain for anything else."""
    if not isinstance(text, str) or _LONE_SURROGATE.search(
        text
    ):  # json accepts escaped lone surrogates, pydantic does not
        raise NotPlain
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise NotPlain from None
    result: T = build(cls, data)
    return result


def build(tp: Any, data: Any) -> Any:
    """`data` (parsed JSON) as type `tp`, or NotPlain."""
    try:
        return _reader(tp)(data)
    except (TypeError, ValueError, KeyError, RecursionError):  # a validator in __post_init__, a bad enum value
        raise NotPlain from None


Reader = typing.Callable[[Any], Any]


def _exact(kind: type) -> Reader:
    def read(v: Any) -> Any:
        if type(v) is not kind:
            raise NotPlain
        return v

    return read


def _float(v: Any) -> float:
    if type(v) is float:
        if not math.isfinite(v):
            raise NotPlain
        return v
    if type(v) is int and abs(v) <= 2**53:  # exactly representable, as pydantic converts it
        return float(v)
    raise NotPlain


@cache
def _reader(tp: Any) -> Reader:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        inner = _reader(tp.__origin__)
        limits = [m for m in tp.__metadata__ if isinstance(m, Limits)]

        def read_limited(v: Any) -> Any:
            out = inner(v)
            for lim in limits:
                lim.check(out)
            return out

        return read_limited
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        others = [a for a in args if a is not type(None)]
        if len(others) != 1 or len(args) != 2:
            raise TypeError(f"unsupported union {tp}")
        inner = _reader(others[0])
        return lambda v: None if v is None else inner(v)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"unsupported tuple {tp}")
        item = _reader(args[0])

        def read_tuple(v: Any) -> tuple[Any, ...]:
            if type(v) is not list:
                raise NotPlain
            return tuple(item(x) for x in v)

        return read_tuple
    if origin is dict:
        key, val = (_reader(a) for a in typing.get_args(tp))

        def read_dict(v: Any) -> dict[Any, Any]:
            if type(v) is not dict:
                raise NotPlain
            return {key(k): val(x) for k, x in v.items()}

        return read_dict
    if tp is float:
        return _float
    if tp in (str, int, bool):
        return _exact(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        by_value = {m.value: m for m in tp}

        def read_enum(v: Any) -> Any:
            if type(v) is not str or v not in by_value:
                raise NotPlain
            return by_value[v]

        return read_enum
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_reader(tp)
    raise TypeError(f"unsupported type {tp}")


@cache
def _annotation(text: str, module: str) -> Any:
    """A field's annotation, evaluated once per text and module: the same few come back in every class."""
    return eval(text, vars(sys.modules[module]))  # esgdesk's own annotations, never data from a file


def _field_types(cls: type) -> dict[str, Any]:
    """What `typing.get_type_hints(cls, include_extras=True)` gives for the fields, at a third of its cost."""
    return {
        f.name: _annotation(f.type, cls.__module__) if isinstance(f.type, str) else f.type
        for f in dataclasses.fields(cls)
    }


def _dataclass_reader(cls: type) -> Reader:
    hints = _field_types(cls)
    config = getattr(cls, "__pydantic_config__", {})
    by_name = bool(config.get("populate_by_name"))
    names: dict[str, str] = {}  # key in the JSON -> field name
    required: set[str] = set()
    fields = [f for f in dataclasses.fields(cls) if f.init]
    for f in fields:
        alias = f.metadata.get("alias")
        names[alias or f.name] = f.name
        if alias and by_name:
            names[f.name] = f.name
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.add(f.name)
    readers = {f.name: _reader(hints[f.name]) for f in fields}
    # Filled the way pydantic fills them, without __init__: a frozen dataclass's __init__ goes through
    # object.__setattr__ field by field, which doubled the time to read a catalogue.
    direct = "__slots__" not in vars(cls) and all(f.default_factory is dataclasses.MISSING for f in fields)
    defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
    post_init = getattr(cls, "__post_init__", None)
    new = object.__new__

    def read(v: Any) -> Any:
        if type(v) is not dict:
            raise NotPlain
        kwargs: dict[str, Any] = {}
        for key, raw in v.items():
            name = names.get(key)
            if name is None or name in kwargs:  # unknown, or given under both its name and its alias
                raise NotPlain
            kwargs[name] = readers[name](raw)
        if not required <= kwargs.keys():
            raise NotPlain
        if not direct:
            return cls(**kwargs)
        obj: Any = new(cls)
        obj.__dict__.update(defaults)
        obj.__dict__.update(kwargs)
        if post_init is not None:
            post_init(obj)
        return obj

    return read
