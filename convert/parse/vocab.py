"""The words the parser knows, per language: months, weekdays, byline and role words, notes headings, caption leads, page furniture.

Only general vocabulary lives here — words any report in the language may use —
never a phrase of one document. The languages are English, French, German,
Spanish, Italian and Portuguese; every table is the union over them, since a
capture often mixes its language with the site's English labels.

Matching is on folded text (:func:`fold`): lower case, accents kept, curly
apostrophes straightened, runs of white space made one space.
"""

from __future__ import annotations

import re
import unicodedata

LANGUAGES = ("en", "fr", "de", "es", "it", "pt")


def fold(text: str) -> str:
    """Lower case with apostrophes and spaces normalised, for vocabulary look-ups."""
    text = text.replace("\u2019", "'").replace("\xa0", " ").replace("\u202f", " ")
    return " ".join(text.lower().split())


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


# --------------------------------------------------------------------------- dates

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"),
    "de": ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"),
}
# Abbreviations that are not simply the first three letters of a month name.
_MONTH_EXTRA = {"sept": 9, "févr": 2, "janv": 1, "avr": 4, "juil": 7, "déc": 12, "mär": 3, "okt": 10, "dez": 12, "ene": 1, "dic": 12,
                "gen": 1, "mag": 5, "giu": 6, "lug": 7, "ago": 8, "set": 9, "ott": 10, "fev": 2, "out": 10, "mrz": 3, "abr": 4}


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for names in MONTHS.values():
        for number, name in enumerate(names, 1):
            table.setdefault(name, number)
            table.setdefault(strip_accents(name), number)
            table.setdefault(name[:3], number)
            table.setdefault(strip_accents(name[:3]), number)
    for name, number in _MONTH_EXTRA.items():
        table.setdefault(name, number)
    return table


MONTH_NUMBER: dict[str, int] = _month_table()
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTH_NUMBER), key=len, reverse=True))

WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "lunes martes miércoles jueves viernes sábado domingo "
    "lunedì martedì mercoledì giovedì venerdì sabato domenica "
    "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo"
).split()
_WEEKDAY_ALT = "|".join(sorted((re.escape(w) for w in set(WEEKDAYS)), key=len, reverse=True))

# "Published", "Updated", … before a date; "Version 1.0, updated" counts too.
DATE_PREFIX = (
    r"(?:(?:date of |date )?publication(?: date)?|date published|publication date|published|updated|posted|released|"
    r"issued|dated|date|created|last (?:updated|modified|reviewed)|first published|verified|reviewed|"
    r"vérifié|geprüft|verificado|revisado|verificato|"
    r"date de (?:publication|mise à jour)|publié|mise? à jour|dernière mise à jour|"
    r"veröffentlichungsdatum|erscheinungsdatum|zuletzt aktualisiert|veröffentlicht|aktualisiert|stand|datum|"
    r"fecha de (?:publicación|actualización)|última actualización|publicado|actualizado|fecha|"
    r"data di (?:pubblicazione|aggiornamento)|ultimo aggiornamento|pubblicato|aggiornato|"
    r"data de (?:publicação|atualização)|última atualização|atualizado|data|em)"
)
# A time after a date: "10:30", "10h30", "10.30 am", "alle 10:30", "um 10:30 Uhr", "at 10:30".
DATE_TIME = r"(?:\s*(?:,|à|a las|alle|às|um|at|@|-)?\s*\d{1,2}[:h.]\d{2}(?::\d{2})?(?:\s*(?:am|pm|uhr|h))?)"

# The date itself: "October 17, 2016", "17 October 2016", "16 de março de 2018",
# "2017-07-18", "24-Aug-2018", "09/30/25", "Apr 2024", "13 MAY 2021".
DATE_CORE = (
    rf"(?:(?:{_WEEKDAY_ALT}),?\s+)?"
    rf"(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er|\.|º)?\s+(?:de\s+)?(?:{_MONTH_ALT})\.?,?\s+(?:de\s+)?\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:T\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|\d{{1,2}}-(?:{_MONTH_ALT})-\d{{4}}"
    rf"|\d{{4}}-(?:{_MONTH_ALT})-\d{{1,2}}"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}"
    rf"|(?:{_MONTH_ALT})\.?\s+\d{{4}})"
)

# --------------------------------------------------------------------------- front matter

# "By A and B", "Par A et B", "Von A und B", "Por A y B", "Di A e B".
BYLINE_WORDS = ("by", "par", "von", "por", "di", "de", "door", "av")
# Bylines of two words or more: "Written by", "Écrit par", "Verfasst von" …
BYLINE_PHRASES = (
    "written by", "words by", "report by", "posted by", "authored by", "prepared by", "écrit par", "rédigé par",
    "geschrieben von", "verfasst von", "escrito por", "redactado por", "scritto da", "redatto da", "escrito por",
    "redigido por", "elaborado por",
)
# Field names for authors: "Author:", "Authors:", "Auteurs :", "Autor:", "Autores:", "Autori:".
AUTHOR_FIELD = re.compile(
    r"^(?:authors?|auteur(?:e|s|es)?|autor(?:in|en|es|as|a)?|autori|autrice|written by|écrit par|geschrieben von|escrito por|scritto da)\s*:\s*",
    re.IGNORECASE,
)
# What follows a byline's authors and names people who are not authors.
NOT_AUTHOR_ROLES = re.compile(
    r"\b(?:edited|reviewed|translated|illustrated|photographed|interviewed|compiled|with contributions|"
    r"édité|édition|révisé|traduit|traduction|illustré|herausgegeben|bearbeitet|übersetzt|lektoriert|"
    r"editado|revisado|traducido|traducción|traduzido|tradução|edição|a cura|curato|tradotto|traduzione|rivisto)\b",
    re.IGNORECASE,
)
# Joiners between names: "and", "et", "und", "y", "e", "&".
NAME_JOINERS = re.compile(r"\s*,\s*(?:and|et|und|y|e|i|and/or)\s+|\s*,\s*|\s+(?:and|et|und|y|e|&)\s+|\s*&\s*|\s*;\s*", re.IGNORECASE)

# Words that make a line a person's role or affiliation.
ROLE_WORDS = re.compile(
    r"\b(?:fellow|director|professor|lecturer|analyst|researcher|research|president|chair(?:man|woman|person)?|"
    r"editor|officer|associate|advis[eo]r|scholar|economist|manager|head|chief|dean|ambassador|secretary|"
    r"minister|coordinator|consultant|specialist|expert|member|founder|partner|correspondent|journalist|"
    r"writer|author|student|candidate|lead|principal|deputy|executive|counsel|attorney|lawyer|scientist|"
    r"engineer|historian|strategist|staff|intern|ceo|cto|coo|vice|judge|university|institute|centre|center|"
    r"department|school|college|laboratory|agency|administration|ministry|office|council|board|foundation|"
    r"directeur|directrice|chercheur|chercheuse|professeur|université|institut|ministère|"
    r"direktor|direktorin|forscher|forscherin|professorin|universität|ministerium|"
    r"director|directora|investigador|investigadora|profesor|profesora|universidad|ministerio|"
    r"direttore|direttrice|ricercatore|ricercatrice|università|ministero|"
    r"diretor|diretora|pesquisador|pesquisadora|universidade|ministério|"
    r"président|présidente|vice-président|vice-présidente|secrétaire|conseiller|conseillère|chargé|chargée|"
    r"responsable|rapporteur|rapporteure|juge|avocat|avocate|maître de conférences|"
    r"präsident|präsidentin|vorsitzende|vorsitzender|leiter|leiterin|geschäftsführer|geschäftsführerin|"
    r"referent|referentin|richter|richterin|"
    r"presidente|presidenta|jefe|jefa|coordinador|coordinadora|juez|jueza|abogado|abogada|"
    r"coordinatore|coordinatrice|responsabile|giudice|avvocato|avvocata|"
    r"coordenador|coordenadora|juiz|juíza|advogado|advogada|responsável|chefe)\b",
    re.IGNORECASE,
)

# Words that make a line an organisation's name rather than a person's.
ORG_WORDS = re.compile(
    r"\b(?:trust|council|foundation|institute|institution|association|society|agency|ministry|department|university|"
    r"college|school|company|corporation|groups?|team|committee|board|office|bank|fund|networks?|alliance|coalition|"
    r"union|centre|center|project|services?|authority|commission|inspectorate|court|tribunal|parliament|"
    r"unit|division|observatory|bureau|directorate|secretariat|instituto|istituto|institut|force|"
    r"government|library|museum|hospital|laboratory|programme|program|partnership|inc|ltd|llc|gmbh|"
    r"conseil|fondation|association|université|ministère|agence|commission|direction|"
    r"stiftung|verein|verband|universität|ministerium|behörde|gesellschaft|"
    r"fundación|asociación|universidad|ministerio|consejo|fondazione|associazione|università|ministero|consiglio|"
    r"fundação|associação|universidade|ministério|conselho|"
    r"dirección|direção|direzione|departamento|dipartimento|secretaría|servicio|serviço|servizio|oficina|"
    r"ufficio|abteilung|referat|bundesamt|landesamt)\b",
    re.IGNORECASE,
)

# A case-blind alternation of a hundred words costs a few microseconds at
# each word it is tried on, about as much as the rest of a short line's
# rules. In ASCII text every match of either pattern is a whole run of word
# characters (the words are letters only; the words that hold a space or a
# hyphen hold a letter outside ASCII too, as do the only words case-blind
# matching could fold onto ASCII letters), so the pattern's ASCII words are
# looked up in a set instead: the same answer, several times quicker.
_WORD_RUN = re.compile(r"\w+")


def _words_of(pattern: re.Pattern) -> frozenset[str]:
    """Every ASCII word the pattern ``\\b(?:word|word|…)\\b`` matches, in lower case.

    The words may hold optional parts (``services?``, ``chair(?:man|woman)?``)
    and classes (``advis[eo]r``); anything else raises, so that a pattern
    written otherwise is noticed here rather than looked up wrong.
    """
    source = pattern.pattern
    if not (source.startswith("\\b(?:") and source.endswith(")\\b")):
        raise ValueError(f"not an alternation of words: {source[:40]!r}")
    words = _expand(source[len("\\b(?:") : -len(")\\b")])
    for w in words:
        if any(c in _FOLDS_TO_ASCII for c in w):
            raise ValueError(f"{w!r} matches ASCII text case-blind: the set of ASCII words would miss it")
        if w.isascii() and not w.isalpha():
            raise ValueError(f"{w!r} spans more than one run of word characters: no run would find it in the set")
    return frozenset(w.lower() for w in words if w.isascii())


# The letters outside ASCII that case-blind matching takes for ASCII letters
# ("İ", "ı", "ſ" and the Kelvin sign): a word holding one could match ASCII text.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def _expand(alternation: str) -> list[str]:
    """The strings an alternation of literal words matches (with ``(?:…)``, ``[…]`` and ``?``)."""
    out: list[str] = []
    for branch in _split_branches(alternation):
        forms = [""]
        k = 0
        while k < len(branch):
            c = branch[k]
            if branch.startswith("(?:", k):
                depth, end = 0, k
                while True:
                    depth += {"(": 1, ")": -1}.get(branch[end], 0)
                    if depth == 0:
                        break
                    end += 1
                options, k = _expand(branch[k + 3 : end]), end + 1
            elif c == "[":
                end = branch.index("]", k)
                options, k = list(branch[k + 1 : end]), end + 1
            elif c.isalpha() or c in " -'":
                options, k = [c], k + 1
            else:
                raise ValueError(f"unsupported pattern syntax {c!r} in {branch!r}")
            if branch[k : k + 1] == "?":
                options, k = options + [""], k + 1
            forms = [f + o for f in forms for o in options]
        out.extend(forms)
    return out


def _split_branches(alternation: str) -> list[str]:
    branches, depth, start = [], 0, 0
    for k, c in enumerate(alternation):
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == "|" and depth == 0:
            branches.append(alternation[start:k])
            start = k + 1
    return branches + [alternation[start:]]


def _has_word(pattern: re.Pattern, words: frozenset[str], text: str) -> bool:
    """``bool(pattern.search(text))`` for :data:`ROLE_WORDS` and :data:`ORG_WORDS` (``words``: the pattern's ASCII words)."""
    if not text.isascii():
        return pattern.search(text) is not None
    return not words.isdisjoint(_WORD_RUN.findall(text.lower()))


_ROLE_SET = _words_of(ROLE_WORDS)
_ORG_SET = _words_of(ORG_WORDS)


def has_role_word(text: str) -> bool:
    """The text holds a word of :data:`ROLE_WORDS` (a person's role or affiliation)."""
    return _has_word(ROLE_WORDS, _ROLE_SET, text)


def has_org_word(text: str) -> bool:
    """The text holds a word of :data:`ORG_WORDS` (an organisation's name)."""
    return _has_word(ORG_WORDS, _ORG_SET, text)


# --------------------------------------------------------------------------- headings and notes

# Headings over a notes list.
NOTES_HEADINGS = frozenset(
    fold(w)
    for w in (
        "notes", "footnotes", "endnotes", "end notes", "foot notes", "references", "reference list", "sources",
        "citations", "bibliography", "works cited", "literature cited", "notes and references", "references and notes",
        "notes and sources", "sources and notes",
        "notes de bas de page", "références", "bibliographie", "références bibliographiques",
        "anmerkungen", "fußnoten", "fussnoten", "endnoten", "quellen", "literatur", "literaturverzeichnis",
        "einzelnachweise", "referenzen", "quellenangaben", "belege",
        "notas", "notas al pie", "notas finales", "referencias", "bibliografía", "fuentes",
        "note", "note a piè di pagina", "riferimenti", "riferimenti bibliografici", "bibliografia", "fonti",
        "notas de rodapé", "referências", "fontes",
    )
)

# Whole lines that are the standard names of a report's sections.
SECTION_NAMES = frozenset(
    fold(w)
    for w in (
        "introduction", "conclusion", "conclusions", "summary", "executive summary", "abstract", "background", "overview",
        "acknowledgements", "acknowledgments", "appendix", "appendices", "references", "notes", "methods", "methodology",
        "results", "discussion", "recommendations", "glossary", "definitions", "scope", "purpose", "objectives",
        "resources", "further reading", "about the authors", "about the author", "copyright", "license", "licence",
        "introduction", "conclusion", "résumé", "synthèse", "contexte", "remerciements", "annexe", "annexes",
        "références", "glossaire", "définitions", "objectifs", "périmètre", "préambule", "bibliographie",
        "einleitung", "einführung", "zusammenfassung", "fazit", "hintergrund", "danksagung", "anhang", "glossar",
        "literatur", "ziele", "introducción", "conclusión", "conclusiones", "resumen", "antecedentes",
        "agradecimientos", "anexo", "anexos", "glosario", "referencias", "objetivos", "alcance", "bibliografía",
        "introduzione", "conclusione", "conclusioni", "sommario", "riepilogo", "contesto", "ringraziamenti",
        "appendice", "glossario", "obiettivi", "riferimenti", "introdução", "conclusão", "resumo",
        "agradecimentos", "apêndice", "glossário", "referências",
    )
)

# Sections of a paper that close it, after its body: the report's own text, never a page's footer.
CLOSING_SECTIONS = frozenset(
    fold(w)
    for w in (
        "competing interests", "conflict of interest", "conflicts of interest", "declaration of competing interest",
        "data availability", "data availability statement", "author contributions", "funding", "ethics statement",
        "code availability", "supplementary information", "supplementary material",
        "conflit d'intérêts", "conflits d'intérêts", "financement", "interessenkonflikt", "interessenkonflikte",
        "finanzierung", "conflicto de intereses", "financiación", "conflitto di interessi", "finanziamento",
        "conflito de interesses", "financiamento",
    )
) | SECTION_NAMES

# A heading that names a table of contents.
CONTENTS_WORDS = frozenset(
    fold(w)
    for w in (
        "contents", "table of contents", "on this page", "in this article", "index",
        "sommaire", "table des matières", "dans cet article", "inhalt", "inhaltsverzeichnis", "auf dieser seite",
        "índice", "contenido", "contenidos", "indice", "sommario", "sumário", "conteúdo",
        "in this page", "on this page:", "tabla de contenidos", "tabla de contenido", "índice de contenidos", "sumario",
        "en esta página", "en este artículo", "indice dei contenuti", "in questa pagina", "in questo articolo",
        "índice de conteúdos", "nesta página", "neste artigo", "table of content",
    )
)

# Caption leads: "Figure 3 – …", "Table 1.", "Source: …", in every language.
CAPTION_LEADS = (
    "figure", "fig", "figures", "table", "tables", "box", "chart", "map", "graph", "exhibit", "image", "photo", "picture",
    "illustration", "diagram", "source", "sources", "credit", "credits", "note", "notes", "infographic", "panel",
    "tableau", "graphique", "encadré", "carte", "schéma",
    "abbildung", "abb", "tabelle", "grafik", "quelle", "quellen", "foto", "bild", "karte", "kasten",
    "figura", "tabla", "gráfico", "cuadro", "fuente", "fuentes", "imagen", "mapa", "recuadro",
    "tabella", "grafico", "fonte", "fonti", "immagine", "riquadro",
    "tabela", "quadro", "imagem",
)
# Leads that make a caption with no number: "Source: …", "Photo: …".
CAPTION_UNNUMBERED = frozenset(
    ("source", "sources", "credit", "credits", "photo", "image", "quelle", "quellen", "fuente", "fuentes", "fonte", "fonti",
     "foto", "bild", "imagen", "imagem", "immagine", "illustration", "crédit", "crédits", "photo credit")
)

# Caption leads that name a table ("Table 2 –", "Tableau 1.", "Cuadro 3:"): such a caption goes with the table next to it.
CAPTION_TABLE_LEADS = frozenset(
    ("table", "tables", "tableau", "tabelle", "tabla", "cuadro", "tabella", "tabela", "quadro", "exhibit")
)
# Caption leads that qualify what stands above them ("Source: …", "Note: …"): under a table, they are its source.
CAPTION_SOURCE_LEADS = frozenset(
    ("source", "sources", "note", "notes", "credit", "credits", "quelle", "quellen", "fuente", "fuentes", "fonte",
     "fonti", "crédit", "crédits")
)

# Words a heading cannot end with: a line that stops at one breaks off mid-heading.
JOINING_WORDS = frozenset(
    (
        "of the and a an to in for on with from by at about into over under between against through without within "
        "as or nor but its their our your"
    ).split()
    + "de du des la le les et à au aux en pour par sur dans avec sans entre vers".split()
    + "der die das des und für von zu im am an auf mit über unter zwischen".split()
    + "del el los las y para por con sin sobre".split()
    + "di della dei delle e per su tra fra il lo".split()
    + "do da dos das em com sem o os as".split()
)

# --------------------------------------------------------------------------- page furniture

# Button labels: furniture wherever they stand alone, in the body too.
BUTTON_LINES = frozenset(
    fold(w)
    for w in (
        "share", "share this", "share this page", "print", "print this page", "back to top", "return to top",
        "read more", "learn more", "find out more", "continue reading", "lire la suite", "en savoir plus",
        "weiterlesen", "mehr erfahren", "mehr lesen", "leer más", "saber más", "seguir leyendo", "leggi di più",
        "scopri di più", "continua a leggere", "saiba mais", "leia mais", "continuar lendo", "partager", "imprimer",
        "retour en haut", "haut de page", "teilen", "drucken", "nach oben", "compartir", "imprimir", "volver arriba",
        "condividi", "stampa", "torna su", "partilhar", "compartilhar", "voltar ao topo",
        # a blog platform's and a campaign site's buttons
        "follow", "listen", "donate", "donate now", "log in", "sign in", "create account", "open in app",
        "get the app", "faire un don", "spenden", "jetzt spenden", "donar", "dona ora", "doar",
        # a journal page's links after each reference
        "google scholar", "pubmed", "pubmed central", "crossref", "scopus", "web of science", "download references",
        "download citation",
    )
)
# Whole lines that are page furniture, in any of the languages.
FURNITURE_LINES = BUTTON_LINES | frozenset(
    fold(w)
    for w in (
        "share", "share this", "share this page", "share on twitter", "share on facebook", "share on linkedin", "print",
        "print this page", "email", "download", "download pdf", "download the pdf", "return to top", "back to top", "top",
        "skip to content", "skip to main content", "skip navigation", "menu", "main menu", "search", "close", "open menu",
        "home", "related", "related topics", "related articles", "related content", "related posts", "see also", "tags",
        "topics", "filed under", "categories", "category", "subscribe", "sign up", "newsletter", "follow us",
        "read more", "learn more", "find out more", "continue reading", "lire la suite", "en savoir plus",
        "weiterlesen", "mehr erfahren", "mehr lesen", "leer más", "saber más", "seguir leyendo", "leggi di più",
        "scopri di più", "continua a leggere", "saiba mais", "leia mais", "continuar lendo",
        "about the author", "about the authors", "à propos de l'auteur", "à propos des auteurs", "über den autor",
        "über die autorin", "über die autoren", "sobre el autor", "sobre los autores", "sobre o autor", "sobre os autores",
        "l'autore", "gli autori", "sull'autore",
        "is this page useful?", "was this page useful?", "is this page helpful?", "report a problem with this page",
        "report a problem", "give feedback", "feedback", "yes", "no", "accept", "reject", "accept all", "reject all",
        "cette page vous a-t-elle été utile ?", "cette page vous a-t-elle été utile", "cette page vous a-t-elle aidé ?",
        "war diese seite hilfreich?", "ist diese seite hilfreich?", "¿le ha resultado útil esta página?",
        "¿te ha resultado útil esta página?", "¿le ha sido útil esta página?", "¿fue útil esta página?",
        "questa pagina ti è stata utile?", "questa pagina è stata utile?", "esta página foi útil?",
        "esta página foi útil para você?", "oui", "non", "ja", "nein", "sí", "si", "sì", "sim", "não",
        "partager la page", "partager cette page", "seite teilen", "diese seite teilen", "compartir página",
        "compartir esta página", "condividi la pagina", "condividi questa pagina", "compartilhar página",
        "compartilhe esta página", "share this page",
        "open access", "peer-reviewed", "peer reviewed", "free access", "edit this page", "suggest an edit", "edit on github",
        "view on github", "page source", "view source", "cookie settings", "accept cookies", "was this page helpful?",
        "twitter", "facebook", "linkedin", "whatsapp", "telegram", "reddit", "mastodon", "bluesky", "threads",
        "comments", "comment", "leave a comment", "leave a reply", "reply", "copy link", "more", "restacks",
        "discussion about this post", "discussion about this article", "commentaires", "kommentare", "comentarios",
        "commenti", "comentários",
        "compartilhe", "partagez", "partagez cet article", "comparte", "compártelo", "condividi questo articolo",
        "share this article", "share this post", "share this story",
        "metrics", "metrics details", "article metrics", "google scholar", "pubmed", "pubmed central", "crossref",
        "scopus", "web of science", "cas", "download references", "download citation", "cite this article",
        "reprints and permissions", "rights and permissions", "about this article", "share this article",
        "partager", "imprimer", "télécharger", "retour en haut", "haut de page", "aller au contenu", "rechercher",
        "accueil", "catégories", "étiquettes", "mots-clés", "voir aussi", "articles liés", "proposer des modifications",
        "teilen", "drucken", "herunterladen", "nach oben", "zum inhalt", "suche", "startseite", "schlagwörter",
        "kategorien", "verwandte themen", "zurück zur übersicht", "zurück",
        "compartir", "imprimir", "descargar", "volver arriba", "ir al contenido", "buscar", "inicio", "etiquetas",
        "categorías", "temas relacionados",
        "condividi", "stampa", "scarica", "torna su", "vai al contenuto", "cerca", "categorie", "argomenti correlati",
        "partilhar", "compartilhar", "baixar", "voltar ao topo", "ir para o conteúdo", "pesquisar", "início", "categorias",
        "temas relacionados",
    )
)

# Labels of a page's tag list: "Tags: transport, cities, rail" is furniture when
# what follows the label is a list of short terms.
TAG_LABELS = frozenset(
    fold(w)
    for w in (
        "tags", "tagged", "tagged with", "topics", "categories", "category", "filed under", "posted in", "related topics",
        "étiquettes", "catégories", "thèmes", "sujets", "schlagwörter", "kategorien", "themen", "etiquetas",
        "categorías", "temas", "categorie", "argomenti", "tag", "categorias", "assuntos",
    )
)

# Short navigation lines: "Back to all guides", "Related articles", "Zurück zur Übersicht",
# "Guías relacionadas", "À lire aussi" … (a whole line of seven words or fewer).
NAVIGATION = re.compile(
    r"^(?:back to|return to|go back to|go to|more from|more on|see more|see all|view all|further reading|"
    r"you (?:may|might) also like|recommended (?:reading|for you)|"
    r"related (?:articles|posts|content|guides|topics|reading|resources|links|pages|stories|publications|news|items|reports)|"
    r"zurück zu[rm]?|mehr zu[mr]?|verwandte (?:artikel|anleitungen|beiträge|themen|inhalte)|ähnliche (?:artikel|beiträge)|siehe auch|"
    r"retour (?:à|au|aux|vers)|revenir (?:à|au|aux)|voir (?:tous|toutes|aussi|plus)|à lire aussi|lire aussi|"
    r"(?:articles?|guides?|contenus?|publications?) (?:liée?s?|associée?s?|similaires)|"
    r"volver a[l]?|regresar a[l]?|ver (?:todos|todas|más|también)|lea también|"
    r"(?:artículos?|guías?|contenidos?|publicaciones?|guias?|artigos?|conteúdos?) relacionad[oa]s?|"
    r"torna(?:re)? (?:a|al|alla|alle|ai)|vedi (?:anche|tutti|tutte)|(?:articoli|guide|contenuti) correlat[ie]|"
    r"voltar (?:para|a|ao|à)|veja (?:também|mais|todos)|leia também)\b",
    re.IGNORECASE,
)

# A sharing button with its network: "Share this via Facebook", "Share on X", "Partager sur LinkedIn".
_NETWORKS = r"(?:facebook|twitter|x|linkedin|email|e-mail|whatsapp|telegram|reddit|mastodon|bluesky|threads|pinterest|xing)"
SHARE_LINE = re.compile(
    r"^(?:share(?: this)?(?: page| article| post| story| report)?(?: via| on| to| with| by)?|partager(?: sur| par| via)?|"
    r"teilen(?: auf| per| via)?|compartir(?: en| por| vía)?|condividi(?: su| via| per)?|compartilhar(?: no| na| por| via)?|"
    rf"partilhar(?: no| na| por| via)?)\s+{_NETWORKS}$",
    re.IGNORECASE,
)
# What a page counts under its posts ("2.1K Followers", "34 comments").
COUNTER_WORDS = (
    "followers", "following", "likes", "claps", "comments", "responses", "views", "shares", "reads", "reactions",
    "accesses", "citations", "downloads", "altmetric", "mentions", "readers", "saves", "restacks", "reposts",
    "abonnés", "commentaires", "vues", "kommentare", "aufrufe", "seguidores", "comentarios", "comentários",
    "visualizaciones", "commenti", "visualizzazioni",
)
# An invitation to subscribe to the site: "Subscribe to The Ledger", "Sign up for our newsletter".
SUBSCRIBE_PROMPT = re.compile(
    r"^(?:subscribe|sign up|register) (?:to|for|now)\b|^(?:abonnez-vous|inscrivez-vous) (?:à|au)\b|^(?:abonnieren sie|jetzt abonnieren)\b|"
    r"^(?:suscríbete|suscribirse) a\b|^(?:iscriviti|abbonati) (?:a|alla|al)\b|^(?:inscreva-se|assine) (?:na|no|a|o)\b",
    re.IGNORECASE,
)
# The platform's publication line: "Published in …", "Posted in …", "Publié dans …".
PUBLISHED_IN = re.compile(
    r"^(?:published|posted|filed) (?:in|under) \S|^(?:publié|paru) dans \S|^veröffentlicht in \S|^publicado en \S|"
    r"^pubblicato (?:in|su) \S|^publicado (?:em|no|na) \S",
    re.IGNORECASE,
)

# Kinds of document a page names over a title as its kicker ("Report", "Policy brief", "Analyse").
GENRE_WORDS = frozenset(
    fold(w)
    for w in (
        "report", "brief", "policy brief", "issue brief", "research", "research article", "research paper", "article",
        "analysis", "commentary", "opinion", "op-ed", "essay", "feature", "explainer", "blog", "blog post", "news",
        "press release", "statement", "guidance", "guide", "working paper", "white paper", "discussion paper",
        "fact sheet", "factsheet", "interview", "review", "case study", "testimony", "speech", "editorial",
        "perspective", "letter", "publication", "dispatch", "q&a", "podcast", "backgrounder", "in depth",
        "rapport", "note", "analyse", "tribune", "étude", "publication", "communiqué de presse", "fiche", "dossier",
        "bericht", "studie", "kommentar", "artikel", "leitfaden", "stellungnahme", "pressemitteilung", "hintergrund",
        "informe", "análisis", "artículo", "estudio", "opinión", "guía", "comunicado", "rapporto", "analisi",
        "articolo", "studio", "commento", "guida", "relatório", "análise", "artigo", "estudo", "opinião", "guia",
    )
)

# Phrases that make a line furniture wherever they appear in it.
FURNITURE_PHRASES = re.compile(
    r"\b(?:an official website of|official website of|official websites use|site officiel|offizielle website|"
    r"sitio (?:web )?oficial|sito ufficiale|site oficial|here'?s how you know|skip to (?:main )?content|"
    r"all rights reserved|tous droits réservés|alle rechte vorbehalten|todos los derechos reservados|"
    r"tutti i diritti riservati|todos os direitos reservados|licensed under|sous licence|lizenziert unter|"
    r"bajo licencia|made with|powered by|built with|cookies?|privacy policy|terms of use|open government licen[cs]e|"
    r"politique de confidentialité|datenschutz|impressum|mentions légales)\b",
    re.IGNORECASE,
)
# Substrings one of which every furniture phrase holds (lower case): a quick test before the pattern.
FURNITURE_STEMS = (
    "offici", "how you know", "skip to", "reserv", "vorbehalt", "licen", "lizenz", "made with", "powered by",
    "built with", "cookie", "privacy", "terms of", "confidentialit", "datenschutz", "impressum", "mentions",
)
COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4})", re.IGNORECASE)
# Site-name lines: a bare domain.
DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/?$", re.IGNORECASE)
# Breadcrumb separators.
BREADCRUMB = re.compile(r"\s(?:»|›|>|→)\s")
BREADCRUMB_NO_GUILLEMET = re.compile(r"\s(?:›|>|→)\s")
# Weaker separators: a breadcrumb only with three parts or more.
BREADCRUMB_WEAK = re.compile(r"\s(?:/|\||·)\s")
# A line's opening as a link offering the report in another form.
LINK_LINE = re.compile(
    r"^(?:(?:view|download|read|open|get|see)\s+(?:the\s+)?(?:full\s+)?(?:text|report|pdf|document|publication|brief|paper)"
    r"|(?:full\s+)?(?:report|text)\s*\(?pdf\)?|pdf(?:\s+version)?|download"
    r"|(?:télécharger|voir|lire)\s+(?:le\s+|la\s+)?(?:pdf|rapport|document)|(?:pdf|bericht|dokument)\s+herunterladen"
    r"|(?:descargar|ver)\s+(?:el\s+)?(?:pdf|informe|documento)|(?:scarica|vedi)\s+(?:il\s+)?(?:pdf|rapporto|documento)"
    r"|(?:baixar|ver)\s+(?:o\s+)?(?:pdf|relatório|documento))\b(?:[^.]|(?<=\d)\.(?=\d)){0,40}$",
    re.IGNORECASE,
)
# A line that is only a DOI or a URL.
URL_LINE = re.compile(r"^(?:https?://|doi:\s*|www\.)\S+$", re.IGNORECASE)

# --------------------------------------------------------------------------- language detection

# Frequent short words that tell the languages apart (each word belongs to one list only).
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to is that for with are this be was it by from which have not or were has been their".split()),
    "fr": frozenset("le les des et est une dans pour du au qui sur pas ce cette sont avec elle nous vous aux par ces ont être été leur".split()),
    "de": frozenset("der die und das ist nicht mit den von zu sich ein eine für auf dem wird werden sie im auch einer oder bei nach".split()),
    "es": frozenset("el los las y más pero sus muy también hay está están cuando según sin ya hasta pueden puede estos fue".split()),
    "it": frozenset("il di che della sono gli non nel per dei delle alla come anche questo questa è nella degli dalla sul sulla più tra loro essere".split()),
    "pt": frozenset("os não uma em do dos ao aos são é seu sua seus suas pelo pela pelos pelas também um às já isso essa esse foram onde até após nas com muito ainda".split()),
}
