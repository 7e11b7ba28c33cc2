"""``python -m newsprism.spark INPUT... --out DIR``: the entry spark-submit runs."""

import sys

from . import main

sys.exit(main())
