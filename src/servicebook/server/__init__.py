"""The exam server: the papers of `exam new`, answered on staff phones over the intranet.

Modules (each one job): `app.py` composes the route modules below into one Starlette app with
one Jinja2 environment (`web.TEMPLATES`, templates extend `base.html`) and Chinese error pages;
`web.py` is what route modules share (context, sessions from cookies, CSRF, errors, the one
sign-in page helper); `config.py`
the server's settings; `clock.py` the injectable clock and the stored time format; `secret.py` the
server secret and the keyed code hashes; `store.py` windows, papers, attempts, sessions, events
and failed sign-ins (gradebook migration 4); `saves.py` answers and which one counts;
`windows.py` opening/closing an exam; `auth.py` sign-in and rate limits (one check of 工号 + 登录码,
`check_code`, for the exam and the results forms); `paper_view.py` the
paper without its key; `exam_pages.py`, `saves_api.py`, `trainer_pages.py` the routes;
`run.py` uvicorn. A new page module: `routes = [...]`, listed in `app.ROUTE_MODULES`.

HTTP API (what the paper's script and `scripts/bench/exam_server.py` use):

* `GET /` sign-in page; `?staff=<工号>` fills in the 工号 (the sign-in sheet's QR codes open it).
  It sets the cookie `sb_login` and the form carries the same value in `csrf`.
* `POST /signin` (form: `csrf`, `staff`, `code`) → 303 to `/exam/<attempt_id>` with the session
  cookie `sb_session` (HttpOnly, SameSite=Lax); a refusal is the sign-in page again with status
  400 and the reason. Signing in again (on any phone) ends the earlier session of that attempt.
* `GET /exam/<attempt_id>` the paper (or, once handed in, the 已交卷 page). The session's CSRF
  token is in the form's `data-csrf` attribute and its hidden `csrf` field. Other attempts: 404.
* `POST /api/save`, header `X-CSRF-Token: <token>`, JSON
  `{"attempt": 12, "device": "<1–64 chars>", "saves": [{"n": 3, "seq": 1, "answer": "B", "remaining": 1790.5}]}`
  (at most 200 saves; `seq` counts up per device; `remaining` is the countdown the phone showed when
  the answer changed). Reply 200 `{"results": [{"n", "seq", "status": "saved"|"refused", "message",
  "current"?}], "remaining": seconds, "submitted": bool}`. Idempotent: the same (attempt, device,
  n, seq) again gets the same status. 401 `{"code": "signed-out"}` when the session ended (sign in
  again, then replay), 403 without the CSRF token, 404 for another attempt, 400 for a malformed body.
  Which answer counts is defined in `saves.py`.
* `POST /api/state` `{"attempt": 12}` → `{"remaining", "submitted"}`; `POST /api/event`
  `{"attempt": 12, "kind": "hidden"}` records a 切屏.
* `POST /exam/<attempt_id>` (form, `action=save|submit`): the paper without JavaScript.
* `GET/POST /results`: signing in again to read one's result; the same checks and lock as
  `/signin` → 303 to `/results/<attempt_id>` (results_pages.py says when results show).
* Trainer: `GET/POST /trainer/login` (the token `exam serve` printed), `GET /trainer`,
  `POST /trainer/open`, `POST /trainer/close` (cookie `sb_trainer`).

For the grading side: `saves.final_answers(gb, exam_id)` gives {paper_code: {n: answer}};
`store.attempts(gb, exam_id)` who started, when, and whether (and how) they handed in;
`store.seats(gb, exam_id)` every paper with its person and 项目; `store.event_counts(gb, exam_id,
"hidden")` the 切屏 counts per paper.
"""
