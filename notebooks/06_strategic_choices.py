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

# %% [markdown]
# # 3.4 Strategic choices
#
# The report closes with the strategic choices the organisations made differently, as input for
# a new cluster organisation positioning itself; that page is lost. This notebook rebuilds the
# choices as five axes. Each axis has a documented rule that computes a position from 0 (the
# left pole) to 1 (the right pole) from the case data, and every position is shown with the
# values behind it and their sources. A case lacking the data an axis needs is listed as n/a
# on that axis, not placed.
#
# Set `focal_case` to an organisation's id (for example your own, added from
# `data/templates/organisation.yaml`) to highlight it and to list its nearest cases and the
# differences that matter, among all organisations and among those of its own sector. A distance
# between two organisations rests on the axes both have data for, and only on three or more of
# the five. `cases`, `group`, `sector`, `country` and `as_of` narrow the comparison as in 3.3.

# %% tags=["parameters"]
focal_case = ""
cases = ""
group = ""
sector = ""
country = ""
as_of = ""
lang = "da"
data_dir = ""
export_dir = ""

# %%
from analysis.notebook import setup, tables

book = setup(lang=lang, data_dir=data_dir, export_dir=export_dir)
selected = book.select(cases, focal=focal_case, group=group, sector=sector, country=country, as_of=as_of)

# %% [markdown]
# ## The rules

# %%
book.table("rules", tables.rules_table(lang))

# %% [markdown]
# ## All choices at once

# %%
book.choices()

# %%
book.table("scores", tables.scores_table(book.scores(), selected, lang))

# %% [markdown]
# ## Open and broad or exclusive membership

# %%
book.axis("membership")

# %% [markdown]
# ## Member-financed or publicly financed

# %%
book.axis("financing")

# %% [markdown]
# ## Picking technology winners or open to all

# %%
book.axis("technology")

# %% [markdown]
# ## Service provider or catalyst
#
# RegLab orders the nine activity types from services to catalytic work (Figure 2). A case's
# Target Board objectives are placed on that order through the activities that serve them
# (`data/reference/segment_activities.csv`, our mapping), weighted by their priority; its services
# are placed through the activity each is coded with.

# %%
book.axis("role")

# %% [markdown]
# ## Lean or staffed secretariat

# %%
book.axis("staffing")

# %% [markdown]
# ## The focal organisation and its nearest cases

# %%
book.nearest()
