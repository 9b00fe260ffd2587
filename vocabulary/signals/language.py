"""Is a message written in Welsh, or asking for Welsh or English?"""

from __future__ import annotations

import re
import unicodedata

from vocabulary.safety.danger import normalise

# Common Welsh words, including greetings, yes/no forms and everyday southern and northern speech.
_WELSH = set(
    """
    a ac am ar at beth ble bod bore cwyn cwyno cymraeg da dw dwi dydw dyw ei eich eisiau fe fi fy
    ga gallaf gallwch gan gen gyda heddlu helo hoffwn i'r iawn lle mae mewn na nad neu nhw nid os
    pam pan plis plîs prynhawn rhywun rydw rydych sgwrs siarad sut swyddog swyddogion syr
    wedi wnaeth wnes wrth y yn yr ydw ydych ydy yma ymddiheuro diolch hwyl gwneud gymraeg gael cael
    shwmae shw s'mae sut'dach noswaith hwyl fawr wela nes mlaen tro nesa nawr rŵan cwbl ydw yndi
    oes cewch ie ia cywir gwnewch dyna dyma nac naddo nage byth sa credu dim hynna gadewch byd wir
    felly chi ti gyd gyd bawb rhaid fynd mynd calon waelod wybodaeth ateb gyflym te tad bendant lyfli
    'ma 'na 'ta ta-ta gyda'r efo isio moyn ishe angen help helpu plîs gofyn gwybod eisie sori
    be wyt ydy ydy'r hwn hyn sy sy'n pwy ai tu ôl ma esbonia neud maen ystyr rhif ffôn rhowch
    cyfeiriad e-bost llythyr manylion cyswllt ba galla gysylltu â atoch alla ysgrifennu dileu popeth
    amdana breifat dach defnyddio nata sïon plismon lladd dyn glywes wahardd ddamwain hynny pryd gawn
    canlyniad ymchwiliad digwyddiad gwyno ran merch ferch mab stopiwch ofyn canslwch gad fod anghofia
    gŵyn rhagor cwestiynau gorau stopia fanna gyfrifiadur berson go rhedeg union ti'n dw i'w yw
    neu'n be'n 'di 'dw roi'r i'n chi'n dwi'n mi ni nhw'r ein eu hi fo fe'i ga'i cwynion
    i ddim mae'r eto arno arni ata aton rywun hapus anhapus edrych anfon negeseuon rhywiol chanlyniad
    nghwyn natganiad datganiad gymerodd ddigwyddodd digwydd heddwas heddweision ddoe wythnos llynedd
    """.split()
)
# Words that are common in English messages too ("a", "i", "am", "dim", "bore"...) never count alone.
_SHARED = {
    "a",
    "am",
    "at",
    "i",
    "fe",
    "fi",
    "na",
    "os",
    "plis",
    "da",
    "y",
    "bore",
    "dim",
    "te",
    "ie",
    "ia",
    "sa",
    "tad",
    "chi",
    "ti",
    "nes",
    "help",
    "sori",
    "ta-ta",
    "'ta",
    "'na",
    "'ma",
    "be",
    "go",
    "ma",
    "ai",
    "ran",
    "ba",
    "mi",
    "ni",
    "hi",
    "fo",
    "ein",
    "eu",
    "dyn",
    "mab",
}
_WELSH_PHRASES = re.compile(r"\b(bore da|prynhawn da|noswaith dda|nos da|shw mae|sut mae|dim diolch|iawn te)\b")
_ASKS_WELSH = re.compile(r"\b(cymraeg|gymraeg|welsh|yn gymraeg)\b")
_ASKS_ENGLISH = re.compile(r"\b(english|saesneg)\b")


def looks_welsh(text: str) -> bool:
    """True when most of the message's words are Welsh (or it names Cymraeg)."""
    words = re.findall(r"'?[^\W\d_]+(?:'[^\W\d_]*)?", normalise(text))
    if not words:
        return False
    welsh = [w for w in words if w in _WELSH]
    distinctive = [w for w in welsh if w not in _SHARED]
    if "cymraeg" in words or "gymraeg" in words or _WELSH_PHRASES.search(normalise(text)):
        return True
    if len(words) <= 4 and distinctive and len(welsh) >= 0.5 * len(words):
        return True  # short replies: "diolch", "ydw, plis", "bore da"
    return len(distinctive) >= 2 and len(welsh) >= 0.4 * len(words)


def language_asked_for(text: str) -> str | None:
    """'cy' or 'en' when the message asks for a language, else None."""
    normal = normalise(text)
    if _ASKS_ENGLISH.search(normal):
        return "en"
    if _ASKS_WELSH.search(normal) or looks_welsh(text):
        return "cy"
    return None


# Words of the languages most written in England and Wales after English and Welsh, in the Latin script and
# without accents (Polish, Romanian, Portuguese, Spanish, Italian, French, Lithuanian, Latvian, Turkish,
# Somali, Hungarian, Albanian, Czech, Slovak, German, Tagalog, Vietnamese, Kurdish, and Urdu, Hindi, Panjabi
# and Bengali typed in Latin letters). Only words an English message would not use: never "a", "me",
# "main", "most", "van", "ma" or "police".
_OTHER_LANGUAGE = set(
    """
    jestem sie moj moja moje mojego mnie nie czy policja policji policjant policjanta chce zlozyc skarge skarga
    skargi prosze dzien dobry dziekuje byl byla przez tylko corka maz pomocy teraz juz gdzie dlaczego ktory ktora
    bardzo jego jej dla este sunt meu mea vreau politia politiei plangere acum ajutor fost copilul fiul fiica sotul
    sotia unde cand pentru despre foarte buna ziua multumesc minha filho filha quero fazer queixa reclamacao nao
    estou obrigado obrigada ajuda socorro agora ele ela foi tambem uma muito onde quando porque ola quiero hacer
    queja policia hijo hija ahora estoy gracias hola buenos dias los que muy donde pero esposo marido novio usted
    voglio denuncia reclamo polizia mio figlio aiuto adesso sono grazie ciao buongiorno della perche anche molto je
    veux plainte fils fille aidez maintenant suis est merci bonjour une avec pas tres pourquoi mais aussi moi vous
    nous c'est j'ai policijos noriu skunda mano sunus dukra vyras zmona padekite dabar yra buvo kaip labas aciu
    prasau gribu sudzibu dels meita palidziet tagad paldies sveiki ludzu istiyorum sikayet benim oglum kizim yardim
    simdi bir icin cok merhaba tesekkur ederim nasil nerede degil waxaan rabaa booliska wiil wiilkayga gabadhayda
    hooyo caawimaad hadda waa iyo waxa kayga fadlan mahadsanid rendorseg panaszt szeretnek fiam lanyom segitseg
    vagyok koszonom napot hogy egy dua policise ankese djali vajza ndihme tani eshte dhe faleminderit nuk chci chcem
    stiznost staznost policie dcera jsem som neni dekuji dakujem prosim ahoj ich mochte beschwerde polizei mein
    meine sohn tochter hilfe jetzt ist und nicht danke bitte warum ako reklamo pulis anak tulong ngayon ang mga
    salamat toi muon khieu nai canh giup gio xin chao cua khong dixwazim alikari kure keca niha silav mera meri
    mujhe hai hain nahi nahin kya raha rahi gaya gayi thi aur bhai beti abhi shikayat karni karna chahta chahti
    madad bohat bahut kaise kahan kyun assalam alaikum hoon tusi mainu sanu amar ami amake korchi korbo kore ekhon
    chele meye keno kothay apni apnar dhonnobad jak roku mowi ktos kims zrobic mamy syna zmarl drzwi nigdy zeby
    mozna moge moze tego wiec zabije noz oddycha areszcie aresztowaniu zglosic policje policjanci anul trecut
    fratele tatal murit dupa putem stiu barbat strada frica cazut raspunde baiatul ani disparut gasesc niciun rost
    prietena luat multe pastile vorbesc persoana vecinul masina ieri seara inchis telefonul acasa singura cutit usii
    lesinat buzele nimic poate trebuie ceva como faco reclamar aqui ano passado fui tem saiu sabemos tomei desculpa
    namorado esta dizendo vai pular alguem fale preciso roubaram celular semana plazo quejarse paso hace meses
    detuvieron agente encima podia respirar presentar hermano hermana dejaron despues quien acudimos pegando calle
    amigo suelo hago perdido puedo puente saltar cortando morir encuentro gritando matar madre padre mesi trattato
    avevo preso pillole sto c'e uomo dieci minuti paura svenuta respira marito spinto contro muro sangue ovunque
    nonna uscita stamattina tornata anni stanotte risponde sento peso tutti stasera faccio finita detto ammazza
    macchina sparito qualcuno rubato porta giorni contre policier qu'il faut ecrire voisin tuer couteau devant
    policiers l'ont sol bouge peine fait malaise arrestation terre quoi ans disparu depuis matin personne l'a vue
    vient m'ecrire jeter sous rentree eteint et qui praejusia savaite sulaike kad turiu peili neturejau labai grubus
    skustis draugas samones lupos melynos nukrito nekvepuoja padekit drauge sako nusizudys ji tilto nebegaliu
    nusizudyti galiu kalbeti zmogumi lietuviskai rendorok tavaly nyaron hivtak tolmacsot amikor kihallgattak tenni
    baratom itt ajto elott azt mondja megol ferjem osszeesett reagal eltunt nagymamam reggel ota nincs birom tovabb
    mindenkinek lenne nelkulem irta veget mindennek kerek beszelek jol angolul szomszed merek kimenni bezarkoztam
    furdobe hakkinda gecen beni sebepsiz yere durdurup aradi etmek annem gozaltindayken oldu yapmamiz gerekiyor
    bicakla kapimizin onunde bagiriyor yapayim kardesim nefes alamiyor dudaklari morardi kayboldu yasinda parkta
    oynuyordu bulamiyoruz artik yasamak istemiyorum elimde haplar kocam balkonda atlayacagini soyluyor turkce bilen
    biriyle konusabilir miyim komsum arabama zarar verdi yapmaliyim babam biri takip ediyor elinde bicak gordum
    wixii dhacay sanadkii weli cabasho gudbin karaa booliisku bishii xun ayay dhaqmeen inaan gudbiyo wiilkeygii
    wuxuu dhintay xabsiga maxaan sameeyaa ninkeyga ayuu garaacayaa carruurtu ooyayaan wiilkeyga wuu suuxay
    neefsanayo rabo noolaado waan daalay walaalkay leeyahay dilayaa jiraa qof hadla caawin ninkaygii caruurtu ila
    joogaan aabahay trajtoi keq kur arrestuan muajin kaluar bej ime vjec humbur gjejme nga shoku vrase veten sonte
    pergjigjet burri deres thike thote brenda femijet minuly mesic policista strcil zem nemocnici dobre stezovat
    nemuzu sebe prasky skoncit zatknuti povedal prave odisiel domu liekmi trai noi dao giat tren naxwazim edi bijim
    pire nagnakaw noong isang linggo kal raat kisi gari sheesha diya kuch chori hua lagta sab baghair behtar rahenge
    aaj khatam dunga mara muh jhaag bari keu dhukte chaiche janala bhanchhe choto theke fereni bondhu bolche debe
    dhorche bhalo bolte pari bangla parbe dhore niye gechilo ferot eseche bomi korche mathay chot peyeche ghumiye
    dakle jagche ana khalas wallah inshallah yalla baddi bidi
    ktir bdi jawzi barra mout salam abadan el magyarul szepen walaal beaucoup votre aide phien dich tieng keni
    perkthyes shqip heli turjumaan soomaali bikim gili werger heye pewistiya
    """.split()
)
# English words nearly every English message has one of; a message with as many of these as foreign words is
# read as English (names, a foreign greeting or a quoted phrase do not make it another language).
_ENGLISH = set(
    """
    the and my is was he she they to of you it in on at this that with have has not what how can i me we our
    your for from be are were been do did want please help police officer complain complaint who why when
    where will would could just no yes im i'm its it's his her them him there here
    """.split()
)
# Letters with marks neither English nor Welsh uses (Welsh has the circumflex and the diaeresis; English borrows
# the acute and the grave in "café" or "à la carte").
_OTHER_LETTERS = re.compile(
    "[ąęłńśźżćășțşţãõçñğıőűėųūčšžřůěďťňľĺŕāēīģķļņđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹßøæåœ]"
)
# Arabic typed in Latin letters writes some sounds as digits inside a word ("wa7ed", "ma3o", "sa2al"); English
# text-speak puts them at an end ("gr8", "2day", "any1").
_ARABIC_IN_LATIN_LETTERS = re.compile(r"\b[a-z]+[235679][a-z]+\b")
# Letters of the Latin script; any other script (Arabic, Cyrillic, Bengali, Gurmukhi, Chinese...) is
# another language, as English and Welsh are written only in this one.
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")


def without_accents(text: str) -> str:
    """The text with accents dropped ("ffôn" -> "ffon", "się" -> "sie")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def looks_other_language(text: str) -> bool:
    """True when a message is written in a language other than English or Welsh: mostly in another script,
    or in Latin letters with words of another language (by the word or by its letters) and fewer English ones."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if sum(bool(_LATIN.match(c)) for c in letters) < 0.5 * len(letters):
        return True
    if looks_welsh(text):
        return False
    normal = normalise(text)
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", normal)
    foreign = [w for w in words if without_accents(w) in _OTHER_LANGUAGE or _OTHER_LETTERS.search(w)]
    foreign += _ARABIC_IN_LATIN_LETTERS.findall(normal)
    english = [w for w in words if w in _ENGLISH]
    return len(set(foreign)) >= 2 and len(english) < len(foreign)
