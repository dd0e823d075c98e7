"""Small lists of English words that headline casing needs: always capitalised, and small words."""

from __future__ import annotations

ACRONYMS = frozenset(
    """AP AFP EFE UN U.N. US U.S. USA U.S.A. UK U.K. EU FBI CIA DEA DHS ICE CBP TPS DACA NATO OAS ACLU GOP
    NGO MS-13 ICC UNHCR""".split()
)
# Words English always writes with a capital, by their lower-case form: days, months, demonyms, bodies.
CAPITALISED = {
    w.lower(): w
    for w in """I Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December American Americans Venezuelan Venezuelans
    Salvadoran Salvadorans Mexican Mexicans Cuban Cubans Haitian Haitians Guatemalan Guatemalans Honduran
    Hondurans Colombian Colombians Nicaraguan Nicaraguans Latin Latino Latinos Hispanic Spanish English
    Democrat Democrats Democratic Republican Republicans Congress Senate Pentagon""".split()
}
ALWAYS_CAPITALISED = frozenset(CAPITALISED)
PHRASES = ("Associated Press", "White House", "Supreme Court", "Central America", "Latin America")
# Words Title Case leaves in lower case (AP style): they do not count when telling Title Case apart.
SMALL_WORDS = frozenset("a an the and but or nor for so yet of in on at to by up as from with into over vs via".split())
