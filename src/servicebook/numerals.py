"""Chinese ↔ Arabic numerals and full/half-width folding, for 填空 answers (pure).

`normalize_answer` is the one function graders use: two spellings of the same answer
("十分钟", "10 分钟", "１０分钟") normalise to the same text. `variants` lists the spellings a
generated 填空 question accepts, for people reading the answer key.
"""

from __future__ import annotations

import functools
import re

DIGITS = "零一二三四五六七八九"
_DIGIT_VALUE = {**{c: i for i, c in enumerate(DIGITS)}, "〇": 0, "两": 2}
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000}
# A run of Chinese numerals must start with a digit or 十, so words such as 万科 or 千万 stay words.
_CHINESE_RUN = re.compile(r"[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*")
_ARABIC_INT = re.compile(r"(?<![\d.])\d+(?![\d.])")
_SPACES = re.compile(r"\s+")
_TRAILING = "。．.，,；;：:！!？?、"


_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: ord(" ")}


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (１０ＡＢ％) and the ideographic space become their half-width forms."""
    return text.translate(_HALFWIDTH)


def chinese_to_int(text: str) -> int | None:
    """三 → 3, 十 → 10, 二十四 → 24, 一百零五 → 105, 一万零一十 → 10010, 一亿 → 10⁸; None if not a numeral."""
    if not text or any(c not in _DIGIT_VALUE and c not in _UNIT_VALUE and c not in "万亿" for c in text):
        return None
    if all(c in _DIGIT_VALUE for c in text) and len(text) > 1:
        # Digit by digit, as in years and codes: 二〇二六 → 2026.
        return int("".join(str(_DIGIT_VALUE[c]) for c in text))
    yi, wan, section, digit = 0, 0, 0, None  # what stands before 亿, before 万, below 万
    for char in text:
        if char in "零〇":
            digit = None  # a place holder: 一万零十 is 10010, not 10000
        elif char in _DIGIT_VALUE:
            digit = _DIGIT_VALUE[char]
        elif char in _UNIT_VALUE:
            section += (1 if digit is None else digit) * _UNIT_VALUE[char]
            digit = None
        elif char == "万":
            wan += ((section + (digit or 0)) or 1) * 10**4
            section, digit = 0, None
        else:  # 亿
            yi += ((wan + section + (digit or 0)) or 1) * 10**8
            wan, section, digit = 0, 0, None
    return yi + wan + section + (digit or 0)


def int_to_chinese(number: int) -> str:
    """3 → 三, 10 → 十, 24 → 二十四, 105 → 一百零五, 10010 → 一万零一十 (the way people write amounts)."""
    if number < 0:
        return "负" + int_to_chinese(-number)
    text = _chinese(number)
    return text[1:] if text.startswith("一十") else text  # 十二, but 一万零一十 keeps its 一


def _chinese(number: int) -> str:
    if number < 10:
        return DIGITS[number]
    for group, name in ((10**8, "亿"), (10**4, "万")):
        if number >= group:
            high, low = divmod(number, group)
            rest = _chinese(low) if low else ""
            if low and low < group // 10:
                rest = "零" + rest
            return _chinese(high) + name + rest
    parts, zero = [], False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        value = number // unit % 10
        if value:
            if zero:
                parts.append("零")
            parts.append(DIGITS[value] + name)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


@functools.lru_cache(maxsize=65536)
def normalize_answer(text: str) -> str:
    """The form two equal answers share: half-width, no spaces, lower case, Arabic numerals."""
    text = to_halfwidth(str(text)).strip()
    text = _SPACES.sub("", text).lower()
    text = _CHINESE_RUN.sub(_arabic_for, text)
    return text.rstrip(_TRAILING)


def _arabic_for(match: re.Match) -> str:
    value = chinese_to_int(match.group(0))
    return match.group(0) if value is None else str(value)


def variants(text: str) -> list[str]:
    """Spellings of a fact worth accepting: the original, Arabic and Chinese numerals (两 for 2).

    Only facts with exactly one whole number below 1000 get numeral variants (10分钟|十分钟);
    percentages, decimals and ranges are written one way in the standards and kept as they are.
    """
    text = text.strip()
    if re.search(r"[\u4e00-\u9fff][零〇一二两三四五六七八九十]", text) and not re.search(r"\d", to_halfwidth(text)):
        return [text]  # 同一间、第三方: the numeral is part of a word
    arabic = _CHINESE_RUN.sub(_arabic_for, to_halfwidth(text))
    numbers = _ARABIC_INT.findall(arabic)
    found = [text]
    if len(numbers) == 1 and int(numbers[0]) < 1000 and not re.search(r"[%.．-]", arabic):
        arabic = re.sub(r"(\d)\s+", r"\1", arabic)
        chinese = _ARABIC_INT.sub(lambda m: int_to_chinese(int(m.group(0))), arabic)
        found += [arabic, chinese]
        if numbers[0] == "2":
            found.append(_ARABIC_INT.sub("两", arabic))
    return list(dict.fromkeys(v for v in found if v))


def same_answer(given: str, accepted: list[str]) -> bool:
    """True when `given` is not blank and matches one accepted spelling once both are normalised."""
    key = normalize_answer(given)
    return bool(key) and any(key == normalize_answer(a) for a in accepted)
