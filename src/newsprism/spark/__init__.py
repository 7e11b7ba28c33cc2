"""Scale-out on Apache Spark: the same stage functions over a corpus no
laptop holds (``pip install 'newsprism[spark]'``; docs/spark.md).

    newsprism spark INPUT... --out DIR [--master URL]
    spark-submit --py-files newsprism.zip -m newsprism.spark INPUT... --out DIR

* :mod:`.stages` - what a task runs: ingest, analyze, group + reconcile,
  each a call to the project's own stage function (no pyspark import);
* :mod:`.blocking` - which articles may meet in one grouping task;
* :mod:`.job` - the Spark job that moves data between them.

pyspark is imported only when a job runs.
"""

from __future__ import annotations

from .blocking import blocking_keys, components, pack_blocks
from .job import TABLES, SparkSummary, run_spark, spark_session
from .stages import BlockOutput, Reject, group_block

__all__ = [
    "TABLES",
    "BlockOutput",
    "Reject",
    "SparkSummary",
    "blocking_keys",
    "components",
    "group_block",
    "main",
    "pack_blocks",
    "run_spark",
    "spark_session",
]


def main(argv: list[str] | None = None) -> int:
    """``python -m newsprism.spark`` / spark-submit entry: the `spark` subcommand."""
    import sys

    from ..cli import main as cli_main

    return cli_main(["spark", *(sys.argv[1:] if argv is None else argv)])
