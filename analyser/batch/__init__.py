"""Analyse many inputs: plan (order, shards), pool (worker processes, Dask), run (in input order), progress.

`batch_run` is the library's entry point for a batch (no click needed); `analyse_paths` the simplest, in this process.
"""

from __future__ import annotations

from analyser.batch.plan import BatchPlan, Shard, plan_batch
from analyser.batch.run import BatchRun, BatchSettings, analyse_paths, batch_run, run_batch

__all__ = ["BatchPlan", "BatchRun", "BatchSettings", "Shard", "analyse_paths", "batch_run", "plan_batch", "run_batch"]
