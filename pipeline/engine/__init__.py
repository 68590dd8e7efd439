"""Engines: the same shard function run in-process, in a process pool, or on Dask."""
