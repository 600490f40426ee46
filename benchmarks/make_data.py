"""Generate synthetic (but realistically shaped) COMP529 spreadsheets.

    python benchmarks/make_data.py                       # the committed files in rosters/
    python benchmarks/make_data.py --students 10000 --assessments 40 --out /tmp/big

Writes, for the same students (ids and emails consistent across files):
- ``comp529-gradebook.csv`` (and ``.xlsx`` for large runs): an AWS Academy Canvas
  gradebook export — ``Student, ID, SIS Login ID, Section`` (no SIS User ID, as
  AWS Academy exports), a ``Manual Posting`` row, the ``    Points Possible`` row,
  ``EX`` / ``N/A`` / blank / ``-`` cells, the test student last, and Canvas's
  read-only columns computed the Canvas way for *weighted* assignment groups
  (so no group "Points" columns): a group's Current Score is the percentage of
  points over graded work, its Final Score counts ungraded work as 0; excused and
  N/A work counts in neither; the total is the weighted mean of the group scores
  (Current: re-weighted over groups that have graded work);
- ``comp529-roster.xlsx``: the university roster (Student Number as text with
  leading zeros, First Name, Last Name, Email, Section, Status);
- ``comp529-credits.csv``: Learner Lab spend snapshots (irregular dates, some
  students near or over budget, one with no usage at all);
- ``comp529-practice.csv``: SAA-C03 practice-exam results (scaled or percent
  totals, per-domain percentages named by domain, minutes, questions).

With ``--assessments`` above the 35 of the syllabus, extra assessments are added
and ``comp529-bench.toml`` (the syllabus including them) is written too.
Deterministic for a given ``--seed``. No third-party data; plain name lists.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from coursekit.domain.syllabus import AssessmentSpec, Syllabus  # noqa: E402
from coursekit.interchange.syllabus_toml import load_exams, load_syllabus  # noqa: E402

SYLLABUS = REPO / "syllabi" / "comp529-cloud-computing.toml"
EXPORTED_ON = datetime(2026, 11, 16, 14, 0, tzinfo=UTC)  # mid-term: later work not due yet
FIRST = [
    "Ana",
    "José",
    "Zoë",
    "Björn",
    "Łukasz",
    "Søren",
    "Aiko",
    "Chloé",
    "Mateo",
    "Priya",
    "Oluwaseun",
    "Mei",
    "Liam",
    "Fatima",
    "Noah",
    "Amara",
    "Ingrid",
    "Rahul",
    "Sofía",
    "Kwame",
    "Hana",
    "Dmitri",
    "Élodie",
    "Yusuf",
    "Nadia",
    "Tomás",
    "Aroha",
    "Jun",
    "Emma",
    "Olivia",
    "Ethan",
    "Grace",
    "Mohammed",
    "Lucía",
    "Siddharth",
    "Ngozi",
    "Anh",
    "Freya",
    "Ömer",
    "Camila",
    "Kai",
    "Isabella",
    "Arjun",
    "Leila",
    "Seo-yeon",
    "Mikko",
    "Ayşe",
]
LAST = [
    "García",
    "Müller",
    "Nguyễn",
    "O'Brien",
    "Kowalski",
    "Smith",
    "Johansson",
    "Tanaka",
    "Okafor",
    "Patel",
    "Rossi",
    "Dubois",
    "Kim",
    "Ramírez",
    "Øvergaard",
    "Đặng",
    "Silva",
    "Novák",
    "Hernández",
    "Williams",
    "Chen",
    "Ivanova",
    "Mensah",
    "Yılmaz",
    "Fernández",
    "Brown",
    "Singh",
    "Haddad",
    "Larsen",
    "Moreau",
    "Van der Berg",
    "Al-Sayed",
    "Lee",
    "Wójcik",
    "Schäfer",
    "Costa",
    "Kaur",
    "Jones",
    "Ó Súilleabháin",
    "Papadopoulos",
]
SECTIONS = ["COMP529 Section 001", "COMP529 Section 002"]


@dataclass
class Person:
    first: str
    last: str
    student_number: str
    canvas_id: int
    email: str
    section: str
    dropped: bool
    ability: float

    @property
    def sortable(self) -> str:
        return f"{self.last}, {self.first}"


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize(
        "NFKD",
        text.replace("ø", "o")
        .replace("Ø", "O")
        .replace("ł", "l")
        .replace("Ł", "L")
        .replace("đ", "d")
        .replace("Đ", "D"),
    )
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum()).lower()


def people(rng: random.Random, count: int) -> list[Person]:
    numbers = rng.sample(range(10_000, 9_999_999), count)
    found = []
    for index in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{ascii_slug(first)}.{ascii_slug(last)}{index + 1}@students.example.edu"
        found.append(
            Person(
                first,
                last,
                f"{numbers[index]:09d}",
                110_000 + index * 7 + 3,
                email,
                SECTIONS[index % len(SECTIONS)],
                dropped=False,
                ability=rng.uniform(0.55, 1.0),
            )
        )
    for person in rng.sample(found, max(1, count // 40)):
        person.dropped = True
    return found


def assessments(syllabus: Syllabus, count: int) -> list[AssessmentSpec]:
    specs = list(syllabus.assessments)
    base = specs[0]
    for extra in range(max(0, count - len(specs))):
        specs.append(
            AssessmentSpec(
                key=str(1_990_001 + extra),
                title=f"Practice lab: Extra exercise {extra + 1}",
                kind=base.kind,
                category=base.category,
                points=30.0,
                pass_threshold=75.0,
                due_at=datetime(2026, 9, 14, 3, 59, tzinfo=UTC) + timedelta(days=2 * extra),
            )
        )
    return specs[:count] if count < len(specs) else specs


def extra_toml(specs: list[AssessmentSpec], syllabus: Syllabus) -> str:
    text = SYLLABUS.read_text(encoding="utf-8")
    known = {a.key for a in syllabus.assessments}
    for spec in specs:
        if spec.key in known:
            continue
        due = spec.due_at.strftime("%Y-%m-%dT%H:%M:%SZ") if spec.due_at else ""
        text += (
            f'\n[[assessments]]\nkey = "{spec.key}"\ntitle = "{spec.title}"\n'
            f'kind = "{spec.kind.value}"\ncategory = "{spec.category}"\n'
            f"points = {spec.points:g}\npass_threshold = 75\ndue = {due}\n"
        )
    return text


def cell_for(rng: random.Random, person: Person, spec: AssessmentSpec) -> str:
    """One gradebook cell: a score, EX, N/A, blank or '-'."""
    if spec.due_at and spec.due_at > EXPORTED_ON:
        return "" if rng.random() < 0.9 else _points(rng, person, spec)  # a few early birds
    roll = rng.random()
    if roll < 0.04:
        return ""
    if roll < 0.05:
        return "-"
    if roll < 0.065:
        return "EX"
    if roll < 0.072:
        return "N/A"
    return _points(rng, person, spec)


def _points(rng: random.Random, person: Person, spec: AssessmentSpec) -> str:
    share = min(1.0, max(0.0, rng.gauss(person.ability, 0.12)))
    value = round(spec.points * share * 4) / 4 if spec.points >= 20 else round(spec.points * share)
    return f"{value:.2f}".rstrip("0").rstrip(".")


def canvas_totals(
    cells: list[str], specs: list[AssessmentSpec], weights: dict[str, float]
) -> tuple[dict[str, tuple[str, str]], str, str]:
    """Per group (current, final) score and the weighted totals, as Canvas shows them."""
    groups: dict[str, list[float]] = {name: [0.0, 0.0, 0.0] for name in weights}  # got, graded, all
    for text, spec in zip(cells, specs, strict=True):
        group = groups[spec.category]
        if text in ("EX", "N/A"):
            continue
        group[2] += spec.points
        if text not in ("", "-"):
            group[0] += float(text)
            group[1] += spec.points
    shown: dict[str, tuple[str, str]] = {}
    current_sum = current_weight = final_sum = 0.0
    for name, (got, graded, possible) in groups.items():
        current = got / graded * 100 if graded else None
        final = got / possible * 100 if possible else 0.0
        shown[name] = ("" if current is None else f"{current:.2f}", f"{final:.2f}")
        if current is not None:
            current_sum += current * weights[name]
            current_weight += weights[name]
        final_sum += final * weights[name]
    total_weight = sum(weights.values())
    current_total = current_sum / current_weight if current_weight else 0.0
    return shown, f"{current_total:.2f}", f"{final_sum / total_weight:.2f}"


def gradebook_rows(
    rng: random.Random, class_list: list[Person], specs: list[AssessmentSpec], syllabus: Syllabus
) -> list[list[str]]:
    weights = {
        c.name: c.weight or 0.0
        for c in syllabus.grading.categories
        if any(s.category == c.name for s in specs)
    }
    letter = syllabus.grading.letter_for
    header = ["Student", "ID", "SIS Login ID", "Section", *[f"{s.title} ({s.key})" for s in specs]]
    computed = []
    for group in weights:
        computed += [
            f"{group} Current Score",
            f"{group} Unposted Current Score",
            f"{group} Final Score",
            f"{group} Unposted Final Score",
        ]
    computed += [
        "Current Score",
        "Unposted Current Score",
        "Final Score",
        "Unposted Final Score",
        "Current Grade",
        "Unposted Current Grade",
        "Final Grade",
        "Unposted Final Grade",
    ]
    rows = [header + computed]
    rows.append(
        [
            "",
            "",
            "",
            "",
            *["Manual Posting" if s.kind.value == "project" else "" for s in specs],
            *[""] * len(computed),
        ]
    )
    rows.append(
        [
            "    Points Possible",
            "",
            "",
            "",
            *[f"{s.points:.2f}" for s in specs],
            *["(read only)"] * len(computed),
        ]
    )
    test = Person("Test", "Student", "", 999_999, "", SECTIONS[0], False, 0.8)
    for person in [p for p in class_list if not p.dropped] + [test]:
        cells = [cell_for(rng, person, spec) for spec in specs]
        shown, current, final = canvas_totals(cells, specs, weights)
        values: list[str] = []
        for group in weights:
            values += [shown[group][0], shown[group][0], shown[group][1], shown[group][1]]
        values += [
            current,
            current,
            final,
            final,
            letter(float(current)) or "",
            letter(float(current)) or "",
            letter(float(final)) or "",
            letter(float(final)) or "",
        ]
        name = "Student, Test" if person is test else person.sortable
        rows.append([name, str(person.canvas_id), person.email, person.section, *cells, *values])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def write_xlsx(path: Path, rows: list[list[object]], sheet: str, text_columns: set[int]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    worksheet = workbook.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value and c not in text_columns and r > 0:
                try:
                    worksheet.write_number(r, c, float(value))
                    continue
                except ValueError:
                    pass
            if isinstance(value, date):
                worksheet.write_string(r, c, value.isoformat())
            elif isinstance(value, int | float):
                worksheet.write_number(r, c, value)
            else:
                worksheet.write_string(r, c, str(value))
    workbook.close()


def roster_rows(class_list: list[Person]) -> list[list[object]]:
    rows: list[list[object]] = [
        ["Student Number", "First Name", "Last Name", "Email", "Section", "Status"]
    ]
    for p in class_list:
        rows.append(
            [
                p.student_number,
                p.first,
                p.last,
                p.email,
                p.section,
                "Dropped" if p.dropped else "Enrolled",
            ]
        )
    return rows


def credit_rows(rng: random.Random, class_list: list[Person], budget: float) -> list[list[str]]:
    rows = [["Student ID", "Email", "Date", "Spent (USD)", "Budget (USD)"]]
    active = [p for p in class_list if not p.dropped]
    idle = active[-1]  # one student who never started the Learner Lab
    chosen = rng.sample(range(len(active) - 1), max(3, len(active) // 12))
    # a few students end the snapshot period near (88-99 %) or over the budget
    targets = {i: budget * rng.uniform(0.88, 0.99) for i in chosen[:-1]}
    targets[chosen[-1]] = budget * rng.uniform(1.02, 1.12)
    for index, person in enumerate(active):
        if person is idle:
            continue
        day = date(2026, 9, 2) + timedelta(days=rng.randint(0, 6))
        series: list[tuple[date, float]] = []
        spent = 0.0
        rate = rng.uniform(0.15, 0.55)
        while day <= EXPORTED_ON.date():
            spent += rate * rng.uniform(3, 12)
            series.append((day, spent))
            day += timedelta(days=rng.choice((5, 7, 7, 9, 12, 14)))
        scale = targets[index] / spent if index in targets else 1.0
        for when, amount in series:
            rows.append(
                [
                    person.student_number,
                    person.email,
                    when.isoformat(),
                    f"{amount * scale:.2f}",
                    f"{budget:.2f}",
                ]
            )
    return rows


def practice_rows(
    rng: random.Random, class_list: list[Person], domains: list[str]
) -> list[list[str]]:
    rows = [
        [
            "Student ID",
            "Exam",
            "Date",
            "Score",
            *[f"{d} (%)" for d in domains],
            "Minutes",
            "Questions",
        ]
    ]
    for person in [p for p in class_list if not p.dropped]:
        when = date(2026, 10, 1) + timedelta(days=rng.randint(0, 14))
        for attempt in range(rng.choice((0, 1, 1, 2, 3))):
            skill = min(0.98, person.ability + 0.04 * attempt)
            per_domain = [min(100.0, max(0.0, rng.gauss(skill * 100, 9))) for _ in domains]
            percent = sum(per_domain) / len(per_domain)
            full = rng.random() < 0.7  # full-length practice exams report a scaled score
            questions = 65 if full else 20
            score = f"{100 + 9 * percent:.0f}" if full else f"{percent:.1f}"
            rows.append(
                [
                    person.student_number,
                    "SAA-C03",
                    when.isoformat(),
                    score,
                    *[f"{v:.1f}" for v in per_domain],
                    str(rng.randint(70, 130) if full else rng.randint(18, 40)),
                    str(questions),
                ]
            )
            when += timedelta(days=rng.randint(6, 20))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--assessments", type=int, default=35)
    parser.add_argument("--out", type=Path, default=REPO / "rosters")
    parser.add_argument("--seed", type=int, default=529)
    parser.add_argument(
        "--xlsx-gradebook",
        action="store_true",
        help="also write the gradebook as xlsx (default for large runs)",
    )
    args = parser.parse_args(argv)
    exams = load_exams(REPO / "syllabi" / "exams")
    syllabus, _ = load_syllabus(SYLLABUS, exams)
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    class_list = people(rng, args.students)
    specs = assessments(syllabus, args.assessments)
    if len(specs) > len(syllabus.assessments):
        (args.out / "comp529-bench.toml").write_text(extra_toml(specs, syllabus), encoding="utf-8")
    book = gradebook_rows(rng, class_list, specs, syllabus)
    write_csv(args.out / "comp529-gradebook.csv", book)
    if args.xlsx_gradebook or args.students > 1000:
        write_xlsx(args.out / "comp529-gradebook.xlsx", book, "Grades", {0, 1, 2, 3})
    write_xlsx(args.out / "comp529-roster.xlsx", roster_rows(class_list), "Roster", {0})
    write_csv(
        args.out / "comp529-credits.csv",
        credit_rows(rng, class_list, syllabus.course.credit_budget_usd),
    )
    exam = exams["SAA-C03"]
    write_csv(
        args.out / "comp529-practice.csv",
        practice_rows(rng, class_list, [d.name for d in exam.domains]),
    )
    print(f"wrote {args.students} students × {len(specs)} assessments to {args.out}")


if __name__ == "__main__":
    main()
