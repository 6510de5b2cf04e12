"""Word lists the extractor reasons with: title function words, work nouns, non-works, cues.

Everything here is general language knowledge (how people write about books), never a list
of particular books. Cue patterns are matched on lower-cased, quote-normalised text.
"""

from __future__ import annotations

import re

# Lower-case words that may stand inside a title written in title case (several languages).
TITLE_FUNCTION_WORDS = frozenset(
    """a an the and or nor but of in on at to for from with without into onto upon over under
    about against among between through during after before beyond across within vs versus as
    via per than its not no de del della di da la le les du des et en und
    der die das den dem von zu y el los las e o a' l' d' au aux un une im am vom zum zur ein
    eine einer del al con por para sin sobre una uno lo gli il
    """.split()
)

# Nouns that name a written work: "X's book on ...", "his novel about ...".
WORK_NOUNS = frozenset(
    """book books novel novels work works text texts essay essays treatise tract pamphlet
    monograph study history histories memoir memoirs biography autobiography account primer
    introduction intro classic classics trilogy series volume volumes collection anthology
    writing writings piece analysis critique textbook textbooks letters papers paper stuff
    one ones speeches lectures""".split()
)
# Of these, the ones that recommend the author's output as a whole: "Lenin's shorter works".
AUTHOR_WORK_NOUNS = frozenset(
    "works books writings stuff essays texts papers novels speeches".split()
)
# Adjectives that may stand between a possessive and its work noun.
WORK_ADJECTIVES = frozenset(
    """new last latest first second third other famous classic big short shorter great little
    main seminal best early earlier later late major minor collected selected complete
    economic political philosophical theoretical historical recent older old whole entire
    two three few""".split()
)
# Of those, the ones that describe rather than name ("Kleppmann's new book" is no title).
GENERIC_WORK_ADJECTIVES = frozenset(
    """new last latest first second third other famous big short shorter great main best
    early earlier later late major minor recent older old whole entire two three few""".split()
)

# Adjectives that judge or measure a book rather than name it ("Duncan's excellent book").
EVALUATIVE_ADJECTIVES = frozenset(
    """excellent great good amazing fantastic brilliant wonderful superb beautiful fine nice
    awful terrible bad boring dense famous classic seminal important influential short long
    thick thin huge massive tiny slim fat own actual real little""".split())

# Words that introduce what a work is about: "a book abt X", "his book on X".
ABOUT_WORDS = ("about", "abt", "abt.", "on", "regarding", "re", "re:", "concerning", "covering",
               "detailing", "explaining", "describing", "discussing", "dealing with",
               "that covers", "which covers", "that explains", "that goes into", "where he",
               "where she", "where they", "analysing", "analyzing", "of")

# Places people get books from, and sites: never works themselves.
SITES = frozenset(
    s.lower()
    for s in [
        "Anna's Archive", "Annas Archive", "Library Genesis", "LibGen", "Z-Library",
        "Z Library", "Zlib", "Sci-Hub", "SciHub", "Project Gutenberg", "Gutenberg",
        "Internet Archive", "Archive.org", "Open Library", "Goodreads", "Amazon", "Audible",
        "Libby", "Kindle", "Wikipedia", "YouTube", "Reddit", "Lemmy", "Hacker News", "Twitter",
        "Marxists Internet Archive", "marxists.org", "Google Books", "JSTOR", "Scribd",
        "Bookshop", "Barnes & Noble", "Barnes and Noble", "Spotify", "Substack", "Medium",
        "Patreon", "Discord", "GitHub", "Telegram", "Netflix", "Hulu", "HBO", "Coursera",
        "edX", "Khan Academy", "ProleWiki", "Wikiquote", "Stack Overflow", "Tumblr", "TikTok",
        "BookTok", "Instagram", "Facebook", "LinkedIn", "Mastodon", "Bluesky", "Twitch",
        "Kobo", "Apple Books", "Google Play", "Storygraph", "LibraryThing", "WorldCat",
    ]
)

# What a title-case run is when the words beside it say so: not a work to read.
NONWORK_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|this|that|their|his|her|my|new)\s+)?\b(?:film|movie|documentary|"
    r"docu-?series|tv\s+show|tv\s+series|show|series\s+on\s+\w+|game|video\s*game|board\s*game|"
    r"podcast|magazine|journal\s+issue|newspaper|channel|youtube\s+channel|video|videos|"
    r"lecture|lectures|course|class|album|song|band|episode|episodes|season|anime|manga\s+adaptation|"
    r"website|site|blog|subreddit|sub|app|netflix|hbo|prize|award|conference|"
    r"(?:documentary|tv|web|youtube|netflix|video|lecture)\s+series)[\s\"'*_]*(?:[,:][\s\"'*_]*)?$",
    re.IGNORECASE,
)
NONWORK_AFTER = re.compile(
    r"[\"'\u201d\u2019*_]*\s*(?:\((?:film|movie|tv|tv\s+series|show|game|podcast|magazine|documentary|\d{4}\s+film)"
    r"[^)]*\)|(?:podcast|movie|movies|film|films|show|tv\s+show|tv\s+series|game|games|"
    r"lectures?|lecture\s+series|course|channel|videos?|documentary|magazine|episodes?|season|"
    r"album|prize|award|blog|website|subreddit|app|playlist|anime|finale|adaptation|wiki|"
    r"forums?|discord|server|(?:card|board|video|party|mobile|browser)\s+games?|"
    # software and the web: "CMU's BusTub project", "the SQLite Query Planner doc page"
    r"project|tutorials?|repo|repository|codebase|framework|plugin|extension|newsletter|"
    r"docs|documentation|(?:doc|docs|wiki|web|help|man)\s+pages?|keynote|webinar|bootcamp|"
    r"part\s+(?:one|two|three|\d))\b)",
    re.IGNORECASE,
)
# Verbs whose object is not something read.
NONREADING_VERBS = re.compile(
    r"\b(?:watch|watching|watched|rewatch|rewatching|rewatched|binge|binged|binging|play|"
    r"playing|played|replay|replaying|listen\s+to|listening\s+to|listened\s+to|stream|"
    r"streaming|subscribe\s+to|subscribed\s+to|follow|following|"
    r"(?:haven'?t|have\s+not|never|you'?ve|have\s+you)\s+(?:\w+\s+)?seen)\s+"
    r"(?!(?:[\w']+\s+){0,3}?(?:audio-?books?|books?|novels?)\b)(?:[\w']+\s+){0,3}$",
    re.IGNORECASE,
)
# "Not a book, but ...": what follows in that sentence is not a work to read.
# Only where it opens a clause ("Not a book, but ...", "(not a book)", "it's not a book"):
# "reads like a history book, not a novel" says what kind of book it is.
NOT_A_BOOK = re.compile(r"(?:^|[.!?(;:\n]\s*|\b(?:it'?s|this\s+is|that'?s|is)\s+)"
                        r"not\s+(?:a|really\s+a|strictly\s+a|technically\s+a)\s+"
                        r"(?:book|read|novel)\b", re.IGNORECASE)

# Idioms and jokes with book words: masked before anything else is looked at.
IDIOMS = re.compile(
    r"\b(?:take|took|taking|takes)\s+a\s+(?:leaf|page)\s+(?:out\s+of|from)\s+[^.!?\n]{0,40}?"
    r"\bbook\b|\bby\s+the\s+book\b|\bin\s+my\s+book\b|\bthrow(?:s|n|ing)?\s+the\s+book\s+at\b|"
    r"\bthrew\s+the\s+book\s+at\b|\b(?:oldest|every)\s+trick\s+in\s+the\s+book\b|"
    r"\bcook(?:ed|ing|s)?\s+the\s+books\b|\bhit(?:ting)?\s+the\s+books\b|"
    r"\bjudg(?:e|ing|ed)\s+a\s+book\s+by\s+its\s+cover\b|\ban\s+open\s+book\b|"
    r"\bread\s+the\s+room\b|\bread\s+between\s+the\s+lines\b|\bread\s+my\s+lips\b|"
    r"\b(?:in|into)\s+(?:his|her|their|my|your|someone's)\s+good\s+books\b|"
    r"\bbook\s+(?:it|a\s+(?:table|room|flight|ticket))\b|\bread\s+(?:him|her|them)\s+the\s+riot\s+act\b|"
    r"\bclosed\s+book\b|\bfor\s+the\s+books\b|\bone\s+for\s+the\s+books\b|"
    r"\bwrote\s+the\s+book\s+on\b|\bon\s+the\s+same\s+page\b|\bturn\s+the\s+page\b",
    re.IGNORECASE,
)

# Capitalised words that start sentences or clauses, or are not names or titles at all.
NOT_NAMES = frozenset(
    """I I'm I've I'd I'll The A An This That These Those It Its It's He She They We You My
    Your His Her Our Their If When While But And Or So Also Just Then There Here What Which
    Who Why How Yes No Not Maybe Well Oh Edit EDIT Lol LOL Imo IMO Tbh TBH Honestly Personally
    Anyway Read Get Check Try Start Grab Pick Look See Go Plus Especially Definitely Seconding
    Anything Everything Something Nothing Some Any All Both Each Every Most Many Much More Less
    Few One Two Three First Second Third Last Next Another Other Same Such Chapter Part Volume
    Vol Book Books Series Thanks Thank Please Sorry Agree Agreed Disagree Nope Yeah Yep Ok OK Okay
    Hmm Huh Wow Damn Great Good Nice Cool Sure Absolutely Seriously Obviously Actually Really
    Currently Recently Finally Just Only Even Still Again Already Almost Probably Perhaps
    Sadly Luckily Hopefully Basically Literally Generally Usually Sometimes Often Never Always
    Now Today Tomorrow Yesterday Tonight Later Soon Meanwhile However Though Although Unless
    Because Since Until After Before During Instead Otherwise Anyone Someone Everyone Nobody
    Somebody Anybody Everybody People Folks Guys Comrade Comrades Friend Friends Op OP Btw BTW
    Ps PS Nb NB Fwiw FWIW Afaik AFAIK Iirc IIRC Eh Ah Meh Ugh Haha Hah Lmao LMAO Lmfao Rofl
    Came Coming Gonna Wanna Gotta Reading Reread Rereading Finished Finishing Started Starting
    Listening Watching Rewatching Playing Seconded Thirding Second Third Adding Don't Do Does
    Did Is Are Was Were Has Have Had Can Could Would Should Will Might Must May Skip Avoid
    Ignore Stay Steer Forget Remember Note Also Add Throw Give Buy Borrow Find Pirate
    Mr Mrs Ms Dr Prof Sir Saint St Jr Sr Updated Update Source Sources Link Links Title
    English French German Spanish Italian Russian Chinese Japanese""".split()
) | frozenset(
    # Languages, which posts name beside titles ("Since you read some Turkish: ...")
    """Turkish Arabic Persian Farsi Hebrew Greek Latin Portuguese Dutch Polish Czech Korean
    Hindi Urdu Swedish Norwegian Danish Finnish Hungarian Romanian Ukrainian Vietnamese
    Indonesian Swahili Catalan Basque Irish Welsh Yiddish Sanskrit Bengali Tamil Thai""".split()
)
LANGUAGE_NAMES = frozenset(
    """English French German Spanish Italian Russian Chinese Japanese Turkish Arabic Persian
    Hebrew Greek Latin Portuguese Dutch Polish Czech Korean Swedish Irish Welsh""".split())

# Countries, regions and other proper nouns that are neither authors nor titles on their own.
PLACES = frozenset(
    s.lower() for s in """Africa America Americas Asia Europe Australia Antarctica Arctic
    Russia China India Japan Korea Vietnam Cuba Venezuela Brazil Argentina Chile Mexico Canada
    Iran Iraq Israel Palestine Gaza Syria Lebanon Egypt Turkey Greece Italy France Germany
    Spain Portugal Britain England Scotland Ireland Wales Poland Ukraine Belarus Serbia Bosnia
    Hungary Romania Sweden Norway Finland Denmark Netherlands Belgium Switzerland Austria
    Yugoslavia USSR Soviet US USA UK EU UN NATO Indonesia Philippines Malaysia Thailand
    Burma Myanmar Cambodia Laos Nepal Pakistan Bangladesh Afghanistan Congo Nigeria Ghana
    Kenya Ethiopia Somalia Sudan Libya Algeria Morocco Tunisia Angola Mozambique Zimbabwe
    Namibia Sahel Haiti Nicaragua Bolivia Peru Colombia Ecuador Uruguay Paraguay Panama
    Guatemala Honduras Salvador Rome Athens Sparta Paris London Berlin Moscow Beijing Shanghai
    Tokyo Washington Jakarta Hanoi Havana Sarajevo Vienna Madrid Lisbon Dublin Edinburgh
    Brussels Geneva Kyiv Kiev Warsaw Prague Budapest Istanbul Cairo Delhi Mumbai Tehran
    Baghdad Damascus Beirut Jerusalem Yorkshire California Texas Florida Chicago Boston
    Seattle Portland Detroit Atlanta Brooklyn Manhattan Hollywood Galapagos Galápagos
    Kremlin Pentagon Wall Street Silicon Valley Latam West East North South Western Eastern
    Northern Southern Global Cold War""".split()
)

# Words of organisations, events and prizes: a run containing one is no title.
ORG_WORDS = frozenset(
    """university college institute school department ministry party committee council
    association society foundation corporation company inc ltd llc press studio studios
    award awards prize prizes medal memorial conference summit congress parliament senate
    court army navy police bank fund agency bureau union league club team festival""".split()
)

# Cues that make a mention a recommendation; matched on lower-cased text, word-bounded.
RECOMMEND_CUES = (
    r"i(?:'d| would)? (?:highly |strongly |really |definitely |also |heartily |always |"
    r"personally |warmly )?recommend(?:ed|ing|s)?",
    r"(?:highly|strongly|definitely|also|heartily|warmly) recommend(?:ed)?",
    r"recommend(?:ed|ing|s)?",
    r"recommendations?",
    r"you (?:should|must|need to|gotta|have to|ought to|might want to|may want to|'ll want to|"
    r"will want to|could|can) (?:also )?(?:read|check out|pick up|get|try|look (?:at|into)|start)",
    r"(?:should|must|need to|gotta|have to) read",
    r"must[- ]reads?",
    r"required reading",
    r"essential reading",
    r"check(?:ing)? (?:it |them |this |that )?out",
    r"(?:go |try |please |just )?read(?:ing)?",
    r"re-?read",
    r"(?:start|begin|started|starting) with",
    r"go (?:with|for)",
    r"pick up",
    # "loved the ruins, SO bleak": a verdict of one's own, in a thread about reading
    r"(?:i |we |really |absolutely |just )?(?:loved|adored)",
    r"(?:mine|my pick|my vote|my answer|my choice|my rec) (?:is|was|would be|'s)",
    r"grab",
    r"get",
    r"try",
    r"look (?:into|at)",
    r"give (?:it|this|that|them|\w+) a (?:go|try|shot|read)",
    r"worth (?:a |the )?(?:read|reading|your time|it|having|owning|every penny|look|"
    r"looking at|close look)",
    r"(?:great|good|excellent|fantastic|brilliant|amazing|essential|classic|wonderful|superb|"
    r"beautiful|gorgeous|incredible|phenomenal|lovely|solid|nice|fun|perfect|underrated|"
    r"readable|accessible) (?:book|read|intro|introduction|primer|work|novel|text|overview|"
    r"starting point|place to start|companion|complement|choice|pick)",
    r"(?:loved|love|enjoyed|adored) (?:it|this|that|them|this one|that one|every page)",
    r"here you go",  # "Here you go: <a book's link>", handing over the work asked about
    r"you(?:'d| would| might| may|'ll| will)? (?:really |also |probably )?(?:like|love|enjoy|dig)",
    r"seconding",
    r"seconded",
    # "Second Engineering a Compiler." at the clause start ("Second, ..." counts points)
    r"^\s*(?:i\s+)?second(?!\s*[,:;.)]|\s+(?:this|that|it|of|half|time|place|thought|one|book|edition|"
    r"volume|part|chapter|hand|try|attempt|read)\b)",
    r"thirding",
    r"\+1(?: (?:for|on|to))?",
    r"(?:is|was|are|'s) (?:great|excellent|essential|fantastic|brilliant|a classic|amazing|"
    r"superb|wonderful|gorgeous|beautiful|incredible|a must|so good|really good|very good|"
    r"underrated|phenomenal|the best|a gem|a masterpiece|mind-?blowing|perfect|lovely|"
    r"a great|a good|a nice|an excellent|a wonderful|a fantastic|the classic|the standard|"
    r"the place to start|a good place to start|a good start|a great start|a fun|solid|"
    r"decent|fine|a decent|a solid)",
    r"(?:best|favou?rite) (?:book|books|read|intro|novel|novels|one)",
    r"(?:is|'s) the real thing",
    r"(?:can't|cannot|couldn't) recommend .{0,30} enough",
    r"came here to (?:say|recommend|suggest|post)",
    r"i'?d (?:add|suggest|say|throw in|go with|point you to)",
    r"(?:i'?d |i would )?point (?:people|you|them|folks|readers|everyone|beginners) (?:to|at|towards)",
    r"(?:also|and) (?:add|throw in)",
    r"suggest(?:ed|ing)?",
    r"everyone should",
    r"changed my (?:life|mind|thinking|brain)",
    r"rewired",
    r"blew my mind",
    r"further reading",
    r"(?:the )?best (?:\w+ ){0,2}(?:account|book|history|intro|introduction|overview|"
    r"treatment|source|answer|starting point|biography|primer|text|one)",
    r"if you (?:want|need|like|'d like|would like|are after|'re after|prefer) "
    r"(?:something|a|an|more|the|to go deeper|to understand)",
    r"for (?:something|a (?:\w+ )?(?:take|view|intro|overview|perspective))",
    r"(?:my|a few|some) (?:picks|suggestions|recs|favou?rites)",
    # pointing out what a list or a thread left out: "surprised nobody mentioned X"
    r"(?:surprised|shocked|amazed) (?:you|nobody|no one|noone|no-one)(?: has| have)? "
    r"(?:didn't |did not |hasn't |has not |haven't )?(?:include|mention|list)(?:d|ed|s)?",
    r"(?:you|they|the list|op) (?:forgot|missed|left out|skipped over)",
    r"no (?:love|mention) for",
    r"(?:go|skip|jump|head) (?:straight|right|directly) (?:to|for)",
)

# Cues that make a mention something other than a recommendation.
NEGATIVE_CUES = (
    r"-tier",
    r"propaganda",
    r"garbage",
    r"trash",
    r"rubbish",
    r"drivel",
    r"nonsense",
    r"overrated",
    r"over-rated",
    r"debunked",
    r"discredited",
    r"(?:don't|do not|dont|never|wouldn't|would not|wouldnt|won't|shouldn't) (?:bother|read|waste|"
    r"start|recommend|buy|touch|go near|pick)",
    r"(?:i'?d|i would) (?:not|never) (?:start|read|bother|recommend|use|touch)",
    r"not (?:worth|recommended|for beginners|a good (?:start|first))",
    r"avoid",
    r"please (?:not|no)(?: more)?",
    r"(?:was|is|were) (?:\w+ )?miserable",
    r"(?:much|far|a lot|way) (?:weaker|worse)",
    r"stay away",
    r"steer clear",
    r"steer \w+ away",
    r"skip",
    r"(?:i )?(?:loathe|hate|hated|despise|detest)",
    r"waste of (?:time|money|paper)",
    r"(?:awful|terrible|horrible|bad|worst|boring|shit|crap|weakest|dreadful|dull|"
    r"painful|unreadable)(?: (?:book|read|writer|text|one|first text|translation))?",
    r"(?:is|was|are) (?:terrible|awful|bad|boring|unreadable|a slog|overkill|dated|"
    r"garbage|trash|junk|pop garbage|contrarian|weak|flat)",
    r"a slog",
    r"slog for me",
    r"junk",
    r"dnf'?d?",
    r"bounced off",
    r"gave up",
    r"couldn't finish",
    r"not a fan",
    r"not for me",
    # "was a bit self-congratulatory for me": a hedged verdict is a criticism
    r"(?:a bit|a little|kind of|kinda|somewhat|rather|too) [\w-]+ for me",
    r"didn't (?:like|enjoy|love)",
    r"hype",
    r"libertarian pamphlet",
    r"grain of salt",
    r"cold war propaganda",
    r"lib(?:eral)? (?:propaganda|nonsense)",
    r"too (?:much|hard|dense|advanced|long|academic|heavy|dry)\b",
    r"grad level",
    r"inflated",
    r"(?:doesn't|does not|didn't|did not|don't) (?:really )?(?:answer|hold up|deliver|"
    r"work|age well|live up)",
    r"weakest",
    r"torn (?:it|them) apart",
    r"insufferable",
    r"smug",
    r"condescending",
    r"patroni[sz]ing",
    r"judgy",
    r"tedious",
    r"shaky",
    r"unreliable",
    r"inaccurate",
    r"outdated",
    r"hagiography",
    r"shill",
    r"leaf out of",
    # "careful with X", "beware of X": a warning
    # (an imperative, not "it's much more careful with the data")
    r"(?:be )?(?<!more )(?<!less )(?<!very )(?<!so )(?<!too )(?<!is )(?<!'s )(?<!are )"
    r"(?<!was )careful with",
    r"beware(?: of)?",
    r"(?:be )?wary of",
    # "ways Lynch's book never considers": what a work fails to cover
    r"never (?:considers|covers|mentions|addresses|discusses|explains|touches on|deals with|"
    r"gets into)",
    # "worth reading just to see how thin it is": read as a specimen, not for itself
    r"(?:just|only) to see (?:how|what)",
)

RECOMMEND_RE = re.compile(r"(?<![\w-])(?:" + "|".join(RECOMMEND_CUES) + r")(?![\w])")
NEGATIVE_RE = re.compile(r"(?<![\w])(?:" + "|".join(NEGATIVE_CUES) + r")(?![\w])")
STRONG_RECOMMEND_RE = re.compile(
    r"(?<![\w-])(?:i(?:'d| would)? (?:\w+ )?recommend|recommend|must[- ]read|you (?:should|must|"
    r"need to|gotta) (?:read|check out|pick up|get)|check out|start with|worth (?:a |the )?read|"
    r"should read|everyone should|required reading|essential reading|seconding|\+1 for|"
    r"came here to say|can't recommend)"
)

# "I'm reading X", "halfway through X": a book being read, not one recommended.
READING_NOW = re.compile(
    r"(?:\b(?:i'?m|i am|currently|now|been|just|finally)\s+(?:\w+\s+)?(?:reading|rereading|"
    r"re-reading|listening to|started|starting|picked up|began|beginning|halfway through|"
    r"half way through|in the middle of|working through|through|"
    r"(?:about\s+|only\s+|nearly\s+)?(?:a\s+third|a\s+quarter|halfway|half\s+way|partway|"
    r"two\s+thirds|\d+\s*(?:pages|%|percent|chapters))\s+(?:into|through|in\s+to))|"
    r"^\s*(?:reading|rereading|"
    r"re-reading|listening to|halfway through|started|starting|just started|just picked up|"
    r"picked up|currently|in the middle of)\b)[^.!?\n]*$"
)
# Questions about a work: "is X any good?", "has anyone read X?", "what about X?"
QUESTION_OPENERS = re.compile(
    r"^\s*(?:(?:so|and|but|also|ok|okay|hey|hi)\s*,?\s*)?(?:is|are|was|were|has|have|had|"
    r"does|do|did|should|would|could|can|will|anyone|any\s*one|anybody|what|how|why|which|"
    r"where|who|thoughts)\b"
)

# Given-name-like words that are also ordinary English: not evidence of a person alone.
COMMON_CAPITALISED = frozenset(
    """Will Mark Grace Hope Faith Joy Rose Lily May June April August Summer Winter Autumn
    Bill Bob Jack Frank Art Rich Sandy Dawn Guy Ray Sky Victor Glen Wade Miles Chase Hunter
    Pat Sue Max Penny Ruby Pearl Amber Crystal Jade Ivy Holly Iris Violet Heather Daisy
    Basil Sage Reed Dean Earl Duke King Prince""".split()
)

# Ordinary words that open sentences on their own ("Short, funny and ...", "Warning: ...").
# Never a one-word title by themselves.
COMMON_WORDS = frozenset(
    """short long fast slow dense dry easy hard heavy light brief quick clear great good bad
    nice fine cool fun funny sad dark bleak grim weird strange odd warning note update edit
    standalone overrated underrated struggling agreed exactly same true false right wrong
    interesting boring beautiful gorgeous brilliant amazing awesome excellent perfect classic
    essential brutal lovely sweet cute wholesome gentle quiet calm loud thick thin huge tiny
    big small old new modern ancient recent early late first last next also plus wow damn
    yes no nope yeah yep sure maybe definitely absolutely honestly seriously basically
    literally anyway whatever thanks thank cheers congrats welcome sorry please hello hi hey
    done finished started reading reread rereading listening watching playing currently
    recently finally again still already same here there this that these those it its
    everything something nothing anything everyone someone nobody anybody people folks
    dense readable accessible approachable technical academic popular pop practical
    theoretical rigorous thorough shallow deep simple complex complicated messy tedious
    painful slog masterpiece gem banger favourite favorite fave highly strongly seconded
    source sources context background spoilers spoiler unpopular opinion disclaimer caveat
    edit2 tldr tl;dr summary anyway otherwise instead however although though meanwhile
    later soon now today tonight yesterday tomorrow always never sometimes often usually
    imo imho tbh fwiw iirc afaik btw lol lmao haha ok okay hmm huh meh ugh oof yikes""".split()
)
