"""Which communes share a border: the neighbour pairs used for spread-by-contagion figures
(boundary build writes them per map) and by the demo generator (models spread to neighbours)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

# Borders of separately matched 2018 polygons may miss each other by a few metres.
TOUCH_DEGREES = 0.0005  # about 50 m


def pairs(geoms) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (both directions, sorted) of geometries within TOUCH_DEGREES of each other."""
    geoms = shapely.make_valid(np.asarray(geoms))
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="dwithin", distance=TOUCH_DEGREES)
    keep = a != b
    a, b = a[keep], b[keep]
    uniq = np.unique(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1), axis=0)
    src = np.concatenate([uniq[:, 0], uniq[:, 1]]).astype(np.int64)
    dst = np.concatenate([uniq[:, 1], uniq[:, 0]]).astype(np.int64)
    order = np.lexsort((dst, src))
    return src[order], dst[order]


def neighbour_table(codes, geoms) -> pd.DataFrame:
    """(commune_code, neighbour_code) for every pair of bordering communes, both directions."""
    codes = np.asarray(codes)
    src, dst = pairs(geoms)
    return pd.DataFrame({"commune_code": codes[src], "neighbour_code": codes[dst]})
