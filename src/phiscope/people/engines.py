"""Where Splink's matching runs: DuckDB (the default) or Spark, behind one small interface.

``linkage.predict`` trains and predicts through a ``LinkageEngine``: it registers tables, hands
Splink the engine's database API, and reads the scored pairs back as Arrow batches. Everything
else (settings, comparisons, blocking rules, training, the chunked prediction) is Splink's and the
same on both. The blocking SQL of ``linkage`` is written in ``DIALECT`` and Splink translates it
(with sqlglot) for Spark; the custom rules name it explicitly, so a rule that does not translate
fails loudly instead of running as something else.

Neither engine writes a raw value to disk in the clear: DuckDB spills to encrypted temporary files,
Spark keeps Splink's intermediate tables with ``persist`` (not Splink's default parquet
checkpoints) and encrypts what its block manager spills and shuffles (``spark.io.encryption``).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

#: the dialect ``linkage``'s SQL (custom blocking rules) is written in
DIALECT = "duckdb"
#: the engines ``--engine`` accepts
ENGINES = ("duckdb", "spark")

#: Spark settings of a local session: no web UI or console progress (stdout and stderr carry the
#: CLI's output), encrypted spill and shuffle files, few shuffle partitions on one machine
SPARK_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.io.encryption.enabled": "true",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.adaptive.enabled": "true",
}
#: the driver's log4j2 settings: errors only, on stderr (Spark's default prints start-up warnings
#: about host names and local directories that a CLI user has no use for)
LOG4J2 = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark %p %c{1}: %m%n
"""


class LinkageEngine(Protocol):
    """A database Splink runs on: tables in, scored pairs out as Arrow."""

    name: str

    def register(self, table: pa.Table, name: str) -> Any:
        """``table`` as a Splink frame in this engine (a new table named from ``name``)."""
        ...

    def pairs(self, scored: Any, columns: Sequence[tuple[str, str]], batch: int) -> pa.RecordBatchReader:
        """The ``columns`` (name, alias) of Splink's frame ``scored``, ``batch`` rows at a time."""
        ...

    def close(self) -> None:
        """Release the session and its temporary files."""
        ...


class DuckDBEngine:
    """Splink on an in-memory DuckDB session that spills, encrypted, to a private directory."""

    name = "duckdb"

    def __init__(self, tmp_dir: str | None = None, memory_limit: str | None = None) -> None:
        from splink import DuckDBAPI

        from phiscope.store.db import scratch

        self._spill = tempfile.TemporaryDirectory(prefix="phiscope-linkage-", dir=tmp_dir)
        self.con = scratch(self._spill.name, memory_limit)
        self.api = DuckDBAPI(self.con)
        self._names = 0

    def register(self, table: pa.Table, name: str) -> Any:
        """``table`` registered with Splink under a name of this session not used before."""
        self._names += 1
        return self.api.register(table, table_name=f"{name}_{self._names}")

    def pairs(self, scored: Any, columns: Sequence[tuple[str, str]], batch: int) -> pa.RecordBatchReader:
        """Only the named columns leave DuckDB (the compared values, gammas and Bayes factors of
        millions of pairs would cost gigabytes as Arrow and are not used)."""
        rel = scored.as_duckdbpyrelation()
        return rel.project(", ".join(f'"{c}" AS "{a}"' for c, a in columns)).fetch_arrow_reader(batch)

    def close(self) -> None:
        """Close the session and remove its spill directory."""
        try:
            self.con.close()
        finally:
            self._spill.cleanup()


class SparkEngine:
    """Splink on a local Spark session (``local[*]``) with Splink's similarity functions."""

    name = "spark"

    def __init__(self, tmp_dir: str | None = None, memory_limit: str | None = None,
                 session: Any = None) -> None:
        from pyspark.sql import SparkSession
        from splink.backends.spark import SparkAPI, similarity_jar_location

        self._local = tempfile.mkdtemp(prefix="phiscope-spark-", dir=tmp_dir)
        self._owned = session is None
        if session is None:
            builder = SparkSession.builder.master("local[*]").appName("phiscope-linkage")
            log4j = os.path.join(self._local, "log4j2.properties")
            with open(log4j, "w", encoding="utf-8") as f:
                f.write(LOG4J2)
            conf = {**SPARK_CONF, "spark.jars": similarity_jar_location(), "spark.local.dir": self._local,
                    "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile=file:{log4j}"}
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # one machine: no host lookup
            if memory_limit:
                conf["spark.driver.memory"] = memory_limit.replace("GB", "g").replace("MB", "m")
            for key, value in conf.items():
                builder = builder.config(key, value)
            session = builder.getOrCreate()
            session.sparkContext.setLogLevel("ERROR")
        self.spark = session
        self.api = SparkAPI(spark_session=session,  # type: ignore[no-untyped-call, unused-ignore]
                            break_lineage_method="persist")
        self._names = 0

    def register(self, table: pa.Table, name: str) -> Any:
        """``table`` as a Spark temporary view registered with Splink."""
        self._names += 1
        return self.api.register(spark_frame(self.spark, table), table_name=f"{name}_{self._names}")

    def pairs(self, scored: Any, columns: Sequence[tuple[str, str]], batch: int) -> pa.RecordBatchReader:
        """The columns streamed from the Spark frame a partition at a time (``toLocalIterator``)."""
        frame = scored.as_spark_dataframe().selectExpr(*(f"`{c}` AS `{a}`" for c, a in columns))
        schema = pa.schema([(a, _arrow_type(frame.schema[a].dataType)) for _, a in columns])
        return pa.RecordBatchReader.from_batches(schema, _batches(frame.toLocalIterator(), schema, batch))

    def close(self) -> None:
        """Stop a session this engine started and remove its local directory."""
        try:
            if self._owned:
                self.spark.stop()
        finally:
            shutil.rmtree(self._local, ignore_errors=True)


def _batches(rows: Iterator[Any], schema: pa.Schema, size: int) -> Iterator[pa.RecordBatch]:
    names = schema.names
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(dict(zip(names, row, strict=True)))
        if len(chunk) >= size:
            yield pa.RecordBatch.from_pylist(chunk, schema)
            chunk = []
    if chunk:
        yield pa.RecordBatch.from_pylist(chunk, schema)


def _arrow_type(kind: Any) -> pa.DataType:
    from pyspark.sql import types as t

    if isinstance(kind, t.LongType | t.IntegerType):
        return pa.int64()
    if isinstance(kind, t.DoubleType | t.FloatType):
        return pa.float64()
    if isinstance(kind, t.BooleanType):
        return pa.bool_()
    if isinstance(kind, t.ArrayType):
        return pa.list_(_arrow_type(kind.elementType))
    return pa.string()


def _spark_type(kind: pa.DataType) -> Any:
    from pyspark.sql import types as t

    if pa.types.is_integer(kind):
        return t.LongType()
    if pa.types.is_floating(kind):
        return t.DoubleType()
    if pa.types.is_boolean(kind):
        return t.BooleanType()
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return t.ArrayType(_spark_type(kind.value_type))
    return t.StringType()


def spark_frame(spark: Any, table: pa.Table) -> Any:
    """``table`` as a Spark DataFrame with the same columns and types (Spark 3 cannot take Arrow
    directly without pandas: the rows go over as tuples under an explicit schema)."""
    from pyspark.sql import types as t

    schema = t.StructType([t.StructField(f.name, _spark_type(f.type), True) for f in table.schema])
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return spark.createDataFrame(list(zip(*columns, strict=True)), schema)


def check_engine(name: str) -> str | None:
    """Why ``name`` cannot run here (unknown, pyspark missing, no Java), or None when it can."""
    if name not in ENGINES:
        return f"unknown engine {name!r} (choose from {', '.join(ENGINES)})"
    if name == "spark":
        if importlib.util.find_spec("pyspark") is None:
            return "the spark engine needs pyspark: pip install 'phiscope[spark]'"
        if shutil.which("java") is None:
            return "the spark engine needs Java 17 (a 'java' on the PATH)"
    return None


def engine(name: str = "duckdb", tmp_dir: str | None = None, memory_limit: str | None = None,
           session: Any = None) -> LinkageEngine:
    """A new engine by name (``session``: an existing SparkSession to run on, spark only)."""
    problem = check_engine(name)
    if problem:
        raise ValueError(problem)
    if name == "spark":
        return SparkEngine(tmp_dir, memory_limit, session)
    return DuckDBEngine(tmp_dir, memory_limit)
