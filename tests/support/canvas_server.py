"""A local Canvas-compatible HTTP server (a real socket on 127.0.0.1) for the
Canvas tests and the pull benchmark.

It serves the documented endpoints coursekit uses with Canvas-shaped bodies
(https://canvas.instructure.com/doc/api/): users/self, courses/:id, sections,
enrollments (with ``user`` and ``grades``), assignments, assignment_groups,
late_policy, grading_standards, students/submissions (grouped), the bulk grade
update and its Progress object, custom gradebook columns and their data.
Listings are paginated with ``Link`` headers; knobs make it throttle
(``403 Forbidden (Rate Limit Exceeded)`` + ``X-Rate-Limit-Remaining``), fail a
bulk update, or silently not take a cell.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

TOKEN = "s3cr3t-canvas-token-7777"


@dataclass
class FakeCanvas:
    course_id: int = 5001
    course_name: str = "COMP 529 Cloud Computing"
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    sections: dict[int, str] = field(default_factory=dict)
    enrollments: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    submissions: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    late_policy: dict[str, Any] | None = None
    grading_standards: list[dict[str, Any]] = field(default_factory=list)
    columns: dict[int, dict[str, Any]] = field(default_factory=dict)
    per_page_max: int = 100
    # knobs
    throttle: int = 0  # answer the next N requests with 403 Rate Limit Exceeded
    fail_bulk: bool = False  # the next bulk update's progress ends "failed", nothing written
    ignored_cells: set[tuple[int, int]] = field(default_factory=set)  # (user, assignment)
    progress_polls: int = 2  # queries before a progress object completes
    server_errors: int = 0  # answer the next N requests with 502 Bad Gateway
    server_error_method: str = ""  # ... only requests of this method ("" = any)
    remaining: str = "690.5"  # X-Rate-Limit-Remaining on successful answers
    # observations
    requests: list[tuple[str, str]] = field(default_factory=list)
    throttled: int = 0
    bulk_payloads: list[dict[str, str]] = field(default_factory=list)
    _progress: dict[int, dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # ---- building the course ----
    def add_student(
        self,
        uid: int,
        name: str,
        sortable: str,
        sis: str | None,
        login: str | None,
        section: int,
        state: str = "active",
        current: float | None = None,
        final: float | None = None,
    ) -> None:
        self.users[uid] = {
            "id": uid,
            "name": name,
            "sortable_name": sortable,
            "short_name": name,
            "sis_user_id": sis,
            "login_id": login,
        }
        self.enrollments.append(
            {
                "id": 90000 + len(self.enrollments),
                "user_id": uid,
                "course_id": self.course_id,
                "type": "StudentEnrollment",
                "role": "StudentEnrollment",
                "course_section_id": section,
                "enrollment_state": state,
                "grades": {
                    "current_score": current,
                    "final_score": final,
                    "current_grade": None,
                    "final_grade": None,
                },
            }
        )

    def add_assignment(
        self,
        aid: int,
        name: str,
        points: float,
        group: int,
        position: int,
        due_at: str | None = None,
    ) -> None:
        self.assignments.append(
            {
                "id": aid,
                "name": name,
                "points_possible": points,
                "assignment_group_id": group,
                "position": position,
                "due_at": due_at,
                "course_id": self.course_id,
                "published": True,
                "omit_from_final_grade": False,
                "grading_type": "points",
            }
        )

    def grade(
        self,
        uid: int,
        aid: int,
        score: float | None,
        *,
        excused: bool = False,
        late: bool = False,
        seconds_late: float = 0,
        deducted: float | None = None,
    ) -> None:
        self.submissions[(uid, aid)] = {
            "id": 700000 + len(self.submissions),
            "user_id": uid,
            "assignment_id": aid,
            "score": score,
            "grade": None if score is None else f"{score:g}",
            "excused": excused,
            "missing": score is None and not excused,
            "late": late,
            "seconds_late": seconds_late,
            "points_deducted": deducted,
            "workflow_state": "graded" if score is not None or excused else "unsubmitted",
            "submitted_at": None,
            "entered_score": score,
        }

    grading_standard_id: int | None = None
    start_at: str | None = "2026-08-31T04:00:00Z"
    end_at: str | None = "2026-12-19T04:59:00Z"

    def course(self) -> dict[str, Any]:
        return {
            "id": self.course_id,
            "name": self.course_name,
            "course_code": "COMP529",
            "start_at": self.start_at,
            "end_at": self.end_at,
            "apply_assignment_group_weights": True,
            "grading_standard_id": self.grading_standard_id,
            "workflow_state": "available",
            "term": {"id": 1, "name": "Fall 2026"},  # include[]=term
        }

    def set_totals(
        self, uid: int, current: float | None, final: float | None, **unposted: float | None
    ) -> None:
        """Canvas's own computed totals (``unposted_current_score=…`` for hidden grades)."""
        for e in self.enrollments:
            if e["user_id"] == uid:
                e["grades"].update(current_score=current, final_score=final, **unposted)

    # ---- serving ----
    def start(self) -> tuple[ThreadingHTTPServer, str]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _any(self) -> None:
                fake.dispatch(self)

            do_GET = do_POST = do_PUT = do_DELETE = _any

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    def dispatch(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length).decode() if length else ""
        params = parse_qsl(parts.query, keep_blank_values=True) + parse_qsl(
            body, keep_blank_values=True
        )
        with self._lock:
            self.requests.append((h.command, parts.path))
            if self.throttle > 0:
                self.throttle -= 1
                self.throttled += 1
                return _send(
                    h,
                    403,
                    b"403 Forbidden (Rate Limit Exceeded)\n",
                    {"X-Rate-Limit-Remaining": "0.0", "Content-Type": "text/plain"},
                )
            if self.server_errors > 0 and self.server_error_method in ("", h.command):
                self.server_errors -= 1
                return _send(h, 502, b"Bad Gateway", {"Content-Type": "text/plain"})
            if h.headers.get("Authorization") != f"Bearer {TOKEN}":
                return _json(
                    h,
                    401,
                    {"errors": [{"message": "Invalid access token."}]},
                    {"WWW-Authenticate": 'Bearer realm="canvas-lms"'},
                )
            try:
                status, payload, page = self.route(h.command, parts.path, params)
            except KeyError:
                return _json(
                    h, 404, {"errors": [{"message": "The specified resource does not exist."}]}
                )
        if page is None:
            return _json(h, status, payload, {"X-Rate-Limit-Remaining": self.remaining})
        items, number, size = payload, page[0], page[1]
        chunk = items[(number - 1) * size : number * size]
        base = f"http://{h.headers['Host']}{parts.path}"
        keep = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k not in ("page", "per_page")
        ]

        def link(n: int, rel: str) -> str:
            query = "&".join(
                f"{k}={v}" for k, v in [*keep, ("page", str(n)), ("per_page", str(size))]
            )
            return f'<{base}?{query}>; rel="{rel}"'

        last = max(1, -(-len(items) // size))
        links = [link(number, "current"), link(1, "first"), link(last, "last")]
        if number < last:
            links.append(link(number + 1, "next"))
        return _json(
            h, 200, chunk, {"Link": ",".join(links), "X-Rate-Limit-Remaining": self.remaining}
        )

    def route(self, method: str, path: str, params: list[tuple[str, str]]) -> tuple[int, Any, Any]:
        p = dict(params)
        size = min(int(p.get("per_page", 10)), self.per_page_max)
        page = (int(p.get("page", 1)), size)
        segs = path.strip("/").split("/")[2:]  # after api/v1
        if segs == ["users", "self"]:
            return (
                200,
                {"id": 1, "name": "Dr. Instructor", "login_id": "instructor@example.edu"},
                None,
            )
        if segs[:1] == ["progress"]:
            return 200, self._poll(int(segs[1])), None
        if segs[0] != "courses" or int(segs[1]) != self.course_id:
            raise KeyError(path)
        rest = segs[2:]
        if not rest:
            return 200, self.course(), None
        if rest == ["sections"]:
            return (
                200,
                [
                    {"id": i, "name": n, "course_id": self.course_id}
                    for i, n in self.sections.items()
                ],
                page,
            )
        if rest == ["enrollments"]:
            states = [v for k, v in params if k == "state[]"] or ["active", "invited"]
            found = [
                dict(e, user=self.users[e["user_id"]])
                for e in self.enrollments
                if e["enrollment_state"] in states
            ]
            return 200, found, page
        if rest == ["assignments"]:
            return 200, self.assignments, page
        if rest == ["assignment_groups"]:
            include = [v for k, v in params if k == "include[]"]
            groups = []
            for g in self.groups:
                g = dict(g)
                if "assignments" in include:
                    g["assignments"] = [
                        a for a in self.assignments if a["assignment_group_id"] == g["id"]
                    ]
                groups.append(g)
            return 200, groups, page
        if rest == ["late_policy"]:
            if self.late_policy is None:
                raise KeyError(path)
            return 200, {"late_policy": self.late_policy}, None
        if rest == ["grading_standards"]:
            return 200, self.grading_standards, page
        if rest == ["students", "submissions"]:
            return 200, self._grouped(params), page
        if rest == ["submissions", "update_grades"] and method == "POST":
            return 200, self._bulk(params), None
        if rest == ["custom_gradebook_columns"]:
            if method == "POST":
                cid = 300 + len(self.columns)
                self.columns[cid] = {
                    "id": cid,
                    "title": p["column[title]"],
                    "position": 1,
                    "hidden": False,
                    "teacher_notes": False,
                    "read_only": False,
                    "data": {},
                }
                return 200, _column(self.columns[cid]), None
            return 200, [_column(c) for c in self.columns.values()], page
        if rest == ["custom_gradebook_column_data"] and method == "PUT":
            return 200, self._column_bulk(params), None
        if len(rest) == 3 and rest[0] == "custom_gradebook_columns" and rest[2] == "data":
            column = self.columns[int(rest[1])]
            return 200, [{"user_id": u, "content": c} for u, c in column["data"].items()], page
        raise KeyError(path)

    def _grouped(self, params: list[tuple[str, str]]) -> list[dict[str, Any]]:
        wanted = {int(v) for k, v in params if k == "assignment_ids[]"}
        by_user: dict[int, list[dict[str, Any]]] = {}
        for (uid, aid), sub in self.submissions.items():
            if not wanted or aid in wanted:
                by_user.setdefault(uid, []).append(sub)
        return [
            {
                "user_id": e["user_id"],
                "section_id": e["course_section_id"],
                "submissions": by_user.get(e["user_id"], []),
            }
            for e in self.enrollments
            if e["enrollment_state"] == "active"
        ]

    def _new_progress(self, tag: str, fail: bool, apply: Any) -> dict[str, Any]:
        pid = 4000 + len(self._progress)
        self._progress[pid] = {
            "id": pid,
            "context_id": self.course_id,
            "context_type": "Course",
            "tag": tag,
            "completion": 0,
            "workflow_state": "queued",
            "message": None,
            "url": f"/api/v1/progress/{pid}",
            "_polls": 0,
            "_fail": fail,
            "_apply": apply,
        }
        return _public(self._progress[pid])

    def _poll(self, pid: int) -> dict[str, Any]:
        prog = self._progress[pid]
        prog["_polls"] += 1
        if prog["workflow_state"] in ("completed", "failed"):
            return _public(prog)
        if prog["_polls"] < self.progress_polls:
            prog.update(workflow_state="running", completion=50)
        elif prog["_fail"]:
            prog.update(workflow_state="failed", completion=100, message="job failed")
        else:
            prog["_apply"]()
            prog.update(workflow_state="completed", completion=100)
        return _public(prog)

    def _bulk(self, params: list[tuple[str, str]]) -> dict[str, Any]:
        data: dict[tuple[int, int], dict[str, str]] = {}
        for key, value in params:
            if key.startswith("grade_data["):
                aid, uid, what = key[len("grade_data[") : -1].split("][")
                data.setdefault((int(uid), int(aid)), {})[what] = value
        self.bulk_payloads.append({f"{u}/{a}": json.dumps(v) for (u, a), v in data.items()})
        fail = self.fail_bulk
        self.fail_bulk = False

        def apply() -> None:
            for (uid, aid), what in data.items():
                if (uid, aid) in self.ignored_cells:
                    continue  # the cell that silently does not take
                if what.get("excuse") == "true":
                    self.grade(uid, aid, None, excused=True)
                elif "posted_grade" in what:
                    self.grade(uid, aid, float(what["posted_grade"]))

        return self._new_progress("submissions_update", fail, apply)

    def _column_bulk(self, params: list[tuple[str, str]]) -> dict[str, Any]:
        rows: dict[int, dict[str, str]] = {}
        for key, value in params:
            if key.startswith("column_data[]["):
                rows.setdefault(len(rows) if key.endswith("[column_id]") else len(rows) - 1, {})[
                    key[len("column_data[][") : -1]
                ] = value
        fail = self.fail_bulk
        self.fail_bulk = False

        def apply() -> None:
            for row in rows.values():
                if (int(row["user_id"]), 0) in self.ignored_cells:
                    continue
                self.columns[int(row["column_id"])]["data"][int(row["user_id"])] = row["content"]

        return self._new_progress("custom_columns_update", fail, apply)


def _column(c: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in c.items() if k != "data"}


def _public(prog: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in prog.items() if not k.startswith("_")}


def _json(
    h: BaseHTTPRequestHandler, status: int, payload: Any, headers: dict[str, str] | None = None
) -> None:
    _send(
        h,
        status,
        json.dumps(payload).encode(),
        {"Content-Type": "application/json", **(headers or {})},
    )


def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
    h.send_response(status)
    for k, v in headers.items():
        h.send_header(k, v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def comp529_course(students: int = 3) -> FakeCanvas:
    """A Canvas course shaped like COMP529's first three lab assignments (the ids
    match syllabi/comp529-cloud-computing.toml), ``students`` students."""
    fake = FakeCanvas()
    fake.sections = {71: "S1", 72: "S2"}
    fake.groups = [
        {
            "id": 11,
            "name": "Guided labs",
            "position": 1,
            "group_weight": 30.0,
            "rules": {"drop_lowest": 1},
        },
        {
            "id": 12,
            "name": "Challenge labs",
            "position": 2,
            "group_weight": 70.0,
            "rules": {"never_drop": [1938004]},
        },
    ]
    fake.add_assignment(
        1937901,
        "Guided lab: Exploring AWS Identity and Access Management (IAM)",
        30,
        11,
        1,
        "2026-09-14T23:59:00Z",
    )
    fake.add_assignment(
        1937911,
        "Guided lab: Introducing Amazon Elastic File System (Amazon EFS)",
        30,
        11,
        2,
        "2026-09-21T23:59:00Z",
    )
    fake.add_assignment(
        1938004,
        "Challenge lab: Creating a Static Website for the Café",
        45,
        12,
        1,
        "2026-10-05T23:59:00Z",
    )
    people = [
        ("Ada Lovelace", "Lovelace, Ada", "000101", "ada@example.edu"),
        ("Grace Hopper", "Hopper, Grace", "000102", "grace@example.edu"),
        ("Zoë Müller", "Müller, Zoë", "000103", "zoe@example.edu"),
    ]
    for i in range(students):
        if i < len(people):
            name, sortable, sis, login = people[i]
        else:
            name, sortable = f"Student {i:04d}", f"{i:04d}, Student"
            sis, login = f"{200000 + i:06d}", f"s{i:04d}@example.edu"
        fake.add_student(11 + i, name, sortable, sis, login, 71 if i % 3 < 2 else 72)
        for assignment in fake.assignments:  # Canvas keeps an (unsubmitted) submission per
            fake.grade(11 + i, assignment["id"], None)  # assigned student
    return fake
