"""ANTQ dashboard: the code behind the pages of the "Toàn dân bảo vệ an ninh Tổ quốc" dashboard.

Modules hold one concern each (paths, db, geo, charts, formatting, ...); nothing here does
work at import time.
"""
