"""Is a mention a recommendation? Cue words in scope, negation, questions, dismissals, books
being read, the asker's own list, and what the thread asked for."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from readlist.extract.context import ThreadContext, may_ask_and_asks
from readlist.extract.lexicon import (
    NEGATIVE_RE,
    QUESTION_OPENERS,
    READING_NOW,
    RECOMMEND_RE,
    STRONG_RECOMMEND_RE,
)
from readlist.extract.screen import Screen
from readlist.extract.text import Doc, per_doc

# Where a clause ends inside a sentence: a cue before "but" does not reach past it.
CONTRAST = re.compile(r",?\s+(?:but|though|although|however|whereas|except|yet|while)\b|;|"
                      r"\s-\s|\bnot\s+a\s+(?:book|read)\b")
NEGATION = re.compile(r"\b(?:not|never|stopped|quit|don't|dont|do not|wouldn't|wouldnt|would not|won't|"
                      r"can't|cannot|no|didn't|couldn't|shouldn't|isn't|wasn't|nobody|"
                      r"hadn't|hadnt|haven't|havent|hasn't|never\s+have|"
                      r"hardly)\s+(?:\w+\s+){0,2}$")
# "I've read X", "I tried reading X", "I've been reading X": a report, not advice.
PAST_READING = re.compile(r"\b(?:i'?ve|i have|i had|have|had|already|once|tried|tried to|"
                          r"trying to|been|never|anyone|anybody|everyone's|you've|they've|"
                          r"we've|who've|who has|who have)\s+(?:\w+\s+)?(?:read|reading|"
                          r"re-?read)\s*$"
                          # "I've watched Rome and read X": the subject and tense carry over
                          r"|\b(?:i'?ve|i have|i had|we'?ve|i|we)\s+(?:also\s+|already\s+|"
                          r"just\s+|recently\s+)?(?:\w+ed|seen|done|read|been)\b[^.!?;]{0,80}?"
                          r"\band\s+(?:also\s+|then\s+)?(?:re-?)?read\s*$")
WEAK_CUES = re.compile(r"(?:^|\s)(?:get|grab|try|pick up|read|reading|re-?read|go with|"
                       r"go for|add)\s*$")
# What makes a sentence after a mention carry praise back to it: "It's great. Read it."
CARRY = re.compile(
    # "blues people by leroi jones. should be required reading for ...": no subject at all
    r"^\s*(?:should|must)\s+be\s+(?:(?:required|essential|compulsory|mandatory)\s+reading|"
    r"read\s+by)\b|"
    r"^\s*(?:(?:it|this|that|this one|that one|the book|the series|the sequel|she|he|they|"
    r"both|all three|each|which)(?:'s|'re| is| are| was| were| has| have)?\b[^.!?\n]{0,80}?"
    r"(?:great|excellent|amazing|fantastic|brilliant|beautiful|gorgeous|incredible|superb|"
    r"wonderful|lovely|essential|a must|must[- ]read|a classic|the classic|readable|"
    r"accessible|worth|recommend|good|best|favou?rite|underrated|fun|funny|"
    r"hilarious|gripping|perfect|gentle|short|solid|thorough|well written|well researched|"
    r"changed|rewired|blew|cry|devastating|mind-?blowing|holds up|aged well|"
    r"(?:that |which )?made me (?:stop|start|rethink|understand|see|realise|realize|care)|"
    r"the most (?!boring|overrated|annoying|tedious|pretentious|depressing)\w{4,} \w+ i'?ve)"
    r"|(?:go in blind|read it|read them|read this|get it|trust me|highly recommend|"
    r"recommend it|can't recommend|everyone should|you should|you'll love|you will love|"
    r"just read|seriously,? just|must read|worth it|worth a read|i'd start there|"
    r"start there|no excuse not to|worth reading|short|gorgeous|beautiful|great|amazing|"
    r"perfect))", re.IGNORECASE)
PRAISE_AFTER = re.compile(
    # "X by Y, seriously." / "X, trust me.": an emphatic aside that ends the sentence
    r"^\s*,\s*(?:seriously|honestly|trust me|no question)\s*(?:[.!]|$)|"
    r"!{2,}|(?<![\w'-])(?:exactly what you(?:'re| are)? (?:looking for|want|need)|is the (?:one|answer)|"
    # "Axiomatic is the collection to get", "Leviathan Wakes is book 1", "is the one that"
    r"is (?:the|a) (?:book|novel|collection|anthology|volume|one|place) (?:to (?:get|read|start|"
    r"begin|grab)|you want|that (?:converted|got|hooked|made))|is book (?:1|one)\b|"
    r"can'?t go wrong|won'?t regret|masterpiece|masterful|a classic|"
    r"(?:is|was|remains)\s+(?:still\s+)?the\s+(?:most\s+(?!boring|overrated|annoying|"
    r"tedious|pretentious)\w{4,}|\w{3,}iest|greatest|finest|clearest|deepest|smartest|"
    r"strangest|saddest|wisest|bravest)\b|"
    r"is perfect|is better|even better|so good|a hit|changed my|rewired|blew my mind|"
    r"scratched (?:exactly |precisely )?(?:this|that|the|my|an?) (?:\w+ )?itch|"
    r"(?:is|are) where (?:i'?d|i would|you should|to) start|"
    r"aged well|aged (?:much |far |a lot |way )?better|holds up|still holds up|reads like a novel|"
    r"criminally under|underrated|stunning|(?:impossible|hard) to put down|"
    r"(?:couldn'?t|could not|can'?t) put (?:it|them) down|unputdownable|page-?turner|"
    r"(?:is|was) a (?:joy|delight|treat)|"
    r"required reading|worth (?:a |the )?(?:read|reading|it|having|owning|look)|must[- ]read|"
    r"a must|the classic|classic for a reason|standard for a reason|"
    r"(?:great|excellent|amazing|fantastic|brilliant|beautiful|gorgeous|wonderful|lovely|"
    r"incredible|superb|essential|solid|decent|readable|accessible|gentle|funny|hilarious|"
    r"gripping|fun|nice|good|best|perfect|mind-?blowing|underrated|short and|short,)"
    r"|favou?rite|recommend|seconded|thirded|pairs nicely|nice complement|companion|starting point|"
    r"place to start|start here|is where to start|antidote|literally a warm|"
    # the list or thread left it out: "Surprised X isn't here"
    r"(?:is ?n[o']t|was ?n[o']t|is not|was not) (?:here|on (?:the|this|your) list|"
    r"included|mentioned|listed)|missing from|"
    r"rewired|changed how|beautifully written|well written|well researched|very readable|"
    r"reads like|the book on|covers (?:this|it|exactly)|for a reason|"
    r"(?:is|are) (?:much |even |way |far |a lot )?better)(?![\w-])", re.IGNORECASE)
ASKER_SELF = re.compile(r"\b(?:i'?ve|i have|i've already|already|i)\s+(?:also\s+|just\s+|"
                        r"recently\s+)?(?:read|finished|loved|liked|enjoyed|own|tried|"
                        r"watched|seen|bought|started)\b")
LIST_INTRO = re.compile(r"(?:further reading|my list|reading list|recommendations?|suggestions?|"
                        r"(?:(?:my|some|a few|our|top|personal)\s+)?picks|"
                        r"some (?:good )?(?:books|options|ideas)|here(?:'s| is| are)|"
                        r"in no particular order|off the top of my head|start with)\s*[:\n]",
                        re.IGNORECASE)


# "I can't recommend X enough", "... highly enough": the negation is praise.
ENOUGH = re.compile(r"\s*(?:,\s*)?(?:(?:highly|strongly|more)\s+)?enough\b|\s*(?:more\s+)?highly\s+"
                    r"enough\b")


# Words that show a post (or its thread) is about reading at all. Without them, a bare
# capitalised phrase that is praised ("Real Madrid is the best team") is no recommended work.
BOOKISH = re.compile(
    r"\b(?:books?|novels?|novella|reads?|reading|re-?read|author|authors|writer|wrote|written|"
    r"trilog(?:y|ies)|series|textbooks?|memoirs?|biograph(?:y|ies)|literature|fiction|"
    r"non-?fiction|chapters?|pages|paperback|hardcover|kindle|audiobook|library|isbn|"
    r"publisher|translation|translated|essays?|poems?|poetry|anthology|manga|comics?|"
    r"sci-?fi|fantasy|classic|prose|recommend\w*)\b")
_BOOKISH_AT = Screen(BOOKISH, prune=False)  # tried only where its words begin


# "the best <noun>": what the praise says the thing is. Only these nouns make it a work.
OTHER_KIND = re.compile(r"(?:[\w']+\s+){0,3}?(?:best|greatest|finest|most\s+\w+|\w+iest)\s+"
                        r"([a-z]+)(?:[\s-]+([a-z]+))?")
READING_NOUNS = frozenset(
    """book books read reads novel novels novella intro introduction introductions primer
    textbook textbooks text texts history histories account biography memoir memoirs series
    trilogy writer writers author authors novelist novelists historian thing things one ones
    place way work works take overview treatment example explanation collection anthology
    story stories guide reference source sources essay essays paper papers study studies
    sci scifi fantasy fiction nonfiction thriller mystery horror romance classic classics
    opera saga epic satire dystopia whodunit noir western procedural
    translation edition starting start summary survey argument case critique analysis
    description portrait volume volumes tome bits parts chapter chapters""".split())


@dataclass(frozen=True)
class Verdict:
    recommended: bool
    confidence: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Frame:
    """Facts about the whole post that every mention in it shares."""

    asker: bool  # the post asks for reading itself, or opens a thread that does
    answering: bool  # the post answers a request for reading (its parent or its thread's)
    books_topic: bool  # the thread is about books, though it asks for none
    list_intro: int  # offset after "Further reading:" / "My list:", or -1
    quoted: tuple[tuple[int, int], ...] = ()  # blockquote spans: someone else's words
    negative_post: bool = False  # criticism somewhere in the post and no recommending cue
    bookish: bool = True  # the thread or the post talks about reading at all
    nested: bool = False  # a reply to a reply: it talks with that post, not to the asker


# "Thanks all! Ordered X and Y.", "OP: ordered X": the asker closing the thread with what
# they will read.
ASKER_SIGNS = re.compile(r"\s*(?:op\s*(?::|here\b)|(?:edit|update)\s*:\s*thanks\b|"
                        r"(?:thanks|thank\s+you|thx|ty|cheers|much\s+appreciated)"
                        r"(?:\s+(?:so\s+much|a\s+lot|a\s+ton|again))?[\s,]*"
                        r"(?:all|everyone|everybody|guys|folks|y'all|you\s+all|people|"
                        r"[!.](?![\w.])))")


# "This is great, thank you all. My library has X so I'm starting there", "ok my cart now has
# X and Y ... thank you!": thanks and what the writer got or will start with.
_THANKS = re.compile(r"\b(?:thanks|thank\s+you|thx|ty)\b")
_GOT_IT = re.compile(r"\b(?:ordered|ordering|bought|buying|picked\s+up|grabbed|reserved|requested|"
                     r"on\s+hold|(?:in\s+)?my\s+cart|my\s+(?:kindle|library\s+has|tbr|list)|"
                     r"added|adding|i'?ll\s+start|i'?m\s+starting|starting\s+(?:with|there)|"
                     r"will\s+report\s+back)\b")


def _closes_with_thanks(lower: str) -> bool:
    """Does a post thank the thread and say what its writer got: the asker closing it?"""
    return len(lower) < 400 and _THANKS.search(lower) is not None and \
        _GOT_IT.search(lower) is not None


def frame_for(doc: Doc, ctx: ThreadContext, quoted: tuple[tuple[int, int], ...] = ()) -> Frame:
    own_ask = may_ask_and_asks(doc.text)
    # The asker's own later posts: by the opener's name when the reader knows it, else a post
    # that opens by thanking everyone.
    asker_again = not ctx.is_opening and (ctx.by_opener or ASKER_SIGNS.match(doc.lower) is not None
                                          or _closes_with_thanks(doc.lower))
    asker = (ctx.is_opening and (ctx.asks_for_books or own_ask)) or (
        own_ask and not ctx.parent_asks) or (asker_again and (ctx.asks_for_books or ctx.parent_asks
                                                             or ctx.books_topic))
    answering = not asker and (ctx.parent_asks or (ctx.asks_for_books and not ctx.is_opening)
                               or (not ctx.is_opening and LIST_THREAD.search(ctx.title or "")
                                   is not None))
    intro = doc.search_caseless(LIST_INTRO)
    # Cheapest test first: most posts about reading have a recommending word.
    negative_post = RECOMMEND_RE.search(doc.lower) is None and \
        _criticises_unnamed(doc) and PRAISE_AFTER.search(doc.lower) is None
    # A reply to a post that recommended a work talks of reading too ("+1 for Ritchie")
    bookish = ctx.asks_for_books or ctx.parent_asks or ctx.books_topic or \
        any(w.recommended for w in ctx.parent_works) or _BOOKISH_AT.search(doc.lower) is not None
    return Frame(asker=asker, answering=answering,
                 books_topic=ctx.books_topic and not ctx.is_opening,
                 list_intro=intro.end() if intro else -1, quoted=quoted,
                 negative_post=negative_post, bookish=bookish,
                 nested=answering and not ctx.parent_asks)


# "Five books on the history of medicine", "My 10 favourite novels", "Best books of 2025": a
# thread that presents a list of books invites readers to add theirs.
LIST_THREAD = re.compile(r"(?i)\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|"
                         r"twenty|fifty|a hundred|best|favou?rite|essential)\s+(?:\w+\s+){0,2}"
                         r"(?:books|novels|reads|textbooks|works|titles|retellings|memoirs|"
                         r"histories|biographies|collections|stories|picks)\b")


SENTENCE_REACH = 400


def _clause(doc: Doc, start: int, end: int) -> tuple[int, int, int, int]:
    """(sentence start, clause start, clause end, sentence end) around [start, end)."""
    s_start, s_end = doc.sentence_of(start)
    if end > s_end:
        s_end = max(s_end, doc.sentence_of(max(start, end - 1))[1])
    # A run-on "sentence" of thousands of characters: only the words near the mention count
    # (and the judge stays linear in the post, not quadratic).
    s_start, s_end = max(s_start, start - SENTENCE_REACH), min(s_end, end + SENTENCE_REACH)
    c_start, c_end = s_start, s_end
    for m in CONTRAST.finditer(doc.lower, s_start, s_end):
        if m.end() <= start:
            c_start = m.end()
        elif m.start() >= end:
            c_end = m.start()
            break
    return s_start, c_start, c_end, s_end


def _next_sentences(doc: Doc, pos: int, count: int = 2) -> list[str]:
    out: list[str] = []
    while len(out) < count:
        _s, e = doc.sentence_of(pos)
        if e >= len(doc.text):
            break
        nxt_start, nxt_end = doc.sentence_of(e)
        if nxt_start < e:
            nxt_start = e
        out.append(doc.lower[nxt_start:nxt_end])
        pos = nxt_end
        if nxt_end <= e:
            break
    return out


def _is_question(doc: Doc, s_start: int, s_end: int) -> bool:
    sentence = doc.lower[s_start:s_end].rstrip(" )\"'*_\n")
    return sentence.endswith("?") and (
        QUESTION_OPENERS.search(sentence) is not None or "?" in sentence[-3:])


# "X is going on the list", "X goes on my TBR": the poster will read it, no advice
STATUS_AFTER = re.compile(r"\s*(?:is|are|goes|go|went|'s)\s+(?:going\s+|straight\s+)?"
                          r"(?:on|onto|to)\s+(?:the|my)\s+(?:list|tbr|pile|reading list)\b"
                          r"|\s+(?:from|at)\s+the\s+library\b|\s+(?:used\s+)?for\s+[$£€]\d")
# (and "Ordering X + Y and I'll try Z", "bought X used", "the library had X": the poster's own
# copies and plans, not advice)
STATUS = re.compile(r"\b(?:i'?ve got|i have got|i own|i bought|i ordered|adding|added|"
                    r"the library had|"
                    r"i'?ll (?:try|read|start|get|check out|pick up|give)|"
                    r"i will (?:try|read|start|get|check out|pick up|give)|"
                    r"(?:i'?m )?(?:going to|gonna) (?:try|read|start|get|give)|"
                    r"(?:was|were|got) assigned|assigned|i have to read|had to read|"
                    r"(?:prof(?:essor)?|teacher|school|class|course|uni) (?:assigned|made us)|"
                    r"on my (?:shelf|list|tbr|nightstand|kindle))\b")
# "Ordered X", "Update: bought X used": a clause that opens with getting a copy
STATUS_OPENS = re.compile(r"^\W*(?:(?:and|so|just|also|finally|update:?|then)\s+)*"
                          r"(?:ordered|ordering|bought|borrowed|reserved)\b")
PERSON_PRAISE = re.compile(r"\b(?:writer|author|historian|person|guy|woman|man|thinker|"
                           r"biologist|scientist|economist|novelist|stylist|storyteller|"
                           r"speaker|lecturer|scholar|prose|human|dude|journalist)\b")
NEG_CARRY = re.compile(r"^\s*(?:(?:honestly|so|just|i'?d|i would|seriously)\s*,?\s+)?"
                       r"(?:don'?t bother|skip it|skip this|avoid it|not worth it|i'?d skip it|"
                       r"stay away|pass on it|do it later|save it for later|wouldn't recommend "
                       r"it|not recommended|don'?t (?:read|buy|start with) (?:it|this|that)|"
                       r"(?:(?:it |that )?(?:wouldn'?t|would not) be|(?:it'?s |that'?s )?not) "
                       r"my (?:first )?(?:pick|choice|recommendation|rec)|"
                       r"take (?:it|this|that|them) with (?:a|some) (?:grain|pinch) of salt)\b")
# "Start with A, not B", "A rather than B", "instead of B": B is what not to read.
CONTRASTED = re.compile(r"(?:,\s*|\b(?:and|but)\s+)(?:not|never)\s+(?:the\s+)?$|"
                        r"\b(?:rather than|instead of|over)\s+(?:the\s+)?$")
# "If you liked X, ...", "better than X": X is the yardstick, not the recommendation.
CONDITION = re.compile(r"(?:\bif\s+(?:you\s+|people\s+|they\s+|u\s+|anyone\s+)?(?:liked?|"
                       r"enjoyed|loved|read|found|think|want|like)?\s*(?:the\s+)?|\bthan\s+"
                       r"(?:with\s+)?(?:the\s+)?|\bunlike\s+(?:the\s+)?|\bsince you (?:liked|"
                       r"loved|enjoyed|read)\s+(?:the\s+)?"
                       # "more in a weekend than in a month of reading X": the comparison's loser
                       r"|\bthan\s+(?:in|with|from|after|during)\s+[^.,;!?]{0,40}?"
                       # "once you finish X", "after finishing X": the step before, a yardstick
                       r"|\b(?:once|after|when|until)\s+(?:you(?:'ve|'re| have| are)?\s+)?"
                       r"(?:finish(?:ed|ing)?|done with|through with|get through|got through)"
                       r"\s+(?:the\s+)?)$")
_SHORT_PRAISE = re.compile(
    r"^\s*[\w\s,']{0,40}?\b(?:great|excellent|amazing|fantastic|brilliant|beautiful|gorgeous|"
    r"incredible|superb|wonderful|lovely|essential|a must|must[- ]read|classic|readable|"
    r"accessible|worth it|underrated|underread|fun|funny|hilarious|gripping|perfect|gentle|"
    r"solid|thorough|mind-?blowing|reads like|page-?turner|impossible to put down|"
    r"required reading|a joy)\b[\w\s,']{0,30}[.!]*\s*$")
READING_IT = re.compile(r"\b(?:i'?m|i am|we'?re|we are)\s+(?:\w+\s+)?(?:reading|rereading|"
                        r"re-reading|listening to|working through)\s+(?:it|this|that|them)\b")
# What makes the capitalised words after it a subject rather than a work's title.
TOPIC_OF = re.compile(r"(?:(?<!how )(?<!what )\b(?:about|abt|regarding|concerning)|\b(?:books?|something|anything|"
                      r"stuff|more|reading|texts?|primer|intro|introduction|lectures?|course|"
                      r"videos?|documentar(?:y|ies)|histor(?:y|ies)|chapters?|section|essays?|"
                      r"articles?|papers?|one|ones|focus|emphasis)\s+on)\s+(?:the\s+)?$")
AGREES_ABOUT = re.compile(r"(?:^|[.!?]\s+|\n)\s*(?:i\s+)?(?:(?:totally|fully|strongly|100%)\s+)?"
                          r"(?:agree|agreed|same)\s+(?:with\s+you\s+)?(?:on|about|re|"
                          r"regarding|with)\s+(?:the\s+)?$")
SPECULATIVE = re.compile(r"\b(?:looks?|seems?|sounds?|might be|could be|may be)\b")
# "X is fun but it's more of a coffee table book", "a fun read but not a technique book":
# praised, and said not to be what was asked for.
OFF_REQUEST = re.compile(r"\b(?:more\s+of\s+an?|not\s+(?:really\s+|exactly\s+)?an?)\s+"
                         r"(?:[\w-]+\s+){0,2}(?:book|manual|guide|textbook|intro|introduction|"
                         r"reference|primer|how-?to)\b")
_NOT_BUT = re.compile(r"^\s*not\b[^.!?,;]{0,50},?\s+but\s+")
_HIS_OR_HER = re.compile(r"\b(?:his|her|their)\b")
_NEW_SUBJECT = re.compile(r"\b(?!I\b|I'|It\b|It')[A-Z][\w'-]*")
IF_NOT_READ = re.compile(r"\s*,?\s*if (?:you|u) (?:haven'?t|havent|have not|never|did ?n'?t) "
                         r"(?:already |yet )?(?:read|tried|picked up) (?:it|them|this|that)\b")
IF_YOU_WANT = re.compile(r"\s*,?\s*(?:if|when|for when) (?:you|u)(?:'re| are)? (?:really |just )?"
                         r"(?:want|need|like|prefer|after|looking for|into|can stand|can handle|"
                         r"have (?:the )?time|are ready|'re ready)\b")
HOW_ABOUT = re.compile(r"^[\s,]*(?:(?:and|or|also|so|hmm+|ok|okay)\s*,?\s*)?(?:how about|why not)"
                       r"\s+(?:trying\s+|try\s+|reading\s+|read\s+)?(?:the\s+)?$")
ALSO_OPENER = re.compile(r"\s*(?:and\s+|oh\s+and\s+)?(?:also|plus|and)\s*,?\s*$")
READ_IT = re.compile(r"(?<!has )(?<!have )(?<!had )(?<!'ve )(?<!'s )(?<!already )"
                     r"\b(?:read|get|try|grab|finish) (?:it|them|this|that)\b"
                     r"(?! (?:critically|carefully|skeptically|sceptically|with (?:a|some) "
                     r"(?:grain|pinch)|with caution))")
TOPIC_BEFORE = re.compile(r"(?:about|debunk\w*|on|against|critique of|critiquing|expos\w*|"
                          r"history of|against the|countering|refut\w*)\s+(?:\w+\s+){0,2}$")
_PARENS = re.compile(r"\([^()]{0,200}\)")
_OPENERS = re.compile(r"^[\s,:;\-*>\d.)]*(?:(?:and|also|then|so|but|honestly|seriously|"
                      r"just|please|definitely|def|imo|tbh|ok|okay|oh|yes|yeah|edit:?)\s*,?\s*)*$")


def headline_cased(doc: Doc, start: int, end: int) -> bool:
    """Is the cue at [start, end) written in title case inside a sentence ("Please Read Our
    Rules", "Check Out Our Store")? Then it is a heading or boilerplate, not advice."""
    words = doc.text[start:end].split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    return len(words) > 1 or bool(doc.text[doc.sentence_of(start)[0]:start].strip(
        " \t\n-*>\"'(0123456789.)"))


# "check out our Sunday Digest", "read my newsletter": the speaker's own things
OWN_THING = re.compile(r"\b(?:our|my)\s+$")


_QUOTED = re.compile(r"\"[^\"\n]{1,200}\"")


def _criticises_unnamed(doc: Doc) -> bool:
    """Is there a criticism in the post that names no object of its own? "Avoid Applied
    Cryptography for practical work" is about that title only, not the post's other works."""
    low = _unquoted(doc.lower)
    pos = 0
    while pos < len(low):
        m = _negative(low[pos:], False)
        if m is None:
            return False
        end = pos + m.end()
        if not _OWN_OBJECT.match(doc.text, end):
            return True
        pos = end
    return False


_OWN_OBJECT = re.compile(r"\s+(?:the\s+|with\s+|on\s+)?[\"*_]?[A-Z0-9]")


def _unquoted(segment: str) -> str:
    """``segment`` with its double-quoted spans blanked: a title's own words ("The appallingly
    bad economics of ...") are no verdict on it."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), segment)


LITOTES = re.compile(r"(?:\bnot|n't|\bnever|\bhardly)\s+(?:be\s+|that\s+|too\s+|so\s+|at\s+all\s+|"
                     r"remotely\s+){0,2}$")


_OTHER_VERSIONS = (r"(?:version|adaptation|adaptations|movie|movies|film|films|show|series|"
                   r"tv\s+show|audiobook|translation|sequel|sequels|remake|game)")
_OTHER_VERSION_AFTER = re.compile(r"\s+(?:the\s+|that\s+|this\s+)?(?:[\w-]+\s+)?"
                                  + _OTHER_VERSIONS + r"\b")
_OTHER_VERSION_BEFORE = re.compile(r"\b(?:the|that|this)\s+(?:[\w-]+\s+)?" + _OTHER_VERSIONS +
                                   r"(?:\s+(?:is|was|are|were|'s))?\s+(?:\w+\s+){0,2}$")


# Criticisms that a reader lives with: after praise they qualify it ("great but a slog")
RESERVATION = re.compile(r"(?:(?:is|was|are) )?(?:a slog|slog for me|too (?:much|hard|dense|"
                         r"advanced|long|academic|heavy|dry)|dated|outdated|overkill|grad level)")


_NAME_ALONE_BEFORE = re.compile(r"\W*(?:(?:also|and|plus|oh|honestly)\W+)*")
_NAME_ALONE_AFTER = re.compile(r"\s*(?:,?\s*(?:obviously|of course|too|as well|honestly|"
                               r"definitely|always)\s*)?(?:[.!]|,\s*(?:though|but|although|same)\b|$)")


@per_doc
def _titles_quiet(doc: Doc) -> str:
    """The lower-cased text with verdict words that a capital puts inside a title blanked
    ("Bad Samaritans is the same argument", "Gone Girl": no criticism)."""
    low = doc.lower
    if not _CAPITAL_VERDICT_SCREEN.search(doc.text):
        return low  # (most posts)
    for m in _CAPITAL_VERDICT.finditer(doc.text):
        low = low[:m.start()] + " " * (m.end() - m.start()) + low[m.end():]
    return low


# An adjective of verdict, capitalised, before another capitalised word: a title's first
# word ("Bad Samaritans", "Dead Wake"); verbs ("Skip Dune", "Avoid The Secret") stay verdicts.
_CAPITAL_VERDICT = re.compile(r"\b(?:Bad|Worst|Terrible|Awful|Boring|Dull|Dreadful|Painful|"
                              r"Overrated|Propaganda|Junk|Nonsense|Garbage|Trash|Rubbish)\b"
                              r"(?=\s+(?:[Tt]he\s+|[Aa]n?\s+|[Oo]f\s+)?[A-Z])")
_CAPITAL_VERDICT_SCREEN = re.compile(r"\b(?:Bad|Worst|Terrible|Awful|Boring|Dull|Dreadful|"
                                     r"Painful|Overrated|Propaganda|Junk|Nonsense|Garbage|"
                                     r"Trash|Rubbish)\b")


def _negative(segment: str, from_end: bool) -> re.Match[str] | None:
    """A criticism in ``segment``, unless it is the topic ("a book debunking propaganda")."""
    found = None
    for m in NEGATIVE_RE.finditer(segment):
        if TOPIC_BEFORE.search(segment[:m.start()]) or LITOTES.search(segment, 0, m.start()):
            continue  # (and "it shouldn't be too bad", "not boring at all": no criticism)
        if _OTHER_VERSION_AFTER.match(segment, m.end()) or \
                _OTHER_VERSION_BEFORE.search(segment, max(0, m.start() - 60), m.start()):
            continue  # "skip the Netflix version", "the movie is trash": another medium's
        found = m
        if not from_end:
            break
    return found


def judge(doc: Doc, start: int, end: int, frame: Frame, *, strength: float,
          negative: bool = False, own_cue: str | None = None, in_list: bool = False,
          later_mentions: tuple[int, ...] = (), weak: bool = False,
          person: bool = False, remembered: bool = False, bare: bool = False) -> Verdict:
    """Decide from the words around [start, end) (the title; ``end`` may reach the author)."""
    if negative:
        return Verdict(False, 0.85, ("dismissive",))
    if any(a <= start < b for a, b in frame.quoted):
        return Verdict(False, 0.7, ("quoted from another post",))
    text = _titles_quiet(doc)
    s_start, c_start, c_end, s_end = _clause(doc, start, end)
    before = text[c_start:start]
    after = _PARENS.sub(lambda m: " " * len(m.group(0)), text[end:c_end])
    rest_of_sentence = text[c_end:s_end]
    nxt = _next_sentences(doc, max(start, end - 1), 1)
    next_sentence = nxt[0] if nxt else ""
    read_m = READ_IT.search(next_sentence)
    read_it = read_m is not None and not NEGATION.search(next_sentence[:read_m.start()]) and \
        not _other_first(doc, max(start, end - 1), read_m.start(), later_mentions)

    if weak and TOPIC_OF.search(before[-40:]):
        # "something about Africa or Latin America", "a course on Machine Learning"
        return Verdict(False, 0.6, ("a topic, not a work",))
    if AGREES_ABOUT.search(before[-40:]):
        # "Agree on X." answers someone else's verdict on X; it recommends X only where the
        # post it answers did (the caller knows)
        return Verdict(False, 0.6, ("agrees about it",))
    neg = _negative(_unquoted(before[-90:]), True)
    if neg is not None and _in_condition(before[-90:], neg):
        neg = None  # "If GEB is too much, X is ...": the criticism is the condition's
    if neg is not None:
        # "I wouldn't start with X, start with Y": a recommending cue after the criticism
        # starts a new scope for what follows it.
        neg_end = len(before) - len(before[-90:]) + neg.end()
        if any(m.start() >= neg_end for m in RECOMMEND_RE.finditer(before)):
            neg = None
    neg = neg or _negative(_unquoted(after[:90]), False)
    if neg:
        if read_it:
            return Verdict(True, 0.6, (f"criticised ('{neg.group(0).strip()}') but 'read it'",))
        return Verdict(False, 0.75, (f"criticised: '{neg.group(0).strip()}'",))
    if NEG_CARRY.match(next_sentence) and not read_it:
        return Verdict(False, 0.7, (f"then '{next_sentence.strip()[:30]}'",))
    if CONTRASTED.search(before[-30:]):
        return Verdict(False, 0.7, ("set against another ('not X', 'instead of X')",))
    if CONDITION.search(before[-40:]):
        return Verdict(False, 0.65, ("a yardstick ('if you liked ...', 'than ...')",))
    question = _is_question(doc, s_start, s_end)
    if question and frame.answering and not frame.nested and \
            HOW_ABOUT.search(text, s_start, start) is not None:
        # "How about Never Let Me Go?" answering a request suggests it
        return Verdict(True, round(0.5 + 0.3 * strength, 2), ("suggested ('how about ...?')",))
    if question and start <= text.rfind("?", s_start, s_end) < end:
        # The "?" is the title's own ("What Is It Like to Be a Bat?"): the sentence asks only
        # if it opens like a question or goes on to ask ('"X?" any good?').
        e = doc.sentence_of(max(start, end - 1))[1]
        rest = doc.text[e:doc.sentence_of(e)[1]].strip() if e < len(doc.text) else ""
        question = QUESTION_OPENERS.search(text[s_start:start]) is not None or (
            rest[:1].islower() and rest.rstrip(" )\"'*_\n").endswith("?"))
    carried = _carried(doc, end, later_mentions)
    status = STATUS.search(before) is not None or STATUS_AFTER.match(text, end) is not None \
        or STATUS_OPENS.match(before) is not None
    later_negative = _negative(rest_of_sentence, False) if c_end < s_end else None

    if _ITS_AUTHOR.match(text, end):
        # "THE HOUSE IN THE CERULEAN SEA author also wrote ...": it names the writer
        return Verdict(False, 0.6, ("names its author, not itself",))
    if weak and OWN_THING.search(before):
        return Verdict(False, 0.6, ("the speaker's own",))
    cue = None
    for m in RECOMMEND_RE.finditer(before):
        if not headline_cased(doc, c_start + m.start(), c_start + m.end()):
            cue = m
    if cue is not None and not status:
        head = before[:cue.start()]
        word = cue.group(0).strip()
        if NEGATION.search(head[-40:]) and not ENOUGH.match(after):
            return Verdict(False, 0.8, (f"negated cue '{word}'",))
        if weak and not frame.bookish and BOOKISH.search(word) is None:
            # "X is the best team Real Madrid ever had": praise, but nothing about reading
            return Verdict(False, 0.6, (f"'{word}' with no talk of reading",))
        weak_cue = WEAK_CUES.search(before[:cue.end()]) is not None and \
            STRONG_RECOMMEND_RE.search(cue.group(0)) is None
        gap = before[cue.end():]
        at_clause_start = _OPENERS.match(head) is not None
        if PAST_READING.search(before[:cue.end()]) or READING_NOW.search(before) or \
                frame.asker and (weak_cue or STRONG_RECOMMEND_RE.search(cue.group(0)) is None):
            # "I've read X", "I'm reading X", the asker's "I read X as a teen"; and in the
            # asker's post "looking for something on X", "if you want ...": the request
            cue = None
        elif weak_cue and re.match(r"\s*(?:it|that|this)\s+(?:as|like)\b", gap):
            cue = None  # "I read that as Manchester United": the cue took its own object
        elif weak_cue and len(gap.split()) > 3 and not at_clause_start:
            cue = None  # "get" far from the title is not about it
        elif question and not carried:
            return Verdict(False, 0.65, ("question",))
        elif later_negative and weak_cue:
            return Verdict(False, 0.6, (f"cue '{word}' but '{later_negative.group(0)}'",))
        else:
            conf = (0.72 if weak_cue else 0.88) * (0.75 + 0.25 * strength) + 0.08
            return Verdict(True, round(min(conf, 0.97), 2), (f"cue '{word}'",))
    if question and not carried:
        return Verdict(False, 0.7, ("question",))
    reading = READING_NOW.search(before) is not None or re.match(
        r"\s*(?:reading|rereading|re-reading|halfway through|started|starting|just started|"
        r"just picked up|picked up|currently|listening to|in the middle of)\b",
        text[s_start:start]) is not None
    # "X is short, I'm reading it with my group": the poster's own current reading
    reading = reading or READING_IT.search(text, end, s_end) is not None
    if (reading or status) and not (carried or read_it):
        return Verdict(False, 0.7, ("being read" if reading else "owned or assigned",))
    if frame.asker:
        # "She blew through all of Percy Jackson": the asker's reading, even with "all of"
        return Verdict(False, 0.7, ("the asker's own reading",))
    if IF_NOT_READ.match(after) or IF_YOU_WANT.match(after):
        # "X if you haven't read it": you should; "X if you want the theory": for that, X
        return Verdict(True, round(0.6 + 0.3 * strength, 2), ("recommended on a condition",))
    if ALSO_OPENER.match(text, s_start, start) and _previous_recommends(doc, s_start):
        # "X is superb, read it. Also Y.": the sentence goes on with the one before
        return Verdict(True, round(0.55 + 0.3 * strength, 2), ("'also' after a recommendation",))
    if frame.answering and _THEN_NEXT.search(before):
        # "Notes from Underground by Dostoevsky, then The Brothers Karamazov": a reading order
        return Verdict(True, round(0.55 + 0.3 * strength, 2), ("next in a reading order",))
    if own_cue:
        conf = 0.8 * (0.75 + 0.25 * strength) + 0.1
        return Verdict(True, round(conf, 2), (f"cue '{own_cue}'",))
    if weak and not frame.bookish:
        return Verdict(False, 0.6, ("no talk of reading in the thread or the post",))
    praise_zone = after[:120]
    if weak:
        pred = re.match(r"\s*(?:,\s*)?(?:is|was|are|'s|remains|has been|should be|changed|"
                        r"rewired|blew|deserves|made me|holds? up|scratched)\b", praise_zone)
        # "The Overstory!!!": named with a cry of enthusiasm
        praise_zone = praise_zone[:pred.end() + 60] if pred else \
            praise_zone[:4] if re.match(r"\s?!{2,}", praise_zone) else ""
    praise = PRAISE_AFTER.search(praise_zone)
    if praise and (person or weak) and PERSON_PRAISE.search(praise_zone[:praise.end() + 30]):
        return Verdict(False, 0.6, ("the person praised, not a work",))
    if praise and person and c_end < s_end and _HIS_OR_HER.search(rest_of_sentence):
        # "Mortimer is fun but historians quibble with his generalisations": the clause
        # after "but" goes on about the person; a verdict on someone, not advice to read
        return Verdict(False, 0.6, ("a person discussed, with a 'but'",))
    other = OTHER_KIND.match(praise_zone, praise.start()) if praise else None
    if other is not None and not any(
            w in READING_NOUNS for w in re.findall(r"[a-z]+", praise_zone[other.start(1):
                                                                         other.start(1) + 40])[:4]):
        # ("the best recent single-volume history": the noun comes after its adjectives)
        # "X is the best show ever made", "the greatest team": praised as something else
        return Verdict(False, 0.6, (f"praised as a {other.group(1)}",))
    if praise and later_negative and RESERVATION.fullmatch(later_negative.group(0).strip()):
        # "X is great but it's a slog in places": praise with a reservation still recommends
        return Verdict(True, round(0.55 + 0.3 * strength, 2),
                       (f"'{praise.group(0)}', with a reservation ('{later_negative.group(0)}')",))
    if praise and later_negative:
        return Verdict(False, 0.6, (f"'{praise.group(0)}' but '{later_negative.group(0)}'",))
    off = OFF_REQUEST.search(rest_of_sentence) if praise and c_end < s_end else None
    if praise and off is not None and \
            not _NEW_SUBJECT.search(doc.text, c_end, c_end + off.start()):
        # (unless the clause is about another work: "X is good but the Republic is not a
        # beginner book")
        return Verdict(False, 0.6, (f"'{praise.group(0)}' but not what was asked for",))
    if praise:
        return Verdict(True, round(0.62 + 0.3 * strength, 2), (f"praised: '{praise.group(0)}'",))
    if (carried and not person or read_it) and not bare:
        # ("it's the best map" after "Title by Name." praises the work, not the name)
        # (a capitalised phrase inside a sentence, with no cue of its own, is not what the
        # next sentence praises: "... Liam Kowalski said the same. Great take.")
        return Verdict(True, round(0.58 + 0.3 * strength, 2), ("praised in the next sentence",))
    if later_negative:
        return Verdict(False, 0.6, (f"but '{later_negative.group(0)}'",))
    if person and frame.answering and not frame.nested and _NAME_ALONE_BEFORE.fullmatch(before) \
            and _NAME_ALONE_AFTER.match(text, end, s_end):
        # "Also Oliver Sacks, obviously.": a name given as the whole answer
        return Verdict(True, round(0.5 + 0.3 * strength, 2), ("an author given as the answer",))
    if person:
        return Verdict(False, 0.6, ("an author named without a cue",))
    if frame.negative_post:
        return Verdict(False, 0.6, ("the post criticises, no cue for this one",))
    if in_list and (frame.answering or 0 <= frame.list_intro <= start):
        return Verdict(True, round(0.55 + 0.35 * strength, 2), ("listed in an answer",))
    if frame.answering and strength >= 0.55 and not (frame.nested and remembered):
        # (a reply to a reply that names the work under discussion again, with no cue of
        # its own, talks about it: "lol X is the book everyone buys and nobody finishes")
        return Verdict(True, round(0.45 + 0.4 * strength, 2), ("named in an answer",))
    return Verdict(False, round(0.5 + 0.3 * (1 - strength), 2), ("no cue",))


_ITS_AUTHOR = re.compile(r"[\"'*_]*\s+(?:author|writer|novelist)\b(?!s)", re.IGNORECASE)
_THEN_NEXT = re.compile(r"(?:[,;]|\band|^)\s*(?:and\s+)?then\s+(?:the\s+)?$")


def _other_first(doc: Doc, pos: int, reach: int, later_mentions: tuple[int, ...]) -> bool:
    """Does a work open the sentence after ``pos`` within ``reach`` characters of its start?
    "Agree on X. Y is the antidote, read that instead.": "that" is Y, the nearer work."""
    e = doc.sentence_of(pos)[1]
    if e >= len(doc.text):
        return False
    ns = max(doc.sentence_of(e)[0], e)
    i = bisect_left(later_mentions, ns)
    return i < len(later_mentions) and later_mentions[i] < ns + reach


def _in_condition(before: str, neg: re.Match[str]) -> bool:
    """Does the criticism stand in an "if ..." clause that a comma closes before the title?"""
    return re.search(r"\b(?:if|when|unless)\b[^;.!?]*$", before[:neg.start()]) is not None and \
        "," in before[neg.end():]


def _previous_recommends(doc: Doc, s_start: int) -> bool:
    """Does the sentence before ``s_start`` recommend (a cue or praise, no criticism)?"""
    if s_start == 0:
        return False
    p_start, p_end = doc.sentence_of(s_start - 1)
    prev = doc.lower[p_start:p_end]
    return (RECOMMEND_RE.search(prev) is not None or PRAISE_AFTER.search(prev) is not None) \
        and _negative(prev, False) is None and not prev.rstrip().endswith("?")


def _carried(doc: Doc, end: int, later_mentions: tuple[int, ...]) -> bool:
    """Does the next sentence praise "it" (and no other work comes between)?"""
    _s, s_end = doc.sentence_of(max(0, end - 1))
    i = bisect_left(later_mentions, end)  # the starts of all mentions, in order
    if i < len(later_mentions) and later_mentions[i] < s_end:
        return False
    for sentence in _next_sentences(doc, max(0, end - 1), 1):
        if sentence.rstrip(" )\"'*_\n").endswith("?"):
            continue  # "Has anyone read X? Worth it?" asks, it does not praise
        if SPECULATIVE.search(sentence):
            continue  # "The game dev angle looks fun.": a guess, not a verdict
        # "Not about damage functions, but it's the book that ...": what it is not, then it
        sentence = _NOT_BUT.sub("", sentence, count=1)
        if CARRY.match(sentence) and not NEGATION.search(sentence[:40]):
            return True
        # "Less famous but great.", "Dense but worth it.": a verbless verdict on it
        if len(sentence.split()) <= 7 and _SHORT_PRAISE.match(sentence) and \
                not NEGATION.search(sentence):
            return True
    return False
