"""The app's pages, each run by Streamlit as a script (see `search_app.ui.pages`)."""
