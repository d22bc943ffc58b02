"""boxguard.toml: any bytes give a Config or one ConfigError, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from boxguard.errors import ConfigError
from boxguard.io.config import Config, read_config

TOML_ISH = st.text(alphabet=st.sampled_from(list("[]=.\"'\n #abc_-0123456789tfrue\\")))


@given(st.one_of(st.binary(max_size=200), TOML_ISH.map(lambda t: t.encode())))
def test_any_file_is_read_or_refused_with_a_config_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "boxguard.toml"
        path.write_bytes(data)
        try:
            cfg: Config | str = read_config(path)
        except ConfigError as err:
            cfg = str(err)
    if isinstance(cfg, str):
        assert cfg.startswith(str(path)), "the error names the file"
        return
    for value in cfg.tables.values():
        assert isinstance(value, dict), "every setting sits in a verb's table"
