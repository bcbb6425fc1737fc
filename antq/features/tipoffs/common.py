"""What every builder of the "Tin báo → phá án" page shares: a rate that is NaN, not 0, where there
is nothing to divide by."""
from __future__ import annotations

import pandas as pd


def div(a, b):
    """a / b, NaN where b is 0 or missing (a rate on nothing is not 0)."""
    a = pd.to_numeric(a, errors="coerce") if isinstance(a, pd.Series) else a
    if isinstance(b, pd.Series):
        b = pd.to_numeric(b, errors="coerce").astype(float)
        return a / b.where(b > 0)
    return a / b if b and not pd.isna(b) else float("nan")
