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
# ECB's average reference rate of the year given. By default the comparison covers the cluster
# organisations and the report's six; the trade associations, incubators, programmes and networks
# are listed apart.
#
# Evidence is sparse, so every chart shows only the organisations whose value is known and says
# for how many of them it is; the coverage matrix is the one place that names what is unknown for
# each organisation. The summary speaks of what is known: among how many, the median and the
# range, and which years the values describe.
#
# `as_of` chooses the year of the data. By default (empty) every field shows its headline value:
# the report's value (2010) for the report's six cases and the latest confirmed value for the
# other organisations - our choice, because it compares each organisation at its best-documented
# point. With `as_of = 2015`, each dated field shows the value describing 2015 or the latest year
# before it, and is n/a where nothing was known by then. Every value carries its year in the
# source table at the end, and a ratio whose inputs describe different years is marked `‡`; a
# head count standing in for full-time equivalents is marked `≤`.

# %% [markdown] tags=["lang-da"]
# # 3.3 Opsummering på tværs af cases
#
# Rapportens egen opsummering stod på en side, der er tabt. Denne notebook genskaber den ud fra
# dataene: de seks parametre side om side, nøgletal beregnet ud fra dem, det kontingent, en
# virksomhed af en given størrelse ville betale i hver organisation, og alle prioriteter på Target
# Board i ét varmekort. Opsummeringen til sidst skrives af koden ud fra tallene, så den ændrer sig,
# når en casefil ændres, eller en case tilføjes.
#
# Mærker, der bruges overalt: `*` en værdi, der bygger på en ekstern kilde (eller en organisations
# egne tal) frem for rapporten; `†` en værdi, der er beregnet ud fra andre værdier; `n/a` ukendt.
# Nøgletal beregnes kun, hvor alle de tal, de bygger på, er kendt. Beløb omregnes til `currency`
# med ECB's gennemsnitlige referencekurs for det angivne år. Som standard omfatter sammenligningen
# klyngeorganisationerne og rapportens seks; brancheforeninger, inkubatorer, programmer og netværk
# nævnes for sig.
#
# Datagrundlaget er tyndt, så hvert diagram viser kun de organisationer, hvis værdi kendes, og
# siger, for hvor mange det gælder; dækningsmatricen er det eneste sted, der nævner, hvad der er
# ukendt for hver organisation. Opsummeringen taler om det, der vides: blandt hvor mange, medianen
# og spændet, og hvilke år værdierne beskriver.
#
# `as_of` vælger, hvilket år dataene skal gælde for. Som standard (tom) viser hvert felt sin
# hovedværdi: rapportens værdi (2010) for rapportens seks cases og den seneste bekræftede værdi for
# de øvrige organisationer. Det er vores valg, fordi hver organisation så sammenlignes på det
# tidspunkt, hvor den er bedst dokumenteret. Med `as_of = 2015` viser hvert dateret felt den værdi,
# der beskriver 2015 eller det seneste år før, og n/a, hvor intet var kendt på det tidspunkt. Hver
# værdi står med sit år i kildetabellen til sidst, og et nøgletal, hvis grundtal beskriver
# forskellige år, er mærket `‡`; et antal ansatte, der står i stedet for årsværk, er mærket `≤`.

# %% [markdown] tags=["lang-en", "notebook-only"]
# `cases` narrows the comparison (comma-separated ids; empty = all), as do `group` (report,
# publisher, benchmark, own), `sector` (ids of `data/reference/sectors.csv`), `country` (ISO codes
# such as DK, SE) and `kind` (empty: cluster organisations and the report's six; `all`, or a kind
# such as `trade_association`). `currency` and `year` choose the currency and the year of the
# exchange rates; `as_of` the year of the data.

# %% [markdown] tags=["lang-da", "notebook-only"]
# `cases` afgrænser sammenligningen (kommaseparerede id'er; tom = alle), og det samme gør `group`
# (report, publisher, benchmark, own), `sector` (id'er fra `data/reference/sectors.csv`), `country`
# (ISO-koder som DK og SE) og `kind` (tom: klyngeorganisationer og rapportens seks; `all` eller en
# slags som `trade_association`). `currency` og `year` vælger valuta og valutakursernes år; `as_of`
# dataenes år.

# %% tags=["parameters"]
cases = ""
group = ""
sector = ""
country = ""
kind = ""
as_of = ""
lang = "da"
currency = "DKK"
year = 2010
data_dir = ""
export_dir = ""

# %%
from analysis.notebook import setup, tables

book = setup(lang=lang, data_dir=data_dir, export_dir=export_dir, currency=currency, year=year, section="3.3")
selected = book.select(cases, group=group, sector=sector, country=country, as_of=as_of, kind=kind)

# %% [markdown] tags=["lang-en"]
# ## What is known
#
# The benchmark holds the report's six cases, its publisher and the other organisations whose
# facts could be confirmed on dated public pages. The matrix shows, for each organisation and
# parameter, whether a fact is known and the latest year it describes.

# %% [markdown] tags=["lang-da"]
# ## Hvad vides der
#
# Benchmarket omfatter rapportens seks cases, rapportens udgiver og de øvrige organisationer, hvis
# oplysninger kunne bekræftes på daterede offentlige sider. Matricen viser for hver organisation og
# parameter, om der findes en kendt oplysning, og det seneste år, den beskriver.

# %%
book.compare("coverage")

# %%
book.shown_apart()

# %% [markdown] tags=["lang-en"]
# ## The parameters side by side

# %% [markdown] tags=["lang-da"]
# ## Parametrene side om side

# %%
book.table("comparison", tables.comparison_table(selected, currency, year, lang, "money"))

# %% [markdown] tags=["lang-en"]
# ### Members
#
# Member counts differ by more than an order of magnitude, so the chart uses a log scale.

# %% [markdown] tags=["lang-da"]
# ### Medlemmer
#
# Medlemstallene afviger fra hinanden med mere end en størrelsesorden, så diagrammet bruger en
# logaritmisk skala.

# %%
book.compare("members")

# %% [markdown] tags=["lang-en"]
# ### Financing

# %% [markdown] tags=["lang-da"]
# ### Finansiering

# %%
book.compare("budget")

# %%
book.compare("funding")

# %% [markdown] tags=["lang-en"]
# What a member company pays depends on the organisation, the level and, where the fee has a
# per-employee part, the company's size.

# %% [markdown] tags=["lang-da"]
# Hvad en medlemsvirksomhed betaler, afhænger af organisationen og medlemsniveauet og, hvis
# kontingentet har en del pr. ansat, af virksomhedens størrelse.

# %%
book.table("fee_comparison", tables.fee_comparison_table(selected, currency, year, lang))

# %%
book.compare("fees")

# %% [markdown] tags=["lang-en"]
# ### Staffing and ratios

# %% [markdown] tags=["lang-da"]
# ### Bemanding og nøgletal

# %%
book.table("comparison_staff", tables.comparison_table(selected, currency, year, lang, "staff"))

# %%
book.compare("staff")

# %%
book.compare("budget_per_member")

# %%
book.compare("staff_per_100_members")

# %% [markdown] tags=["lang-en"]
# ### Technology focus - pick the winners?

# %% [markdown] tags=["lang-da"]
# ### Teknologisk fokus - skal man vælge vinderne?

# %%
book.table("technology_comparison", tables.technology_comparison(selected, lang))

# %% [markdown] tags=["lang-en"]
# ### Goals and priorities
#
# The priorities of every organisation, coded from its published goals and services by the
# same written rules (notebook 03 says how).

# %% [markdown] tags=["lang-da"]
# ### Målsætning og prioritering
#
# Alle organisationers prioriteter, kodet ud fra deres offentliggjorte mål og ydelser efter de
# samme skrevne regler (notebook 03 forklarer hvordan).

# %%
book.compare("priorities")

# %% [markdown] tags=["lang-en"]
# ## Summary, written from the numbers

# %% [markdown] tags=["lang-da"]
# ## Opsummering skrevet ud fra tallene

# %%
book.summary()

# %% [markdown] tags=["lang-en"]
# ## Where each number comes from
#
# Every value above, with the field of `facts.csv` it comes from (and that fact's page or
# source) or the formula that computed it.

# %% [markdown] tags=["lang-da"]
# ## Hvor hvert tal kommer fra
#
# Hver værdi ovenfor med det felt i `facts.csv`, den stammer fra (og oplysningens side eller
# kilde), eller den formel, der har beregnet den.

# %%
book.table("comparison_sources", tables.comparison_sources(selected, currency, year, lang))
