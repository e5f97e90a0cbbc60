"""``python -m benchmarks``: run every benchmark and print the table (see benchmarks/README.md)."""

import sys

from benchmarks.run import main

sys.exit(main())
