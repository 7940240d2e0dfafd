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
# # 3.2 Case analysis
#
# The sections follow the report's six parameters. Every table gives the source of each value: a page
# of the report (s./p.), a derivation with its formula, or an external source with its date.
# Values the sources do not give are shown as n/a; the report's pages from 26 onward are lost,
# which is why cases 3 to 6 show many of them.

# %% [markdown] tags=["lang-da"]
# # 3.2 Caseanalyse
#
# Afsnittene følger rapportens seks parametre. Hver
# tabel angiver kilden til hver værdi: en side i rapporten (s./p.), en afledt værdi med sin formel
# eller en ekstern kilde med dato. Værdier, som kilderne ikke oplyser, vises som n/a; rapporten
# mangler alle sider fra side 26 og frem, og derfor har case 3 til 6 mange af dem.

# %% [markdown] tags=["lang-en", "notebook-only"]
# One notebook renders any case: set `case_id` to one of the ids in `data/cases/` (the report's six
# are `eco_world_styria`, `cleantech_north`, `ict_cluster_bern`, `northern_colorado_clean_energy`,
# `cleantech_san_diego`, `medicon_valley_alliance`; a case file you add works the same way).

# %% [markdown] tags=["lang-da", "notebook-only"]
# Én notebook viser en hvilken som helst case: Sæt `case_id` til et af id'erne i `data/cases/`
# (rapportens seks er `eco_world_styria`, `cleantech_north`, `ict_cluster_bern`,
# `northern_colorado_clean_energy`, `cleantech_san_diego` og `medicon_valley_alliance`; en casefil,
# du selv tilføjer, fungerer på samme måde).

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

# %% [markdown] tags=["lang-en"]
# ## Introduction

# %% [markdown] tags=["lang-da"]
# ## Introduktion

# %%
book.table("intro", tables.fact_table(case, tables.SECTIONS["intro"], lang))

# %% [markdown] tags=["lang-en"]
# ## Number and types of members

# %% [markdown] tags=["lang-da"]
# ## Antal og typer af medlemmer

# %%
book.table("members", tables.fact_table(case, tables.SECTIONS["members"], lang))

# %% [markdown] tags=["lang-en"]
# ## Membership fees and other financing
#
# The budget is shown in the case's own currency and converted to the `currency` parameter with the
# ECB's average reference rate of `year`. The chart shows the funding mix (hatched where a share is
# derived or external; shares that are missing are named as n/a), then the annual fee a member
# company pays by its number of employees, per membership level.

# %% [markdown] tags=["lang-da"]
# ## Medlemsbetaling og anden finansiering
#
# Budgettet vises i casens egen valuta og omregnes til valutaen i parameteren `currency` med ECB's
# gennemsnitlige referencekurs for `year`. Diagrammet viser finansieringens fordeling (skraveret,
# hvor en andel er afledt eller stammer fra en ekstern kilde; manglende andele nævnes som n/a) og
# derefter det årlige kontingent, som en medlemsvirksomhed betaler efter antal ansatte, pr.
# medlemsniveau.

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

# %% [markdown] tags=["lang-en"]
# ## Technology focus - pick the winners?

# %% [markdown] tags=["lang-da"]
# ## Teknologisk fokus - skal man vælge vinderne?

# %%
book.table("technology", tables.fact_table(case, tables.SECTIONS["technology"], lang))

# %% [markdown] tags=["lang-en"]
# ## Goals and priorities
#
# The Target Board below applies the model of the report's Figure 3 (p. 14) to this case: the
# higher the priority of a segment, the nearer the centre. The priorities are our coding of the
# report's text (see notebook 03), drawn as hollow rings; the report itself gives no scores.

# %% [markdown] tags=["lang-da"]
# ## Målsætning og prioritering
#
# Target Board nedenfor anvender modellen fra rapportens figur 3 (s. 14) på denne case: Jo højere
# prioritet et segment har, des nærmere centrum ligger det. Prioriteterne er vores kodning af
# rapportens tekst (se notebook 03) og tegnes som hule ringe; rapporten selv angiver ingen tal.

# %%
book.table("goals", tables.fact_table(case, tables.SECTIONS["goals"], lang))

# %%
book.table("targets", tables.targets_table(case, lang))

# %%
book.case_figure("target_board")

# %% [markdown] tags=["lang-en"]
# ## Over time
#
# Where a count, budget or staff figure has been observed in two or more years (the report's
# value and later public sources), the series is drawn by the year each value describes.

# %% [markdown] tags=["lang-da"]
# ## Udvikling over tid
#
# Hvor et medlemstal, et budget eller et antal ansatte er observeret i to eller flere år
# (rapportens værdi og senere offentlige kilder), tegnes forløbet efter det år, hver værdi
# beskriver.

# %%
book.history()

# %% [markdown] tags=["lang-en"]
# ## Services

# %% [markdown] tags=["lang-da"]
# ## Ydelser

# %%
book.table("services", tables.fact_table(case, tables.SECTIONS["services"], lang))

# %% [markdown] tags=["lang-en"]
# ## Staffing

# %% [markdown] tags=["lang-da"]
# ## Bemanding

# %%
book.table("staffing", tables.fact_table(case, tables.SECTIONS["staffing"], lang))

# %%
book.case_figure("roles")
