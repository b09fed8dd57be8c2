"""pubkb's Streamlit app: `streamlit run search_app/app.py`, over $PUBKB_INDEX (else ./.pubkb).

Every page is a URL; its whole state is in the query string, so any view can be bookmarked:

    /?q=refugees&type=Issue+Brief&year_from=2020&year_to=2021&researcher=Min+Yi+Yoo&page=2&sort=newest
        Search. `type`, `researcher` and `topic` repeat; `sort` is relevance, newest or oldest.
    /publication?id=<id>&p=<page>   one publication, its PDF open at page p (`/?id=<id>` too)
    /researchers                    the researcher directory
    /researchers?name=<name>        a researcher's profile (any spelling of the name)
    /topics                         every topic (key phrase) with its number of publications
    /topics?topic=<phrase>          a topic: publications by year, researchers, related topics
    /collaborators?topic=<words>&type=...&year_from=...&year_to=...
                                    researchers ranked for a topic, with their evidence
    /library                        index status: counts, last run, failures, missing files
"""

from __future__ import annotations

import streamlit as st

from search_app import ui

# An emoji favicon: a Material one would be fetched from a font CDN, and the app works offline.
st.set_page_config(page_title="pubkb", page_icon="🔎", layout="wide")
st.navigation(ui.pages(), position="top").run()
