"""Spanish names of English place names, state abbreviations and acronyms ("New York" -> "Nueva York").

The names check (app.translation.checks.names) accepts these where the English name is not kept as
it is. Spellings follow the Fundéu/RAE lists of exonyms and AP's Spanish style.
"""

from __future__ import annotations

EXONYMS: dict[str, tuple[str, ...]] = {
    # countries, cities and regions
    "U.S.": ("EE. UU.", "EE.UU.", "Estados Unidos", "estadounidense", "estadounidenses", "federal"),
    "US": ("EE. UU.", "EE.UU.", "Estados Unidos"), "USA": ("EE. UU.", "EE.UU.", "Estados Unidos"),
    "United States": ("Estados Unidos", "EE. UU.", "EE.UU."), "U.K.": ("Reino Unido",), "UK": ("Reino Unido",),
    "United Kingdom": ("Reino Unido",), "UN": ("ONU",), "U.N.": ("ONU",),
    "United Nations": ("Naciones Unidas", "ONU"),
    "EU": ("UE",), "E.U.": ("UE",), "NATO": ("OTAN",), "AIDS": ("sida",), "HIV": ("VIH",), "WHO": ("OMS",),
    "IMF": ("FMI",), "DNA": ("ADN",), "UFO": ("ovni",),
    "New York": ("Nueva York",), "New Jersey": ("Nueva Jersey",), "New Mexico": ("Nuevo México",),
    "New Hampshire": ("Nuevo Hampshire",), "New Orleans": ("Nueva Orleans",), "New England": ("Nueva Inglaterra",),
    "North Carolina": ("Carolina del Norte",), "South Carolina": ("Carolina del Sur",),
    "North Dakota": ("Dakota del Norte",), "South Dakota": ("Dakota del Sur",),
    "West Virginia": ("Virginia Occidental",),
    "Pennsylvania": ("Pensilvania",), "Hawaii": ("Hawái",), "Louisiana": ("Luisiana",), "Philadelphia": ("Filadelfia",),
    "Mexico": ("México",), "Mexico City": ("Ciudad de México",), "Guatemala City": ("Ciudad de Guatemala",),
    "Panama City": ("Ciudad de Panamá",), "London": ("Londres",), "Moscow": ("Moscú",), "Beijing": ("Pekín", "Beijing"),
    "Geneva": ("Ginebra",), "Brussels": ("Bruselas",), "The Hague": ("La Haya",), "Havana": ("La Habana",),
    "Germany": ("Alemania",), "France": ("Francia",), "Spain": ("España",), "England": ("Inglaterra",),
    "Britain": ("Gran Bretaña", "Reino Unido"), "Japan": ("Japón",), "China": ("China",), "Russia": ("Rusia",),
    "Brazil": ("Brasil",), "Peru": ("Perú",), "Haiti": ("Haití",), "Canada": ("Canadá",),
    "Dominican Republic": ("República Dominicana",), "El Salvador": ("El Salvador",), "Ukraine": ("Ucrania",),
    "Washington": ("Washington",), "Texas": ("Texas",), "Florida": ("Florida",), "California": ("California",),
    # AP state abbreviations of datelines
    "Ala.": ("Alabama",), "Ariz.": ("Arizona",), "Ark.": ("Arkansas",), "Calif.": ("California",),
    "Colo.": ("Colorado",), "Conn.": ("Connecticut",), "Del.": ("Delaware",), "Fla.": ("Florida",),
    "Ga.": ("Georgia",), "Ill.": ("Illinois",), "Ind.": ("Indiana",), "Kan.": ("Kansas",), "Ky.": ("Kentucky",),
    "La.": ("Luisiana",), "Md.": ("Maryland",), "Mass.": ("Massachusetts",), "Mich.": ("Míchigan", "Michigan"),
    "Minn.": ("Minnesota",), "Miss.": ("Misisipi", "Mississippi"), "Mo.": ("Misuri", "Missouri"),
    "Mont.": ("Montana",), "Neb.": ("Nebraska",), "Nev.": ("Nevada",), "N.H.": ("Nuevo Hampshire",),
    "N.J.": ("Nueva Jersey",), "N.M.": ("Nuevo México",), "N.Y.": ("Nueva York",), "N.C.": ("Carolina del Norte",),
    "N.D.": ("Dakota del Norte",), "Okla.": ("Oklahoma",), "Ore.": ("Oregón", "Oregon"), "Pa.": ("Pensilvania",),
    "R.I.": ("Rhode Island",), "S.C.": ("Carolina del Sur",), "S.D.": ("Dakota del Sur",), "Tenn.": ("Tennessee",),
    "Vt.": ("Vermont",), "Va.": ("Virginia",), "Wash.": ("Washington",), "W.Va.": ("Virginia Occidental",),
    "Wis.": ("Wisconsin",), "Wyo.": ("Wyoming",), "D.C.": ("D.C.", "Distrito de Columbia"),
}
# State names Spanish writes with an accent (the check compares without accents anyway)
for _state, _spanish in {"Michigan": "Míchigan", "Oregon": "Oregón", "Missouri": "Misuri",
                         "Mississippi": "Misisipi"}.items():
    EXONYMS.setdefault(_state, (_spanish, _state))


_FOLDED = {key.casefold(): value for key, value in EXONYMS.items()}


def spanish_forms(name: str) -> tuple[str, ...]:
    """The Spanish names of an English name in any case, with or without its abbreviation's period (its own
    spelling first)."""
    key = name.casefold()
    return (name, *_FOLDED.get(key, _FOLDED.get(key + ".", ())))
