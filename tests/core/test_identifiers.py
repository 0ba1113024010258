"""Entity identifiers: an LEI by its ISO 17442 check digits, a credit code by its GB 32100 check
character, a stock code by its exchange's format; a wrong one is refused saying what is wrong."""

from __future__ import annotations

import pytest

from esgdesk.core.errors import Refused
from esgdesk.core.identifiers import LEI_SCHEME, SSE_SCHEME, SZSE_SCHEME, USCC_SCHEME, check_identifier


@pytest.mark.parametrize(
    ("value", "scheme", "uri"),
    [
        ("5493001KJTIIGC8Y1R12", "lei", LEI_SCHEME),  # Bloomberg Finance L.P.
        ("529900T8BM49AURSDO55", None, LEI_SCHEME),  # Deutsche Börse AG, scheme from its shape
        ("7LTWFZYICNSX8D621K86", "http://standards.iso.org/iso/17442", LEI_SCHEME),  # Deutsche Bank AG
        ("91350100M000100Y43", "uscc", USCC_SCHEME),  # the GB 32100 example
        ("688400", "sse", SSE_SCHEME),
        ("300750", "szse", SZSE_SCHEME),
        ("e-123", "http://www.example.com/registry", "http://www.example.com/registry"),
    ],
)
def test_valid_identifiers_are_kept_with_their_scheme(value: str, scheme: str | None, uri: str) -> None:
    found = check_identifier(value, scheme)
    assert (found.value, found.scheme) == (value, uri)


@pytest.mark.parametrize(
    ("value", "scheme", "says"),
    [
        ("5493001KJTIIGC8Y1R13", "lei", "check digits do not match"),
        ("5493001KJTIIGC8Y1R1", "lei", "20 characters"),
        ("5493001KJTIIGC8Y1R1A", "lei", "two check digits"),
        ("91350100M000100Y44", "uscc", "GB 32100 gives '3'"),
        ("91350100M000100I43", "uscc", "'I' cannot appear"),
        ("9135010", "uscc", "18 characters"),
        ("688400", "szse", "not a Shenzhen Stock Exchange stock code"),
        ("12345", "sse", "not a Shanghai Stock Exchange stock code"),
        ("688400", "nasdaq", "unknown identifier scheme"),
        ("ABC", None, "say which scheme"),
    ],
)
def test_wrong_identifiers_are_refused_saying_what_is_wrong(value: str, scheme: str | None, says: str) -> None:
    with pytest.raises(Refused, match=says):
        check_identifier(value, scheme)
