"""The widget's words live in texts/widget.json, in English and (draft) Welsh alike, and nowhere in its code."""

from __future__ import annotations

import json
import re

from bot.widget.assets import MODULES_DIR, STATIC_DIR, widget_texts
from vocabulary import texts

MODULES = sorted(MODULES_DIR.glob("*.js"))
SOURCES = {path.name: path.read_text("utf-8") for path in [*MODULES, STATIC_DIR / "widget.js"]}
MAX_MODULE_LINES = 300


def strings(language: str) -> dict[str, str]:
    return widget_texts()[language]


def code_without_comments(source: str) -> str:
    """The source with /* */ and // comments removed (string literals are left as they are)."""
    literal_or_comment = re.compile(r"""('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|/\*.*?\*/|//[^\n]*)""", re.DOTALL)
    return literal_or_comment.sub(lambda m: m.group(0) if m.group(0)[0] in "'\"" else " ", source)


def literals(source: str) -> list[str]:
    """Every quoted string literal in the code (regular expression literals do not hold prose here)."""
    found = re.findall(r"""'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`([^`]*)`""", code_without_comments(source))
    return [next(part for part in groups if part) for groups in found if any(groups)]


def test_english_and_welsh_have_the_same_strings() -> None:
    english, welsh = strings("en"), strings("cy")
    assert len(english) > 50
    assert sorted(english) == sorted(welsh), "every English string needs its Welsh twin, and no more"
    assert all(value.strip() for value in [*english.values(), *welsh.values()]), "no empty strings"


def test_welsh_fills_in_the_same_placeholders() -> None:
    english, welsh = strings("en"), strings("cy")
    for key, value in english.items():
        assert set(re.findall(r"\{(\w+)\}", value)) == set(re.findall(r"\{(\w+)\}", welsh[key])), key


def test_the_widget_has_english_and_welsh_only_and_welsh_is_marked_for_review() -> None:
    assert sorted(widget_texts()) == ["cy", "en"]
    notes = json.loads((texts.TEXTS_DIR / "widget.json").read_text("utf-8"))  # the loader drops "#" notes
    assert "TO BE REVIEWED BY A WELSH SPEAKER" in notes["#review"]


def test_every_string_the_code_asks_for_exists() -> None:
    english = strings("en")
    code = "\n".join(SOURCES.values())
    used = set(re.findall(r"\b(?:t|text|hidden|hiddenAfter)\('(\w+)'", code))
    used |= {f"{key}Says" for key in re.findall(r"\bsayAsPerson\('(\w+)'", code)}
    used |= {f"{key}Says" for key in ("startComplain", "startHow", "startWho", "startOutcome")}
    assert len(used) > 50
    assert not used - set(english), f"missing from texts/widget.json: {sorted(used - set(english))}"


def test_no_words_people_read_are_written_in_the_code() -> None:
    every_text = {value for language in widget_texts().values() for value in language.values()}
    # Three words in a row (not CSS classes, which have hyphens), or a capitalised pair, is prose.
    prose = re.compile(r"(?<![\w-])[A-Za-z]{2,}(?: [A-Za-z]+){2,}(?![\w-])|(?<![\w-])[A-Z][a-z]+ [a-z]+(?![\w-])")
    found = {
        (name, literal)
        for name, source in SOURCES.items()
        for literal in literals(source)
        if literal in every_text or prose.search(literal)
    }
    assert not found, f"move these to texts/widget.json: {sorted(found)}"


def test_the_check_for_words_in_the_code_finds_them() -> None:
    source = "var a = h('p', { text: 'Type your message' }); // a comment with words in it\nb('Sending');"
    assert literals(source) == ["p", "Type your message", "Sending"]


def test_each_module_is_small_enough_to_read_in_one_go() -> None:
    assert len(MODULES) >= 5
    sizes = {path.name: len(path.read_text("utf-8").splitlines()) for path in MODULES}
    assert all(lines <= MAX_MODULE_LINES for lines in sizes.values()), sizes


def test_the_embed_script_is_only_a_loader() -> None:
    # The widget itself is modules; the classic script other sites embed just imports them.
    assert len(SOURCES["widget.js"].splitlines()) < 50
    assert "import(" in SOURCES["widget.js"]


def test_iopc_contact_details_are_exact() -> None:
    english = strings("en")
    assert english["contactPhone"] == "Phone: 0300 020 0096 (we welcome calls in Welsh)"
    assert english["contactRelay"] == "Text relay: 18001 0207 166 3000"
    assert english["contactEmail"] == "Email: enquiries@policeconduct.gov.uk"
    assert english["contactPost"] == "Post: Independent Office for Police Conduct, PO Box 473, Sale M33 0BW"
    assert english["contactWeb"] == "Website: www.policeconduct.gov.uk"


def test_english_is_plain_enough_for_an_eleven_year_old() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # textstat imports pkg_resources
        import textstat

    # Names and addresses are what they are; everything else is held to a reading age of about 11.
    exempt = {"contactTitle", "contactPost", "contactWeb", "contactEmail", "contactRelay", "contactPhone"}
    sentences = [v for k, v in strings("en").items() if k not in exempt and len(v.split()) >= 8]
    hard = {s: textstat.flesch_kincaid_grade(s) for s in sentences if textstat.flesch_kincaid_grade(s) > 7}
    assert not hard, f"simplify these (Flesch-Kincaid grade > 7): {hard}"
    assert textstat.flesch_kincaid_grade(" ".join(sentences)) <= 5


def test_the_nobody_available_banner_agrees_with_the_safe_path_messages() -> None:
    # Someone in danger or crisis reads this banner next to canned.URGENT_NOBODY_AVAILABLE: the same
    # 999 advice, keep typing, and no phone number or call-back to wait for.
    for language, keep_typing in (("en", "keep typing here"), ("cy", "ddal ati i deipio yma")):
        banner = strings(language)["noStaff"]
        assert "999" in banner and keep_typing in banner, language
        assert not re.search(r"call (?:you )?back|0300|ffonio chi'n ôl", banner), language


def test_the_page_notice_says_who_we_are_and_the_silent_solution() -> None:
    english, welsh = strings("en"), strings("cy")
    assert "IOPC's automated helper" in english["notPolice"] and "not the police" in english["notPolice"]
    assert "IOPC" in welsh["notPolice"] and "nid yr heddlu" in welsh["notPolice"]
    assert english["emergencyText"] == (
        "Call 999. If you cannot speak, call 999 and listen. Cough or tap if you can. On a mobile, press 55 when asked."
    )
    assert "gwrandewch" in welsh["emergencyText"] and "55" in welsh["emergencyText"]


def test_modules_import_only_what_their_neighbours_export() -> None:
    # What a browser would refuse at load time ("does not provide an export named …"), found here.
    served = {path.name for path in MODULES} | {"texts.js"}
    for name, source in SOURCES.items():
        for names, target in re.findall(r"import\s*\{([^}]*)\}\s*from\s*'\./([\w.]+)'", source):
            assert target in served, f"{name} imports ./{target}, which is not served"
            exported = set(
                re.findall(r"^export (?:function|const|let|var) (\w+)", SOURCES.get(target, ""), re.MULTILINE)
            )
            missing = {n.strip() for n in names.split(",")} - exported
            assert not missing, f"{name} imports {sorted(missing)} from {target}, which does not export them"
        for target in re.findall(r"import \w+ from '\./([\w.]+)'", source):
            assert target in served, f"{name} imports ./{target}, which is not served"
