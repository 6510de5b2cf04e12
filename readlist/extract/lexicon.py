"""Word lists the extractor reasons with: function words of titles, work nouns, sites, cues."""

from __future__ import annotations

import re

# Lower-case words that may stand inside a title written in title case.
TITLE_FUNCTION_WORDS = frozenset(
    """a an the and or nor but of in on at to for from with without into onto upon over under
    about against among between through during after before beyond across within vs versus as
    via per than de del della di da la le les du des et en und der die das den dem von zu y el
    los las e o a'""".split()
)

# Nouns that name a written work when a post says "X's book on ...", "his novel about ...".
WORK_NOUNS = frozenset(
    """book books novel novels work works text texts essay essays treatise tract pamphlet
    monograph study history histories memoir memoirs biography autobiography account primer
    introduction intro classic classics trilogy series volume volumes collection anthology
    writing writings piece analysis critique""".split()
)

# Words that introduce what a work is about: "a book abt X", "his book on X".
ABOUT_WORDS = ("about", "abt", "abt.", "on", "regarding", "re", "re:", "concerning", "covering",
               "detailing", "explaining", "describing", "discussing", "dealing with",
               "that covers", "which covers", "that explains", "that goes into", "where he",
               "where she", "where they")

# Places people get books from: never works themselves.
SITES = frozenset(
    s.lower()
    for s in [
        "Anna's Archive", "Annas Archive", "Anna’s Archive", "Library Genesis", "LibGen",
        "Z-Library", "Z Library", "Zlib", "Sci-Hub", "SciHub", "Project Gutenberg", "Gutenberg",
        "Internet Archive", "Archive.org", "Open Library", "Goodreads", "Amazon", "Audible",
        "Libby", "Kindle", "Wikipedia", "YouTube", "Reddit", "Lemmy", "Hacker News", "Twitter",
        "Marxists Internet Archive", "marxists.org", "Marxists.org", "Google Books", "JSTOR",
        "Scribd", "Verso", "Bookshop", "Barnes & Noble", "Barnes and Noble", "Spotify",
        "Substack", "Medium", "Patreon", "Discord", "GitHub", "Telegram",
    ]
)

# Cues that make a mention a recommendation; matched on lower-cased text, word-bounded.
RECOMMEND_CUES = (
    r"i(?:'d| would)? (?:highly |strongly |really |definitely |also |heartily )?recommend(?:ed|ing)?",
    r"(?:highly|strongly|definitely|also) recommend(?:ed)?",
    r"recommend(?:ed|ing)?",
    r"recommendations?",
    r"you (?:should|must|need to|gotta|have to|ought to) (?:read|check out|pick up|get|try)",
    r"(?:should|must) read",
    r"must[- ]reads?",
    r"check(?:ing)? out",
    r"(?:go |try |please )?read(?:ing)?",
    r"(?:start|begin) with",
    r"pick up",
    r"grab",
    r"get",
    r"try",
    r"look into",
    r"worth (?:a |the )?(?:read|reading|your time)",
    r"(?:great|good|excellent|fantastic|brilliant|amazing|essential|classic|wonderful|superb) (?:book|read|intro|introduction|primer|work)",
    r"(?:loved|love|enjoyed) (?:it|this|that)",
    r"seconding",
    r"\+1 (?:for|on)",
    r"(?:is|was) (?:great|excellent|essential|fantastic|brilliant|a classic)",
    r"(?:best|favou?rite) (?:book|books|read|intro)",
    r"(?:can't|cannot) recommend .{0,20} enough",
)

# Cues that make it a mention only: criticism, warnings, dismissal, idioms.
NEGATIVE_CUES = (
    r"-tier",
    r"propaganda",
    r"garbage",
    r"trash",
    r"rubbish",
    r"drivel",
    r"nonsense",
    r"overrated",
    r"debunked",
    r"discredited",
    r"(?:don't|do not|never) (?:bother|read|waste)",
    r"avoid",
    r"stay away",
    r"steer clear",
    r"skip",
    r"(?:i )?(?:loathe|hate|despise|detest)",
    r"waste of (?:time|money|paper)",
    r"(?:awful|terrible|horrible|bad|worst|boring|shit|crap) (?:book|read|writer)",
    r"fash(?:ist|y)?",
    r"reactionary",
    r"lib(?:eral)? (?:propaganda|nonsense)",
    r"leaf out of",
)

RECOMMEND_RE = re.compile(r"(?<![\w-])(?:" + "|".join(RECOMMEND_CUES) + r")(?![\w])")
NEGATIVE_RE = re.compile(r"(?:" + "|".join(NEGATIVE_CUES) + r")(?![\w])")
STRONG_RECOMMEND_RE = re.compile(
    r"(?<![\w-])(?:i(?:'d| would)? (?:\w+ )?recommend|recommend|must[- ]read|you (?:should|must|need to|gotta) "
    r"(?:read|check out|pick up|get)|check out|start with|worth (?:a |the )?read)"
)
