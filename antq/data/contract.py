"""The data contract as data: every table's columns, types and meaning (data/reference/data_contract.csv).

The "Dữ liệu" page shows it; the importer and the docs follow it.
"""
from __future__ import annotations

import pandas as pd

from antq import paths
def columns() -> pd.DataFrame:
    return pd.read_csv(paths.REFERENCE / "data_contract.csv", dtype=str, keep_default_na=False)


def schema_of(parquet_path) -> pd.DataFrame:
    """The columns actually present in a parquet file with their arrow types."""
    import pyarrow.parquet as pq

    s = pq.read_schema(parquet_path)
    return pd.DataFrame({"column": s.names, "actual_type": [str(f.type) for f in s]})
