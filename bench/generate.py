"""A deterministic Pushshift-style Reddit comment dump for benchmarks (NDJSON and .zst).

    python -m bench.generate --sizes 10MB,100MB,1GB --out /tmp/readlist-bench

Each line is a Reddit comment object with the field names of the Pushshift/Arctic Shift
comment dumps (``RC_YYYY-MM``). Bodies follow Reddit's length distribution (log-normal, median
about 110 characters, a long tail capped at 10,000), read like forum text (capitalised
sentences, names, places, Markdown quotes, links, lists, "by the way", possessives, quoted
phrases that are not works), and about 1 % of them name books in the forms people use:
"Title by Author", *italic* titles, possessives, quoted titles, ISBNs, catalogue and shop
links, lists, "anything by", and dismissive mentions ("couldn't finish ...").

Same seed, same size: the same bytes (a sha256 is written beside each file in a manifest).
Sizes are in MB of 10**6 bytes; a file ends at the first line that reaches its size. Files are
written to ``--out`` (default /tmp/readlist-bench), never into the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from readlist.corpus.pushshift import format_id36

DEFAULT_OUT = Path("/tmp/readlist-bench")
SEED = 20240601
MENTION_RATE = 0.01
POOL_SENTENCES = 60_000  # distinct filler sentences per seed; posts draw from them
FIRST_UTC = 1_672_531_200  # 2023-01-01
ACTIVE_THREADS = 3_000

BOOKS = [
    ("The Dispossessed", "Ursula K. Le Guin"), ("A Wizard of Earthsea", "Ursula K. Le Guin"),
    ("The Left Hand of Darkness", "Ursula K. Le Guin"), ("Dune", "Frank Herbert"),
    ("Blindsight", "Peter Watts"), ("The Three-Body Problem", "Liu Cixin"),
    ("Red Plenty", "Francis Spufford"), ("Capital in the Twenty-First Century", "Thomas Piketty"),
    ("Debt: The First 5000 Years", "David Graeber"), ("Bullshit Jobs", "David Graeber"),
    ("The Wretched of the Earth", "Frantz Fanon"), ("How Europe Underdeveloped Africa",
                                                      "Walter Rodney"),
    ("Open Veins of Latin America", "Eduardo Galeano"), ("The Shock Doctrine", "Naomi Klein"),
    ("Guns, Germs, and Steel", "Jared Diamond"), ("Sapiens", "Yuval Noah Harari"),
    ("The Road", "Cormac McCarthy"), ("Blood Meridian", "Cormac McCarthy"),
    ("Infinite Jest", "David Foster Wallace"), ("Beloved", "Toni Morrison"),
    ("One Hundred Years of Solitude", "Gabriel García Márquez"),
    ("The Master and Margarita", "Mikhail Bulgakov"), ("Crime and Punishment",
                                                          "Fyodor Dostoevsky"),
    ("The Brothers Karamazov", "Fyodor Dostoevsky"), ("Middlemarch", "George Eliot"),
    ("To Kill a Mockingbird", "Harper Lee"), ("Nineteen Eighty-Four", "George Orwell"),
    ("Homage to Catalonia", "George Orwell"), ("Brave New World", "Aldous Huxley"),
    ("The Name of the Wind", "Patrick Rothfuss"), ("The Way of Kings", "Brandon Sanderson"),
    ("Mistborn", "Brandon Sanderson"), ("Assassin's Apprentice", "Robin Hobb"),
    ("The Fifth Season", "N. K. Jemisin"), ("Hyperion", "Dan Simmons"),
    ("Neuromancer", "William Gibson"), ("Snow Crash", "Neal Stephenson"),
    ("Cryptonomicon", "Neal Stephenson"), ("The Expanse", "James S. A. Corey"),
    ("Project Hail Mary", "Andy Weir"), ("The Martian", "Andy Weir"),
    ("Thinking, Fast and Slow", "Daniel Kahneman"), ("The Selfish Gene", "Richard Dawkins"),
    ("Gödel, Escher, Bach", "Douglas Hofstadter"), ("The Structure of Scientific Revolutions",
                                                     "Thomas Kuhn"),
    ("Designing Data-Intensive Applications", "Martin Kleppmann"),
    ("Structure and Interpretation of Computer Programs", "Harold Abelson"),
    ("The Pragmatic Programmer", "Andrew Hunt"), ("Clean Code", "Robert C. Martin"),
    ("The Power Broker", "Robert Caro"), ("The Years of Lyndon Johnson", "Robert Caro"),
    ("A People's History of the United States", "Howard Zinn"),
    ("The Making of the English Working Class", "E. P. Thompson"),
    ("The Age of Revolution", "Eric Hobsbawm"), ("Postwar", "Tony Judt"),
    ("The Guns of August", "Barbara Tuchman"), ("SPQR", "Mary Beard"),
    ("The Rise and Fall of the Third Reich", "William L. Shirer"),
    ("Bloodlands", "Timothy Snyder"), ("Stalingrad", "Antony Beevor"),
    ("The Hobbit", "J. R. R. Tolkien"), ("The Fellowship of the Ring", "J. R. R. Tolkien"),
    ("Pride and Prejudice", "Jane Austen"), ("Emma", "Jane Austen"),
    ("Moby-Dick", "Herman Melville"), ("Ulysses", "James Joyce"),
    ("The Count of Monte Cristo", "Alexandre Dumas"), ("Les Misérables", "Victor Hugo"),
    ("Meditations", "Marcus Aurelius"), ("The Republic", "Plato"),
    ("Man's Search for Meaning", "Viktor Frankl"), ("The Body Keeps the Score",
                                                     "Bessel van der Kolk"),
    ("Educated", "Tara Westover"), ("Born a Crime", "Trevor Noah"),
    ("The Color of Law", "Richard Rothstein"), ("Evicted", "Matthew Desmond"),
    ("Seeing Like a State", "James C. Scott"), ("Against the Grain", "James C. Scott"),
    ("The Origins of Totalitarianism", "Hannah Arendt"), ("Discipline and Punish",
                                                           "Michel Foucault"),
    ("An Economic History of the USSR", "Alec Nove"), ("Maldevelopment", "Samir Amin"),
    ("Towards a New Socialism", "Paul Cockshott"), ("The Jakarta Method", "Vincent Bevins"),
    ("Piranesi", "Susanna Clarke"), ("Jonathan Strange & Mr Norrell", "Susanna Clarke"),
    ("The Goldfinch", "Donna Tartt"), ("The Secret History", "Donna Tartt"),
    ("Station Eleven", "Emily St. John Mandel"), ("Never Let Me Go", "Kazuo Ishiguro"),
    ("The Remains of the Day", "Kazuo Ishiguro"), ("Klara and the Sun", "Kazuo Ishiguro"),
]

SUBREDDITS = [  # (name, id, weight): mostly general forums, a few about books
    ("AskReddit", "t5_2qh1i", 30), ("worldnews", "t5_2qh13", 10), ("politics", "t5_2cneq", 9),
    ("gaming", "t5_2qh03", 8), ("soccer", "t5_2qi58", 6), ("news", "t5_2qh3l", 6),
    ("todayilearned", "t5_2qqjc", 6), ("history", "t5_2qh53", 4), ("AskHistorians",
                                                                    "t5_2ssp3", 3),
    ("programming", "t5_2fwo", 3), ("personalfinance", "t5_2qstm", 3), ("movies", "t5_2qh3s", 4),
    ("books", "t5_2qh4i", 3), ("printSF", "t5_2qm6c", 1), ("suggestmeabook", "t5_2sisf", 1),
    ("Fantasy", "t5_2qknd", 1), ("socialism", "t5_2qjii", 1),
]

FIRST = ("James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Sarah "
         "Carlos Ana Wei Priya Ahmed Fatima Olga Ivan Kenji Yuki Lars Ingrid Pierre Chloe "
         "Tom Jake Emma Liam Noah Sophia Marcus Aisha").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
        "Lopez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Nguyen Kim Patel Müller "
        "Rossi Silva Kowalski Ivanov Tanaka Okafor").split()
PLACES = ["New York", "Texas", "London", "Berlin", "Paris", "Tokyo", "the UK", "Canada",
          "Australia", "Ohio", "California", "Florida", "Chicago", "Mexico", "Brazil", "India",
          "China", "Russia", "Ukraine", "the EU", "Germany", "Spain", "Italy", "Seattle",
          "Toronto", "Scotland", "Ireland", "Poland", "the Midwest", "São Paulo"]
ORGS = ["Google", "Apple", "Amazon", "Microsoft", "Netflix", "Tesla", "the NFL", "the NBA",
        "Manchester United", "Real Madrid", "Arsenal", "Liverpool", "Nintendo", "Sony", "Valve",
        "the IRS", "the FDA", "NASA", "the Fed", "Walmart", "Costco", "Reddit", "Twitter",
        "the Supreme Court", "Congress", "the Senate", "the BBC", "CNN", "Fox News", "Disney"]
THINGS = ("car job house phone game team movie show season episode patch update policy law "
          "bill election war tax rent mortgage price wage market stock dog cat kid wife "
          "husband boss coworker landlord doctor nurse teacher city town budget plan trip "
          "flight hotel vacation laptop server code bug feature referee manager coach player "
          "goal match league trade deal contract video article comment post thread sub "
          "argument point source study paper report").split()
ADJS = ("good bad great terrible awful amazing weird crazy funny sad huge small expensive "
        "cheap fair unfair stupid smart wild insane solid decent boring interesting "
        "ridiculous obvious real fake wrong right old new").split()
VERBS = ("think know said saw heard watched played bought sold tried lost won paid moved "
         "worked left started stopped fixed broke called asked told found missed got").split()
EMOJI = ["😂", "🙄", "👍", "🔥", "😭", "🤷", "❤️"]
SITES = ["https://www.youtube.com/watch?v=", "https://i.imgur.com/", "https://en.wikipedia.org/"
         "wiki/", "https://www.bbc.co.uk/news/", "https://www.nytimes.com/2023/",
         "https://github.com/", "https://twitter.com/"]

# Ordinary sentences; SIGNAL ones carry what the pre-filter looks for (reading words, links,
# quotes, emphasis, "by", possessives) and are drawn at SIGNAL_RATE, an estimate of how
# often such sentences occur in general-forum comments.
SIGNAL_RATE = 0.12
TEMPLATES = [
    "I {verb} the same thing about {org} last year.",
    "This is the {adj}est take I've {verb} all week.",
    "My {thing} in {place} costs twice that now.",
    "Honestly the {thing} was {adj} but the {thing2} was worse.",
    "{First} from work {verb} me about this yesterday.",
    "Source: I'm a {thing2} and I see this every day.",
    "The {thing} isn't the problem, {org} is.",
    "We moved to {place} in {year} and never looked back.",
    "EDIT: thanks for the gold, kind stranger!",
    "Edit: typo.",
    "Lol what",
    "This.",
    "Same here {emoji}",
    "Thanks, I'll check it out.",
    "Not sure why you're getting downvoted.",
    "As someone from {place}, this is {adj}.",
    "{org} will never admit it, but the {thing} is {adj}.",
    "Went to {place} for a {thing} and it was {adj}.",
    "Imagine paying {number} for a {thing} in {place}.",
    "Played it for {number} hours and I still love it.",
    "Who else remembers when {org} was {adj}?",
    "{First} {Last} is the best {thing2} {org} ever had.",
    "Started a new {thing} in {place} this month.",
    "Nobody in {place} actually says that.",
    "Just finished my {thing} and I'm exhausted.",
    "This sub is {adj} sometimes.",
    "Bold of you to assume I have a {thing}.",
    "I don't know, {First}, it seems {adj} to me.",
    "I {verb} it too and honestly it's {adj}.",
    "That's {adj}, I didn't know {org} did that.",
    "We had the same {thing} in {place} and it was {adj}.",
    "It's not {adj} if everyone does it.",
    "He's right though, the {thing} is {adj}.",
    "Yeah that's what I {verb} too.",
    "I'm in {place} and we pay about {number} a month.",
    "What's the {thing} like there?",
    "They'll never fix the {thing}, they don't care.",
    "You're not wrong, but it's still {adj}.",
    "My {thing} did the same thing last week.",
    "This happened to me in {year} with a {thing}.",
    "Why would anyone pay {number} for that?",
    "Not gonna lie, that {thing} looks {adj}.",
    "Ok but the {thing} at the end was {adj}.",
    "I've been to {place} twice and loved the food.",
    "Wait until you see the {thing} prices in {place}.",
    "People in {place} have been saying this for years.",
    "She's been a {thing2} for {number} years.",
    "Can't believe {org} actually {verb} it.",
    "Can confirm, I live in {place} and it's {adj}.",
    "It's {number} dollars a month where I am.",
    "That's a {adj} point, but what about the {thing}?",
    "It was {number}% in {year} and it's worse now.",
]
SIGNAL = [
    "Did anyone else read the article?",
    "I read that as {org} at first and was very confused.",
    "By the way, {First} {Last} said the same thing on the podcast.",
    "That's not how any of this works.",
    "Worth it just for the {thing} alone.",
    "You must be new here.",
    "Second this, {org} has been {adj} for years.",
    "My {thing}'s {thing2} is {adj} too.",
    "{First}'s point about the {thing} is {adj}.",
    "Anything is better than what {org} is doing.",
    "Everything about this {thing} is {adj}.",
    "I had to read it twice to get it.",
    "They \"{verb}\" the {thing}, sure.",
    "\"{Adj} {thing}\" is doing a lot of work in that sentence.",
    "The {thing} in episode {number} was my favourite part.",
    "I {verb} a {thing} by accident and now I own three.",
    "Here's the link: {url}",
    "[Source]({url})",
    "The study is here: {url} if anyone wants to dig in.",
    "Introduce a {thing} tax and see what happens.",
    "Reading the comments here is {adj}.",
    "I read the whole thread and still don't get it.",
    "That {thing} by the window is the {adj}est thing in the room.",
    "**This** is the answer.",
    "*Technically* the {thing} is {adj}.",
    "The {org} {thing} was {adj} by {year} standards.",
]

MENTIONS = [  # {T} title, {A} author, {S} surname; (template, recommending?)
    ("I'd recommend {T} by {A}.", True),
    ("*{T}* by {A} is exactly what you're looking for.", True),
    ("{A}'s {T} changed how I think about this.", True),
    ("Read \"{T}\", it's worth it.", True),
    ("If you want the history, {T} by {A} is the place to start.", True),
    ("Seconding *{T}*, one of my favourites.", True),
    ("Anything by {A}, honestly.", True),
    ("My copy is ISBN {ISBN}, the one with the new foreword. Great read.", True),
    ("[{T}](https://openlibrary.org/works/OL{OL}W) by {A}, seriously.", True),
    ("Here you go: https://www.goodreads.com/book/show/{GR}.{SLUG}", True),
    ("Get it here https://www.amazon.com/dp/{ISBN10} and thank me later.", True),
    ("Some picks:\n\n- *{T}* by {A}\n- {T2} by {A2}\n- {S3}'s {T3}", True),
    ("{t} by {a} is a good one", True),
    ("I tried reading {T} by {A} and couldn't finish it.", False),
    ("{A}'s {T} is really overrated, I wouldn't recommend it.", False),
    ("Don't bother with \"{T}\", it's a slog.", False),
    ("Everyone keeps pushing *{T}* but I hated it.", False),
    ("Is {T} by {A} any good? Thinking of picking it up.", False),
]

FIELDS_NONE = ("associated_award", "author_flair_background_color", "author_flair_css_class",
               "author_flair_template_id", "author_flair_text", "author_flair_text_color",
               "distinguished", "top_awarded_type")


def parse_size(text: str) -> int:
    """"10MB" -> 10_000_000; "1GB" -> 10**9; a bare number is MB."""
    t = text.strip().upper()
    for suffix, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if t.endswith(suffix):
            return int(float(t[:-len(suffix)]) * scale)
    return int(float(t) * 10**6)


def size_label(size: int) -> str:
    if size >= 10**9 and size % 10**9 == 0:
        return f"{size // 10**9}GB"
    if size >= 10**6 and size % 10**6 == 0:
        return f"{size // 10**6}MB"
    return f"{size}B"


def isbn13(rng: random.Random) -> tuple[str, str]:
    """A valid ISBN-13 (hyphenated) and its ISBN-10, both with correct check digits."""
    core = "0" + "".join(str(rng.randint(0, 9)) for _ in range(8))
    d13 = "978" + core
    check13 = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(d13)) % 10) % 10
    s10 = sum(int(c) * (10 - i) for i, c in enumerate(core)) % 11
    check10 = (11 - s10) % 11
    ten = core + ("X" if check10 == 10 else str(check10))
    return f"978-{core[0]}-{core[1:4]}-{core[4:9]}-{check13}", ten


@dataclass
class Thread:
    id: str
    sub: tuple[str, str, int]
    comments: list[str] = field(default_factory=list)


class Generator:
    """Deterministic post bodies and comment records for one seed."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.pool = [self._sentence() for _ in range(POOL_SENTENCES)]
        subs = [s for s in SUBREDDITS for _ in range(s[2])]
        self.subs = subs
        self.threads = [self._new_thread(i) for i in range(ACTIVE_THREADS)]
        self.users = [f"{rng.choice(['', 'the_', 'not_', 'Real'])}{rng.choice(FIRST + LAST)}"
                      f"{rng.choice(['', '_', '-'])}{rng.randint(1, 9999)}" for _ in range(20000)]
        self.next_thread = ACTIVE_THREADS
        self.count = 0
        self.mention_posts = 0
        # comment id -> (template, recommends?, title) of its planted mention, when asked for
        self.truth: dict[str, tuple[str, bool, str]] | None = None

    def _new_thread(self, n: int) -> Thread:
        return Thread(format_id36(36**5 * 5 + n * 7), self.rng.choice(self.subs))

    def _sentence(self) -> str:
        rng = self.rng
        t = rng.choice(SIGNAL if rng.random() < SIGNAL_RATE else TEMPLATES)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        url = rng.choice(SITES) + "".join(rng.choice("abcdefghijkmnpqrstuvwxyz0123456789")
                                          for _ in range(rng.randint(6, 14)))
        adj = rng.choice(ADJS)
        return t.format(verb=rng.choice(VERBS), adj=adj, Adj=adj.capitalize(),
                        thing=rng.choice(THINGS), thing2=rng.choice(THINGS),
                        place=rng.choice(PLACES), org=rng.choice(ORGS), First=first, Last=last,
                        year=rng.randint(1990, 2023), number=rng.randint(2, 950),
                        emoji=rng.choice(EMOJI), url=url)

    def _mention(self) -> tuple[str, str, bool, str]:
        """A planted mention: its sentence, its template, whether it recommends, and its (first)
        title."""
        rng = self.rng
        (t, a), (t2, a2), (t3, a3) = rng.sample(BOOKS, 3)
        template, recommends = rng.choice(MENTIONS)
        isbn, ten = isbn13(rng)
        slug = "_".join(t.split()[:4]).strip(",:")
        text = template.format(T=t, A=a, t=t.lower(), a=a.lower(), T2=t2, A2=a2, T3=t3,
                               S3=a3.split()[-1], S=a.split()[-1], ISBN=isbn, ISBN10=ten,
                               OL=rng.randint(10000, 9999999), GR=rng.randint(1000, 99999999),
                               SLUG=slug)
        return text, template, recommends, t

    def body(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.035:
            return rng.choice(["[deleted]", "[removed]"])
        target = min(10_000, int(rng.lognormvariate(math.log(110), 1.1)))
        parts: list[str] = []
        size = 0
        while size < target:
            s = rng.choice(self.pool)
            parts.append(s)
            size += len(s) + 1
        mention = rng.random() < MENTION_RATE
        if mention:
            self.mention_posts += 1
            at = rng.randint(0, len(parts))  # drawn before the mention, as always
            sentence, template, recommends, title = self._mention()
            parts.insert(at, sentence)
            if self.truth is not None:  # the comment being made is number count - 1
                self.truth[format_id36(36**6 * 2 + self.count - 1)] = (template, recommends,
                                                                       title)
        # Paragraphs, a quoted line now and then (Reddit's body is Markdown, escaped &gt;).
        out = []
        for i, s in enumerate(parts):
            if i and rng.random() < 0.2:
                out.append("\n\n")
            elif i:
                out.append(" ")
            out.append(s)
        text = "".join(out)
        if rng.random() < 0.06:
            text = "&gt; " + rng.choice(self.pool) + "\n\n" + text
        return text

    def record(self) -> dict[str, object]:
        rng = self.rng
        n = self.count
        self.count += 1
        ti = min(int(rng.paretovariate(1.2)) - 1, ACTIVE_THREADS - 1)
        thread = self.threads[ti]
        comments = thread.comments
        cid = format_id36(36**6 * 2 + n)
        if comments and rng.random() < 0.6:
            parent = "t1_" + rng.choice(comments[-40:])
        else:
            parent = "t3_" + thread.id
        comments.append(cid)
        if len(comments) > 200 or rng.random() < 0.0005:
            # The thread goes quiet; a new one takes its place.
            self.threads[ti] = self._new_thread(self.next_thread)
            self.next_thread += 1
        sub, sub_id, _ = thread.sub
        author = rng.choice(self.users)
        created = FIRST_UTC + n // 3
        body = self.body()
        rec: dict[str, object] = {
            "all_awardings": [], "archived": False, "associated_award": None,
            "author": author if body not in ("[deleted]",) else "[deleted]",
            "author_created_utc": 1_300_000_000 + rng.randint(0, 370_000_000),
            "author_flair_background_color": None, "author_flair_css_class": None,
            "author_flair_richtext": [], "author_flair_template_id": None,
            "author_flair_text": None, "author_flair_text_color": None,
            "author_flair_type": "text", "author_fullname": f"t2_{format_id36(rng.randint(1, 36**8))}",
            "author_patreon_flair": False, "author_premium": rng.random() < 0.05,
            "awarders": [], "body": body, "collapsed_because_crowd_control": None,
            "comment_type": None, "controversiality": int(rng.random() < 0.03),
            "created_utc": created, "distinguished": None, "edited": False, "gilded": 0,
            "gildings": {}, "id": cid, "is_submitter": rng.random() < 0.08,
            "link_id": f"t3_{thread.id}", "locked": False, "no_follow": rng.random() < 0.7,
            "parent_id": parent,
            "permalink": f"/r/{sub}/comments/{thread.id}/comment/{cid}/",
            "retrieved_on": created + 86_400 * 30, "score": int(rng.paretovariate(1.5)) - 1,
            "send_replies": True, "stickied": False, "subreddit": sub, "subreddit_id": sub_id,
            "subreddit_name_prefixed": f"r/{sub}", "subreddit_type": "public",
            "top_awarded_type": None, "total_awards_received": 0, "treatment_tags": [],
        }
        return rec


def generate(path: Path, size: int, seed: int = SEED) -> dict[str, object]:
    """Write about ``size`` bytes of NDJSON to ``path``; returns the manifest entry."""
    gen = Generator(seed)
    digest = hashlib.sha256()
    written = lines = body_bytes = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.part")  # two runs may race
    with tmp.open("wb") as f:
        batch: list[bytes] = []
        while written < size:
            rec = gen.record()
            body_bytes += len(str(rec["body"]).encode())
            line = (json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
            batch.append(line)
            written += len(line)
            lines += 1
            if len(batch) >= 4096:
                block = b"".join(batch)
                digest.update(block)
                f.write(block)
                batch = []
        block = b"".join(batch)
        digest.update(block)
        f.write(block)
    tmp.replace(path)
    return {"file": path.name, "bytes": written, "lines": lines, "body_bytes": body_bytes,
            "mention_posts": gen.mention_posts, "seed": seed, "sha256": digest.hexdigest()}


def compress(src: Path, dst: Path, level: int = 3) -> dict[str, object]:
    """zstd of ``src`` (single-threaded, so the same bytes every run)."""
    import zstandard

    tmp = dst.with_name(f"{dst.name}.{os.getpid()}.part")
    digest = hashlib.sha256()
    with src.open("rb") as fin, tmp.open("wb") as fout:
        zstandard.ZstdCompressor(level=level).copy_stream(fin, fout)
    with tmp.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    tmp.replace(dst)
    return {"file": dst.name, "bytes": dst.stat().st_size, "level": level,
            "sha256": digest.hexdigest()}


def ensure(out: Path, size: int, seed: int = SEED, zst: bool = True) -> dict[str, object]:
    """The corpus of ``size`` in ``out`` (made if missing); its manifest entry."""
    out.mkdir(parents=True, exist_ok=True)
    plain = out / f"RC_bench_{size_label(size)}_s{seed}.ndjson"
    manifest = out / f"{plain.name}.manifest.json"
    entry: dict[str, object] = {}
    if manifest.exists() and plain.exists():
        entry = json.loads(manifest.read_text())
    if not entry or entry.get("bytes") != plain.stat().st_size:
        print(f"generating {plain} ...", file=sys.stderr, flush=True)
        entry = generate(plain, size, seed)
    zpath = plain.with_name(plain.name + ".zst")
    if zst and (not zpath.exists() or "zst" not in entry):
        print(f"compressing {zpath} ...", file=sys.stderr, flush=True)
        entry["zst"] = compress(plain, zpath)
    manifest.write_text(json.dumps(entry, indent=1) + "\n")
    entry["path"] = str(plain)
    if zst:
        entry["zst_path"] = str(zpath)
    return entry


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10MB,100MB,1GB",
                        help="comma-separated sizes: 10MB, 100MB, 1GB (MB = 10**6 bytes)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="scratch directory")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-zst", action="store_true", help="skip the .zst copies")
    opts = parser.parse_args(argv)
    for size in (parse_size(s) for s in opts.sizes.split(",") if s.strip()):
        entry = ensure(opts.out, size, opts.seed, zst=not opts.no_zst)
        print(json.dumps(entry))


if __name__ == "__main__":
    main()
