# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["lang-en"]
# # 3.5 Explore the comparison
#
# Pick organisations by group, sector, country and kind, a measure and a year, and the chart and
# the table of values with their years and sources follow. Under "Your organisation", enter your
# organisation's members, budget, staff, sector, services and goals: its place on the five
# strategic axes (3.4) and its nearest organisations follow, coded by the same rules as every
# organisation's. Nothing is written to `data/` unless you press "Save as a case file"; the file
# is then validated like any other.

# %% [markdown] tags=["lang-da"]
# # 3.5 Udforsk sammenligningen
#
# Vælg organisationer efter gruppe, sektor, land og slags, et mål og et år, og diagrammet og
# tabellen med værdierne, deres år og kilder følger med. Under "Din organisation" indtaster du din
# organisations medlemmer, budget, ansatte, sektor, ydelser og mål: dens placering på de fem
# strategiske akser (3.4) og dens nærmeste organisationer følger, kodet efter de samme regler som
# alle andres. Intet skrives i `data/`, medmindre du trykker "Gem som casefil"; filen bliver da
# kontrolleret som enhver anden.

# %% [markdown] tags=["lang-en", "notebook-only"]
# `interactive = False` shows the explorer's starting point as plain outputs (the report's page);
# `make explore` opens it as a small web app (Voilà) on your own machine, without code.

# %% [markdown] tags=["lang-da", "notebook-only"]
# `interactive = False` viser udforskerens udgangspunkt som almindelige resultater (rapportens
# side); `make explore` åbner den som en lille webapp (Voilà) på din egen maskine, uden kode.

# %% tags=["parameters"]
lang = "da"
data_dir = ""
export_dir = ""
interactive = True

# %%
from analysis.notebook import setup
from analysis.notebook.explorer import Explorer

book = setup(lang=lang, data_dir=data_dir, export_dir=export_dir, section="3.5")

# %%
# NBVAL_IGNORE_OUTPUT
Explorer(book.data, lang=lang).show(interactive, book=book)
