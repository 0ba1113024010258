"""Entity identifiers and the XBRL schemes they belong to, checked before a report uses them.

An identifier is never made up: a report without one says so, and a wrong one is refused with
what is wrong with it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from esgdesk.core.errors import Refused

LEI_SCHEME = "http://standards.iso.org/iso/17442"
# The national enterprise credit information system that issues and publishes the codes.
USCC_SCHEME = "http://www.gsxt.gov.cn"
SSE_SCHEME = "http://www.sse.com.cn"
SZSE_SCHEME = "http://www.szse.cn"
BSE_SCHEME = "http://www.bse.cn"

SCHEMES = {"lei": LEI_SCHEME, "uscc": USCC_SCHEME, "sse": SSE_SCHEME, "szse": SZSE_SCHEME, "bse": BSE_SCHEME}
NAMES = {uri: name for name, uri in SCHEMES.items()}

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, Z, S, V
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Exchange stock codes by board (A shares, B shares, STAR market, ChiNext, BSE).
_SSE = re.compile(r"^(60[0-9]{4}|68[0-9]{4}|900[0-9]{3})$")
_SZSE = re.compile(r"^(00[0-3][0-9]{3}|30[0-1][0-9]{3}|200[0-9]{3})$")
_BSE = re.compile(r"^(4[0-9]{5}|8[0-9]{5}|920[0-9]{3})$")


@dataclass(frozen=True)
class Identifier:
    value: str
    scheme: str  # URI

    @property
    def scheme_name(self) -> str:
        return NAMES.get(self.scheme, self.scheme)


def lei_check(value: str) -> str | None:
    """What is wrong with `value` as an LEI (ISO 17442), or None."""
    if len(value) != 20:
        return f"an LEI has 20 characters, '{value}' has {len(value)}"
    if not re.fullmatch(r"[0-9A-Z]{18}[0-9]{2}", value):
        return "an LEI is 18 letters or digits followed by two check digits"
    digits = "".join(str(int(c, 36)) for c in value)
    if int(digits) % 97 != 1:
        return "the check digits do not match (ISO 17442, mod 97): a character is mistyped"
    return None


def uscc_check(value: str) -> str | None:
    """What is wrong with `value` as a unified social credit code (GB 32100-2015), or None."""
    if len(value) != 18:
        return f"a unified social credit code has 18 characters, '{value}' has {len(value)}"
    bad = [c for c in value if c not in _USCC_ALPHABET]
    if bad:
        return f"'{bad[0]}' cannot appear in a unified social credit code (letters I, O, S, V, Z are not used)"
    if not re.fullmatch(r"[0-9]{6}", value[2:8]):
        return "characters 3 to 8 of a unified social credit code are the region code, six digits"
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(value[:17], _USCC_WEIGHTS, strict=True))
    expected = _USCC_ALPHABET[(31 - total % 31) % 31]
    if value[17] != expected:
        return f"the check character is '{value[17]}' but GB 32100 gives '{expected}': a character is mistyped"
    return None


Checker = Callable[[str], str | None]


def _stock_check(pattern: re.Pattern[str], exchange: str, examples: str) -> Checker:
    def check(value: str) -> str | None:
        if not pattern.fullmatch(value):
            return f"'{value}' is not a {exchange} stock code (six digits, e.g. {examples})"
        return None

    return check


_CHECKS: dict[str, Checker] = {
    LEI_SCHEME: lei_check,
    USCC_SCHEME: uscc_check,
    SSE_SCHEME: _stock_check(_SSE, "Shanghai Stock Exchange", "600519 or 688400"),
    SZSE_SCHEME: _stock_check(_SZSE, "Shenzhen Stock Exchange", "000001 or 300750"),
    BSE_SCHEME: _stock_check(_BSE, "Beijing Stock Exchange", "430047 or 920002"),
}


def scheme_uri(scheme: str) -> str:
    """The URI of a scheme given by name (lei, uscc, sse, szse, bse) or as a URI."""
    s = scheme.strip()
    if s.lower() in SCHEMES:
        return SCHEMES[s.lower()]
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", s):
        return s
    raise Refused(f"unknown identifier scheme '{scheme}': use lei, uscc, sse, szse, bse or a URI")


def guess_scheme(value: str) -> str | None:
    """The scheme an identifier's shape says (20 characters an LEI, 18 a credit code, six digits the
    exchange whose board numbers they are); None when the shape says nothing."""
    if len(value) == 20 and value.isalnum():
        return LEI_SCHEME
    if len(value) == 18 and value.isalnum():
        return USCC_SCHEME
    fits = [uri for uri in (SSE_SCHEME, SZSE_SCHEME, BSE_SCHEME) if _CHECKS[uri](value) is None]
    return fits[0] if len(fits) == 1 else None


def check_identifier(value: str, scheme: str | None) -> Identifier:
    """The identifier, normalised, in its scheme; refuses one that its scheme's rules reject.

    Without a scheme, the identifier's shape must say which it is (an LEI or a credit code).
    """
    v = value.strip().upper().replace(" ", "")
    if not v:
        raise Refused("the identifier is empty")
    if not scheme:
        uri = guess_scheme(v)
        if uri is None:
            raise Refused(
                f"say which scheme identifier '{value}' belongs to (--scheme lei, uscc, sse, szse, bse or a URI)"
            )
    else:
        uri = scheme_uri(scheme)
    check = _CHECKS.get(uri)
    if check is not None:
        problem = check(v)
        if problem:
            raise Refused(f"identifier {v}: {problem}")
    else:
        v = value.strip()
        if any(c in string.whitespace for c in v):
            raise Refused(f"identifier '{value}' contains spaces")
    return Identifier(v, uri)
