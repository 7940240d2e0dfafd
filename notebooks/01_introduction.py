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
# # 1. Introduction and method
#
# In 2010 the secretariat of Copenhagen Cleantech Cluster (CCC), then a cluster organisation in the
# making, studied how six other cluster organisations are run, as background for its own strategy
# seminar; they range from Medicon Valley Alliance, which the report calls the most established in
# Denmark, to CleanTech North, which it calls fairly new. The resulting report, *Best practice i
# cluster management - seks casestudier af klyngeorganisationer*, was written for internal use
# and later shared. This notebook rebuilds its first section from the project's dataset: what the
# study is, how it was made, and which six organisations it compares. This edition adds the
# report's publisher and further cluster organisations as an open benchmark (sections 3.2-3.4).

# %% [markdown] tags=["lang-da"]
# # 1. Indledning og metode
#
# I 2010 undersøgte sekretariatet i Copenhagen Cleantech Cluster (CCC), der dengang var en
# klyngeorganisation under opbygning, hvordan seks andre klyngeorganisationer drives, som baggrund
# for sit eget strategiseminar. De spænder fra Medicon Valley Alliance, som rapporten kalder den
# mest etablerede i Danmark, til CleanTech North, som den betegner som forholdsvis ny. Rapporten,
# der kom ud af arbejdet, *Best practice i cluster management - seks casestudier af
# klyngeorganisationer*, blev skrevet til internt brug og siden delt med andre. Denne notebook
# genskaber rapportens første afsnit ud fra projektets datasæt: hvad undersøgelsen går ud på,
# hvordan den blev gennemført, og hvilke seks organisationer den sammenligner. Udgaven her føjer
# desuden rapportens udgiver og flere klyngeorganisationer til som et åbent benchmark (afsnit
# 3.2-3.4).

# %% [markdown] tags=["lang-en", "notebook-only"]
# The notebook is parameterised: `lang` switches the labels of tables between Danish (`da`, the
# report's language) and English (`en`); `data_dir` points at another data folder (relative paths
# resolve from the project root); `export_dir` is set by the report build to save every table.

# %% [markdown] tags=["lang-da", "notebook-only"]
# Notebooken er parametriseret: `lang` skifter tabellernes betegnelser mellem dansk (`da`,
# rapportens sprog) og engelsk (`en`); `data_dir` peger på en anden datamappe (relative stier
# regnes fra projektets rodmappe); `export_dir` sættes, når rapporten bygges, så hver tabel bliver
# gemt.

# %% tags=["parameters"]
lang = "da"
data_dir = ""
export_dir = ""

# %%
from analysis.notebook import setup, tables

book = setup(lang=lang, data_dir=data_dir, export_dir=export_dir, section="1")

# %% [markdown] tags=["lang-en"]
# ## 1.1 Structure of the report
#
# The report has two parts. A background analysis asks what characterises a cluster in theory,
# what a cluster organisation is, what it is for, and which activities it carries out. A best
# practice analysis then looks at six cluster organisations one by one, on the same six
# parameters, and ends with a summary and the strategic choices on which the organisations differ.

# %% [markdown] tags=["lang-da"]
# ## 1.1 Rapportens opbygning
#
# Rapporten består af to dele. En baggrundsanalyse undersøger, hvad der kendetegner en klynge i
# teorien, hvad en klyngeorganisation er, hvad den skal bruges til, og hvilke aktiviteter den
# udfører. Derefter gennemgår en analyse af bedste praksis seks klyngeorganisationer én ad gangen
# ud fra de samme seks parametre og slutter med en opsummering og de strategiske valg, som
# organisationerne adskiller sig på.

# %%
book.table("parameters", tables.parameters(book.ref.parameters, lang))

# %% [markdown] tags=["lang-en"]
# ## 1.2 Method
#
# One project employee in the CCC secretariat made the study over three months (June to August
# 2010). It combines desk research (cluster theory, practice-oriented reports, case material) with
# field work: interviews with experts on cluster development and with practitioners who run
# cluster organisations, visits to Toronto and San Diego, a conference in Marburg, and a workshop
# with three researchers from Copenhagen Business School. The table lists the people interviewed,
# grouped by kind and country; where the report does not give a country it stays empty (n/a).

# %% [markdown] tags=["lang-da"]
# ## 1.2 Metode
#
# Undersøgelsen blev gennemført af én projektmedarbejder i CCC's sekretariat over tre måneder (juni
# til august 2010). Den kombinerer skrivebordsstudier (klyngeteori, praksisorienterede rapporter og
# casemateriale) med feltarbejde: interview med eksperter i klyngeudvikling og med praktikere, der
# leder klyngeorganisationer, besøg i Toronto og San Diego, en konference i Marburg og en workshop
# med tre forskere fra Copenhagen Business School. Tabellen viser de interviewede personer fordelt
# på type og land; hvor rapporten ikke oplyser et land, står feltet tomt (n/a).

# %%
book.table("interviewees", tables.interviewees(book.ref.interviewees, lang))

# %% [markdown] tags=["lang-en"]
# The six organisations were chosen to show different ways of running a cluster organisation:
# four cleantech organisations counted among the world's leading ones, a Swiss ICT organisation
# whose director was named cluster manager of the year in 2008, and Medicon Valley Alliance, the
# most established cluster organisation in Denmark. Two are in the USA, one in Canada and three
# in Europe. The table is built from the case files of the report's group; the benchmark's
# organisations appear from section 3.2 on, and in the coverage matrix of 3.3.

# %% [markdown] tags=["lang-da"]
# De seks organisationer blev udvalgt for at vise forskellige måder at drive en klyngeorganisation
# på: fire cleantech-organisationer, der regnes blandt de førende i verden, en schweizisk
# IKT-organisation, hvis direktør i 2008 blev kåret som årets klyngeleder, og Medicon Valley
# Alliance, den mest etablerede klyngeorganisation i Danmark. To ligger i USA, én i Canada og tre i
# Europa. Tabellen bygger på casefilerne i rapportens gruppe; benchmarkets organisationer optræder
# fra afsnit 3.2 og frem samt i dækningsmatricen i 3.3.

# %%
book.table("cases", tables.case_overview(book.select(group="report"), lang))
