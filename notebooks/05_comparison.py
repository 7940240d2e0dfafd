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
# # 3.3 Summary across the cases
#
# The report's own summary is on a lost page. This notebook rebuilds it from the data: the six
# parameters side by side, ratios computed from them, the fee a company of a given size would
# pay at each organisation, and all Target Board priorities in one heatmap. The summary at the
# end is written by code from the numbers, so it changes when a case file changes or a case is
# added.
#
# Marks used throughout: `*` a value that rests on an external source (or an organisation's own
# figures) rather than the report; `†` a value computed from others; `n/a` unknown. Ratios are
# computed only where all their inputs are known. Amounts are converted to `currency` with the
# ECB's average reference rate of `year`. `cases` narrows the comparison (comma-separated ids;
# empty = all), as do `group` (report, publisher, benchmark, own), `sector` (ids of
# `data/reference/sectors.csv`) and `country` (ISO codes such as DK, SE).
#
# `as_of` chooses the year of the data. By default (empty) every field shows its headline value:
# the report's value (2010) for the report's six cases and the latest confirmed value for the
# other organisations - our choice, because it compares each organisation at its best-documented
# point. With `as_of = 2015`, each dated field shows the value describing 2015 or the latest year
# before it, and is n/a where nothing was known by then. Every value carries its year in the
# source table at the end, and a ratio whose inputs describe different years is marked `‡`; a
# head count standing in for full-time equivalents is marked `≤`.

# %% tags=["parameters"]
cases = ""
group = ""
sector = ""
country = ""
as_of = ""
lang = "da"
currency = "DKK"
year = 2010
data_dir = ""
export_dir = ""

# %%
from analysis.notebook import setup, tables

book = setup(lang=lang, data_dir=data_dir, export_dir=export_dir, currency=currency, year=year)
selected = book.select(cases, group=group, sector=sector, country=country, as_of=as_of)

# %% [markdown]
# ## What is known
#
# The benchmark holds the report's six cases, its publisher and the other organisations whose
# facts could be confirmed on dated public pages. The matrix shows, for each organisation and
# parameter, whether a fact is known and the latest year it describes.

# %%
book.compare("coverage")

# %% [markdown]
# ## The parameters side by side

# %%
book.table("comparison", tables.comparison_table(selected, currency, year, lang))

# %% [markdown]
# ### Members
#
# Member counts differ by more than an order of magnitude, so the chart uses a log scale.

# %%
book.compare("members")

# %% [markdown]
# ### Financing

# %%
book.compare("budget")

# %%
book.compare("funding")

# %% [markdown]
# What a member company pays depends on the organisation, the level and, where the fee has a
# per-employee part, the company's size.

# %%
book.table("fee_comparison", tables.fee_comparison_table(selected, currency, year, lang))

# %%
book.compare("fees")

# %% [markdown]
# ### Staffing and ratios

# %%
book.compare("staff")

# %%
book.compare("budget_per_member")

# %%
book.compare("staff_per_100_members")

# %% [markdown]
# ### Technology focus - pick the winners?

# %%
book.table("technology_comparison", tables.technology_comparison(selected, lang))

# %% [markdown]
# ### Goals and priorities
#
# The coded priorities of every case (see notebook 03 for how they were coded).

# %%
book.compare("priorities")

# %% [markdown]
# ## Summary, written from the numbers

# %%
book.summary()

# %% [markdown]
# ## Where each number comes from
#
# Every value above, with the field of `facts.csv` it comes from (and that fact's page or
# source) or the formula that computed it.

# %%
book.table("comparison_sources", tables.comparison_sources(selected, currency, year, lang))
