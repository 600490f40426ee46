"""Pure rules and records: no database, no spreadsheets, no UI."""
