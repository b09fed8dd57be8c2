"""Streamlit entry point for the pubkb search app."""

import streamlit as st

st.set_page_config(page_title="pubkb", layout="wide")
st.title("pubkb")
st.info("The search app is not built yet. Use the `pubkb` command line meanwhile.")
