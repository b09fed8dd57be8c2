"""Ingestion: plan by hash, produce outcomes (local processes or Dask), write safely."""
