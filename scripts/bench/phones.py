"""Simulated phones for scripts/bench/exam_server.py: each signs in and answers its paper over HTTP,
the way the paper's script does (POST /api/save with the session's CSRF token), with faults.

aiohttp, not httpx: one process simulates hundreds of phones on a shared 2-core machine, and
httpx spent about 3 ms of CPU per request here (the load generator starved before the server did).

One phone = one person: it opens the sign-in page, posts 工号 + 登录码, loads its paper, then answers
every question in order after a random pause, one save per change. Faults, drawn per save: a save
lost before it reaches the server (sent again later), or its reply lost after the server committed
it (the same save sent again: idempotent, must be acknowledged again). Some phones sign in again
mid-way from a new session (a new device), some answers are changed later (the later one must win).
Every request is timed; a 5xx, an unexpected 4xx, a refused save or a request over 10 s is an error.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from dataclasses import dataclass, field

import aiohttp

from servicebook.bank.questions import LETTERS

TIMEOUT = 10.0  # seconds: a slower reply is an error
RETRY_AFTER = (0.5, 1.5)  # seconds before a phone's queue sends a lost save again
CSRF_FIELD = re.compile(r'name="csrf"\s+value="([^"]+)"')


@dataclass(frozen=True)
class Question:
    n: int
    type: str
    options: int  # 单选/多选 letters; 排序 items; 填空 blanks


@dataclass(frozen=True)
class Seat:
    staff_no: str
    code: str
    paper_code: str
    questions: tuple[Question, ...]


@dataclass
class Faults:
    drop: float = 0.10  # share of saves dropped (half before the server, half reply lost after commit)
    reconnect: float = 0.05  # share of phones that sign in again mid-way from a new session
    change: float = 0.10  # share of answers changed again later
    pause: tuple[float, float] = (0.2, 2.0)  # seconds between answers


@dataclass
class Tally:
    """What all phones saw."""

    save_ms: list[float] = field(default_factory=list)
    signin_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acked: dict[tuple[str, int], str] = field(default_factory=dict)  # (工号, n) → last acknowledged answer
    sent: dict[tuple[str, int], str] = field(default_factory=dict)  # (工号, n) → last answer sent
    dropped_before: int = 0
    dropped_after: int = 0
    reconnects: int = 0
    signed_in_at: list[float] = field(default_factory=list)  # seconds after the rush began

    def error(self, text: str) -> None:
        if len(self.errors) < 1000:
            self.errors.append(text)


def shown(page: str) -> str:
    """What a reply says, tags and head left out (our error pages and JSON alike)."""
    body = page.split("<body", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", body)).strip()[:200]


def answer_for(question: Question, rng: random.Random) -> str:
    """An answer as the phone's page sends it (the answer sheet's cell text)."""
    letters = LETTERS
    if question.type == "单选":
        return rng.choice(letters[:question.options])
    if question.type == "多选":
        picked = rng.sample(letters[:question.options], rng.randint(1, question.options))
        return "".join(sorted(picked))
    if question.type == "判断":
        return rng.choice("对错")
    if question.type == "填空":
        return "；".join(f"{rng.randint(1, 60)}分钟" for _ in range(max(1, question.options)))
    if question.type == "排序":
        return "".join(rng.sample(letters[:question.options], question.options))
    return "先安抚业主情绪，耐心倾听，" * rng.randint(2, 8) + f"记录编号{rng.randint(1, 999)}并跟进回访。"


@dataclass
class Reply:
    status: int
    text: str
    location: str


class Phone:
    def __init__(self, base: str, seat: Seat, tally: Tally, faults: Faults, rng: random.Random, signin_path: str,
                 connector: aiohttp.TCPConnector, start: float):
        self.base, self.seat, self.tally, self.faults, self.rng = base, seat, tally, faults, rng
        self.signin_path, self.connector, self.start = signin_path, connector, start
        self.client: aiohttp.ClientSession | None = None
        self.attempt = 0
        self.csrf = ""
        self.device = ""
        self.seq = 0
        self.remaining_at = (0.0, 0.0)  # (seconds remaining the server said, local monotonic time then)
        self.last_ms = 0.0  # the last request's round trip

    async def request(self, method: str, path: str, what: str, expect: tuple[int, ...], **kwargs) -> Reply | None:
        started = time.perf_counter()
        try:
            async with self.client.request(method, self.base + path, allow_redirects=False, **kwargs) as response:
                reply = Reply(response.status, await response.text(), response.headers.get("location", ""))
        except asyncio.TimeoutError:
            self.tally.error(f"{what}：超过 {TIMEOUT:g} 秒没有回应（{self.seat.staff_no}）")
            return None
        except aiohttp.ClientError as error:
            self.tally.error(f"{what}：连接失败 {type(error).__name__}（{self.seat.staff_no}）")
            return None
        self.last_ms = (time.perf_counter() - started) * 1000
        if reply.status not in expect:
            self.tally.error(f"{what}：HTTP {reply.status}（{self.seat.staff_no}）{shown(reply.text)}")
            return None
        return reply

    async def sign_in(self) -> bool:
        """Open the sign-in page (as the QR code does), post 工号 + 登录码, load the paper."""
        if self.client is not None:
            self.tally.reconnects += 1
            await self.client.close()
        # A phone of its own: its own cookies (127.0.0.1 needs an "unsafe" jar), the shared connection pool.
        self.client = aiohttp.ClientSession(connector=self.connector, connector_owner=False,
                                            cookie_jar=aiohttp.CookieJar(unsafe=True),
                                            timeout=aiohttp.ClientTimeout(total=TIMEOUT))
        self.device = f"bench-{self.seat.staff_no}-{self.rng.getrandbits(32):08x}"
        form = await self.request("GET", f"{self.signin_path}?staff={self.seat.staff_no}", "打开登录页", (200,))
        if form is None:
            return False
        token = CSRF_FIELD.search(form.text)
        started = time.perf_counter()
        posted = await self.request("POST", "/signin", "登录", (303,), data={
            "staff": self.seat.staff_no, "code": self.seat.code, "csrf": token.group(1) if token else ""})
        if posted is None:
            return False
        paper = await self.request("GET", posted.location, "打开试卷", (200,))
        if paper is None:
            return False
        self.tally.signin_ms.append((time.perf_counter() - started) * 1000)
        self.tally.signed_in_at.append(time.monotonic() - self.start)
        self.attempt = int(posted.location.rstrip("/").rsplit("/", 1)[1])
        token = CSRF_FIELD.search(paper.text)
        remaining = re.search(r'data-remaining="([\d.]+)"', paper.text)
        if token is None or remaining is None:
            self.tally.error(f"试卷页上没有 csrf 或剩余时间（{self.seat.staff_no}）")
            return False
        self.csrf = token.group(1)
        self.remaining_at = (float(remaining.group(1)), time.monotonic())
        return True

    def remaining(self) -> float:
        said, at = self.remaining_at
        return max(0.0, said - (time.monotonic() - at))

    async def post_save(self, body: dict) -> Reply | None:
        response = await self.request("POST", "/api/save", "保存答案", (200,), json=body,
                                      headers={"X-CSRF-Token": self.csrf})
        if response is not None:
            self.tally.save_ms.append(self.last_ms)
        return response

    async def save(self, n: int, answer: str) -> None:
        """One change, saved as the page's queue does: sent until the server acknowledges it."""
        self.seq += 1
        body = {"attempt": self.attempt, "device": self.device,
                "saves": [{"n": n, "seq": self.seq, "answer": answer, "remaining": round(self.remaining(), 1)}]}
        self.tally.sent[(self.seat.staff_no, n)] = answer  # may be committed even if never acknowledged
        fault = self.rng.random()
        if fault < self.faults.drop / 2:  # lost on the way: the queue sends it again later
            self.tally.dropped_before += 1
            await asyncio.sleep(self.rng.uniform(*RETRY_AFTER))
        elif fault < self.faults.drop:  # committed, but the reply never reached the phone
            self.tally.dropped_after += 1
            await self.post_save(body)
            await asyncio.sleep(self.rng.uniform(*RETRY_AFTER))
        for _ in range(3):
            response = await self.post_save(body)
            if response is None:
                await asyncio.sleep(self.rng.uniform(*RETRY_AFTER))
                continue
            reply = json.loads(response.text)
            self.remaining_at = (float(reply.get("remaining", self.remaining())), time.monotonic())  # as exam.js
            result = reply.get("results", [{}])[0]
            if result.get("status") == "saved" and result.get("seq") == self.seq:
                self.tally.acked[(self.seat.staff_no, n)] = answer
            else:
                self.tally.error(f"保存被拒绝（{self.seat.staff_no} 第 {n} 题）：{result}")
            return

    async def run(self, arrive_after: float) -> None:
        await asyncio.sleep(arrive_after)
        if not await self.sign_in():
            return
        questions = list(self.seat.questions)
        reconnect_at = len(questions) // 2 if self.rng.random() < self.faults.reconnect else -1
        later: list[Question] = []
        for index, question in enumerate(questions):
            if index == reconnect_at and not await self.sign_in():  # the old session is left behind
                return
            await asyncio.sleep(self.rng.uniform(*self.faults.pause))
            await self.save(question.n, answer_for(question, self.rng))
            if self.rng.random() < self.faults.change:
                later.append(question)
            if later and self.rng.random() < 0.3:
                changed = later.pop(0)
                await self.save(changed.n, answer_for(changed, self.rng))
        for changed in later:
            await asyncio.sleep(self.rng.uniform(*self.faults.pause))
            await self.save(changed.n, answer_for(changed, self.rng))


async def run_phones(base: str, seats: list[Seat], *, rush: float, seed: int, faults: Faults, signin_path: str,
                     limit: float) -> Tally:
    """Every seat's phone, arriving at random within `rush` seconds; stops after `limit` seconds."""
    tally = Tally()
    # No limit on connections (each phone has its own), and idle ones are closed after 2 s, before
    # uvicorn's 5 s keep-alive ends: a request on a connection the server is closing fails as a browser
    # would retry it, which would count as an error here.
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=2)
    rng = random.Random(seed)
    start = time.monotonic()
    phones = [Phone(base, seat, tally, faults, random.Random(rng.getrandbits(64)), signin_path, connector, start)
              for seat in seats]
    tasks = [asyncio.create_task(phone.run(rng.uniform(0, rush))) for phone in phones]
    done, pending = await asyncio.wait(tasks, timeout=limit)
    for task in pending:
        task.cancel()
    if pending:
        tally.error(f"{len(pending)} 部手机在 {limit:g} 秒内没有答完，已停止")
        await asyncio.wait(pending)
    for task in done:
        if task.exception() is not None:
            tally.error(f"模拟手机出错：{task.exception()!r}")
    for phone in phones:
        if phone.client is not None:
            await phone.client.close()
    await connector.close()
    return tally
