"""`python -m antq <command>`: the command line (antq/cli)."""
import sys

from antq.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
