"""Reading what people type: forces, rough dates, Welsh, age, and whether they can use a phone."""

from datetime import date

import pytest

from actions.dates import latest_possible_date, older_than_a_year, says_when
from actions.forces import FORCES, TERRITORIAL_FORCES, match_force
from actions.form_repair import asks_for_a_moment, correction_of, corrects, going_away, told_already
from vocabulary.signals.access import cannot_phone
from vocabulary.signals.age import says_under_18
from vocabulary.signals.detail import details_asked
from vocabulary.signals.language import looks_other_language, looks_welsh
from vocabulary.signals.topic import mentions_domestic_abuse


def test_all_43_territorial_forces_and_the_other_bodies_are_known() -> None:
    assert len(TERRITORIAL_FORCES) == 43
    assert {"British Transport Police", "National Crime Agency (NCA)"} <= set(FORCES)


@pytest.mark.parametrize(
    ("text", "force"),
    [
        ("merseyside", "Merseyside Police"),
        ("Mersyside", "Merseyside Police"),
        ("the met", "Metropolitan Police Service"),
        ("west mids police", "West Midlands Police"),
        ("greater manchster police", "Greater Manchester Police"),
        ("it was in cardiff", "South Wales Police"),
        ("Heddlu De Cymru", "South Wales Police"),
        ("BTP at the station", "British Transport Police"),
        ("devon & cornwall", "Devon and Cornwall Police"),
        ("thames vally", "Thames Valley Police"),
        ("north wales police", "North Wales Police"),
        # Places people answer with (round 41's testers): a London borough, a town, a misspelt name in a sentence.
        ("croydon. i alredy told u that lol", "Metropolitan Police Service"),
        ("it was in peckham", "Metropolitan Police Service"),
        ("sutton coldfield", "West Midlands Police"),
        ("i fink its west yorksher", "West Yorkshire Police"),
        # "Met" is also an everyday word, so it needs the words people put round it (round 42).
        ("the force is met", "Metropolitan Police Service"),
        ("i think it was the met", "Metropolitan Police Service"),
        ("stratford upon avon", "Warwickshire Police"),
        ("caerphilly", "Gwent Police"),
    ],
)
def test_everyday_names_and_misspellings(text: str, force: str) -> None:
    assert match_force(text).force == force


@pytest.mark.parametrize(
    "text",
    [
        "the officer was dealing with it",
        "he was working nights",
        "a woman he met online",
        "the dog was barking",
        "they were met",
    ],
)
def test_everyday_words_close_to_a_place_name_are_not_forces(text: str) -> None:
    assert match_force(text).force is None


def test_outside_england_and_wales_and_unknown() -> None:
    assert match_force("police scotland in glasgow").outside == "Scotland"
    assert match_force("PSNI").outside == "Northern Ireland"
    assert match_force("dont know").unknown
    assert match_force("somewhere").force is None


TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "latest", "old"),
    [
        ("yesterday", date(2026, 11, 29), False),
        ("last May", date(2026, 5, 31), False),
        ("2 years ago", date(2024, 11, 30), True),
        ("12/03/2025", date(2025, 3, 12), True),
        ("march 2024", date(2024, 3, 31), True),
        ("last year", date(2025, 12, 31), False),
        ("it may have been june 2025", date(2025, 6, 30), True),
        ("around christmas", None, False),
    ],
)
def test_rough_dates(text: str, latest, old: bool) -> None:
    assert latest_possible_date(text, TODAY) == latest
    assert older_than_a_year(text, TODAY) is old


@pytest.mark.parametrize(
    ("text", "welsh"),
    [
        ("Helo, hoffwn i wneud cwyn am yr heddlu. Ga i siarad â rhywun yn Gymraeg, os gwelwch yn dda?", True),
        ("bore da", True),
        ("ydw, plis", True),
        ("diolch yn fawr", True),
        ("I am bored", False),
        ("dim the lights", False),
        ("the officer said i am a liar", False),
        ("yes please", False),
    ],
)
def test_welsh_is_recognised_and_english_is_not(text: str, welsh: bool) -> None:
    assert looks_welsh(text) is welsh


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("Vreau să fac o plângere, polițistul a fost nepoliticos cu mine", True),  # Romanian
        ("vreau sa fac o plangere politistul a fost nepoliticos cu mine", True),  # the same without its marks
        ("mujhe police ke khilaf shikayat karni hai, kya karna hoga", True),  # Urdu in Latin letters
        ("Хочу подать жалобу на полицейского", True),  # Russian
        ("ana 3ayez a2adem shakwa 3al shorta", True),  # Arabic in Latin letters
        ("hai, my ex is outside and im scared, he has a knife", False),
        ("gr8, ty. can i complain 2day about the officer at the station?", False),
        ("the sergeant said 'merci beaucoup' like he was mocking me, that was racist", False),
        ("mae e'n troi'n las", False),  # Welsh
        ("Chciałam się poskarżyć, but I can write in English ok: the officer was rude to me", False),
    ],
)
def test_another_language_is_recognised_and_english_or_welsh_is_not(text: str, other: bool) -> None:
    assert looks_other_language(text) is other


@pytest.mark.parametrize(
    ("text", "young"),
    [
        ("am i even allowed to complain im only 16", True),
        ("they stopped me outside school", True),
        ("15 yrs old", True),
        ("my son is 14", False),
        ("im 24", False),
        ("i waited 15 minutes", False),
    ],
)
def test_under_18_only_from_what_the_writer_says_of_themselves(text: str, young: bool) -> None:
    assert says_under_18(text) is young


@pytest.mark.parametrize(
    ("text", "placed"),
    [
        ("2day innit, i said that", True),
        ("Thursday 6th. Please answer my question though", True),
        ("a couple of weeks back i think, not sure exactly", True),
        ("dydd Sadwrn diwethaf ar ol y gem", True),
        ("car crash on the a road my car got hit. polcie came he sed it was my falt", False),
    ],
)
def test_an_answer_to_when_places_it_in_time_or_tells_more_of_the_story(text: str, placed: bool) -> None:
    assert says_when(text) is placed


@pytest.mark.parametrize(
    ("text", "no_phone"),
    [
        ("hi im deaf, BSL is my first language", True),
        ("i said i cant phone. call back no use", True),
        ("text relay number?", True),
        ("I am hard of hearing", True),
        ("i cant call them, they never answer", False),
        ("he was deaf to my pleas", False),
        ("please don't ring me, I can't talk at work", True),
        ("I don't call that a fair search", False),
        ("don't call me a liar, I saw what he did", False),
    ],
)
def test_someone_who_cannot_use_a_phone_is_recognised(text: str, no_phone: bool) -> None:
    assert cannot_phone(text) is no_phone


@pytest.mark.parametrize(
    ("text", "at_home"),
    [
        ("my partner is a police officer. he's been hitting me for months", True),
        ("my ex, the police officer, hurt me last night", True),
        ("my girlfriend was searched, and the officer hurt me when he grabbed my arm", False),
    ],
)
def test_abuse_at_home_is_told_apart_from_an_officer_hurting_someone_with_their_partner(
    text: str, at_home: bool
) -> None:
    assert mentions_domestic_abuse(text) is at_home


# --- Answers that are not answers (round 46: "What happened: i already told you", "When: ?") -----------------


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("i already told you", ""),
        ("told u already", ""),
        ("see above", ""),
        ("dw i wedi dweud yn barod", ""),
        ("I have already told you. 3 March. This year.", "3 March. This year."),
        ("as i said, leeds", "leeds"),
        # Answers that only sound like it.
        ("i said leeds", None),
        ("i told them everything", None),
        ("he said nothing", None),
        ("I gave it back", None),
    ],
)
def test_an_answer_that_points_back_is_read_as_what_follows_it(text: str, rest: str | None) -> None:
    assert told_already(text) == rest


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        # Tester-d section 7, mid-form: the force, then going.
        ("hampshire!! police are here now i have to go", "hampshire!! police are here now"),
        ("PC Dunn. gtg", "PC Dunn."),
        ("Kent. Sorry, I need to go now", "Kent."),
        ("got to go he is back", "he is back"),
        ("no thanks bye", "no thanks"),
        ("ok gotta go", ""),
        ("bye", ""),
        ("i cant talk right now", ""),
        ("i will finish this later", ""),
        ("rhaid i fi fynd", ""),
        ("sorry my mum is calling, brb", ""),
        ("Leeds, hang on my mum is calling", "Leeds"),
        # What happened, told: nobody is going.
        ("I have to go to court next week", None),
        ("they told me i have to go", None),
        ("he said i have to go", None),
        ("i had to go to hospital", None),
        ("see you in court", None),
        ("Goodbye Road", None),
        ("my dad is shouting at me", None),
    ],
)
def test_having_to_go_is_read_apart_from_the_answer_given_with_it(text: str, rest: str | None) -> None:
    assert going_away(text) == rest


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("hang on", True),
        ("one sec let me check", True),
        ("wait a minute", True),
        ("brb", True),
        ("un munud", True),
        ("hang on it was tuesday", False),
        ("one", False),
        ("a", False),
    ],
)
def test_asking_for_a_moment_is_the_whole_message(text: str, moment: bool) -> None:
    assert asks_for_a_moment(text) is moment


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("no wait it was tuesday not monday", "incident_date"),
        ("actually it was last friday", "incident_date"),
        ("sorry i mean merseyside", "force"),
        # Says what is wrong, not the new answer: the change menu asks which.
        ("no the date is wrong", None),
    ],
)
def test_a_correction_that_carries_the_new_answer_names_the_answer_it_changes(text: str, field: str | None) -> None:
    assert corrects(text)
    assert correction_of(text, ["incident_date", "force"]) == field


@pytest.mark.parametrize(
    ("text", "details"),
    [
        ("thats not an answer. who does the review", ["review_body"]),
        ("can i send new evidence with the review? my neighbour has doorbell video", ["new_evidence"]),
        ("will they have to pay for the door though?", ["compensation"]),
        ("the police gave me a parking ticket outside my own house", ["council_parking"]),
        ("my neighbours are so noisy every night, is the council the ones for noise?", ["council_noise"]),
        ("I made a complaint 2 years ago and never heard back, is it too late?", ["no_reply"]),
        ("can my support worker do it for me", ["support_worker"]),
        ("I'm a support worker and my client was stopped and searched", []),
        ("how do I contact West Midlands Police about it, have you got a number or link?", ["contact_force"]),
        ("whats the number for the met police", ["contact_force"]),
        ("what if he gets back at me", ["repercussions"]),
        ("thats not what i asked. will HIS police force see it", ["repercussions"]),
        ("can I complain without giving my name?", ["repercussions"]),
        ("last time i complained they made my life hell", ["repercussions"]),
        ("ga i gwyno heb roi fy enw?", ["repercussions"]),
        ("do i have to say his name? im scared it gets back to him before anything happens", ["repercussions"]),
        ("dwi ofn iddo fynd yn ôl ato fo", ["repercussions"]),
        ("i went back to them and they said no", []),
        # Someone for bereaved families (round 51).
        (
            "No, YOU are investigating. Who is my contact at the IOPC? Is there someone for families?",
            ["family_support"],
        ),
        ("do you have a family liaison officer", ["family_support"]),
        ("oes rhywun i'r teulu?", ["family_support"]),
        ("my family and I were stopped in the car", []),
        # Having to tell it all again (round 50); telling how often it was told is a complaint.
        (
            "Before I say yes - do I have to go through what happened to me again? I really can't do that right now.",
            ["retell"],
        ),
        ("I just meant I don't want to describe the rape again. Do I have to, to make a complaint?", ["retell"]),
        ("will i have to go through it all over again", ["retell"]),
        ("oes rhaid i mi ddweud popeth eto?", ["retell"]),
        ("I had to tell it again three times and they still lost it", []),
        ("do i have to write it down", []),
        # Consequences for the officer are the outcomes answer; a threat now is the danger check's.
        ("will the officers get in trouble for tasering me", []),
        ("he came after me with a knife", []),
        ("the officer was from Kent, it happened in his force area", []),
        # Our own number is the contact-details answer itself.
        ("what is the phone number for the independent office for police conduct", []),
        ("how do i complain to the police", []),
        ("is it too late to complain, it was 2 years ago", []),
        ("I want to complain about an officer who was rude", []),
        ("the officer shouted at me in the street and my neighbour saw", []),
    ],
)
def test_details_the_route_answer_does_not_cover_are_noticed(text: str, details: list[str]) -> None:
    assert details_asked(text) == details
