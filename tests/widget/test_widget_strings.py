"""Every visible string lives in widget.js's STRINGS, in English and (draft) Welsh alike."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = (Path(__file__).resolve().parents[2] / "bot" / "widget" / "static" / "widget.js").read_text("utf-8")


def strings(language: str) -> dict[str, str]:
    block = re.search(rf"\n    {language}: \{{\n(.*?)\n    \}}", SOURCE, re.S)
    assert block, f"no {language} block in STRINGS"
    return dict(re.findall(r"^      (\w+): '((?:[^'\\]|\\.)*)',?$", block.group(1), re.M))


def test_english_and_welsh_have_the_same_strings() -> None:
    english, welsh = strings("en"), strings("cy")
    assert len(english) > 50
    assert sorted(english) == sorted(welsh)


def test_welsh_is_marked_for_review_by_a_welsh_speaker() -> None:
    assert "TO BE REVIEWED BY A WELSH SPEAKER" in SOURCE


def test_every_string_the_code_asks_for_exists() -> None:
    english = strings("en")
    used = set(re.findall(r"\bt\('(\w+)'", SOURCE)) | set(re.findall(r"\btext\('(\w+)'", SOURCE))
    used |= set(re.findall(r"\bhidden(?:After)?\('(\w+)'", SOURCE))
    assert not used - set(english), f"missing from STRINGS.en: {sorted(used - set(english))}"


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
    sentences = [v.replace("\\'", "'") for k, v in strings("en").items() if k not in exempt and len(v.split()) >= 8]
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
    assert "IOPC\\'s automated helper" in english["notPolice"] and "not the police" in english["notPolice"]
    assert "IOPC" in welsh["notPolice"] and "nid yr heddlu" in welsh["notPolice"]
    assert english["emergencyText"] == (
        "Call 999. If you cannot speak, call 999 and listen. Cough or tap if you can. On a mobile, press 55 when asked."
    )
    assert "gwrandewch" in welsh["emergencyText"] and "55" in welsh["emergencyText"]
