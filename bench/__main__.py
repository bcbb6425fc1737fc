"""`python -m bench`: the same as `python -m antq bench` (bench/cli.py)."""
import sys

from bench.cli import main

sys.exit(main())
