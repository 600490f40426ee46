"""Run the parser tests against both YAML back ends (libyaml events and pure Python)."""

from __future__ import annotations

import pytest

from coursekit.domain.cfn import yaml_loader

BACKENDS = {"python": yaml_loader.CfnLoader}
if yaml_loader.CfnCLoader is not None:
    BACKENDS["libyaml"] = yaml_loader.CfnCLoader


@pytest.fixture(params=sorted(BACKENDS))
def yaml_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(yaml_loader, "DEFAULT_LOADER", BACKENDS[request.param])
    return str(request.param)
