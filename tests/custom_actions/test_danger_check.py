"""The danger check: brief §6 messages, everyday false alarms, and Welsh."""

import pytest

from vocabulary.safety.danger import (
    EMERGENCY,
    NONE,
    SELF_HARM,
    assess,
    help_on_the_way,
    is_custody_report,
    is_false_alarm,
    is_past_event,
    kind_hint,
    kind_of_threat,
    of_kind,
    only_fears_word_getting_back,
    reads_as_past,
    says_all_is_well,
    says_now,
    told_as_now,
)
from vocabulary.safety.sentences import clauses_of, parts_of, runs_of_words

CASES = [
    ("help hes outside the door i cant talk he said hell kill me", EMERGENCY),
    # Round 27: sleep and never wake, a known place, slang and fire threats, an abuser on the way.
    ("if i went to sleep and never woke up would anyone care", SELF_HARM),
    ("i wish i could just go to sleep and not wake up", SELF_HARM),
    ("I'm sitting at Beachy Head", SELF_HARM),
    ("she said she'd do me in if i went to the police, she's coming round", EMERGENCY),
    ("they said they'll come back and torch the flat", EMERGENCY),
    ("he's been beating me for months and he's on his way back now", EMERGENCY),
    ("I have made my arrangements. Please close my file after tonight.", SELF_HARM),
    ("is it normal to plan how you'd do it? i've picked tonight", SELF_HARM),
    ("mae o yma ac mae o'n bygwth fy lladd i", EMERGENCY),
    ("mae e wedi dweud y bydd e'n fy lladd heno", EMERGENCY),
    ("mae hi am fy lladd i", EMERGENCY),
    # Round 49: a knife in Welsh as Welsh writes it ("gyda chyllell", "ganddo fe gyllell"), 999 already called.
    ("mae e tu allan gyda chyllell, dw i wedi ffonio 999", EMERGENCY),
    ("mae ganddo fe gyllell", EMERGENCY),
    ("he's got a knife", EMERGENCY),
    ("my ex is outside my flat", EMERGENCY),
    ("someone is trying to get in", EMERGENCY),
    ("I'm being followed", EMERGENCY),
    ("HELP", EMERGENCY),
    # Round 37: someone who never came home, whatever else the message says ("his phone's dead").
    ("my son got stopped by the police earlier and let go and he never came home, his phone's dead", EMERGENCY),
    ("Helpwch fi, mae e mewn perygl", EMERGENCY),
    ("mae rhywun yn ymosod arna i nawr", EMERGENCY),
    ("mae o'n fy nghuro i rŵan", EMERGENCY),
    ("my step-dad is punching my brother", EMERGENCY),
    ("her husband's beating her up again", EMERGENCY),
    ("by the time u see this ill be gone", SELF_HARM),
    ("my last day on this earth", SELF_HARM),
    ("how many of my sleeping pills would be lethal", SELF_HARM),
    ("dwi'n torri fy hun eto", SELF_HARM),
    ("he's outside my work again in his car", EMERGENCY),
    ("he's just put his hands round my throat", EMERGENCY),
    ("dwi'n cuddio yn y cwpwrdd", EMERGENCY),
    ("my dad's chest is crushing and he's gone grey", EMERGENCY),
    ("honestly don't see the point of anything anymore", SELF_HARM),
    ("I want to kill myself", SELF_HARM),
    ("I took all my pills", SELF_HARM),
    ("ive been self harming", SELF_HARM),
    ("Dw i eisiau marw", SELF_HARM),
    ("dw i'n mynd i ladd fy hun heno", SELF_HARM),
    # Not wanting to live, in the Welsh of the north and of the south.
    ("smo fi moyn byw", SELF_HARM),
    ("sa i moyn byw rhagor", SELF_HARM),
    ("dw i ddim am fyw", SELF_HARM),
    ("sai moyn bod yma rhagor", SELF_HARM),
    ("dw i'n moyn marw", SELF_HARM),
    ("dw i ddim isio byw yn Abertawe rhagor", NONE),
    ("daughter 12 still not back from the park and its dark", EMERGENCY),
    ("getting followed by two lads on bikes", EMERGENCY),
    ("my ex turned up and he wont leave my flat", EMERGENCY),
    ("nothing left, no reason to stick around", SELF_HARM),
    ("dont think i will last much longer tbh", SELF_HARM),
    ("shoot me now, another form", NONE),
    ("this process is doing my head in", NONE),
    ("my mum isn't home so can I do this later", NONE),
    ("I'm just killing time", NONE),
    ("dead tired after the station", NONE),
    ("how many officers does it take to answer a phone", NONE),
    ("the officer was very skilled", NONE),
    ("I'd kill for a coffee", NONE),
    ("can you help me make a complaint", NONE),
    ("my brother died in a police cell last night", NONE),
    ("the officer threatened to hurt me last year", NONE),
    ("How do I complain about the police breaking into my house with a warrant", NONE),
    ("im not in danger now", NONE),
    # About to take them, the writer: a crisis whatever the classifier thinks; taking them somewhere is not.
    ("ive saved up my pills and im taking them all tonight", SELF_HARM),
    ("i am about to take too many of my nans co-codamol", SELF_HARM),
    ("I'm going to take all my tablets as prescribed, the custody nurse said", NONE),
    ("I'm taking them all to court with my solicitor", NONE),
    # Danger straight after contact with the police, at the end of a complaint or said plainly (round 38).
    ("also the officer has been sat outside my house in an unmarked car since 10 tonight", EMERGENCY),
    ("someone just tried my back door handle", EMERGENCY),
    ("He has his work baton and he's just told me I won't see the morning", EMERGENCY),
    ("he said if I complain he'll make sure I end up in the canal", EMERGENCY),
    ("he's still in the car park watching the door", EMERGENCY),
    ("my mum is in the garden watching the kids", NONE),
    ("My shotgun is out on the kitchen table and I keep looking at it.", SELF_HARM),
    ("a man on the bus has a knife and I keep looking at it", EMERGENCY),
    ("let out of the station at midnight with no shoes and a dead phone and she never got home its 4am", EMERGENCY),
    # Crisis words said not to be there, never when something follows that says otherwise.
    ("I'm seeing a counsellor and I don't want to hurt myself. I just want to know about complaints", NONE),
    ("I've had no thoughts of hurting myself and my GP is supporting me", NONE),
    ("I don't want to hurt myself but I can't stop thinking about it tonight", SELF_HARM),
    ("I don't want to hurt myself, but I can't stop thinking about it tonight", SELF_HARM),
    ("I've had no thoughts of hurting myself. Until tonight.", SELF_HARM),
    # Asking whether to call 999 now is answered "call 999 now" (round 41's tester got our phone number).
    ("im not gonna hurt myself?? its the people outside. should i just ring 999 again then", EMERGENCY),
    ("do i call 999?", EMERGENCY),
    ("should I have called 999 instead of going to the station?", NONE),
    ("i called 999 and the call handler hung up on me", NONE),
    # A lonely place and something to hang from (round 46: the classifier alone had carried this, and lost it).
    ("After I send this I'm going to the woods with my belt. I'm sorry.", SELF_HARM),
    ("im going to the park with my dog lead to walk the dog", NONE),
    ("im going to the loft with a rope to tie up the boxes", NONE),
    # A threat against telling, while the writer tells us (round 51: with no fear said before it, none at all).
    ("do i have to give his name? he said he would kill me if i told anyone", EMERGENCY),
    ("he threatened to hurt me if i reported him", EMERGENCY),
    ("they said theyd do me in if i grassed", EMERGENCY),
    ("the officer said he would break my arm if i didnt stop moving", NONE),
]


@pytest.mark.parametrize(("text", "level"), CASES)
def test_danger_level(text: str, level: str) -> None:
    assert assess(text).level == level


def test_self_harm_reply_gives_999_and_crisis_lines_in_both_languages() -> None:
    for language in ("en", "cy"):
        reply = assess("I want to end it all").reply(language)
        assert "999" in reply and "116 123" in reply and "0800 1111" in reply
    # An overdose just taken is read as the writer's own crisis: the reply must speak to it.
    assert "taken something" in assess("I want to end it all").reply("en")


def test_emergency_reply_gives_999_and_press_55() -> None:
    reply = assess("he's got a knife").reply_text
    assert "999" in reply and "55" in reply


def test_a_false_alarm_phrase_does_not_hide_real_danger() -> None:
    assert assess("dead tired but he's outside my door with a knife").level == EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "I'm just killing time",
        "dead tired after the station",
        "dying for a brew",
        "my phone's about to die so I'll finish this tomorrow",
        "i shot myself in the foot by not complaining sooner",
        "my nan nearly had a heart attack when she saw the form",
        "I'm going to kill my husband, he's used the last of the milk again lol",
        "If I die of old age before this complaint is finished, can my daughter carry it on?",
        "i cant do this anymore with your website, it logged me out again",
        "the sergeant told my brother to go and hang himself, can I report that?",
        "I honestly thought I was going to die when they sat on my chest",
        "dydw i ddim mewn perygl, isio cwyno dw i",
        "kill me now, this app keeps crashing lol",
        "he said he'd kill two birds with one stone and search my car too",
        "this is my last message on this subject, my solicitor will take it from here",
        "I gave up on my complaint last year, can I start it again?",
        "this is my last email about it, I'll phone instead",
        "i give up with you lot, three weeks and nobody has rung back",
        "I'm at the end of my tether with the police station, they keep losing my forms",
        "you'll be the death of me with these forms",
        "I lost my temper with the officer, can I still complain?",
        "I was so angry I felt like I was going to explode",
        "my mate says he'll kill the sergeant lol he won't",
        "I was told to kill myself by a custody officer, I want him disciplined",
        "why do officers restrain people who are fitting?",
        "I'm not going to do anything stupid, I just want to complain",
        "I'm so angry I can't breathe when I think about what that officer said",
        "i cant sleep cos im that angry",
        "wait, does the complaint go to his force? thats what im scared of",
        # Done with the chat, not with life.
        "i dont want to answer any more",
        "can i end this chat now",
        "sa i moyn ateb rhagor",
        "dwi ddim isio ateb mwy",
        # Stepping away from the chat (round 49).
        "sorry my mum is calling, brb",
        "hang on me dads shouting me",
        # Said back after a wrong alarm, and rage at an officer met again (round 50).
        "what?? nobodys hurting themselves. im just raging",
        "im not actually gonna do owt",
        "honestly if i see that copper again ill kill him. swear down",
    ],
)
def test_everyday_phrases_are_recognised_as_false_alarms(text: str) -> None:
    assert is_false_alarm(text)


def test_real_danger_is_never_a_false_alarm() -> None:
    assert not is_false_alarm("dead tired but he's outside my door with a knife")
    assert assess("he said he's going to kill me lol he's outside").urgent
    # An insult told to someone else is everyday; told to the writer, the rest of the message still counts.
    assert assess("my ex told me to go kill myself so i'm going to tonight").urgent
    # Frustration with the service is everyday only about the service: "...with everything" is not cut out.
    assert not is_false_alarm("i'm at the end of my tether with everything, i give up on life")
    assert assess("i give up with you lot. im going to take all my tablets tonight").urgent
    # A question about police practice is everyday only when general: not with a word of now.
    assert not is_false_alarm("why are the police holding people who are fitting down right now?")
    # Anger that takes the writer's breath away is everyday; fear that does, or someone else's breath, is not.
    assert not is_false_alarm("I'm so scared I can't breathe, he's still banging on the door")
    # Done with the chat is everyday only while nothing else shows danger; someone else ending the chat is not the writer.
    assert assess("i dont want to answer any more, i want to die").urgent
    assert assess("sa i moyn ateb rhagor, sa i moyn byw").urgent
    assert not is_false_alarm("the complaints line just end the chat every time")
    assert assess("im so scared i cant breathe").urgent
    assert assess("he's so upset he can't breathe").urgent
    assert assess("why do police cuff people who are fitting? my brother is fitting in the van now").urgent
    assert not is_false_alarm("my ex told me to go kill myself")  # told to the writer, not of an officer
    # Rage at someone else is everyday only when nothing turns it on the writer; "nobody's hurting themselves" only
    # until someone is.
    assert not is_false_alarm("if i see him again ill kill him and then myself")
    assert assess("if i see him again ill kill him then kill myself").urgent
    assert assess("nobody is hurting themselves but my son says he is going to kill himself tonight").urgent
    assert assess("if he comes near me again ill kill him, hes outside now with a knife").urgent
    # A farewell sent by someone else is their crisis, not the writer's.
    assert (
        assess("my sister messaged 'love you all, sorry for everything, it's better this way'").kind == "other_at_risk"
    )
    # Affairs put in order for a time "after I am gone" is a farewell; a will or a complaint carried on after death is not.
    assert (
        assess(
            "I have put my affairs in order and left a note for my daughter. I would like this complaint kept on file "
            "so she can pursue it after I am gone."
        ).level
        == SELF_HARM
    )
    assert not assess("I want my complaint to carry on after I am gone, my son will deal with it").urgent
    assert not assess("I have put my affairs in order with a solicitor, can he complain for me?").urgent
    # Sleep lost to anger is everyday; with a crisis said beside it, it is not.
    assert assess("i cant sleep because im so angry and i want to die").urgent
    assert assess("cant sleep cos im so angry. i want to kill myself").urgent
    # Fear pointing back at a question is everyday; fear of what is happening now is not.
    assert assess("thats what im scared of, hes outside with a knife now").urgent
    # Not "went to sleep and didn't wake up until noon".
    assert not assess("I went to sleep and didn't wake up until noon, so I missed the officer's call").urgent


# The kind chooses the first reply: an ambulance, who is missing, crisis lines, words for a helper.
KINDS = [
    ("my dad stopped breathing after they restrained him", "medical"),
    ("got a heavy pain in my chest since tea time and it's spreading to my jaw, i'm clammy", "medical"),
    # Words someone left or sent are theirs; the writer's own note is the writer's.
    ("mum's left a note saying she can't cope anymore, her car's gone", "other_at_risk"),
    ("got a voicemail from dad saying he can't go on", "other_at_risk"),
    ("I left a note saying I can't cope anymore", "self_harm"),
    ("my sister rang just now to say goodbye and that she was sorry", "other_at_risk"),
    ("she's collapsed in the back of the police van", "medical"),
    ("hes having a seizure on the pavement", "medical"),
    ("mae e'n anymwybodol", "medical"),
    ("mae fy nain yn cael trafferth anadlu ers i'r heddlu adael", "medical"),
    ("dw i'n meddwl bod Taid wedi cael strôc", "medical"),
    ("my 6 year old is missing at the fair", "missing"),
    ("a man snatched my little girl outside the shop", "threat"),
    ("helpwch fi plis mae e yma", "threat"),
    ("he had me by the throat, I'm typing while he's in the kitchen", "threat"),
    ("i have had loads of tablets", "self_harm"),
    ("my ex at the door again screaming", "threat"),
    ("dw i methu ffeindio fy mab yn y ffair", "missing"),
    ("my 15 yr old son hasnt come home", "missing"),
    ("mae fy mab ar goll", "missing"),
    ("the officer is kneeling on my brothers neck right now", "threat"),
    ("man with a knife on the bus", "threat"),
    ("the copper I complained about is walking up and down outside my work", "threat"),
    ("mae'r babi drws nesa wedi bod yn crio ers oriau a does neb yna", "threat"),
    ("dad hit his head on the car door earlier and now hes been sick twice", "medical"),
    ("my arm is bent the wrong way", "medical"),
    ("feel like im going to pass out", "medical"),
    ("teenager missing since last night", "missing"),
    ("mae'r ferch fach wedi diflannu ar y traeth", "missing"),
    ("this is my last message to anyone", "self_harm"),
    ("gonna jump", "self_harm"),
    ("i've said goodbye to my brother and i'm going to the bridge tonight", "self_harm"),
    ("the cuts are for the police to see when they find me", "self_harm"),
    ("i want to disappear", "self_harm"),
    ("theres no reason for me to be alive", "self_harm"),
    ("everyone would be better off without me", "self_harm"),
    ("dw i isio diflannu", "self_harm"),
    ("my son says he will kill himself", "other_at_risk"),
    ("my mate has taken a load of pills", "other_at_risk"),
    # Crisis words about someone else are theirs, not the writer's ...
    ("my dad says he has nothing to live for and he's not answering his phone", "other_at_risk"),
    ("our daughter keeps saying she wants to end it all", "other_at_risk"),
    # ... but when the writer speaks of themselves too, the writer's own crisis comes first.
    ("my mum keeps telling me i'd be better off dead and i want to end it all", "self_harm"),
    ("my boyfriend left me and i want to end it all", "self_harm"),
    ("i'm not safe around myself at the moment", "self_harm"),
    # A cut told of another, even with "me" in the message ("won't let me see").
    ("my daughter has been cutting again tonight and she won't let me see", "other_at_risk"),
    ("mae fy ffrind yn deud ei bod hi eisiau marw", "other_at_risk"),
    ("ma' hi'n gweud bod hi moyn marw", "other_at_risk"),
    # Typed as it sounds, signs of a head injury, a child taken, Welsh words for home and choking.
    ("i cant breeve since they sprayed me", "medical"),
    ("hes seeing double since the officer hit him", "medical"),
    ("a man just grabbed my daughter and drove off", "missing"),
    ("dyw fy mrawd bach ddim wedi dod gartre", "missing"),
    ("mae'r swyddog yn ei dagu o rŵan", "threat"),
    # Indirect words for the writer's own crisis; someone else's, posted or drunk.
    ("i wont be here to see the outcome", "self_harm"),
    ("tonight i stop being a burden for everyone", "self_harm"),
    ("fydda i ddim yma i glywed yr ateb", "self_harm"),
    ("i drank some bleach", "self_harm"),
    ("my brother posted on facebook that he will end his life", "other_at_risk"),
    ("my mate has drunk bleach", "other_at_risk"),
    # Signs of a heart attack, a child heading for the river, an officer's blow just now.
    ("the pain is going down my left arm and i'm sweating", "medical"),
    ("mae fy mrest i'n dynn ac mae poen yn mynd lawr fy mraich", "medical"),
    ("my 12 year old ran out crying and she's headed towards the canal", "missing"),
    ("the officer in the cell just came in and punched me", "threat"),
    # The people a grandparent, carer, teacher or flatmate writes about.
    ("my granddaughter is missing", "missing"),
    ("my grandson cant be found", "missing"),
    ("my little boy got lost at the fair", "missing"),
    ("my neighbour has collapsed on the stairs", "medical"),
    ("my flatmate has taken an overdose", "other_at_risk"),
    ("i took a load of my nans diazepam", "self_harm"),
    ("ive taken all of them", "self_harm"),
    ("she has taken too many of her sleeping pills", "other_at_risk"),
    ("my pupil is self harming in the toilets", "other_at_risk"),
    # Someone else's words, reported just after them, even where the writer says "I" too.
    ("my cousin messaged me that she cant go on and i dont know where she is", "other_at_risk"),
    ("her text said she doesnt want to live anymore, i am outside her flat", "other_at_risk"),
    ("my uncle said he is going to end it all tonight, I'm scared", "other_at_risk"),
    # Not when the words that follow are the writer's own.
    ("my nan says i can't go on like this and honestly i want to die", "self_harm"),
    # The writer's own crisis, said without the usual words.
    ("i have a blade here and i'm going to turn it on myself", "self_harm"),
    ("the only way this ends is if i stop", "self_harm"),
    ("been staring at my pills for an hour", "self_harm"),
    ("i'm on the edge of the multi storey and i keep looking down", "self_harm"),
    ("dont know how long i can keep going like this", "self_harm"),
    ("never mind the form. won't need my phone after tonight", "self_harm"),
    # A weapon named with a word before it; a gang at the car; a child lost sight of.
    ("now two of them are by my car with a baseball bat, shouting for me to come out", "threat"),
    ("hes in the garden swinging a kitchen knife", "threat"),
    ("I can't see my son anywhere in the shopping centre", "missing"),
    ("lost sight of my little girl in the crowd at the parade", "missing"),
    # Twenty or more tablets, told with or without "I"; a lad.
    ("took 30 paracetamol. the police did this to me", "self_harm"),
    ("my son has swallowed about 40 of his tablets", "other_at_risk"),
    ("my little lad is lost, hes 6, blue coat", "missing"),
    # Round 39: a weapon, a drop or a ligature where the only life threatened is someone else's own: their crisis.
    ("my flatmate is in the kitchen with a knife saying he's going to end it", "other_at_risk"),
    ("my uncle has a blade to his own wrist and won't put it down", "other_at_risk"),
    ("a lad from my school is stood on the railway line with a knife and won't move", "other_at_risk"),
    ("my lodger has just told me he's got a rope upstairs, then he locked himself in with a knife", "other_at_risk"),
    # ...but a threat to the writer or to anyone else stays a threat, and the writer's own stays theirs.
    ("he's outside my door with a knife saying he'll kill himself if I don't let him in", "threat"),
    ("he has a knife and says he will kill me and then himself", "threat"),
    ("he's drunk with a knife and threatening to drive into a wall with my daughter in the car", "threat"),
    ("my ex has texted me that he's got a knife and a rope and he's coming round tonight", "threat"),
    ("I've got a knife and I'm going to end it tonight", "self_harm"),
    # Crisis words right after someone else: "he's going to...", "she says there is...", "mae o'n dweud 'dwi...".
    (
        "a boy in year 9 came up to me at break, after what happened with the police he's going to jump off the car "
        "park roof after school",
        "other_at_risk",
    ),
    ("my grandad says there is no point living anymore", "other_at_risk"),
    ("mae hi'n dweud 'dwi ddim isio bod yma' ac mae hi wedi cloi'r drws", "other_at_risk"),
    ("he hit me again and I'm going to jump off the car park roof tonight", "self_harm"),
    # A ligature on someone now is their crisis, said with no other crisis word.
    ("im a support worker and my service user has a cord round his neck", "other_at_risk"),
]


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_danger_kind_chooses_the_reply(text: str, kind: str) -> None:
    assert assess(text).kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "he's got the knives out and says he'll end it, himself and the kids, tonight",
        "she has a blade and keeps saying she will end it and take the baby with her",
    ],
)
def test_a_threat_that_takes_others_with_it_stays_a_threat(text: str) -> None:
    assert kind_of_threat(text) == "threat"


# Told as something over: the serious-incident answer, not 999 to the writer.
OVER = [
    "my brother stopped breathing in custody in 2019 and died",
    "my son went missing last year and the police did nothing",
    "roedd fy mab ar goll am ddiwrnod llynedd, mae e'n saff nawr",
    "he was bleeding from his head in the cell, that was 2019, he's recovered now",
    "the cctv went missing",
    "my case collapsed",
    "the police are not responding to my emails",
    "my lad went missing last weekend, the police were slow but found him",
    "my grandad wandered off from the home but the staff found him really quickly, I want to complain about the officer",
    "aeth fy merch ar goll yn 2022",
    "she ran away after school and the police brought her back at ten",
    "my son wandered off at the match and the police found him within twenty minutes",
    "mum wandered off from the home (found safe in the garden centre). The officer was rough with her. She's fine now.",
    "aeth fy mab ar goll y llynedd. daethon ni o hyd iddo ac mae e'n iach nawr",
    # "Now" that gives an age is not danger now.
    "she went missing for 3 days in 2018 and they did nothing. shes 23 now and doing great",
    "Bu farw fy mrawd yn y ddalfa yn 2017. Dywedwyd wrthym ei fod wedi cael trawiad ar y galon, ond does neb "
    "erioed wedi esbonio pam.",
    "My husband died in 2021 after a restraint. They were called to help him but they held him down and he "
    "stopped breathing. I want an independent investigation.",
]

# Ordinary words close to a danger pattern: a fine, a chase told of, a kindness, a holiday, a neighbour.
NOT_DANGER = [
    "the police just hit me with a £100 fine for nothing",
    "he ran towards the canal and the officer tackled him",
    "someone took my daughter home after the match",
    "a man took my son's phone off him",
    # The chat's own things gone missing (Welsh), not a person: "the buttons have disappeared", "the letter is lost".
    "Lle ma'r opsiynau 'di mynd? Ma'r botymau 'di diflannu",
    "mae'r llythyr ar goll",
    "I won't be here for the decision, I'm on holiday in Spain",
    "I had bleach thrown at me by a man",
    "the kids next door should stop being a nuisance to everyone",
    "my neighbour lost his keys and the police were rude",
    "at the protest an officer snatched my placard and ripped it up, I want to complain",
    "the officer who came about the abuse (it's done, they ran off) asked if we'd provoked them",
    "y tro hwn dw i'n mynd i gwyno. Helpwch fi plis.",
    "nathon nhw ddeud bod nhw methu ffeindio fo ar y system",
    "welais i blismon yn cicio boi nos sadwrn dwytha, nath ambiwlans fynd a fo",
    "how do I complain without it looking like I've got an axe to grind",
    "Everyone's okay but two officers looking for someone who'd run off kicked my back gate in",
    # "Took all" or "had loads of" something that is not a medicine.
    "I had all the paperwork ready and they still lost it",
    "I've had all the support I needed from my family",
    "my dad took a load of photos of the officers",
    "they took all his things and left him in the cell",
    "I took all of them to the station myself",
    "they had all of it on camera and still said I started it",
    "neb mewn perygl jest ma nhw'n anwybyddu ni. fi moyn cwyno",
    "Nid oes neb mewn perygl, ond rwy'n siomedig dros ben.",
    "Rwan maen nhw'n deud bod nhw'n methu ffeindio'r gwyn ar y system.",
    "the arrest was in 2020. i've had loads of help since then and im in a good place now",
    "the thing was 13 months ago when they were out of order with my partner at our flat. am i too late",
    # A question about what police must do; "just" meaning "only"; recovering; a witness looking down.
    "do the police have to get an ambulance for someone they've injured?",
    "back in may my lad wandered off at the carnival and the police found him. i just wanted to thank them",
    "my grandad collapsed in the cell in march and they were slow to help. he's recovering now",
    "I was at the top of the car park looking down and saw the officer hit him",
    "my nan rang to say goodbye before her flight",
    "I've made the arrangements for the funeral tonight",
    # Carrying a knife is a question of law; a bottle of wine is not a weapon.
    "my son was arrested for carrying a kitchen knife, he was on his way to work",
    "he turned up with a bottle of wine to say sorry",
    "I took 20 mg tablets for my back and the officer said I was drunk",
    # Laughter; a wander told of with "when"; a few minutes lost, told of then and fine now.
    "I was killing myself laughing at their letter",
    "my son is autistic and when he wandered off at the fair the officers who found him pinned him down. he is fine now",
    "my little girl went missing at the park in the holidays for about 20 minutes and the staff found her. She's fine, "
    "but the officer called me a bad mum.",
    # A knife told of last week, everyone fine ("mae pawb yn iawn"): a complaint about the wait.
    "Ffoniais i 999 wythnos diwethaf am ddyn gyda chyllell yn y parc. Ddaeth neb am ddwy awr. Mae pawb yn iawn, ond "
    "dw i eisiau cwyno.",
]


@pytest.mark.parametrize("text", OVER + NOT_DANGER)
def test_past_everyday_or_ordinary_uses_of_alarming_words_are_not_danger(text: str) -> None:
    assert assess(text).level == NONE


# A crisis or a threat in the past, told with all being well now: not urgent, but the kind is kept (the
# safety line still opens the reply).
OVER_AND_WELL = [
    ("I tried to kill myself in 2020 and the station officers were vile. I'm in a much better place now.", "self_harm"),
    (
        "I used to self harm years ago and an officer read my notes out. I'm fine now, but I want him spoken to.",
        "self_harm",
    ),
    ("Had a man with a knife in my shop in January, police took 40 minutes. He got 3 years. Can I complain?", "threat"),
    ("she went missing for 3 days in 2018 and they did nothing. shes doing great now", "missing"),
    ("when i was 14 i used to self harm and the officer laughed at me. im 30 now and doing well", "self_harm"),
    (
        "I self harmed at uni in 2015 and the police were called. I haven't done it for years, I want the record changed",
        "self_harm",
    ),
    (
        "Mi geisiodd fy chwaer ladd ei hun ddwy flynedd yn ôl. Mae hi'n llawer gwell rŵan. Sut mae cwyno?",
        "other_at_risk",
    ),
    # One sentence: the "now" of the all-is-well words does not make the attempt before them current.
    (
        "I tried to kill myself two years ago and the officers who came were cruel, I'm in a much better place now "
        "but I want them to know how it felt",
        "self_harm",
    ),
    ("i used to self harm n the pc laughed at my scars, im doing better now but he needs telling", "self_harm"),
    # "In my teens", "been well for years", "a good place", "thriving"; "I was hiding" is told of then.
    (
        "I self harmed in my late teens but I've been well for years. An officer mocked my scars at the desk.",
        "self_harm",
    ),
    (
        "I tried to end my life back in 2015. I'm in a good place now and I want to complain about a search.",
        "self_harm",
    ),
    (
        "my daughter used to self harm and in 2022 an officer made her show her arms at school. she is thriving now",
        "self_harm",
    ),
    (
        "when I rang 999 in January because my partner was hitting me it took them 2 hours. I was hiding in the "
        "neighbours shed. I'm safe now, he's gone.",
        "threat",
    ),
    ("A few years back I tried to end my life after being arrested. I'm in a much better place now.", "self_harm"),
    ("Ten years ago I took an overdose after a night in the cells. I survived and rebuilt my life.", "self_harm"),
]


@pytest.mark.parametrize(("text", "kind"), OVER_AND_WELL)
def test_a_crisis_that_is_over_and_well_is_not_urgent_but_keeps_its_kind(text: str, kind: str) -> None:
    found = assess(text)
    assert (found.level, found.over) == (NONE, kind)


def test_a_threat_told_only_of_years_ago_is_over_unless_a_word_says_now() -> None:
    found = assess("an officer pulled a gun on me in 2019 and nobody ever apologised")
    assert (found.level, found.over) == (NONE, "threat")
    assert assess("he pulled a knife on me in 2019 and he's outside now").urgent
    assert assess("my ex pulled a knife on me years ago and says he will do it again").urgent


@pytest.mark.parametrize(
    "text",
    [
        "I tried to kill myself last year and I'm fine now but I'm going to do it again tonight",
        "I tried to kill myself in 2020. I'm in a much better place now. But tonight I want to die again.",
        "my ex was jailed in 2019 and I was fine, but he's outside my door now",
        "i overdosed in 2019, i'm fine now, but i've got the pills out again",
        "i overdosed last year, im fine now. but ive got the pills out again tonight",
        "i tried to kill myself 2 years ago, im ok now but i want to die",
        # A clause after the all-is-well words that says now keeps its sentence whole: the crisis words are before it.
        "I took an overdose last year, I'm ok now but I've got the pills in my hand",
        "i tried to kill myself in 2020, im ok but tonight i want to end it",
    ],
)
def test_all_is_well_about_the_past_never_hides_a_crisis_now(text: str) -> None:
    assert assess(text).urgent


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("he still has nightmares", False),
        ("i still get flashbacks", False),
        ("still have the scar on my wrist", False),
        ("he still has nightmares and tonight he's on the bridge", True),
        ("i still have the pills in my hand", True),
        ("my shoulder still aches", False),
        ("her wrist is still sore", False),
        ("my head still hurts and i keep being sick", True),
        # Only "still" says the pain is what something over left behind: without it, a sore arm may be now.
        ("my arm is sore", True),
    ],
)
def test_what_something_over_left_behind_is_not_told_as_now(text: str, now: bool) -> None:
    assert told_as_now(text) is now


def test_not_being_here_for_an_inquest_to_come_is_told_as_now() -> None:
    # "Inquest" tells of a death that is over, but not in "I won't be here for the inquest".
    assert told_as_now("i won't be here for the inquest.")
    assert is_past_event("the inquest was in march")


def test_a_thing_found_is_not_a_person_found() -> None:
    # "Was found" tells of a search that is over, unless it is a door or a room found open or empty.
    assert is_past_event("he was found in the park")
    assert not is_past_event("the back gate was found open and his bed was found empty")


def test_brought_back_or_found_earlier_never_hides_danger_now() -> None:
    assert assess("the police brought him home and now he's not breathing").kind == "medical"
    assert assess("they found her really quickly last time but she's been missing 5 hours now").kind == "missing"


def test_a_sentence_told_now_after_a_complaint_about_the_past_counts() -> None:
    complaint = "I'm complaining about PC Hughes who shouted at me last month."
    assert (
        assess(f"{complaint} Also my 8 yr old hasn't come back from the shop, it's been over an hour").kind == "missing"
    )
    assert assess(f"{complaint} My son went missing. It was last year.").level == NONE


def test_someone_elses_overdose_in_a_cell_is_a_report_not_the_writers_crisis() -> None:
    assert assess("my daughter took an overdose in the cell").level == NONE
    assert is_custody_report("my daughter took an overdose in the cell")
    # Someone at home shouting at the writer, or calling them names, is not stepping away from the chat.
    assert not is_false_alarm("my dad is shouting at me")
    assert not is_false_alarm("my husband is calling me names")
    assert assess("brb my dads shouting at me hes got a knife").urgent
    # ... unless it is happening now.
    assert assess("my daughter has taken an overdose in the cell right now").kind == "other_at_risk"


@pytest.mark.parametrize("kind", ["threat", "medical", "missing", "self_harm", "other_at_risk"])
@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_first_reply_gives_999_and_press_55(kind: str, language: str) -> None:
    reply = of_kind(kind).reply(language)
    assert "999" in reply and "55" in reply and "must" not in reply


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hes outside with a knife, police are on their way", "threat"),
        ("my son collapsed and isnt breathing, the ambulance is coming", "medical"),
        ("my daughter is missing, ive called 999", "missing"),
    ],
)
@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_first_reply_after_999_was_called_says_so_and_still_gives_999_and_press_55(
    text: str, kind: str, language: str
) -> None:
    found = assess(text)
    assert (found.kind, found.help_called) == (kind, True)
    reply = found.reply(language)
    assert reply != of_kind(kind).reply(language)
    assert "999" in reply and "55" in reply and "must" not in reply


@pytest.mark.parametrize(
    "text",
    [
        "should i have called the police",
        "he said if i call the police hell kill me",
        "the police are coming to get me",
        "whats the point calling 999 they never come",
        # The danger on its way, not help; a call made before, so "call 999 now" is what they need.
        "hes on his way round with a knife",
        "mae e ar ei ffordd gyda chyllell",
        "i called 999 last week and now hes outside again",
    ],
)
def test_999_is_not_taken_as_called_when_it_was_not(text: str) -> None:
    assert not help_on_the_way(text)


def test_replies_fit_the_danger() -> None:
    assert "ambulance" in of_kind("medical").reply("en")
    assert "missing" in of_kind("missing").reply("en")
    assert "116 123" in of_kind("self_harm").reply("en") and "85258" in of_kind("self_harm").reply("en")
    assert "they" in of_kind("other_at_risk").reply("en").lower()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("child missing in the crowd at the match, 8 years old, blue football shirt", "missing"),
        ("his lips are blue", "medical"),
        ("he lost consciousness in the back of the van", "medical"),
        ("the cuffs were so tight my hand has gone cold and i cant feel my thumb", "medical"),
        ("our resident was not in her room at the midnight round", "missing"),
        ("we have looked all over the estate for him without success", "missing"),
        ("she went to the shop at six and never came back", "missing"),
        ("he didnt get home after they released him", "missing"),
        ("the officer never came back to me about my statement", None),
    ],
)
def test_loose_cues_hint_the_kind_without_mistaking_a_description(text: str, kind: str) -> None:
    assert kind_hint(text, "emergency") == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # "has" carries someone else's crisis as well as "is" and "says" do.
        ("she has been saving up her tablets and won't come out of the bathroom", "other_at_risk"),
        ("my son hasn't eaten for days and keeps giving his things away", "other_at_risk"),
        ("i have been saving up my tablets", None),
        # A farewell in someone else's words.
        ("my sister has just messaged 'look after the kids for me' and she isn't picking up", "other_at_risk"),
        ("i told my mum to look after the dog", None),
    ],
)
def test_a_crisis_the_classifier_found_is_someone_elses_when_the_words_are_about_them(text: str, kind: str) -> None:
    assert kind_hint(text, "self_harm") == kind


@pytest.mark.parametrize(
    ("text", "past"),
    [
        ("he pushed me over for no reason", True),
        ("the officer grabbed my arm and searched me", True),
        ("he hit me and he's still here", False),
        ("hes hitting me", False),
        ("he threatened me, please help", False),
        ("ive had about 30 of them since lunch", False),
        ("being followed by a van, it stops when I stop", False),
        # "Outside the pub" says where it happened, not that anyone is outside now (round 50); "outside my door" does.
        ("some copper shoved me against a wall outside the spoons in wakefield last night", True),
        ("he hit me and now hes outside the house", False),
        ("he hit me and waited outside my door", False),
    ],
)
def test_a_story_told_in_the_past_tense_is_told_apart_from_danger_now(text: str, past: bool) -> None:
    assert reads_as_past(text) is past


@pytest.mark.parametrize(
    "text",
    [
        "my 8 year old went missing at the fair and she's not home now",
        "my son is missing, he isn't safe now",
        "mae fy mab ar goll, dydy e ddim yn ddiogel nawr",
    ],
)
def test_not_safe_now_is_never_read_as_over(text: str) -> None:
    assert assess(text).kind == "missing"


@pytest.mark.parametrize("text", ["dw i ddim yn ddiogel nawr", "dydy e ddim yn iawn nawr", "dydy hi ddim yn saff rŵan"])
def test_welsh_not_safe_now_is_never_read_as_over(text: str) -> None:
    assert not is_past_event(text)


# Words that look like a finished story but say what is still to come: a goodbye, a death foretold,
# someone who has not come back, something an hour ago. The classifier's crisis guess must stand.
NOT_OVER = [
    "pretty sure this is the last time anyone hears from me",
    "my mate keeps saying he'll be dead by friday",
    "ma'n ffrind i'n gweud bydd e wedi marw erbyn dydd Gwener",
    "one of my students hasnt turned up and her phone is off",
    "my partner came home from the police station and has shut himself in the garage",
    "he's been gone since 6am with no coat, the last time they found him in a field",
    "he's kicking her in the hall rn, police didnt come last time",
    "tonights the night. they ignored me last year",
    "the police let my little brother go at 8 and he never came home",
    "my daughter never turned up at school and her phone is off",
    "ME HOME NOW MAN AT DOOR SHOUTING KICKING IT",  # BSL word order: "I am at home now"
]


@pytest.mark.parametrize("text", NOT_OVER)
def test_what_is_still_to_come_is_not_read_as_over(text: str) -> None:
    assert not is_past_event(text)


def test_a_past_marriage_is_then_unless_a_word_says_now() -> None:
    assert is_past_event("When we were married he threatened me with his baton. We're divorced now.")
    assert not is_past_event("When we were married he hit me. We're divorced now but he's outside right now.")


def test_over_is_still_over() -> None:
    assert is_past_event("he came home in the end")
    assert is_past_event("she's home now")
    assert is_past_event("mae e wedi marw")
    assert is_past_event("the last time I complained they lost it")
    assert is_past_event("stopped and searched for nothing, it happened to me again last week")
    assert is_past_event("my son went missing in March and the police did nothing")
    assert not is_past_event("he's doing it again in the kitchen, last week he broke my arm")


def test_an_hour_ago_is_now_for_a_report_from_custody() -> None:
    text = "my brother got out of custody two hours ago and said he's going to end it"
    assert not is_custody_report(text)
    assert is_custody_report("my daughter took an overdose in the cell")
    assert not is_custody_report("my daughter took an overdose in the cell an hour ago")


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("ive made my mind up ill be gone before the end of the month", True),
        ("and tonight hes written something and gone out without his phone", True),
        ("I have given my dog to my niece", True),
        ("I don't see a next month for me", True),
        ("the officer pushed me over last year", False),
        ("they kept me in a cell overnight", False),
        # Welsh "am" is "about", not "I am".
        ("mae hi isio cwyno am sut nath yr heddlu ei thrin hi", False),
    ],
)
def test_a_sentence_says_now_in_typed_words_too(text: str, now: bool) -> None:
    assert says_now(text) is now


@pytest.mark.parametrize(
    ("text", "well"),
    [
        ("he's got a bruise but he's fine", True),
        ("honestly I'm ok, just angry", True),
        ("i'm not ok", False),
        ("she's fine but he's still outside", False),
        ("I'm safe but furious", True),
        ("no rush at all, I just want to know my options", True),
        ("not sure she is safe", False),
        ("i hope he's ok", False),
        ("the nurse says she'll be fine", True),
        ("he will be fine if they let him have his inhaler", False),
        ("he's in hospital but stable", True),
        ("he's not stable", False),
        ("all sorted now, she rang from her friend's", True),
        ("he's locked up now so I'm not worried", True),
        ("he got stitches and he's healed up now", True),
        ("she's 23 now and doing great", True),
        ("I'm in a much better place now", True),
        ("nobody was hurt but it was reckless", True),
        ("he's been remanded, so we're all safe", True),
        ("mae hi'n llawer gwell rŵan", True),
        ("dwi ddim yn iawn", False),
        ("we're not safe", False),
        ("everyone's fine, just shaken", True),
        ("everyone's fine but he's still outside", False),
        ("I'm feeling much better", True),
        ("I'm doing a lot better these days", True),
        ("nothing's happened since but I'm nervous", True),
        ("I'm feeling calmer now I've decided", False),
        ("I'm feeling calmer", False),  # calm after a decision is a warning sign, never all is well
        ("I'm better off dead", False),
        ("hes alive and back at school now", True),
        ("ME OK NOW. WANT COMPLAIN.", True),  # as someone whose first language is BSL may write it
        ("me not ok now", False),
        ("it hasn't happened again but it's been on my mind", True),
        ("he's out of hospital and recovering at home", True),
        ("he's left me alone since", True),
        ("he's been sat outside my house all night", False),
        ("I got my life insurance sorted", False),
        ("he was recovering at home when he collapsed", False),
    ],
)
def test_a_sentence_can_say_all_is_well(text: str, well: bool) -> None:
    assert says_all_is_well(text) is well


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("im scared it gets back to him before anything happens", True),
        ("I'm really worried that word will get back to his mates.", True),
        ("scared it gets back to him", True),
        ("im scared it gets back to him and he comes round", False),
        ("im scared he finds out", False),
        ("it got back to him and now hes outside", False),
    ],
)
def test_a_sentence_can_be_only_the_fear_of_word_getting_back(text: str, only: bool) -> None:
    # Round 51: at "who was involved?", "im scared it gets back to him" was read as danger now and lost the questions.
    assert only_fears_word_getting_back(text) is only


def test_a_message_splits_into_sentences_and_then_clauses() -> None:
    assert parts_of("my dad is unconscious on the floor, the police were here last week") == []  # one sentence
    assert clauses_of("my dad is unconscious on the floor, the police were here last week") == [
        "my dad is unconscious on the floor, the police were here last week",
        "my dad is unconscious on the floor",
        "the police were here last week",
    ]
    with_and = clauses_of("They kept him in. He's home now and he's grey and says his chest hurts")
    assert "says his chest hurts" in with_and and "he's grey" not in with_and  # two words: too short alone


def test_a_long_message_with_no_sentences_is_read_in_overlapping_runs_that_reach_its_end() -> None:
    words = [f"w{i}" for i in range(30)]
    runs = runs_of_words(" ".join(words))
    assert runs[0].split() == words[:12] and runs[-1].split() == words[-12:]
    assert all(len(run.split()) == 12 for run in runs) and len(runs) == 4  # starts 0, 6, 12, 18
    assert runs_of_words("my dad is unconscious on the floor, the police were here last week") == []  # short
