"""ADAPTER: policies by file path or by the name of a shipped scene policy."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from boxguard.errors import ConfigError
from boxguard.transform.policy import Policy, load_policy


def shipped() -> list[str]:
    folder = resources.files("boxguard.data").joinpath("policies")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def read_policy(name_or_path: str | None) -> Policy:
    """``None`` → mask everything with each kind's display mask."""
    if name_or_path is None:
        return load_policy("default: mask\n", source="built-in default")
    path = Path(name_or_path)
    if path.exists():
        try:
            return load_policy(path.read_text(encoding="utf-8"), source=str(path))
        except OSError as err:
            raise ConfigError(f"cannot read {path}: {err.strerror}") from None
    if name_or_path in shipped():
        ref = resources.files("boxguard.data").joinpath("policies").joinpath(f"{name_or_path}.yaml")
        return load_policy(ref.read_text(encoding="utf-8"), source=name_or_path)
    raise ConfigError(f"no policy file {name_or_path!r}; shipped policies: {', '.join(shipped())}")
