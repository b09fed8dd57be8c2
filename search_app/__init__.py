"""pubkb's Streamlit app: a thin layer of pages over the `indexer` library."""
