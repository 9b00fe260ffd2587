"""Recognise a police force (or the area it covers) from what a person types."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# The 43 territorial forces of England and Wales, then other bodies with police powers that the
# IOPC oversees. Values are everyday names and the bigger places each covers.
FORCES: dict[str, list[str]] = {
    "Avon and Somerset Police": [
        "avon",
        "somerset",
        "avon and somerset",
        "bristol",
        "bath",
        "taunton",
        "weston super mare",
        "yeovil",
        "bridgwater",
        "frome",
        "wells",
    ],
    "Bedfordshire Police": ["bedfordshire", "beds", "bedford", "luton", "dunstable", "leighton buzzard"],
    "Cambridgeshire Constabulary": [
        "cambridgeshire",
        "cambs",
        "cambridge",
        "peterborough",
        "huntingdon",
        "ely",
        "st neots",
        "wisbech",
    ],
    "Cheshire Constabulary": [
        "cheshire",
        "chester",
        "warrington",
        "crewe",
        "macclesfield",
        "northwich",
        "runcorn",
        "widnes",
        "ellesmere port",
        "congleton",
        "nantwich",
        "wilmslow",
    ],
    "City of London Police": ["city of london", "city police"],
    "Cleveland Police": [
        "cleveland",
        "middlesbrough",
        "hartlepool",
        "stockton",
        "redcar",
        "guisborough",
        "billingham",
        "thornaby",
    ],
    "Cumbria Constabulary": [
        "cumbria",
        "carlisle",
        "barrow",
        "kendal",
        "penrith",
        "whitehaven",
        "workington",
        "keswick",
        "ulverston",
    ],
    "Derbyshire Constabulary": [
        "derbyshire",
        "derby",
        "chesterfield",
        "ilkeston",
        "buxton",
        "glossop",
        "matlock",
        "swadlincote",
    ],
    "Devon and Cornwall Police": [
        "devon",
        "cornwall",
        "devon and cornwall",
        "plymouth",
        "exeter",
        "truro",
        "torquay",
        "paignton",
        "barnstaple",
        "newquay",
        "penzance",
        "falmouth",
        "st austell",
        "bodmin",
        "exmouth",
        "newton abbot",
        "bideford",
    ],
    "Dorset Police": [
        "dorset",
        "bournemouth",
        "poole",
        "weymouth",
        "christchurch",
        "dorchester",
        "bridport",
        "wimborne",
    ],
    "Durham Constabulary": [
        "durham",
        "darlington",
        "consett",
        "chester le street",
        "seaham",
        "peterlee",
        "bishop auckland",
        "newton aycliffe",
    ],
    "Dyfed-Powys Police": [
        "dyfed powys",
        "dyfed",
        "powys",
        "carmarthen",
        "aberystwyth",
        "llanelli",
        "heddlu dyfed powys",
        "haverfordwest",
        "pembroke",
        "brecon",
        "newtown",
        "llandrindod wells",
        "cardigan",
        "tenby",
        "welshpool",
        "ammanford",
    ],
    "Essex Police": [
        "essex",
        "chelmsford",
        "colchester",
        "southend",
        "basildon",
        "harlow",
        "brentwood",
        "clacton",
        "grays",
        "thurrock",
    ],
    "Gloucestershire Constabulary": [
        "gloucestershire",
        "gloucester",
        "cheltenham",
        "stroud",
        "tewkesbury",
        "cirencester",
        "forest of dean",
    ],
    "Greater Manchester Police": [
        "greater manchester",
        "gmp",
        "manchester",
        "salford",
        "bolton",
        "wigan",
        "stockport",
        "oldham",
        "rochdale",
        "bury",
        "tameside",
        "trafford",
        "ashton under lyne",
        "altrincham",
        "stretford",
        "sale",
        "leigh",
        "middleton",
        "eccles",
        "prestwich",
    ],
    "Gwent Police": [
        "gwent",
        "newport",
        "cwmbran",
        "heddlu gwent",
        "caerphilly",
        "abergavenny",
        "monmouth",
        "chepstow",
        "ebbw vale",
        "blackwood",
        "pontypool",
        "tredegar",
        "blaenau gwent",
        "torfaen",
    ],
    "Hampshire and Isle of Wight Constabulary": [
        "hampshire",
        "isle of wight",
        "hants",
        "southampton",
        "portsmouth",
        "winchester",
        "basingstoke",
        "aldershot",
        "andover",
        "fareham",
        "gosport",
        "eastleigh",
        "havant",
        "farnborough",
        "ryde",
    ],
    "Hertfordshire Constabulary": [
        "hertfordshire",
        "herts",
        "watford",
        "st albans",
        "stevenage",
        "hemel hempstead",
        "hatfield",
        "hertford",
        "hitchin",
        "welwyn",
        "borehamwood",
        "letchworth",
        "cheshunt",
    ],
    "Humberside Police": [
        "humberside",
        "hull",
        "grimsby",
        "scunthorpe",
        "beverley",
        "bridlington",
        "goole",
        "cleethorpes",
    ],
    "Kent Police": [
        "kent",
        "maidstone",
        "canterbury",
        "medway",
        "dover",
        "margate",
        "ashford",
        "tunbridge wells",
        "folkestone",
        "gravesend",
        "dartford",
        "sevenoaks",
        "chatham",
        "gillingham",
        "rochester",
        "sittingbourne",
        "ramsgate",
        "broadstairs",
    ],
    "Lancashire Constabulary": [
        "lancashire",
        "lancs",
        "preston",
        "blackpool",
        "blackburn",
        "burnley",
        "lancaster",
        "chorley",
        "accrington",
        "morecambe",
        "lytham",
        "fleetwood",
        "ormskirk",
        "skelmersdale",
        "nelson",
        "colne",
        "leyland",
        "darwen",
    ],
    "Leicestershire Police": [
        "leicestershire",
        "leicester",
        "loughborough",
        "rutland",
        "hinckley",
        "coalville",
        "melton mowbray",
        "market harborough",
        "oakham",
    ],
    "Lincolnshire Police": [
        "lincolnshire",
        "lincs",
        "lincoln",
        "boston",
        "grantham",
        "skegness",
        "spalding",
        "stamford",
        "gainsborough",
        "sleaford",
        "louth",
    ],
    "Merseyside Police": [
        "merseyside",
        "liverpool",
        "birkenhead",
        "wirral",
        "st helens",
        "knowsley",
        "sefton",
        "southport",
        "bootle",
        "huyton",
        "kirkby",
        "wallasey",
        "crosby",
    ],
    # London's boroughs and the areas people name them by; never "richmond", "kingston" or "stratford" alone (also
    # in North Yorkshire, near Hull and in Warwickshire).
    "Metropolitan Police Service": [
        "metropolitan",
        "the met",
        "met police",
        "met",
        "london",
        "scotland yard",
        "mps",
        "barking",
        "dagenham",
        "barnet",
        "bexley",
        "brent",
        "bromley",
        "camden",
        "croydon",
        "ealing",
        "enfield",
        "greenwich",
        "hackney",
        "hammersmith",
        "fulham",
        "haringey",
        "harrow",
        "havering",
        "hillingdon",
        "hounslow",
        "islington",
        "kensington",
        "chelsea",
        "kingston upon thames",
        "lambeth",
        "lewisham",
        "merton",
        "newham",
        "redbridge",
        "richmond upon thames",
        "southwark",
        "sutton",
        "tower hamlets",
        "waltham forest",
        "wandsworth",
        "westminster",
        "brixton",
        "peckham",
        "tottenham",
        "wembley",
        "romford",
        "ilford",
        "uxbridge",
        "walthamstow",
        "clapham",
        "shoreditch",
        "wimbledon",
        "woolwich",
        "edmonton",
        "hampstead",
        "acton",
        "harlesden",
    ],
    "Norfolk Constabulary": ["norfolk", "norwich", "kings lynn", "great yarmouth", "thetford", "cromer", "dereham"],
    "North Wales Police": [
        "north wales",
        "wrexham",
        "bangor",
        "rhyl",
        "llandudno",
        "heddlu gogledd cymru",
        "caernarfon",
        "holyhead",
        "anglesey",
        "colwyn bay",
        "mold",
        "flint",
        "prestatyn",
        "denbigh",
    ],
    "North Yorkshire Police": [
        "north yorkshire",
        "york",
        "harrogate",
        "scarborough",
        "selby",
        "whitby",
        "ripon",
        "northallerton",
        "skipton",
    ],
    "Northamptonshire Police": [
        "northamptonshire",
        "northants",
        "northampton",
        "kettering",
        "corby",
        "wellingborough",
        "daventry",
        "rushden",
    ],
    "Northumbria Police": [
        "northumbria",
        "northumberland",
        "newcastle",
        "sunderland",
        "gateshead",
        "south shields",
        "morpeth",
        "hexham",
        "blyth",
        "cramlington",
        "ashington",
        "north shields",
        "tynemouth",
        "washington",
    ],
    "Nottinghamshire Police": [
        "nottinghamshire",
        "notts",
        "nottingham",
        "mansfield",
        "worksop",
        "newark",
        "retford",
        "hucknall",
        "beeston",
    ],
    "South Wales Police": [
        "south wales",
        "cardiff",
        "swansea",
        "bridgend",
        "merthyr",
        "heddlu de cymru",
        "neath",
        "port talbot",
        "pontypridd",
        "barry",
        "aberdare",
        "rhondda",
        "maesteg",
        "penarth",
    ],
    "South Yorkshire Police": ["south yorkshire", "sheffield", "doncaster", "rotherham", "barnsley"],
    "Staffordshire Police": [
        "staffordshire",
        "staffs",
        "stoke",
        "stafford",
        "burton",
        "tamworth",
        "newcastle under lyme",
        "lichfield",
        "cannock",
        "leek",
        "stoke on trent",
    ],
    "Suffolk Constabulary": [
        "suffolk",
        "ipswich",
        "lowestoft",
        "bury st edmunds",
        "felixstowe",
        "newmarket",
        "sudbury",
        "haverhill",
    ],
    "Surrey Police": [
        "surrey",
        "guildford",
        "woking",
        "epsom",
        "redhill",
        "reigate",
        "camberley",
        "staines",
        "farnham",
        "leatherhead",
    ],
    "Sussex Police": [
        "sussex",
        "brighton",
        "hove",
        "crawley",
        "eastbourne",
        "hastings",
        "worthing",
        "chichester",
        "bognor",
        "horsham",
        "lewes",
        "burgess hill",
        "haywards heath",
        "littlehampton",
    ],
    "Thames Valley Police": [
        "thames valley",
        "tvp",
        "oxford",
        "reading",
        "milton keynes",
        "slough",
        "high wycombe",
        "aylesbury",
        "banbury",
        "bracknell",
        "maidenhead",
        "newbury",
        "wokingham",
        "bicester",
        "windsor",
    ],
    "Warwickshire Police": [
        "warwickshire",
        "warwick",
        "nuneaton",
        "rugby",
        "leamington",
        "stratford upon avon",
        "kenilworth",
        "bedworth",
    ],
    "West Mercia Police": [
        "west mercia",
        "worcester",
        "shrewsbury",
        "telford",
        "hereford",
        "shropshire",
        "herefordshire",
        "kidderminster",
        "redditch",
        "bromsgrove",
        "ludlow",
        "malvern",
        "evesham",
        "oswestry",
    ],
    "West Midlands Police": [
        "west midlands",
        "west mids",
        "wmp",
        "birmingham",
        "brum",
        "coventry",
        "wolverhampton",
        "walsall",
        "dudley",
        "solihull",
        "sutton coldfield",
        "west bromwich",
        "smethwick",
        "halesowen",
        "stourbridge",
        "sandwell",
    ],
    "West Yorkshire Police": [
        "west yorkshire",
        "leeds",
        "bradford",
        "wakefield",
        "huddersfield",
        "halifax",
        "keighley",
        "dewsbury",
        "batley",
        "pontefract",
        "castleford",
        "otley",
        "ilkley",
        "pudsey",
    ],
    "Wiltshire Police": [
        "wiltshire",
        "wilts",
        "swindon",
        "salisbury",
        "chippenham",
        "trowbridge",
        "devizes",
        "marlborough",
        "warminster",
        "melksham",
    ],
    "British Transport Police": [
        "british transport police",
        "btp",
        "transport police",
        "railway police",
        "train police",
    ],
    "HM Revenue and Customs (HMRC)": ["hmrc", "revenue and customs", "customs"],
    "National Crime Agency (NCA)": ["national crime agency", "nca"],
    "Gangmasters and Labour Abuse Authority (GLAA)": ["gangmasters", "glaa", "labour abuse authority"],
}
TERRITORIAL_FORCES = list(FORCES)[:43]

# Police outside England and Wales: the IOPC does not cover them.
OUTSIDE_ENGLAND_AND_WALES = {
    "Scotland": ["police scotland", "scotland", "scottish", "glasgow", "edinburgh", "aberdeen", "dundee", "inverness"],
    "Northern Ireland": ["psni", "northern ireland", "belfast", "derry", "londonderry", "ni police"],
}

UNKNOWN = (
    "dont know",
    "don't know",
    "do not know",
    "not sure",
    "no idea",
    "dunno",
    "idk",
    "skip",
    "unsure",
    "no clue",
    # Welsh: "skip", "I don't know" (several ways), "no idea", "not sure".
    "hepgor",
    "ddim yn gwybod",
    "dim yn gwybod",
    "dwi ddim yn gwybod",
    "dw i ddim yn gwybod",
    "dwn i ddim",
    "dwn i'm",
    "sai'n gwybod",
    "sa i'n gwybod",
    "dim syniad",
    "ddim yn siwr",
    "dim yn siwr",
)

# Aliases that are also everyday words ("I was reading", "in the bath", "we met"): they name a force
# only with context, as the whole answer, after "in"/"at"/"from"..., or before "police"/"area"...
NEEDS_CONTEXT = frozenset(
    {
        "reading",
        "bath",
        "boston",
        "rugby",
        "hull",
        "york",
        "met",
        "stoke",
        "dover",
        "poole",
        "hove",
        "beds",
        "staffs",
        "wilts",
        "customs",
        "mps",
        "burton",
        "barrow",
        "lincoln",
        "preston",
        "hastings",
        "warwick",
        "lancaster",
        # Also everyday words or first names: "a dog barking", "the sale", "Barry from the station".
        "barking",
        "bury",
        "sale",
        "leigh",
        "nelson",
        "mold",
        "flint",
        "barry",
        "crosby",
        "leek",
        "brent",
        "sutton",
        "wells",
        "grays",
    }
)
_PLACE_BEFORE = r"(?:in|at|from|near|around|outside|of|by|to)"
_PLACE_AFTER = r"(?:police|constabulary|station|area|town|city|centre|center|way|high street|cops)"

# Complaints about a chief officer go to the body that oversees the force (register #9a).
_CHIEF_OFFICER = re.compile(
    r"\b(?:(?:deputy |assistant )?chief constables?|chief officers?|(?:met|metropolitan) (?:police )?commissioner"
    r"|commissioner of (?:the )?(?:met|metropolitan)|(?:dirprwy )?brif gwnstabl|prif gwnstabl|prif swyddog)\b"
)

_NOISE = re.compile(
    r"\b(the|police|force|constabulary|service|heddlu|cops?|in|at|it was|was|area|near|is|its|it's|i think|probably|maybe)\b"
)


@dataclass(frozen=True)
class ForceMatch:
    """What the person's answer names."""

    force: str | None = None  # canonical name of a force in our remit
    outside: str | None = None  # "Scotland" or "Northern Ireland"
    unknown: bool = False  # they said they don't know


def _clean(text: str) -> str:
    text = re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("&", " and ").replace("-", " "))
    return re.sub(r"\s+", " ", text).strip()


def _alias_table() -> dict[str, str]:
    table = {}
    for name, aliases in FORCES.items():
        table[_clean(name)] = name
        for alias in aliases:
            table[_clean(alias)] = name
    return table


_ALIASES = _alias_table()
_OUTSIDE = {_clean(a): place for place, aliases in OUTSIDE_ENGLAND_AND_WALES.items() for a in aliases}


def _contains(haystack: str, needle: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(needle)}(?![a-z])", haystack) is not None


def _in_context(cleaned: str, alias: str) -> bool:
    """An everyday-word alias names a place only as the whole answer, or next to place words."""
    word = re.escape(alias)
    if re.search(rf"\b(?:the|a|my|your|our) {word}(?![a-z])", cleaned):
        return False  # "in the bath", "a rugby match": the everyday word
    if _NOISE.sub(" ", cleaned).split() == alias.split():
        return True
    return re.search(rf"\b{_PLACE_BEFORE} {word}(?![a-z])|(?<![a-z]){word} {_PLACE_AFTER}\b", cleaned) is not None


def mentions_chief_officer(text: str) -> bool:
    """True when the text is about a chief constable (or another chief officer), in English or Welsh."""
    return _CHIEF_OFFICER.search(_clean(text)) is not None


def local_policing_body(force: str) -> str | None:
    """Who takes a complaint about this force's chief officer, in words for "complain to ..."; None if unsure.

    Only the 43 territorial forces have a Police and Crime Commissioner (or a mayor doing that job);
    the other bodies (British Transport Police, HMRC, the NCA, the GLAA) are overseen differently.
    """
    if force not in TERRITORIAL_FORCES:
        return None
    return f"the Police and Crime Commissioner (or mayor) for {force}"


def match_force(text: str) -> ForceMatch:
    """Best guess at the force named in `text`, tolerant of everyday names and misspellings."""
    cleaned = _clean(text)
    if not cleaned or any(cleaned == u or cleaned.startswith(u) for u in (_clean(u) for u in UNKNOWN)):
        return ForceMatch(unknown=True)
    for alias, place in sorted(_OUTSIDE.items(), key=lambda kv: -len(kv[0])):
        if _contains(cleaned, alias):
            return ForceMatch(outside=place)
    # Longest alias first, so "north wales" beats "wales" and "west midlands" beats "midlands".
    for alias, name in sorted(_ALIASES.items(), key=lambda kv: -len(kv[0])):
        if (
            len(alias) >= 3
            and _contains(cleaned, alias)
            and (alias not in NEEDS_CONTEXT or _in_context(cleaned, alias))
        ):
            return ForceMatch(force=name)
    core = _NOISE.sub(" ", cleaned)
    core = re.sub(r"\s+", " ", core).strip()
    if len(core) >= 4:
        # Misspellings only: an everyday word is never "close" to itself without context.
        close = difflib.get_close_matches(core, _SPELLABLE, n=1, cutoff=0.8)
        if close:
            return ForceMatch(force=_ALIASES[close[0]])
    return ForceMatch(force=_misspelt_within(core))


_SPELLABLE = [alias for alias in _ALIASES if alias not in NEEDS_CONTEXT]
# Names of two and three words for `_misspelt_within`; not "the met" either: "he met" is one letter away.
_NAMES_OF_SIZE = {
    size: [a for a in _SPELLABLE if len(a.split()) == size and not NEEDS_CONTEXT.intersection(a.split())]
    for size in (3, 2)
}


def _misspelt_within(core: str) -> str | None:
    """A misspelt name of two or three words inside a longer answer ("i fink its west yorksher"), compared closely
    with the names of as many words. Never one word: "dealing" is close to "ealing", "working" to "woking"."""
    words = core.split()
    for size, names in _NAMES_OF_SIZE.items():
        for start in range(len(words) - size + 1):
            run = " ".join(words[start : start + size])
            if len(run) >= 5 and (close := difflib.get_close_matches(run, names, n=1, cutoff=0.86)):
                return _ALIASES[close[0]]
    return None
