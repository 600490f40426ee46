"""Rebuild roster.xlsx (run from the repository root with the dev venv)."""

from pathlib import Path

import xlsxwriter

ROWS = [
    ["Student Number", "First Name", "Last Name", "Email", "Section"],
    ["002564001", "Ngozi", "Moreau", "ngozi.moreau1@students.example.edu", "COMP529 Section 001"],
    ["003981864", "Liam", "Nguyễn", "liam.nguyen2@students.example.edu", "COMP529 Section 002"],
    [
        "007732977",
        "Camila",
        "Hernández",
        "camila.hernandez3@students.example.edu",
        "COMP529 Section 001",
    ],
    ["004410235", "Chidi", "Okafor", "chidi.okafor4@students.example.edu", "COMP529 Section 002"],
]

if __name__ == "__main__":
    book = xlsxwriter.Workbook(str(Path(__file__).with_name("roster.xlsx")))
    sheet = book.add_worksheet("Roster")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
