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
# ## How the Target Board priorities were coded
#
# The report says how a case's priorities are marked (Figure 3, p. 14) but the surviving case pages
# (15-25) give no scores, and its figures survive only as captions. The priorities used here are
# therefore **our coding of the report's text**, source kind `coded` in the data: each of the six
# segments gets a priority from 0 (not pursued) to 3 (high) by one rule - 3 the stated main focus,
# 2 a stated goal or service area, 1 mentioned as minor, 0 not pursued or excluded by the stated
# focus - with the page whose text supports it and a short reason. Where a case's goals pages are
# lost (case 3 onward) the priorities are missing and shown as n/a, not guessed. The full coding
# follows; in the figures coded priorities are drawn as hollow rings.

# %% [markdown] tags=["lang-da"]
# ## Sådan er prioriteterne på Target Board kodet
#
# Rapporten beskriver, hvordan en cases prioriteter markeres (figur 3, s. 14), men de bevarede
# casesider (15-25) angiver ingen tal, og rapportens figurer er kun bevaret som figurtekster.
# Prioriteterne her er derfor **vores kodning af rapportens tekst**, med kildetypen `coded` i
# dataene: Hvert af de seks segmenter får en prioritet fra 0 (ikke prioriteret) til 3 (høj) efter
# én fælles regel (3 for det erklærede hovedfokus, 2 for et erklæret mål eller ydelsesområde, 1
# hvis det nævnes som mindre vigtigt, 0 hvis det ikke forfølges eller udelukkes af det erklærede
# fokus) sammen med den side, hvis tekst understøtter prioriteten, og en kort begrundelse. Hvor
# siderne om en cases målsætninger er tabt (fra case 3 og frem), mangler prioriteterne og vises som
# n/a i stedet for at blive gættet. Hele kodningen følger nedenfor; i figurerne tegnes kodede
# prioriteter som hule ringe.

# %%
book.table("priority_matrix", tables.priority_matrix(book.data.cases, book.ref.target_board_segments, lang))

# %%
book.table("priority_coding", tables.priority_coding(book.data.cases, book.ref.target_board_segments, lang))
