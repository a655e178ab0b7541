"""Answer sheets with a believable spread, for the demo and the benchmark.

Each sheet follows one of four profiles (calm, mild, moderate, severe) whose answers
lean from 0 towards 3; item 9 of PHQ-9 is raised in a third of the severe sheets and a
twentieth of the moderate ones only, as screening surveys of adolescents report a small
tail rather than a uniform spread. Deterministic for a seed.
"""

from __future__ import annotations

import numpy as np

# P(answer = 0, 1, 2, 3) per profile.
PROFILES = np.array(
    [
        [0.75, 0.20, 0.04, 0.01],  # calm
        [0.40, 0.40, 0.15, 0.05],  # mild
        [0.15, 0.40, 0.30, 0.15],  # moderate
        [0.05, 0.20, 0.35, 0.40],  # severe
    ]
)
DEFAULT_MIX = (0.80, 0.12, 0.06, 0.02)


def sheets(
    n: int, *, seed: int = 18, mix: tuple[float, float, float, float] = DEFAULT_MIX
) -> tuple[np.ndarray, np.ndarray]:
    """(n × 9 PHQ-9, n × 7 GAD-7) int8 answers."""
    rng = np.random.default_rng(seed)
    profile = rng.choice(4, size=n, p=list(mix))
    cum = PROFILES.cumsum(axis=1)

    def draw(k: int) -> np.ndarray:
        u = rng.random((n, k))
        return (u[:, :, None] > cum[profile][:, None, :]).sum(axis=2).astype(np.int8)

    phq, gad = draw(9), draw(7)
    item9 = np.zeros(n, dtype=np.int8)
    risk = ((profile == 3) & (rng.random(n) < 1 / 3)) | ((profile == 2) & (rng.random(n) < 0.05))
    item9[risk] = rng.integers(1, 4, size=int(risk.sum()))
    phq[:, 8] = item9
    return phq, np.minimum(gad, 3)
