"""Signatories: people the text says signed the agreement, with their role and organisation."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extract.analysis import Analysed, cues, has_term, lemma_key
from pipeline.lang.gazetteer import municipality
from pipeline.lang.resources import load_yaml
from pipeline.record import Signatory



@lru_cache(maxsize=1)
def _block_label() -> re.Pattern:
    """A signature-block label and its value, up to the next label, a cell border or a line end."""
    c = cues()["signing"]
    labels = sorted([*c["block_labels"], c["place_and_date"]], key=len, reverse=True)
    alts = "|".join(re.escape(w) for w in labels)
    return re.compile(
        rf"(?<![\wåäö])({alts})\s*:\s*(.*?)\s*(?=(?:\|\s*)?(?<![\wåäö])(?:{alts})\s*:|\||\n|$)", re.I)


@lru_cache(maxsize=4096)
def is_signing(text: str) -> bool:
    """The sentence says the agreement (not a letter or a petition) was signed; several
    rules ask it of the same sentences."""
    c = cues()["signing"]
    low = text.lower()
    if not (has_term(lemma_key(text), c["verbs"]) or _split_verb(low)):
        return False
    return any(o in low for o in c["objects"]) and not any(o in low for o in c["not_objects"])


@lru_cache(maxsize=1)
def _split_verb_pattern() -> re.Pattern:
    verbs = "|".join(re.escape(v) for v in cues()["signing"]["split_verbs"])
    return re.compile(rf"\b(?:{verbs})\b.{{1,160}}\bunder\b")


def _split_verb(low: str) -> bool:
    """"skrev kommunalrådet och polischefen under": the signatories between verb and particle."""
    return bool(_split_verb_pattern().search(low))


def _people_in(sentence) -> list:
    """PERSON spans of a sentence, leaving out photo and text credits ("Foto: Bo Åkesson")."""
    credit_at = None
    low = sentence.text.lower()
    for label in cues()["signing"]["credit_labels"]:
        k = low.find(label)
        if k >= 0 and label.strip().endswith(":"):
            credit_at = k if credit_at is None else min(credit_at, k)
    people = []
    for ent in sentence.ents:
        if ent.label_ != "PERSON":
            continue
        if credit_at is not None and ent.start_char - sentence.start_char >= credit_at:
            continue
        people.append(ent)
    return people


def _signature_lines(a: Analysed, block: int) -> list:
    """Short blocks right after a signing sentence that each start with a person's name."""
    found = []
    for doc in a.docs[block + 1:block + 8]:
        ents = [e for e in doc.ents if e.label_ == "PERSON"]
        if not ents or ents[0].start != 0 or len(doc) > 25:
            break
        found.extend(ents)
    return found


def _is_attribution(sentence) -> bool:
    return has_term(lemma_key(sentence.text), cues()["signing"]["attribution"])


def _role_next_to(person) -> str | None:
    """A ROLE entity right before the name, or right after it (past a comma or a party)."""
    doc = person.doc
    i = person.start - 1
    if i >= 0 and doc[i].ent_type_ == "ROLE":
        return doc[i].ent_id_
    j = person.end
    while j < len(doc) and (doc[j].text in {",", "(", ")"} or (doc[j - 1].text == "(" and doc[j].is_upper)):
        j += 1
    if j < len(doc) and doc[j].ent_type_ == "ROLE":
        return doc[j].ent_id_
    return None


def _preferred(roles: list[str]) -> str | None:
    if not roles:
        return None
    order = load_yaml("roles.yaml")["preference"]
    ranked = sorted(roles, key=lambda r: order.index(r.split("|")[1]) if r.split("|")[1] in order else len(order))
    return ranked[0]


def _organisation(side: str | None, person, municipalities: list[str]) -> str | None:
    if side == "polisen":
        return "Polisen"
    if side == "kommun":
        sent = person.sent
        for ent in sent.ents:
            if ent.label_ == "MUNICIPALITY" and ent.start >= person.start:
                m = municipality(ent.ent_id_)
                if m:
                    return m.official
        if municipalities:
            m = municipality(municipalities[0])
            return m.official if m else None
    return None


def normalise_organisation(org: str | None, municipalities: list[str]) -> str | None:
    """"Polisen, lokalpolisområde Boden" -> "Polisen"; "Falu kommun" stays; a bare municipality
    name becomes its official name."""
    if not org:
        return org
    org = org.strip(" ,.")
    if re.match(cues()["parties"]["police_organisation"], org, re.I):
        return "Polisen"
    m = municipality(org)
    return m.official if m else org


def _labelled(a: Analysed, municipalities: list[str]) -> list[Signatory]:
    """Signature blocks written with labels: "Namnförtydligande: …", "Titel: …", "Organisation: …",
    one per line, run together in one paragraph (as PDF text often is) or in table cells."""
    out: list[Signatory] = []
    current: dict[str, str] = {}

    def flush():
        if current.get("name"):
            out.append(Signatory(
                name=current["name"],
                role=current.get("role"),
                organisation=normalise_organisation(current.get("organisation"), municipalities),
            ))

    for b in a.blocks:
        labels = cues()["signing"]["block_labels"]
        for m in _block_label().finditer(b.text):
            label, value = m.group(1).lower(), m.group(2).strip(" _")
            if label not in labels or not value:
                continue
            field = labels[label]
            if field == "name" and current.get("name"):
                flush()
                current = {}
            current[field] = value
    flush()
    return out


def _dateline_block(a: Analysed, municipalities: list[str]) -> list[Signatory]:
    """A signature page: a "Place den DATE" line, then names, then their titles in the same order."""
    from pipeline.lang.dates import dateline

    for i, b in enumerate(a.blocks):
        if not dateline(b.text):
            continue
        names, roles = [], []
        for doc in a.docs[i + 1:i + 5]:
            ps = [e for e in doc.ents if e.label_ == "PERSON"]
            rs = [e for e in doc.ents if e.label_ == "ROLE"]
            if ps and not names:
                names = ps
            elif rs and names and not roles:
                roles = rs
        if names:
            out = []
            for k, p in enumerate(names):
                role = roles[k].ent_id_ if k < len(roles) else None
                side, title = role.split("|") if role else (None, None)
                out.append(Signatory(p.text, title, _organisation(side, p, municipalities)))
            return out
    return []


SIGNATURE_TAIL = 12  # blocks from the end searched for name-and-title signature blocks
SIGNATURE_TOKENS = 14  # tokens in a name-and-title line


def _name_title_blocks(a: Analysed, municipalities: list[str]) -> list[Signatory]:
    """Signature blocks at the end of a promise: a name, then a title ("Chef lokalpolisområde
    Växjö"), then perhaps the organisation, as lines of their own or run together in one."""
    out = []
    for i in range(max(0, len(a.docs) - SIGNATURE_TAIL), len(a.docs)):
        doc = a.docs[i]
        person = next((e for e in doc.ents if e.label_ == "PERSON" and e.start == 0), None)
        if person is None or len(doc) > SIGNATURE_TOKENS:
            continue
        if person.end < len(doc):  # "Jonas Eek Chef lokalpolisområde Växjö Polismyndigheten"
            line, after = doc[person.end:], None
        elif i + 1 < len(a.docs) and len(a.docs[i + 1]):  # the title on the next line
            line, after = a.docs[i + 1][:], i + 2
        else:
            continue
        role = next((e for e in line.ents if e.label_ == "ROLE" and e.start == line.start), None)
        if role is None:
            continue
        side, title = role.ent_id_.split("|")
        rest = line.doc[role.end:line.end]  # an area's name ("… Växjö") is no organisation
        org = next((e.text for e in rest.ents if e.label_ == "MUNICIPALITY"), "")
        if not org and not any(e.label_ == "POLICE_AREA" for e in rest.ents):
            org = rest.text.strip()
        if not org and after is not None and after < len(a.blocks):
            org = a.blocks[after].text.strip()
        known = municipality(org) or re.match(cues()["parties"]["police_organisation"], org, re.I)
        organisation = normalise_organisation(org, municipalities) if known else _organisation(side, person, municipalities)
        out.append(Signatory(person.text, title, organisation))
    return out


def signatories(a: Analysed, municipalities: list[str]) -> list[Signatory]:
    labelled = _labelled(a, municipalities)
    if labelled:
        return labelled
    people = []
    sents = a.sentences
    for k, s in enumerate(sents):
        if not is_signing(s.text):
            continue
        found = _people_in(s.span) or _signature_lines(a, s.block)
        if not found and k + 1 < len(sents):
            nxt = sents[k + 1]
            if not _is_attribution(nxt.span) and nxt.block - s.block <= 1:
                found = _people_in(nxt.span)
        people.extend(found)
    if not people:
        return _dateline_block(a, municipalities) or _name_title_blocks(a, municipalities)
    # every role the text gives each person, anywhere, so the signing office can be preferred
    roles: dict[str, list[str]] = {}
    spans: dict[str, object] = {}
    for _, ent in a.ents("PERSON"):
        r = _role_next_to(ent)
        if r:
            roles.setdefault(ent.text, []).append(r)
    out, seen = [], set()
    for p in people:
        if p.text in seen:
            continue
        seen.add(p.text)
        spans[p.text] = p
        role = _preferred(roles.get(p.text, []) or ([_role_next_to(p)] if _role_next_to(p) else []))
        side, title = role.split("|") if role else (None, None)
        out.append(Signatory(p.text, title, _organisation(side, p, municipalities)))
    return out
