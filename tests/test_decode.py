"""Decoding real bytes the way scrapes arrive."""

import pytest

from storyline.ingest.decode import decode_bytes
from storyline.model import InputError
from storyline.text.normalize import normalize_text

RU = "Пресс-секретарь Кремля заявил журналистам, что контакты с Вашингтоном продолжаются. " * 3


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Kyiv and Moscow — talks resumed in Riyadh.".encode(), "Kyiv and Moscow"),
        ("Talks resumed in Geneva.".encode("utf-16"), "Talks resumed"),
        ("Talks resumed in Geneva on Friday.".encode("utf-16-le"), "Talks resumed"),
        ("Talks resumed in Geneva on Friday.".encode("utf-16-be"), "Talks resumed"),
        ("\ufeffTalks in Istanbul.".encode(), "Talks in Istanbul"),
        (RU.encode("cp1251"), "Пресс-секретарь Кремля"),
        ("Le président a déclaré à la presse que les négociations continuent à Genève.".encode("latin-1"), "président"),
    ],
)
def test_text_encodings(data: bytes, expected: str) -> None:
    text, _enc = decode_bytes(data)
    assert expected in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t \r\n", "whitespace"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


def test_normalisation_unglues_words_but_keeps_numbers_whole() -> None:
    text = normalize_text("President\u00a0Putin said 88\u00a0726 died.\r\nNext\u200b line\u00ad here  \n\n")
    assert text == "President Putin said 88\u00a0726 died.\nNext line here"


def test_nfc() -> None:
    assert normalize_text("Cafe\u0301") == "Caf\u00e9"
