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
# # 2. Background analysis
#
# The report's background analysis (sections 2.1 to 2.4) summarises cluster theory and two
# practice-oriented sources: the *Cluster Initiative Greenbook* (Sölvell, Lindqvist & Ketels 2003)
# and RegLab's *Policyguide til klyngeudvikling* (2007). Its two figures are images in the original
# report and did not survive; here they are drawn again from the reference tables in
# `data/reference/`.

# %% [markdown] tags=["lang-da"]
# # 2. Baggrundsanalyse
#
# Rapportens baggrundsanalyse (afsnit 2.1 til 2.4) sammenfatter klyngeteorien og to
# praksisorienterede kilder: *Cluster Initiative Greenbook* (Sölvell, Lindqvist & Ketels 2003) og
# RegLabs *Policyguide til klyngeudvikling* (2007). Rapportens to figurer er billeder i originalen
# og er ikke bevaret; her tegnes de på ny ud fra referencetabellerne i `data/reference/`.

# %% tags=["parameters"]
lang = "da"
data_dir = ""
export_dir = ""

# %%
from analysis.notebook import setup, tables

book = setup(lang=lang, data_dir=data_dir, export_dir=export_dir, section="2")

# %% [markdown] tags=["lang-en"]
# ## 2.1 What characterises a cluster in theory
#
# Clusters are an old idea: Alfred Marshall described industrial districts in 1890. Later
# theories used other names for related ideas, from innovative milieus to local production
# systems. The definition most widely used is Michael Porter's (1990, 1998): geographic
# concentrations of interconnected companies, suppliers, service providers and institutions in a
# particular field that both compete and cooperate.

# %% [markdown] tags=["lang-da"]
# ## 2.1 Hvad kendetegner en klynge i teorien
#
# Klynger er en gammel idé: Alfred Marshall beskrev industrielle distrikter allerede i 1890. Senere
# teorier brugte andre navne for beslægtede idéer, fra innovative miljøer til lokale
# produktionssystemer. Den mest udbredte definition er Michael Porters (1990, 1998): geografiske
# koncentrationer af indbyrdes forbundne virksomheder, leverandører, serviceleverandører og
# institutioner inden for et bestemt område, som både konkurrerer og samarbejder.

# %%
book.reference_figure("theory_timeline")

# %%
book.table("theories", tables.theories(book.ref.cluster_theories, lang))

# %% [markdown] tags=["lang-en"]
# ## 2.2 What is a cluster organisation?
#
# Cluster initiatives often start as publicly funded projects and over time become permanent,
# self-financing organisations. A cluster organisation is typically small and flexible: it
# facilitates and orchestrates the cooperation between the cluster's actors rather than carrying
# out most activities itself. Philip Cooke describes this as a shift from governance to
# orchestration.
#
# ## 2.3 What is a cluster organisation for?
#
# The Greenbook groups the objectives of cluster initiatives into six segments and, from a survey
# of 233 initiatives, draws the Cluster Initiative Target Board: the more initiatives pursue an
# objective, the nearer the centre it is placed. The report states the order in words: cluster
# expansion, innovation and technology, and research and networking are the most frequent;
# education and commercial cooperation less so; policy action is rare. The figure below places
# each segment by that ranking. The Greenbook's own percentages are not in our sources; the
# reference table keeps an empty `share_pct` column, and once it is filled in the figure uses the
# shares instead (its caption says which basis it shows).

# %% [markdown] tags=["lang-da"]
# ## 2.2 Hvad er en klyngeorganisation?
#
# Klyngeinitiativer begynder ofte som offentligt finansierede projekter og bliver med tiden til
# varige, selvfinansierende organisationer. En klyngeorganisation er typisk lille og fleksibel: Den
# faciliterer og orkestrerer samarbejdet mellem klyngens aktører i stedet for selv at stå for de
# fleste aktiviteter. Philip Cooke beskriver det som et skift fra styring til orkestrering.
#
# ## 2.3 Hvad skal en klyngeorganisation bruges til?
#
# Greenbooken inddeler klyngeinitiativernes målsætninger i seks segmenter. Ud fra en
# spørgeskemaundersøgelse blandt 233 initiativer tegner den Cluster Initiative Target Board, hvor
# en målsætning placeres des nærmere centrum, jo flere initiativer der forfølger den. Rapporten
# angiver rækkefølgen i ord: Flest initiativer sigter mod klyngens vækst, mod innovation og
# teknologi og mod forskning og netværk; færre sigter mod uddannelse og kommercielt samarbejde;
# meget få har lobbyarbejde som mål. Figuren nedenfor placerer hvert segment efter denne rangorden.
# Greenbookens egne procentandele findes ikke i vores kilder; referencetabellen har en tom kolonne
# `share_pct`, og når den bliver udfyldt, bruger figuren andelene i stedet (figurteksten angiver,
# hvilket grundlag den viser).

# %%
book.reference_figure("figure_1")

# %%
book.table("segments", tables.segments(book.ref.target_board_segments, lang))

# %% [markdown] tags=["lang-en"]
# ## 2.4 Which activities does a cluster organisation carry out?
#
# RegLab describes nine generic types of activity. The first ones are services the organisation
# delivers to its members itself; further along, the organisation acts more and more as a
# catalyst that builds relations and alliances, which is where the report sees the largest effect
# on the cluster's competitiveness. The staffing of an organisation should follow from the
# activities it chooses.

# %% [markdown] tags=["lang-da"]
# ## 2.4 Hvilke aktiviteter udfører en klyngeorganisation?
#
# RegLab beskriver ni generiske typer af aktiviteter. De første er ydelser, som organisationen selv
# leverer til sine medlemmer; længere henne i rækken optræder organisationen i stigende grad som
# katalysator, der opbygger relationer og alliancer, og det er her, rapporten ser den største
# effekt på klyngens konkurrenceevne. En organisations bemanding bør følge af de aktiviteter, den
# vælger.

# %%
book.reference_figure("figure_2")

# %%
book.table("activities", tables.activities(book.ref.reglab_activities, book.ref.reglab_attention_points, lang))
