"""A paper's random numbers, read ahead (pure): the numbers random.Random gives, at a fraction of the CPU.

Each paper draws with its own random.Random seeded from the exam seed and the paper code, and a
draw shuffles whole buckets and pools (`rng.sample(pool, len(pool))`) although it reads only the
first few: for 2,000 papers that is some 30 million calls of random's pure-Python `_randbelow`.
The papers an exam prints must not change (trainers re-make exams), so the numbers may not change
either. PaperRandom is random.Random with the same seed giving the same numbers, read ahead in
blocks (`getrandbits` reads the Mersenne Twister's next 32-bit words, as random.Random does), and
`shuffled(pool)`, which is `sample(pool, len(pool))`: it skips the words that sample reads with one
regular-expression match (C speed) and works out the order only as far as it is read.

How sample reads words (CPython 3.11–3.13, `random.sample` with k = n, `_randbelow_with_getrandbits`):
step i = 0, 1, … picks j below m = n - i from words w, j = w >> (32 - m.bit_length()), skipping
every word with j >= m. Here each word is one character, chr(0x10000 + its top 16 bits) (never a
surrogate), so "skip until j < m" is the character class of step m; tests/test_randomness.py checks
the result against random.Random for many seeds and sizes.
"""

from __future__ import annotations

import functools
import random
import re
import sys
from array import array
from typing import Iterator, Sequence

_BASE = 0x10000  # a word's character: chr(_BASE + its top 16 bits)
_MAX_BITS = 12  # larger samples (4,096 or more) use random.Random.sample itself
_BLOCK = 4096  # words read ahead at a time at least


@functools.lru_cache(maxsize=None)
def _steps(bits: int) -> re.Pattern[str]:
    """The words sample(range(2**bits - 1), 2**bits - 1) reads: per step m, words whose j is m or more,
    then one below m. A smaller n starts with 2**bits - 1 - n words of j = 0 put in front."""
    parts = []
    for m in range((1 << bits) - 1, 0, -1):
        below = _BASE + (m << (16 - m.bit_length()))  # a word's top 16 bits below this: j < m
        parts.append(f"[{chr(below)}-\U0001ffff]*+[\U00010000-{chr(below - 1)}]")
    return re.compile("".join(parts))


@functools.lru_cache(maxsize=32)
def _every_word(count: int, value: int) -> int:
    """`value` in each of `count` 32-bit words, as one integer (the masks _read applies to a block)."""
    return int.from_bytes(value.to_bytes(4, "little") * count, "little")


def _shuffle_steps(size: int) -> tuple[tuple[int, int], ...]:
    """shuffle's steps for a list of `size`: (i, shift) for i = size - 1 … 1, each picking j <= i from the
    word's top 16 bits >> shift."""
    return tuple((i, 16 - (i + 1).bit_length()) for i in reversed(range(1, size)))


_SHUFFLE_STEPS = {size: _shuffle_steps(size) for size in range(2, 65)}


class PaperRandom(random.Random):
    """random.Random(seed), read ahead; `reserve` is how many words to read at first (the previous
    paper's count saves reading twice)."""

    def __init__(self, seed: int, reserve: int = 0) -> None:
        self._reserve = reserve
        super().__init__(seed)

    def seed(self, a=None, version: int = 2) -> None:
        super().seed(a, version)
        self._chars = ""  # one character per word read: chr(_BASE + its top 16 bits)
        self._blocks: list[tuple[int, int]] = []  # (words, their bits) as getrandbits gave each block
        self._words = array("I")  # whole words, made from the blocks only when more than 16 bits are asked for
        self._made = 0  # blocks in _words
        self._pos = 0
        self._read(max(getattr(self, "_reserve", 0), _BLOCK))

    @property
    def used(self) -> int:
        """Words read so far."""
        return self._pos

    def _read(self, count: int) -> None:
        bits = super().getrandbits(32 * count)
        self._blocks.append((count, bits))
        # Each word's top 16 bits plus _BASE, with integer operations on the whole block (no per-word work).
        high = ((bits >> 16) & _every_word(count, 0xFFFF)) | _every_word(count, _BASE)
        self._chars += high.to_bytes(4 * count, "little").decode("utf-32-le")

    def _whole(self, last: int) -> array:
        """The whole words, at least up to word `last`."""
        while len(self._words) <= last:
            count, bits = self._blocks[self._made]
            words = array("I", bits.to_bytes(4 * count, "little"))
            if sys.byteorder == "big":
                words.byteswap()
            self._words.extend(words)
            self._made += 1
        return self._words

    def _ahead(self, count: int) -> None:
        """At least `count` words read beyond the position."""
        missing = self._pos + count - len(self._chars)
        if missing > 0:
            self._read(max(missing, _BLOCK))

    def getrandbits(self, k: int) -> int:
        if k <= 0:
            return super().getrandbits(k)  # 0, or random's own error
        count = (k - 1) // 32 + 1
        self._ahead(count)
        start = self._pos
        self._pos += count
        if k <= 16:
            return (ord(self._chars[start]) - _BASE) >> (16 - k)
        words = self._whole(start + count - 1)
        if count == 1:
            return words[start] >> (32 - k)
        value = 0  # as CPython fills a long: words from least significant, the last cut to the bits left
        for i in range(count):
            word = words[start + i]
            if i == count - 1 and k % 32:
                word >>= 32 - k % 32
            value |= word << (32 * i)
        return value

    def _randbelow(self, n: int) -> int:
        """random.Random._randbelow_with_getrandbits(n), reading the words in place."""
        k = n.bit_length()
        if not 0 < k <= 16:
            return self._randbelow_with_getrandbits(n)
        shift = 16 - k
        while True:
            if self._pos == len(self._chars):
                self._ahead(1)
            r = (ord(self._chars[self._pos]) - _BASE) >> shift
            self._pos += 1
            if r < n:
                return r

    def shuffle(self, x: list) -> None:
        """random.Random.shuffle(x), its _randbelow written out in place (a paper shuffles some 50 short
        lists: each option order and each section)."""
        size = len(x)
        if size > 0xFFFF:
            return super().shuffle(x)  # our _randbelow, past 16 bits
        steps = _SHUFFLE_STEPS.get(size) or _shuffle_steps(size)
        chars, pos = self._chars, self._pos
        for i, shift in steps:
            while True:
                if pos == len(chars):
                    self._pos = pos
                    self._ahead(1)
                    chars = self._chars
                r = (ord(chars[pos]) - _BASE) >> shift
                pos += 1
                if r <= i:
                    break
            x[i], x[r] = x[r], x[i]
        self._pos = pos

    def random(self) -> float:
        a, b = self.getrandbits(27), self.getrandbits(26)
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)

    def getstate(self):
        raise NotImplementedError("PaperRandom reads ahead: its state is not random.Random's")

    def setstate(self, state) -> None:
        raise NotImplementedError("PaperRandom reads ahead: its state is not random.Random's")

    def shuffled(self, population: Sequence) -> Sequence:
        """sample(population, len(population)): the random numbers are taken now, the order is
        worked out as far as it is read."""
        n = len(population)
        bits = n.bit_length()
        if bits > _MAX_BITS:
            return self.sample(population, n)
        start = self._pos
        if n == 0:
            return ()
        skip = (1 << bits) - 1 - n  # steps n+1 … 2**bits - 1 of the pattern, each one word of j = 0
        self._ahead(n)  # every step reads a word at least
        limit = 2 * n + 64  # each word is taken with a chance of 1/2 or more: far more than enough
        while True:
            found = _steps(bits).match("\U00010000" * skip + self._chars[start:start + limit])
            if found:
                break
            if len(self._chars) >= start + limit:
                limit *= 2
            self._ahead(start + limit - self._pos)
        self._pos = start + found.end() - skip
        return _Shuffled(population, self._chars, start)


class _Shuffled(Sequence):
    """The order sample gives, from the words it read: Fisher–Yates with only the moved places kept."""

    def __init__(self, population: Sequence, chars: str, start: int) -> None:
        self._population, self._chars, self._at = population, chars, start
        self._n = len(population)
        self._order: list = []
        self._moved: dict[int, int] = {}

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._n))]
        if index < 0:
            index += self._n
        while len(self._order) <= index < self._n:
            self._next()
        return self._order[index]

    def __iter__(self) -> Iterator:
        yield from self._order  # worked out already (another pass over the same order)
        order, moved, chars, population, n = self._order, self._moved, self._chars, self._population, self._n
        i = len(order)
        while i < n:
            if i == len(order):  # _next() written out: this loop is what a paper's draw reads
                m = n - i
                shift, at = 16 - m.bit_length(), self._at
                while True:
                    j = (ord(chars[at]) - _BASE) >> shift
                    at += 1
                    if j < m:
                        break
                self._at = at
                order.append(population[moved.get(j, j)])
                moved[j] = moved.get(m - 1, m - 1)
            yield order[i]
            i += 1

    def _next(self) -> None:
        chars, moved, m = self._chars, self._moved, self._n - len(self._order)
        shift = 16 - m.bit_length()
        while True:
            j = (ord(chars[self._at]) - _BASE) >> shift
            self._at += 1
            if j < m:
                break
        self._order.append(self._population[moved.get(j, j)])
        moved[j] = moved.get(m - 1, m - 1)
