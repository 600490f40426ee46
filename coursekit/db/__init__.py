"""Persistence: SQLModel tables, engine factory, query functions, migrations."""
