"""Country names (German and English) and ISO 3166-1 alpha-2 codes for the origin column.

Only unambiguous names are mapped; anything else is kept as written (recognition may judge it).
Besides the officially assigned ISO codes, ``XK`` (Kosovo) is accepted: it is a *user-assigned*
code (ISO 3166-1 leaves ``XA``–``XZ`` to users), not an official ISO code, but the European
Commission, the World Bank and others use it for Kosovo, which has no ISO code.
"""

from __future__ import annotations

import re
import unicodedata

#: ISO 3166-1 alpha-2 codes (officially assigned).
ISO_ALPHA2: frozenset[str] = frozenset(
    ["AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"]
)

#: User-assigned codes accepted as origins (not ISO-official): Kosovo.
USER_ASSIGNED: frozenset[str] = frozenset({"XK"})

#: Every code :func:`country_code` returns.
KNOWN_CODES: frozenset[str] = ISO_ALPHA2 | USER_ASSIGNED

# code: names (German, English, common variants). Written lower-case without accents.
_NAMES: dict[str, tuple[str, ...]] = {
    "AF": ("afghanistan",),
    "EG": ("aegypten", "agypten", "egypt"),
    "AL": ("albanien", "albania"),
    "DZ": ("algerien", "algeria"),
    "AO": ("angola",),
    "AR": ("argentinien", "argentina"),
    "AM": ("armenien", "armenia"),
    "AZ": ("aserbaidschan", "azerbaijan"),
    "ET": ("aethiopien", "athiopien", "ethiopia"),
    "AU": ("australien", "australia"),
    "BD": ("bangladesch", "bangladesh"),
    "BE": ("belgien", "belgium"),
    "BJ": ("benin",),
    "BO": ("bolivien", "bolivia"),
    "BA": ("bosnien und herzegowina", "bosnia and herzegovina", "bosnien herzegowina"),
    "BR": ("brasilien", "brazil"),
    "BG": ("bulgarien", "bulgaria"),
    "BF": ("burkina faso",),
    "BI": ("burundi",),
    "CL": ("chile",),
    "CN": ("china", "volksrepublik china", "vr china", "people's republic of china", "prc"),
    "CR": ("costa rica",),
    "CI": ("elfenbeinkueste", "elfenbeinkuste", "cote d'ivoire", "cote divoire", "ivory coast"),
    "DK": ("daenemark", "danemark", "denmark"),
    "DE": ("deutschland", "germany", "brd", "bundesrepublik deutschland"),
    "DO": ("dominikanische republik", "dominican republic"),
    "EC": ("ecuador",),
    "SV": ("el salvador",),
    "EE": ("estland", "estonia"),
    "FJ": ("fidschi", "fiji"),
    "FI": ("finnland", "finland"),
    "FR": ("frankreich", "france"),
    "GH": ("ghana",),
    "GR": ("griechenland", "greece"),
    "GT": ("guatemala",),
    "GN": ("guinea",),
    "HT": ("haiti",),
    "HN": ("honduras",),
    "HK": ("hongkong", "hong kong"),
    "IN": ("indien", "india"),
    "ID": ("indonesien", "indonesia"),
    "IQ": ("irak", "iraq"),
    "IR": ("iran",),
    "IE": ("irland", "ireland"),
    "IS": ("island", "iceland"),
    "IL": ("israel",),
    "IT": ("italien", "italy"),
    "JM": ("jamaika", "jamaica"),
    "JP": ("japan",),
    "JO": ("jordanien", "jordan"),
    "KH": ("kambodscha", "cambodia"),
    "CM": ("kamerun", "cameroon"),
    "CA": ("kanada", "canada"),
    "KZ": ("kasachstan", "kazakhstan"),
    "KE": ("kenia", "kenya"),
    "XK": ("kosovo", "republik kosovo", "republic of kosovo"),  # user-assigned code, see above
    "CO": ("kolumbien", "colombia"),
    "CD": ("demokratische republik kongo", "dr kongo", "democratic republic of the congo", "dr congo"),
    "HR": ("kroatien", "croatia"),
    "CU": ("kuba", "cuba"),
    "LA": ("laos",),
    "LV": ("lettland", "latvia"),
    "LB": ("libanon", "lebanon"),
    "LR": ("liberia",),
    "LT": ("litauen", "lithuania"),
    "LU": ("luxemburg", "luxembourg"),
    "MG": ("madagaskar", "madagascar"),
    "MW": ("malawi",),
    "MY": ("malaysia",),
    "ML": ("mali",),
    "MT": ("malta",),
    "MA": ("marokko", "morocco"),
    "MX": ("mexiko", "mexico"),
    "MD": ("moldau", "moldawien", "moldova"),
    "MN": ("mongolei", "mongolia"),
    "MS": ("montserrat",),
    "MZ": ("mosambik", "mozambique"),
    "MM": ("myanmar", "birma", "burma"),
    "NP": ("nepal",),
    "NZ": ("neuseeland", "new zealand"),
    "NI": ("nicaragua",),
    "NL": ("niederlande", "holland", "netherlands", "the netherlands"),
    "NG": ("nigeria",),
    "MK": ("nordmazedonien", "north macedonia", "mazedonien", "macedonia"),
    "NO": ("norwegen", "norway"),
    "AT": ("oesterreich", "osterreich", "austria"),
    "PK": ("pakistan",),
    "PA": ("panama",),
    "PG": ("papua-neuguinea", "papua neuguinea", "papua new guinea"),
    "PY": ("paraguay",),
    "PE": ("peru",),
    "PH": ("philippinen", "philippines"),
    "PL": ("polen", "poland"),
    "PT": ("portugal",),
    "RW": ("ruanda", "rwanda"),
    "RO": ("rumaenien", "rumanien", "romania"),
    "RU": ("russland", "russische foderation", "russische foederation", "russia", "russian federation"),
    "SA": ("saudi-arabien", "saudi arabien", "saudi arabia"),
    "SE": ("schweden", "sweden"),
    "CH": ("schweiz", "switzerland"),
    "SN": ("senegal",),
    "SH": ("st helena", "sankt helena", "saint helena", "st helena ascension und tristan da cunha",
           "sankt helena ascension und tristan da cunha", "st helena ascension and tristan da cunha",
           "saint helena ascension and tristan da cunha"),
    "RS": ("serbien", "serbia"),
    "SL": ("sierra leone",),
    "SG": ("singapur", "singapore"),
    "SK": ("slowakei", "slovakia"),
    "SI": ("slowenien", "slovenia"),
    "ES": ("spanien", "spain"),
    "LK": ("sri lanka",),
    "ZA": ("suedafrika", "sudafrika", "south africa"),
    "KR": ("suedkorea", "sudkorea", "south korea", "republik korea", "republic of korea"),
    "SD": ("sudan",),
    "SY": ("syrien", "syria"),
    "TJ": ("tadschikistan", "tajikistan"),
    "TW": ("taiwan",),
    "TZ": ("tansania", "tanzania"),
    "TH": ("thailand",),
    "TG": ("togo",),
    "TK": ("tokelau", "tokelau-inseln", "tokelauinseln", "tokelau islands"),
    "CZ": ("tschechien", "tschechische republik", "czechia", "czech republic"),
    "TN": ("tunesien", "tunisia"),
    "TR": ("tuerkei", "turkei", "turkey", "turkiye"),
    "TM": ("turkmenistan",),
    "UG": ("uganda",),
    "UA": ("ukraine",),
    "HU": ("ungarn", "hungary"),
    "UY": ("uruguay",),
    "UZ": ("usbekistan", "uzbekistan"),
    "VE": ("venezuela",),
    "AE": ("vereinigte arabische emirate", "united arab emirates", "vae", "uae"),
    "US": ("usa", "vereinigte staaten", "vereinigte staaten von amerika", "united states",
           "united states of america", "u.s.a.", "u.s."),
    "GB": ("vereinigtes koenigreich", "vereinigtes konigreich", "grossbritannien", "united kingdom",
           "great britain", "uk", "england", "schottland", "scotland", "wales"),
    "VN": ("vietnam", "viet nam"),
    "WF": ("wallis und futuna", "wallis and futuna", "wallis & futuna", "wallis et futuna"),
    "BY": ("belarus", "weissrussland"),
    "ZM": ("sambia", "zambia"),
    "ZW": ("simbabwe", "zimbabwe"),
    "CF": ("zentralafrikanische republik", "central african republic"),
    "CY": ("zypern", "cyprus"),
}

_BY_NAME: dict[str, str] = {name: code for code, names in _NAMES.items() for name in names}


def _fold(text: str) -> str:
    t = text.strip().lower().replace("ß", "ss")
    t = t.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    t = unicodedata.normalize("NFKD", t)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", t)


def country_code(text: str) -> str | None:
    """ISO alpha-2 code for a country name or code (German or English), None if not unambiguous."""
    t = text.strip()
    if len(t) == 2 and t.isalpha() and t in KNOWN_CODES and t.isupper():
        return t.upper()
    if len(t) == 3 and t.isupper() and t in _ALPHA3:
        return _ALPHA3[t]
    key = _fold(t)
    if key in _BY_NAME:
        return _BY_NAME[key]
    key2 = re.sub(r"[()\[\].,*]", "", key).strip()  # "St. Helena", "Kosovo*" (EU usage)
    return _BY_NAME.get(key2)


#: A few ISO alpha-3 codes that appear in ERP exports.
_ALPHA3: dict[str, str] = {
    "DEU": "DE", "AUT": "AT", "CHE": "CH", "FRA": "FR", "ITA": "IT", "ESP": "ES", "NLD": "NL",
    "BEL": "BE", "POL": "PL", "CZE": "CZ", "CHN": "CN", "IND": "IN", "VNM": "VN", "BGD": "BD",
    "PAK": "PK", "TUR": "TR", "USA": "US", "GBR": "GB", "BRA": "BR", "IDN": "ID", "THA": "TH",
    "KEN": "KE", "ETH": "ET", "GHA": "GH", "CIV": "CI", "COL": "CO", "PER": "PE", "HND": "HN",
    "GTM": "GT", "MEX": "MX", "PRT": "PT", "SWE": "SE", "DNK": "DK", "NOR": "NO", "FIN": "FI",
    "LKA": "LK", "KHM": "KH", "MMR": "MM", "PHL": "PH", "MYS": "MY", "JPN": "JP", "KOR": "KR",
    "TWN": "TW", "ZAF": "ZA", "EGY": "EG", "MAR": "MA", "TUN": "TN", "UGA": "UG", "TZA": "TZ",
    "RWA": "RW", "NIC": "NI", "ECU": "EC", "BOL": "BO", "ARG": "AR", "CHL": "CL", "CAN": "CA",
    "MSR": "MS", "SHN": "SH", "TKL": "TK", "WLF": "WF",
    "XKX": "XK",  # Kosovo: user-assigned (as XK), used e.g. by the World Bank
}
