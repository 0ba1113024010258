"""Reading an export profile (`exporters/*.toml`): TOML validated by a pydantic model, every failure
one message naming the file and, where it is a field, the field."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from esgdesk.core.errors import UnusableInput

M = TypeVar("M", bound=BaseModel)


def load_profile_file(path: Path, model: type[M], what: str) -> M:
    """`what` names the profile in messages, e.g. "the XBRL export profile"."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise UnusableInput(f"{what} is missing", where=str(path)) from None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UnusableInput(f"{what} cannot be read: {exc}", where=str(path)) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise UnusableInput(f"{field}: {err['msg']}", where=str(path)) from None
