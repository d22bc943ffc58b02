from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# Compiled prefilter databases go to a folder of this run, not the user's ~/.cache.
if "BOXGUARD_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["BOXGUARD_CACHE_DIR"] = tempfile.mkdtemp(prefix="boxguard-test-cache-")
