"""ADAPTER: policies by file path or by the name of a shipped scene policy.

Whatever is wrong with a policy file is one :class:`~boxguard.errors.ConfigError` naming
the file and the line (exit 2): bytes that are not UTF-8, a shape the model does not
expect (a role mapped to a list), a negative ``keep_first``, ``encrypt_fpe`` on a kind
it cannot encrypt. Never an internal error, never a value from the data.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from boxguard.errors import BoxguardError, ConfigError
from boxguard.transform.policy import Policy, load_policy, read_yaml

#: Parameters that count characters or digits: never negative.
_COUNTS = ("keep_first", "keep_last", "digits", "decimals")


def shipped() -> list[str]:
    folder = resources.files("boxguard.data").joinpath("policies")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def read_policy(name_or_path: str | None) -> Policy:
    """``None`` → mask everything with each kind's display mask.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "p.yaml"
    >>> _ = p.write_text("default: mask\\nkinds:\\n  cn_mobile: {op: mask, keep_first: -3}\\n")
    >>> read_policy(str(p))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    boxguard.errors.ConfigError: ...p.yaml line 3: kinds.cn_mobile.keep_first: must be 0 or more
    """
    if name_or_path is None:
        return load_policy("default: mask\n", source="built-in default")
    path = Path(name_or_path)
    if path.exists():
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise ConfigError(f"cannot read {path}: {err.strerror}") from None
        return parse_policy(raw, str(path))
    if name_or_path in shipped():
        ref = resources.files("boxguard.data").joinpath("policies").joinpath(f"{name_or_path}.yaml")
        return parse_policy(ref.read_bytes(), name_or_path)
    raise ConfigError(f"no policy file {name_or_path!r}; shipped policies: {', '.join(shipped())}")


def parse_policy(raw: bytes, source: str) -> Policy:
    """A policy from a file's bytes, every error located (file and line)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ConfigError(f"{source} line {line}: not UTF-8 (save the policy as UTF-8)") from None
    text = text.removeprefix("\ufeff")
    try:
        node, data = read_yaml(text, source)
    except ConfigError:
        node, data = None, None  # load_policy reports it with its line
    if isinstance(data, dict):
        _check_shape(data, node, source)
    try:
        pol = load_policy(text, source=source)
    except BoxguardError:
        raise
    except (TypeError, ValueError, AttributeError) as err:  # a shape the model did not expect
        raise ConfigError(f"{source}: not a valid policy ({type(err).__name__})") from None
    for loc, spec in _specs(pol):
        _check_spec(spec, loc, node, source)
    if pol.default.op == "encrypt_fpe":
        from boxguard.kinds import kind_ids

        for kind_id in sorted(set(kind_ids()) - set(pol.kinds)):
            reason = _fpe_refuses(pol.default, kind_id)
            if reason:
                raise ConfigError(
                    f"{where(source, node, ['default'])}: default: {reason} "
                    f"(give {kind_id} its own rule under kinds)"
                )
    return pol


def where(source: str, node: yaml.Node | None, loc: list[str]) -> str:
    """``FILE line N`` for the YAML node at ``loc``."""
    line = 1
    for part in loc:
        if not isinstance(node, yaml.MappingNode):
            break
        for key, value in node.value:
            if str(key.value) == part:
                line, node = key.start_mark.line + 1, value
                break
        else:
            break
    return f"{source} line {line}"


def policy_line(name_or_path: str | None, loc: list[str]) -> str:
    """Where ``loc`` (``["columns", "手机"]``) is written in a policy file, for errors found
    when the policy meets the data (a column no table has)."""
    if name_or_path is None:
        return "built-in default"
    path = Path(name_or_path)
    try:
        if path.exists():
            text = path.read_text(encoding="utf-8-sig")
        else:
            ref = resources.files("boxguard.data").joinpath("policies")
            text = ref.joinpath(f"{name_or_path}.yaml").read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return name_or_path
    return where(name_or_path, node, loc)


def _check_shape(data: dict[str, Any], node: yaml.Node | None, source: str) -> None:
    for section in ("kinds", "columns", "roles"):
        value = data.get(section)
        if value is not None and not isinstance(value, dict):
            raise ConfigError(f"{where(source, node, [section])}: {section}: must be a mapping")
    for role, rules in (data.get("roles") or {}).items():
        if rules is not None and not isinstance(rules, dict):
            raise ConfigError(
                f"{where(source, node, ['roles', str(role)])}: roles.{role}: must map kinds "
                "to rules (kind: {op: ...}), not a list or a value"
            )
    for section in ("kinds", "columns"):
        for key, rule in (data.get(section) or {}).items():
            if rule is not None and not isinstance(rule, (dict, str)):
                raise ConfigError(
                    f"{where(source, node, [section, str(key)])}: {section}.{key}: "
                    "must be an operator name or {op: ...}"
                )


def _specs(pol: Policy) -> Iterator[tuple[list[str], Any]]:
    yield ["default"], pol.default
    for kind, spec in pol.kinds.items():
        yield ["kinds", kind], spec
    for column, rule in pol.columns.items():
        yield ["columns", column], rule
    for role, rules in pol.roles.items():
        for kind, spec in rules.items():
            yield ["roles", role, kind], spec


def _check_spec(spec: Any, loc: list[str], node: yaml.Node | None, source: str) -> None:
    for name in _COUNTS:
        value = spec.params.get(name)
        if value is not None and (not isinstance(value, int) or value < 0):
            at = where(source, node, [*loc, name])
            raise ConfigError(f"{at}: {'.'.join(loc)}.{name}: must be 0 or more")
    kind_id = loc[-1] if loc[0] in ("kinds", "roles") else getattr(spec, "kind", None)
    if spec.op == "encrypt_fpe" and kind_id is not None:
        reason = _fpe_refuses(spec, kind_id)
        if reason:
            raise ConfigError(f"{where(source, node, loc)}: {'.'.join(loc)}: {reason}")


def _fpe_refuses(spec: Any, kind_id: str) -> str | None:
    """Why ``encrypt_fpe`` cannot take values of ``kind_id`` (tried on its examples)."""
    from boxguard.crypto.keys import Keyset
    from boxguard.kinds import get_kind
    from boxguard.transform.base import Context

    kind = get_kind(kind_id)
    ctx = Context(keyset=Keyset.generate())
    op = spec.build()
    for example in kind.examples[:1]:
        try:
            op.apply(example, kind, ctx)
        except ConfigError as err:
            return str(err)
        except BoxguardError:
            return None
    return None
