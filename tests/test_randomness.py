"""A paper's random numbers (exam/randomness.py) are random.Random's: the same seed gives the same
draws, shuffles and later numbers, so papers stay as they were printed. Compared here with the
running Python's own random.Random, the reference the read-ahead copies."""

from __future__ import annotations

import random

import pytest

from servicebook.exam.randomness import PaperRandom

SIZES = [0, 1, 2, 3, 5, 6, 7, 21, 22, 63, 64, 65, 200, 255, 256, 257, 511, 512, 513, 625, 1023, 1024, 1025,
         4095, 4096, 5000]


@pytest.mark.parametrize("seed", [0, 1, 7, 2027, 2**40 + 3])
def test_whole_samples_shuffles_and_later_numbers_are_random_randoms(seed):
    ours, theirs = PaperRandom(seed), random.Random(seed)
    for n in SIZES:
        population = [f"q{i}" for i in range(n)]
        assert list(ours.shuffled(population)) == theirs.sample(population, n), n
        mine, reference = list(range(n % 40)), list(range(n % 40))
        ours.shuffle(mine)
        theirs.shuffle(reference)
        assert mine == reference
        assert [ours.getrandbits(k) for k in (1, 5, 16, 31, 32, 33, 64, 100)] == \
               [theirs.getrandbits(k) for k in (1, 5, 16, 31, 32, 33, 64, 100)]
    assert ours.random() == theirs.random()
    assert ours.randrange(10**6) == theirs.randrange(10**6)


def test_an_order_read_only_in_part_leaves_the_same_numbers_behind():
    ours, theirs = PaperRandom(5, reserve=10), random.Random(5)
    for n in (700, 300, 1500, 90):
        population = list(range(n))
        order = ours.shuffled(population)
        expected = theirs.sample(population, n)
        assert [order[0], order[1]] == expected[:2]
        assert ours.getrandbits(20) == theirs.getrandbits(20)
        assert list(order) == expected and order[-1] == expected[-1] and len(order) == n


def test_papers_read_ahead_of_the_generator_cannot_hand_out_its_state():
    with pytest.raises(NotImplementedError):
        PaperRandom(1).getstate()


def test_numbers_past_16_bits_come_from_the_whole_words():
    ours, theirs = PaperRandom(11, reserve=10), random.Random(11)
    big, reference = list(range(70_000)), list(range(70_000))
    ours.shuffle(big)
    theirs.shuffle(reference)
    assert big == reference
    assert [ours.randrange(2**20) for _ in range(50)] == [theirs.randrange(2**20) for _ in range(50)]
    assert ours.getrandbits(200) == theirs.getrandbits(200)
