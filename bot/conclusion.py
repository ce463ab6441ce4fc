"""The conclusion: the fact asked, first, from the cited text itself (no LLM), each statement with its citation.

The question's parts and their kinds come from ``bot.answer_types``; the sentences of the evidence, their
modality and the numbers, bodies, places and times in them from ``bot.extract``. For each part the sentence
that best answers it is chosen (never a keyword alone), and the answer is written by kind:

- yes/no: "Có" / "Không" / "Tùy trường hợp", decided by the sentence's modality against what is asked
  (được, không được, nghiêm cấm, phải, không phải, theo nhu cầu …) and by the numbers a claim states,
  with the sentence (its condition or exception included) and its citation;
- how long / how old / how many: the number with its unit (and from when it counts) first;
- who: the body first; where: the place; when: the date or the condition;
- list: the count and every item, whole; procedure: the steps in order; definition: the defining sentence.

When the evidence does not hold the kind of fact asked, the conclusion says so. ``write`` also returns the
sentences it relied on, so the Markdown can quote exactly those lines.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from bot import extract as X
from bot.answer_facts import CASE_TITLES, every_case, fee_exemption, papers, when, who, with_fact
from bot.answer_lists import ASKS_MANY, best_list, definition, missing, statement_of, titled_list, with_unheld_list
from bot.answer_membership import membership, story_case, told_case, which_list, with_quoted_term
from bot.answer_procedure import as_steps, each_way, referred_procedure, route_groups, route_names, route_outmatched, step_asked, steps_match, steps_of
from bot.answer_types import NUMBERED, Part, act_words, asked_modality, asking_sentence, question_parts
from bot.card_age import change_at_age
from bot.answer_yes_no import asked_verb, names_omission, names_verb, omitted_acts, yes_no
from bot.coverage import partial_article_note
from bot.deadline import asks_end_date, deadline_note
from bot.evidence import Unit
from bot.extract import Segment
from bot.guard import content_words
from bot.home_return import home_return
from bot.question import Question
from bot.wording import MISSING, NOT_FOUND, Written, accented, best_score, capitalised, fact_first, lower_first, sentence_of, with_full_stop
from core.text import clean_spaces, nfc, plain_text


def _neighbours(units: Sequence[Unit]) -> list[Unit]:
    """The other khoản (or Bước) of the articles the evidence cites, one unit each: where the fact asked may
    stand when the chosen khoản does not hold it ('độ tuổi' asked, khoản 2 cited, the ages in khoản 1)."""
    held = {(u.doc.so_hieu, u.article.number, u.clause, u.step) for u in units}
    out: list[Unit] = []
    for u in units:
        parts = [("c", c.number) for c in u.article.clauses] + [("s", s.number) for s in u.article.steps]
        for kind, number in parts:
            key = (u.doc.so_hieu, u.article.number, number if kind == "c" else None, number if kind == "s" else None)
            if key not in held:
                held.add(key)
                out.append(Unit(u.doc, u.article, clause=key[2], step=key[3], day=u.day))
    return out


def answer_part(question: Question, part: Part, segments: list[Segment], units: Sequence[Unit],
                context: list[str]) -> Written | None:
    """The answer to one part from the evidence; when the evidence holds no fact of the kind asked, from the
    other khoản of the same articles; else a plain 'not in the sources' with the nearest provision."""
    found = _answer_part(question, part, segments, units, context)
    more = _neighbours(units)
    if part.kind == "yes_no" and more and (omitted := omitted_acts(part.text)):
        # 'không làm thẻ có vi phạm không?': a khoản of the same article on not doing that act answers, if any
        if not (found and found.used and names_omission(found.used[0], omitted)):
            retry = _answer_part(question, part, X.segments(list(units) + more), list(units) + more, context)
            if retry is not None and retry.used and names_omission(retry.used[0], omitted):
                return retry
    if found is not None and found.text and not found.text.startswith(NOT_FOUND):
        if more and _permission_answered_by_duty(part, found):
            # 'được làm thẻ cho con 9 tuổi không?' answered by 'từ đủ 14 tuổi phải …': the khoản that permits
            # (often the next one, 'dưới 14 tuổi được cấp theo nhu cầu') answers the question asked
            retry = _answer_part(question, part, X.segments(list(units) + more), list(units) + more, context)
            if retry is not None and retry.used and X.modality(retry.used[0]).permit:
                return retry
        return found
    if part.kind in MISSING and more:
        wider = X.segments(list(units) + more)
        retry = _answer_part(question, part, wider, list(units) + more, context)
        words = content_words(part.text)
        best_held = best_score(words, context, segments)
        share = 0.5 if part.kind in ("duration", "age", "amount") else 0.8  # a number asked is a strong signal
        if retry is not None and retry.text and not retry.text.startswith(NOT_FOUND) and retry.used\
                and max(X.overlap(words, s) + 0.5 * X.overlap(context, s) for s in retry.used) >= share * best_held:
            return retry  # only a sentence that matches the question (nearly) as well as the evidence chosen
    return found


_FACT_KINDS = ("duration", "age", "amount")  # a number asked; a body or a place is named by the story too


def _says_again(text: str, said: str) -> bool:
    """An answer to another part that only repeats what an earlier part's answer said (the same list, its verdict
    dropped; the same sentence, cited after it rather than before)."""
    return text.rstrip(".").lower() in said.lower() or _without_citation(text).rstrip(".").lower() in said.lower()


def _permission_answered_by_duty(part: Part, found: Written) -> bool:
    if part.kind != "yes_no" or asked_modality(part.text) != "permit" or not found.used:
        return False
    used = X.modality(found.used[0])
    # (a 'Không' from a duty answers leaving it undone: 'không làm thẻ có được không')
    return not used.permit and used.must and not found.text.startswith("Không")


def _answer_part(question: Question, part: Part, segments: list[Segment], units: Sequence[Unit],
                 context: list[str]) -> Written | None:
    kind = part.kind
    plain = part.text
    segments = step_asked(plain, segments)
    words = content_words(asking_sentence(plain) if kind in _FACT_KINDS else plain)
    typed = question.restored or question.resolved
    if kind != "yes_no" and (listed := which_list(asking_sentence(plain), segments)):
        return listed
    if kind == "yes_no":
        answered = (change_at_age(question.plain, plain, segments)
                    or home_return(plain, question.plain, segments, words, context)
                    or membership(with_quoted_term(asking_sentence(plain), question.plain), segments, typed)
                    or story_case(plain, segments) or told_case(asking_sentence(plain), question.plain, segments)
                    or yes_no(question, part, segments, words, context))
        if answered is not None:
            return answered
        act = act_words(plain)
        if act and not any(X.overlap(act, s) for s in segments):
            return missing("yes_no", segments, words, context, plain)
        return statement_of(segments, words, context, plain)
    if kind != "yes_no" and (listed := papers(plain, segments, words, context)):
        return listed
    if kind in CASE_TITLES and (every := every_case(kind, question.resolved, segments)):
        return every
    if kind == "amount" and _COUNT_OF_LIST.search(asking_sentence(plain)) and \
            (listed := best_list(part, segments, words, context, plain)) is not None and listed.text:
        return listed  # 'lưu bao nhiêu nhóm thông tin?': the list, counted and whole
    if kind in ("duration", "age", "amount", "where"):
        found = with_fact(kind, part, segments, words, context)
        if found is None and kind == "amount":
            found = fee_exemption(segments, words, context, plain)
        return found or missing(kind, segments, words, context, plain)
    if kind == "who":
        return who(part, segments, words, context) or missing(kind, segments, words, context, plain)
    if kind == "when":
        if asks_end_date(question.plain, plain) and (limit := with_fact("duration", part, segments, words, context)):
            return limit  # 'nộp ngày 18/12/2026, chậm nhất đến ngày nào?': the time limit, whose end is then counted
        return when(part, segments, words, context) or missing(kind, segments, words, context, plain)
    if kind == "list":
        found = (titled_list(question.resolved, segments, plain) or best_list(part, segments, words, context, plain)
                 or statement_of(segments, words, context, plain))
        return with_unheld_list(part, found, segments)
    if kind == "procedure":
        steps_asked = bool(re.search(r"\b(cac buoc|may buoc|quy trinh|trinh tu|thu tuc (gom|gi|nhu the nao|the nao))\b", plain))
        groups = route_groups(segments)
        if groups and route_outmatched(groups, segments, words):
            return statement_of(segments, words, context, plain)  # 'lỡ hẹn thì sao?': the khoản on that, not the ways
        main = [s for s in segments if s.article_key == segments[0].article_key] if segments else []
        found = ((steps_of(segments, units) if steps_match(segments, words) else None)
                 or referred_procedure(question, part, segments, words, context, plain)
                 or each_way(main, words))
        if found is not None:
            return found
        listed = best_list(part, main, words, context, plain, clauses=steps_asked)
        found = as_steps(listed) if listed is not None else statement_of(segments, words, context, plain)
        ways = route_names([s for s in segments if s.article_key != segments[0].article_key])
        return replace(found, text=f"{found.text} {ways.text}", used=found.used + ways.used) if found and ways else found
    if kind == "definition" and not ASKS_MANY.search(plain):
        return definition(part, segments, words, context, plain) or statement_of(segments, words, context, plain)
    if _only_steps(segments):
        return steps_of(segments, units)
    if ASKS_MANY.search(plain) and (titled := titled_list(question.resolved, segments, plain)):
        return titled  # 'Những hành vi bị cấm … là gì?', 'theo nguyên tắc nào?': the article's list
    if any(X.names_heading(question.resolved, u.article.title) for u in units):
        # the question is an article's heading ("Nơi làm thủ tục …?"): the article's whole list answers it
        return best_list(part, segments, words, context, plain) or statement_of(segments, words, context, plain)
    return statement_of(segments, words, context, plain)


# how many entries a list has ('bao nhiêu nhóm thông tin', 'mấy trường hợp'), not a number the law states
_COUNT_OF_LIST = re.compile(r"\b(?:bao nhieu|may) (?:nhom|noi dung|truong hop|hanh vi|quyen|nghia vu)\b")


_ASKS_BIRTH_YEARS = re.compile(r"\bnam sinh\b|\bsinh nam (nao|bao nhieu)\b")


def _birth_years(question: Question, text: str) -> str:
    """'Những năm sinh nào phải đổi thẻ năm 2026?' asks for the ages the law states turned into birth years of the
    year asked (the answer's date by default): one subtraction, said as such."""
    if not _ASKS_BIRTH_YEARS.search(question.plain):
        return ""
    ages = [int(a) for a in dict.fromkeys(re.findall(r"\b(\d{1,2}) tuổi\b", text))]
    named = [int(y) for y in re.findall(r"\b(20\d\d)\b", question.plain)]
    year = named[0] if named else int(question.as_of[:4])
    if not ages:
        return ""
    born = ", ".join(f"{year - a} ({a} tuổi)" for a in ages)
    return f"Tính theo năm {year}: người sinh năm {born}."


# another khoản that limits the one stated ('Thẻ … cấp trong thời hạn 02 năm trước độ tuổi … quy định tại khoản 1
# Điều này có giá trị sử dụng đến tuổi cấp đổi … tiếp theo'): a conclusion saying khoản 1 alone overstates the duty
_LIMITS = re.compile(r"\b(có giá trị sử dụng đến|không phải thực hiện|không áp dụng|được miễn)\b")


def _qualifying_sibling(used: Sequence[Segment]) -> Segment | None:
    stated = {(s.article_key, s.clause) for s in used if s.clause is not None}
    if len(stated) != 1:
        return None
    (key, number), = stated
    unit = next(s.unit for s in used if s.article_key == key)
    for clause in unit.article.clauses:
        # ('…, trừ trường hợp quy định tại khoản 3 Điều này' is khoản 3 limiting this one, not the other way round)
        if clause.number != number and re.search(rf"(?<!trừ trường hợp )quy định tại khoản {number} Điều này", clause.text) \
                and _LIMITS.search(clause.text):
            return next((t for t in X.segments([Unit(unit.doc, unit.article, clause=clause.number, day=unit.day)])
                         if _LIMITS.search(t.text)), None)
    return None


def _asks_beyond(asked: list[str], segment: Segment, used: Sequence[Segment]) -> bool:
    """The question names part of the article's subject ('thu hồi' of 'Thu hồi, giữ thẻ căn cước') that none of the
    sentences used speaks of."""
    said = set(content_words(" ".join(f"{s.lead} {s.text}" for s in used)))
    return bool((set(content_words(segment.title)) & set(asked)) - said)


_CHOICE = re.compile(r"\b((?:\w+ ){0,3}\w+) hay ((?:\w+ ){0,2}\w+)\s*\??\s*$")
_NOT_AN_OPTION = {"chua", "khong", "ko", "k", "hong", "chua nhi", "khong nhi"}


def _chosen_option(question: Question, used: Sequence[Segment]) -> str | None:
    """'… xin cấp lại hay cấp mới?' -> 'cấp lại' when the law's sentences used name that option and not the other
    (its lead-in counts: 'Các trường hợp cấp lại thẻ căn cước bao gồm: a) Bị mất thẻ …')."""
    match = next((m for text in (question.plain, *(p.text for p in question_parts(question.plain)))
                  if (m := _CHOICE.search(text))), None)
    if match is None or not used or match.group(2) in _NOT_AN_OPTION:
        return None  # '… đã được tích hợp hay chưa?' asks whether, not which
    second = match.group(2).split()
    first = match.group(1).split()[-len(second):]
    said = " ".join(plain_text(f"{s.lead} {s.text}") for s in used)
    found = [o for o in (first, second) if re.search(rf"\b{' '.join(o)}\b", said)]
    if len(found) != 1:
        return None
    return accented(" ".join(f"{s.lead} {s.text}" for s in used), found[0])  # as the law spells it


def asks_permission_unanswered(question: Question, evidence) -> bool:
    """A 'may I / may they …?' question the evidence gives no yes or no to."""
    if not evidence.units or not any(p.kind == "yes_no" and asked_modality(p.text) == "permit"
                                     for p in question_parts(question.plain)):
        return False
    text = write(question, evidence.units).text or ""
    return not text.startswith(("Có", "Không", "Tùy trường hợp"))


def names_act(question: Question, unit: Unit) -> bool:
    """Whether a provision says the verb of the act a yes/no question asks about."""
    act = act_words(question.plain)
    return bool(act) and any(names_verb(asked_verb(question, act), s) for s in X.segments([unit]))


def _only_steps(segments: list[Segment]) -> bool:
    return bool(segments) and all(s.step is not None for s in segments)


_ASKING_ONLY = {"ai", "o", "dau", "mat", "lau", "bao", "nhieu", "khi", "nao", "gi", "sao", "lam", "may", "di", "the"}


def _part_context(context: list[str], part: Part, parts: Sequence[Part], segments: Sequence[Segment]) -> list[str]:
    """The question's words as the context of one part, less those only another part asks about: in 'ai phải làm
    thẻ và khi nào phải đổi thẻ?' the 'who' part is not drawn to the article on changing the card. A part that
    names no subject of its own the evidence speaks of ('… và làm ở đâu?', '…, hạn chót là bao lâu?') keeps every
    word: its subject is in the other part."""
    own = set(content_words(part.text))
    subject = own - _ASKING_ONLY
    if len(subject) < 2 or not any(X.overlap(sorted(subject), s) for s in segments):
        return context
    others = {w for p in parts if p is not part for w in content_words(p.text)} - own
    return [w for w in context if w not in others]


def write(question: Question, units: Sequence[Unit], faq_conclusion: str | None = None) -> Written:
    """The conclusion for ``question`` from the evidence ``units`` (and our FAQ's wording for a close match)."""
    units = list(units)
    if not units:
        return Written(None)
    segments = X.segments(units)
    if not segments:
        return Written(None)
    parts = question_parts(question.plain) or (Part(question.plain, "other"),)
    # 'Có' / 'Không' opens the conclusion when any part asks for it, unless the asker numbered the parts
    given = _part_numbers(parts)
    numbered = sum(1 for n in dict.fromkeys(given) if n) > 1
    order = range(len(parts)) if numbered else sorted(range(len(parts)), key=lambda i: parts[i].kind != "yes_no")
    context = content_words(question.plain)
    written: list[Written] = []
    numbers: list[str | None] = []  # the number the asker gave each part answered ('(2) …'), if any
    for at in list(order)[:4]:
        part, number = parts[at], given[at]
        answer = answer_part(question, part, segments, units, _part_context(context, part, parts, segments))
        if answer is None or not answer.text or any(_says_again(answer.text, w.text or "") for w in written):
            continue
        same = next((i for i, w in enumerate(written) if len(w.used) == 1 and w.used == answer.used), None)
        if same is not None and written[same].facts and answer.facts:
            facts = written[same].facts + tuple(f for f in answer.facts if f not in written[same].facts)
            written[same] = Written(with_full_stop(fact_first(facts, answer.used[0])), answer.used, facts)
            numbers[same] = _both(numbers[same], number)
            continue
        if any(_own(answer.used) <= set(w.used) and not (w.steps and answer.facts) for w in written):
            continue  # said already — unless only as a step below the conclusion and the fact asked is in it (a time limit)
        if numbered and part.kind == "yes_no" and any(_khoan(answer.used) <= _khoan(w.used) for w in written):
            continue  # a second 'có … không' answered by the khoản that answered the first says nothing of its own
        grown = next((i for i, w in enumerate(written) if set(w.used) < set(answer.used)
                      and _says_again(_without_citation(w.text or ""), answer.text)), None)
        if grown is not None:  # an earlier part's sentence said again with the rest of its khoản: said once, whole
            written[grown] = answer
            numbers[grown] = _both(numbers[grown], number)
            continue
        written.append(answer)
        numbers.append(number)
    if numbered and len(written) > 1:  # the asker numbered the questions: so are the answers
        shown = [n if n and n not in numbers[:i] else None for i, n in enumerate(numbers)]  # each number once
        written = [replace(w, text=f"({n}) {w.text}") if n else w for w, n in zip(written, shown)]
    built = Written(" ".join(w.text for w in written if w.text) or None, tuple(s for w in written for s in w.used),
                    steps=tuple(step for w in written for step in w.steps))
    if built.text and any(p.kind == "list" for p in parts):
        # a list read from an article held only in part may lack items: said in the conclusion, not only in notes
        partial = [note for note in dict.fromkeys(partial_article_note(s.unit.doc, s.unit.article) for s in built.used
                                                  if _asks_beyond(context, s, built.used)) if note]
        if partial:
            said = " ".join(n.rstrip(".") + ", nên danh sách có thể chưa đủ." for n in partial)
            built = replace(built, text=f"{built.text} {said}")
    if built.text and (years := _birth_years(question, built.text)):
        built = replace(built, text=f"{built.text} {years}")
    if built.text and not built.text.startswith(NOT_FOUND) and (until := deadline_note(question.plain, built.text)):
        built = replace(built, text=f"{built.text} {until}")
    if built.text and not built.text.startswith(NOT_FOUND) and (limit := _qualifying_sibling(built.used)):
        built = replace(built, text=f"{built.text} Ngoại lệ: {lower_first(sentence_of(limit))} ({limit.label}).",
                        used=built.used + (limit,))
    chosen = _chosen_option(question, built.used)
    if chosen and built.text and not built.text.startswith(("Có.", "Không.", "Thuộc ", NOT_FOUND, "(")):
        built = replace(built, text=f"{capitalised(chosen)}. {built.text}")
    if faq_conclusion and (built.text is None or built.text.startswith(NOT_FOUND)):
        # our FAQ's wording, for a close paraphrase of its question, only when the law's text gives no direct answer
        labels = ", ".join(dict.fromkeys(u.citation().label for u in units))
        return Written(f"{clean_spaces(nfc(faq_conclusion)).rstrip('.')} ({labels}).", built.used)
    return built


def _part_numbers(parts: Sequence[Part]) -> list[str | None]:
    """The number the asker gave each part; a part with none after a numbered one belongs to it ('(3) có đăng ký
    ngay được không, và dùng số điện thoại của ai?' is two asks of question 3)."""
    numbers: list[str | None] = []
    for part in parts:
        found = NUMBERED.search(part.text)
        numbers.append(found.group(1) if found else (numbers[-1] if numbers else None))
    return numbers


def _both(first: str | None, second: str | None) -> str | None:
    """The numbers of two parts one answer answers: '1, 2'."""
    return f"{first}, {second}" if first and second and first != second else first or second


def _without_citation(text: str) -> str:
    """'… hộ tịch (khoản 6 Điều 5 Nghị định 70/2024/NĐ-CP).' -> '… hộ tịch'."""
    return re.sub(r"\s*\([^()]*\)\.?$", "", text)


def _own(used: Sequence[Segment]) -> set[Segment]:
    """The sentences an answer says, a step's title and a list's lead-in aside: 'Theo Bước 2 … (Tiếp nhận …): …' says
    again what the list of Bước 2 said before it."""
    said = {s for s in used if not s.is_step_title and not s.text.rstrip().endswith(":")}
    return said or set(used)


def _khoan(used: Sequence[Segment]) -> set[tuple[tuple[str, int], int | None]]:
    return {s.khoan_key for s in used}


def conclude(question: Question, units: Sequence[Unit], faq_conclusion: str | None) -> str | None:
    """The conclusion's text (see ``write``)."""
    return write(question, units, faq_conclusion).text


def permission(question: str, units: list[Unit]) -> str | None:
    """'Có' / 'Không' for a permission question typed as ``question`` (accented)."""
    from bot.question import QuestionReader

    asked = QuestionReader(None).run(question)
    part = Part(asked.plain, "yes_no")
    written = yes_no(asked, part, X.segments(units), content_words(asked.plain), content_words(asked.plain))
    return written.text if written else None


def procedure(units: list[Unit]) -> str | None:
    written = steps_of(X.segments(units), units)
    return written.text if written else None


def listing(units: list[Unit], plain: str = "") -> str | None:
    segments = X.segments(units)
    written = best_list(Part(plain, "list"), segments, content_words(plain), [], plain)
    return written.text if written else None


def statement(units: list[Unit]) -> str | None:
    written = statement_of(X.segments(units), [], [], "")
    return written.text if written else None
