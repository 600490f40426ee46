"""The services are grouped by feature; each package names its use cases, and every
name it re-exports resolves (so a renamed function cannot leave a dead re-export)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import coursekit.services as services

FEATURES = ["canvas", "importing", "reporting", "roster", "views"]


@pytest.mark.parametrize("feature", FEATURES)
def test_every_use_case_a_feature_names_resolves(feature: str) -> None:
    package = importlib.import_module(f"coursekit.services.{feature}")
    assert package.__all__, f"{feature} names no use case"
    # a use case named like a module of its package would be shadowed by that module
    # once it is imported (e.g. views.dashboard): import it from its module instead
    modules = {m.name for m in pkgutil.iter_modules(package.__path__)}
    assert not modules & set(package.__all__)
    for name in package.__all__:
        assert callable(getattr(package, name)), f"{feature}.{name}"
    assert not hasattr(package, "no_such_use_case")  # unknown names: AttributeError


def test_the_top_of_services_holds_only_the_shared_core() -> None:
    flat = {m.name for m in pkgutil.iter_modules(services.__path__) if not m.ispkg}
    packages = {m.name for m in pkgutil.iter_modules(services.__path__) if m.ispkg}
    assert packages == set(FEATURES)
    shared = {"audit", "checklists", "context", "courses", "course_list", "student_lookup"}
    shared |= {"lazy_exports"}  # the feature packages' lazy re-exports
    assert flat == shared | {"demo"}
