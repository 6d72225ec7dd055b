"""Cleaning on Ray Data, for corpora past one machine (``pip install 'cleaner[ray]'``).

The core never imports this module, nor ``ray``.  :func:`clean_dataset` maps batches of
``{path, bytes}`` rows (what ``ray.data.read_binary_files(..., include_paths=True)`` makes)
to record rows, in a pool of actors that each load the tables once; :func:`run` is what
``cleaner clean --engine ray`` does: read the inputs with Ray, clean them, write JSONL or
Parquet shards into a folder.
"""

from __future__ import annotations

import logging
from typing import Any

DEFAULT_BATCH = 16
ACTOR_CPUS = 0.8  # a cleaning actor's share, leaving room on each core for the read tasks
READ_CPUS = 0.2


class Cleaner:
    """The per-actor cleaner: built once per worker (tables loaded there), called per batch."""

    def __init__(self, fields: tuple[str, ...] = (), skip: tuple[str, ...] = (), only: tuple[str, ...] = (),
                 **options: Any):
        from .batch import Job, _warm
        from .config import Options
        from .registry import chain
        from .writers import parquet_schema

        self.job = Job(tuple(chain(skip, only)), Options.from_values(options), fmt="parquet", fields=tuple(fields))
        self.schema = parquet_schema(self.job.fields)
        _warm(self.job)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        from .batch import process
        from .io import Input

        rows = []
        for path, data in zip(batch.column("path").to_pylist(), batch.column("bytes").to_pylist(), strict=True):
            res = process(self.job, Input(str(path), str(path), data=bytes(data)))
            rows.append(res.record or {})
        return pa.Table.from_pylist(rows, schema=self.schema)


def clean_dataset(ds: Any, *, concurrency: int | None = None, batch_size: int = DEFAULT_BATCH,
                  **options: Any) -> Any:
    """Clean a Ray Dataset of ``{path, bytes}`` rows into a Dataset of records.

    ``options`` are those of ``cleaner clean`` (``to="traditional"``, ``keep_captions=True``,
    ``fields=("title", "text")``, ``skip=("punct",)`` …); the columns are the record's (nested
    ``place`` and ``removed`` as structs).
    """
    import ray

    if concurrency is None:
        concurrency = max(1, int(ray.available_resources().get("CPU", 1)))
    return ds.map_batches(Cleaner, fn_constructor_kwargs=options, batch_format="pyarrow", batch_size=batch_size,
                          concurrency=concurrency, num_cpus=ACTOR_CPUS)


def read(inputs: list[str]) -> Any:
    """The pages as ``{path, bytes}`` rows; a read task asks for a fifth of a CPU and a
    cleaning actor for four fifths, so that one actor a core never starves the reads."""
    import ray

    return ray.data.read_binary_files(inputs, include_paths=True, num_cpus=READ_CPUS)


def run(inputs: list[str], output: str, fmt: str = "jsonl", address: str | None = None, **options: Any) -> int:
    """Read ``inputs`` (local paths or any filesystem pyarrow supports), clean them on Ray and
    write ``fmt`` shards (``jsonl`` or ``parquet``) into the folder ``output``; return the
    number of records written."""
    import ray

    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.ERROR, configure_logging=False)
    ds = read(inputs)
    cleaned = clean_dataset(ds, **options)
    if fmt == "parquet":
        cleaned.write_parquet(output)
    else:
        cleaned.write_json(output, force_ascii=False)
    return int(cleaned.count())
