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
# # 3.2 Case analysis
#
# One notebook renders any case: set `case_id` to one of the ids in `data/cases/` (the report's six
# are `eco_world_styria`, `cleantech_north`, `ict_cluster_bern`, `northern_colorado_clean_energy`,
# `cleantech_san_diego`, `medicon_valley_alliance`; a case file you add works the same way). The
# sections follow the report's six parameters. Every table gives the source of each value: a page
# of the report (s./p.), a derivation with its formula, or an external source with its date.
# Values the sources do not give are shown as n/a; the report's pages from 26 onward are lost,
# which is why cases 3 to 6 show many of them.

# %% tags=["parameters"]
case_id = "eco_world_styria"
lang = "da"
currency = "DKK"
year = 2010
data_dir = ""
export_dir = ""

# %%
from analysis.notebook import setup, tables

book = setup(lang=lang, data_dir=data_dir, export_dir=export_dir, currency=currency, year=year)
case = book.use_case(case_id)
book.heading()

# %% [markdown]
# ## Introduction

# %%
book.table("intro", tables.fact_table(case, tables.SECTIONS["intro"], lang))

# %% [markdown]
# ## Number and types of members

# %%
book.table("members", tables.fact_table(case, tables.SECTIONS["members"], lang))

# %% [markdown]
# ## Membership fees and other financing
#
# The budget is shown in the case's own currency and converted to the `currency` parameter with the
# ECB's average reference rate of `year`. The chart shows the funding mix (hatched where a share is
# derived or external; shares that are missing are named as n/a), then the annual fee a member
# company pays by its number of employees, per membership level.

# %%
book.table("financing", tables.fact_table(case, tables.SECTIONS["financing"], lang))

# %%
book.table("budget", tables.budget_table(case, currency, year, lang))

# %%
book.case_figure("funding")

# %%
book.table("fees", tables.fee_table(case, lang))

# %%
book.case_figure("fees")

# %% [markdown]
# ## Technology focus - pick the winners?

# %%
book.table("technology", tables.fact_table(case, tables.SECTIONS["technology"], lang))

# %% [markdown]
# ## Goals and priorities
#
# The Target Board below applies the model of the report's Figure 3 (p. 14) to this case: the
# higher the priority of a segment, the nearer the centre. The priorities are our coding of the
# report's text (see notebook 03), drawn as hollow rings; the report itself gives no scores.

# %%
book.table("goals", tables.fact_table(case, tables.SECTIONS["goals"], lang))

# %%
book.table("targets", tables.targets_table(case, lang))

# %%
book.case_figure("target_board")

# %% [markdown]
# ## Over time
#
# Where a count, budget or staff figure has been observed in two or more years (the report's
# value and later public sources), the series is drawn by the year each value describes.

# %%
book.history()

# %% [markdown]
# ## Services

# %%
book.table("services", tables.fact_table(case, tables.SECTIONS["services"], lang))

# %% [markdown]
# ## Staffing

# %%
book.table("staffing", tables.fact_table(case, tables.SECTIONS["staffing"], lang))

# %%
book.case_figure("roles")
