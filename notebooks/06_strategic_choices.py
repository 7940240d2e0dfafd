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
# # 3.4 Strategic choices
#
# The report closes with the strategic choices the organisations made differently, as input for
# a new cluster organisation positioning itself; that page is lost. This notebook rebuilds the
# choices as five axes. Each axis has a documented rule that computes a position from 0 (the
# left pole) to 1 (the right pole) from the case data, and every position is shown with the
# values behind it and their sources. A case lacking the data an axis needs is listed as n/a
# on that axis, not placed. A distance between two organisations rests on the axes both have data
# for, and only on three or more of the five; where a focal organisation stands on fewer than
# three, the page says which axes are missing and which fields of its case file would place it.

# %% [markdown] tags=["lang-da"]
# # 3.4 Strategiske valg
#
# Rapporten slutter med de strategiske valg, som organisationerne har truffet forskelligt, som
# grundlag for en ny klyngeorganisations positionering; den side er tabt. Denne notebook genskaber
# valgene som fem akser. Hver akse har en dokumenteret regel, der ud fra casedataene beregner en
# placering fra 0 (venstre pol) til 1 (højre pol), og hver placering vises sammen med de værdier,
# den bygger på, og deres kilder. En case, der mangler de data, en akse kræver, står som n/a på den
# akse og bliver ikke placeret. En afstand mellem to organisationer bygger på de akser, som begge
# har data for, og beregnes kun, når der er mindst tre af de fem; står en fokusorganisation på færre
# end tre, siger siden, hvilke akser der mangler, og hvilke felter i dens casefil der ville placere
# den.

# %% [markdown] tags=["lang-en", "notebook-only"]
# Set `focal_case` to an organisation's id (for example your own, added from
# `data/templates/organisation.yaml`) to highlight it and to list its nearest cases and the
# differences that matter, among all organisations and among those of its own sector. `cases`,
# `group`, `sector`, `country`, `kind` and `as_of` narrow the comparison as in 3.3.

# %% [markdown] tags=["lang-da", "notebook-only"]
# Sæt `focal_case` til en organisations id (for eksempel din egen, tilføjet ud fra
# `data/templates/organisation.yaml`) for at fremhæve den og få vist dens nærmeste cases og de
# forskelle, der betyder noget, både blandt alle organisationer og blandt dem i samme sektor.
# `cases`, `group`, `sector`, `country`, `kind` og `as_of` afgrænser sammenligningen som i 3.3.

# %% tags=["parameters"]
focal_case = ""
cases = ""
group = ""
sector = ""
country = ""
kind = ""
as_of = ""
lang = "da"
data_dir = ""
export_dir = ""

# %%
from analysis.notebook import setup, tables

book = setup(lang=lang, data_dir=data_dir, export_dir=export_dir, section="3.4")
selected = book.select(cases, focal=focal_case, group=group, sector=sector, country=country, as_of=as_of, kind=kind)

# %% [markdown] tags=["lang-en"]
# ## The rules

# %% [markdown] tags=["lang-da"]
# ## Reglerne

# %%
book.table("rules", tables.rules_table(lang))

# %% [markdown] tags=["lang-en"]
# ## All choices at once

# %% [markdown] tags=["lang-da"]
# ## Alle valg på én gang

# %%
book.choices()

# %%
book.table("scores", tables.scores_table(book.scores(), selected, lang))

# %% [markdown] tags=["lang-en"]
# ## Open and broad or exclusive membership

# %% [markdown] tags=["lang-da"]
# ## Åbent og bredt eller eksklusivt medlemskab

# %%
book.axis("membership")

# %% [markdown] tags=["lang-en"]
# ## Member-financed or publicly financed

# %% [markdown] tags=["lang-da"]
# ## Medlemsfinansieret eller offentligt finansieret

# %%
book.axis("financing")

# %% [markdown] tags=["lang-en"]
# ## Picking technology winners or open to all

# %% [markdown] tags=["lang-da"]
# ## Vælge teknologiske vindere eller være åben for alle

# %%
book.axis("technology")

# %% [markdown] tags=["lang-en"]
# ## Service provider or catalyst
#
# RegLab orders the nine activity types from services to catalytic work (Figure 2). A case's
# Target Board objectives are placed on that order through the activities that serve them
# (`data/reference/segment_activities.csv`, our mapping), weighted by their priority; its services
# are placed through the activity each is coded with.

# %% [markdown] tags=["lang-da"]
# ## Serviceleverandør eller katalysator
#
# RegLab ordner de ni aktivitetstyper fra ydelser til katalyserende arbejde (figur 2). En cases
# målsætninger på Target Board placeres i denne rækkefølge via de aktiviteter, der tjener dem
# (`data/reference/segment_activities.csv`, vores kobling), vægtet efter deres prioritet; casens
# ydelser placeres via den aktivitet, hver af dem er kodet med.

# %%
book.axis("role")

# %% [markdown] tags=["lang-en"]
# ## Lean or staffed secretariat

# %% [markdown] tags=["lang-da"]
# ## Slankt eller bemandet sekretariat

# %%
book.axis("staffing")

# %% [markdown] tags=["lang-en"]
# ## The focal organisation and its nearest cases

# %% [markdown] tags=["lang-da"]
# ## Fokusorganisationen og dens nærmeste cases

# %%
book.nearest()
