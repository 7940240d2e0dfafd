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
# # 3.1 Central themes of the case analyses
#
# The report calls it hard to point to best practice in cluster management: the discipline is
# young and few analyses say what works. It therefore compares the six organisations on the same
# six parameters, listed below, and starts from the view that an organisation's strategy should
# build on the cluster's strengths and its members' needs.

# %% [markdown] tags=["lang-da"]
# # 3.1 Centrale temaer i caseanalyserne
#
# Ifølge rapporten er det svært at udpege bedste praksis for ledelse af klyngeorganisationer:
# Disciplinen er ung, og kun få analyser siger noget om, hvad der virker. Rapporten sammenligner
# derfor de seks organisationer på de samme seks parametre, som er vist nedenfor, og tager
# udgangspunkt i, at en organisations strategi bør bygge på klyngens styrker og medlemmernes behov.

# %% tags=["parameters"]
lang = "da"
data_dir = ""
export_dir = ""

# %%
from analysis.notebook import setup, tables

book = setup(lang=lang, data_dir=data_dir, export_dir=export_dir, section="3.1")

# %%
book.table("parameters", tables.parameters(book.ref.parameters, lang))

# %% [markdown] tags=["lang-en"]
# **Members.** Cluster organisations are member-based; the number of members matters for income,
# knowledge sharing and branding, and the organisations differ in whom they admit.
#
# **Financing.** What an organisation can do depends on its money; membership fees vary in size
# and in how members are grouped.
#
# **Technology focus - pick the winners?** Focusing on a few technologies makes marketing,
# networking and lobbying easier but shuts other technologies and actors out, and it raises the
# question whether to back today's strengths or tomorrow's potential.
#
# **Goals and priorities.** The report maps each case's objectives on the Cluster Initiative
# Target Board; its one Figure 3 (p. 14) shows the model: a red dot per objective, the nearer the
# centre the higher the priority.
#
# **Services.** The concrete activities show whether an organisation mainly serves its members or
# works on longer-term, strategic efforts.
#
# **Staffing.** The report compares staffing with a study of German cluster organisations, most of
# which have one to three employees; it notes that Medicon Valley Alliance, the largest Danish
# cluster organisation, has ten full-time staff.

# %% [markdown] tags=["lang-da"]
# **Medlemmer.** Klyngeorganisationer er medlemsbaserede; antallet af medlemmer har betydning for
# indtægter, videndeling og profilering, og organisationerne adskiller sig i, hvem de optager.
#
# **Finansiering.** Hvad en organisation kan udrette, afhænger af dens midler; kontingenterne
# varierer både i størrelse og i, hvordan medlemmerne inddeles.
#
# **Teknologisk fokus - skal man vælge vinderne?** Et fokus på få teknologier gør markedsføring,
# netværksarbejde og lobbyarbejde lettere, men lukker andre teknologier og aktører ude, og det
# rejser spørgsmålet, om man skal satse på dagens styrker eller på morgendagens potentiale.
#
# **Målsætning og prioritering.** Rapporten kortlægger hver cases målsætninger på Cluster
# Initiative Target Board; dens figur 3 (s. 14) viser modellen: én rød prik pr. målsætning, og jo
# nærmere centrum, des højere prioritet.
#
# **Ydelser.** De konkrete aktiviteter viser, om en organisation primært betjener sine medlemmer
# eller arbejder med mere langsigtede, strategiske indsatser.
#
# **Bemanding.** Rapporten sammenligner bemandingen med en undersøgelse af tyske
# klyngeorganisationer, hvoraf de fleste har én til tre ansatte; den bemærker, at Medicon Valley
# Alliance, der er den største danske klyngeorganisation, har ti fuldtidsansatte.

# %%
book.reference_figure("staffing_study")

# %%
book.table("staffing_study", tables.staffing_study(book.ref.staffing_study, lang))

# %% [markdown] tags=["lang-en"]
# ## How the Target Board priorities and the services are coded
#
# The report says how a case's priorities are marked (Figure 3, p. 14) but the surviving case pages
# (15-25) give no scores, and its figures survive only as captions. The priorities used here are
# therefore **our coding**, source kind `coded` in the data, made by written rules
# (`data/reference/coding_rules.csv`) that are the same for the report's six and for every
# organisation of the benchmark, so that a second reader applying them reaches the same codes.
# Each rule is a list of keywords. A service gets the RegLab activity of the first rule whose
# keywords its English text contains. Each Target Board objective gets points: 2 for every goal
# statement (vision, mission, choices, a target) that names it by a keyword, at most 4, and 1 for
# every service whose activity serves it, at most 2; 0 points give priority 0, 1 gives 1, 2-3
# give 2, 4 or more give 3. Every coded value rests on the fact it was coded from (here the
# report's page) and says which words decided it. Where an organisation has no goal statement and
# no service, its priorities stay unknown (n/a). The report's six follow; in the figures, coded
# priorities are drawn as hollow rings.

# %% [markdown] tags=["lang-da"]
# ## Sådan er prioriteterne på Target Board og ydelserne kodet
#
# Rapporten beskriver, hvordan en cases prioriteter markeres (figur 3, s. 14), men de bevarede
# casesider (15-25) angiver ingen tal, og rapportens figurer er kun bevaret som figurtekster.
# Prioriteterne her er derfor **vores kodning**, med kildetypen `coded` i dataene, lavet efter
# skrevne regler (`data/reference/coding_rules.csv`), som er de samme for rapportens seks og for
# alle benchmarkets organisationer, så en anden læser, der anvender dem, når frem til de samme
# koder. Hver regel er en liste af nøgleord. En ydelse får RegLab-aktiviteten fra den første
# regel, hvis nøgleord dens engelske tekst indeholder. Hver målsætning på Target Board får point:
# 2 for hvert udsagn om mål (vision, mission, valg, et konkret mål), der nævner den med et
# nøgleord, højst 4, og 1 for hver ydelse, hvis aktivitet tjener den, højst 2; 0 point giver
# prioritet 0, 1 giver 1, 2-3 giver 2, og 4 eller flere giver 3. Hver kodet værdi bygger på den
# oplysning, den er kodet ud fra (her rapportens side), og siger, hvilke ord der afgjorde den.
# Hvor en organisation hverken har et udsagn om mål eller en ydelse, forbliver dens prioriteter
# ukendte (n/a). Rapportens seks følger; i figurerne tegnes kodede prioriteter som hule ringe.

# %%
six = book.select(group="report")
book.table("priority_matrix", tables.priority_matrix(six, book.ref.target_board_segments, lang))

# %%
book.table("priority_coding", tables.priority_coding(six, book.ref.target_board_segments, lang))
