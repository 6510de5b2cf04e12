"""Where a saved page keeps its posts: one small finder per kind of site.

Each finder returns the page's posts as :class:`Found` (container element, where the text is,
author, date, permalink); the first finder that finds anything wins, in the order of
:data:`FINDERS`: Reddit (new and old), Hacker News, Lemmy, Discourse, phpBB, XenForo,
schema.org microdata, WordPress-style comment lists, ``<article>`` elements.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from readlist.corpus.base import iso_date

REDDIT = "https://www.reddit.com"
HN = "https://news.ycombinator.com"


@dataclass
class Found:
    container: LexborNode
    body: LexborNode | None = None  # where the text is (None: no text, e.g. deleted)
    whole: bool = False  # the text is the whole container (minus nested posts)
    opening: bool = False  # the thread's opening post: replies with no other parent answer it
    author: str | None = None
    date: str | None = None
    link: str | None = None
    ident: str | None = None
    title: str | None = None  # an opening post's title, shown as a heading before its text
    url: str | None = None  # an opening post's linked URL
    parent_key: str | None = None  # ident of the post it answers, when the page says so
    depth: int | None = None  # reply depth, for pages that only indent (Hacker News)
    community: str | None = None
    extra_bodies: list[LexborNode] = field(default_factory=list)


@dataclass
class Page:
    tree: LexborHTMLParser
    base: str | None  # the page's own URL (canonical link, og:url, "saved from url")
    title: str | None

    def absolute(self, href: str | None, default_base: str | None = None) -> str | None:
        if not href:
            return None
        href = href.strip()
        if href.startswith(("http://", "https://")):
            return href
        base = self.base or default_base
        return urljoin(base, href) if base else None

    @property
    def host(self) -> str | None:
        return urlsplit(self.base).hostname if self.base else None


Finder = Callable[[Page], list[Found]]


def text_of(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    text = " ".join((node.text(deep=True) or "").split())
    return text or None


def attr(node: LexborNode | None, name: str) -> str | None:
    if node is None:
        return None
    value = node.attributes.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def select(root: LexborNode | LexborHTMLParser, selector: str) -> list[LexborNode]:
    """Matches of a selector list, each element once, in document order."""
    seen: set[int] = set()
    out: list[LexborNode] = []
    for node in root.css(selector):
        if node.mem_id not in seen:
            seen.add(node.mem_id)
            out.append(node)
    if "," in selector and len(out) > 1:
        order = {n.mem_id: i for i, n in enumerate(root.css("*"))} if len(out) < 5000 else {}
        if order:
            out.sort(key=lambda n: order.get(n.mem_id, 0))
    return out


def _belongs(node: LexborNode, container: LexborNode, others: set[int]) -> bool:
    up = node.parent
    while up is not None and up.mem_id != container.mem_id:
        if up.mem_id in others:
            return False
        up = up.parent
    return node.mem_id not in others


def own_first(container: LexborNode, selector: str, others: set[int]) -> LexborNode | None:
    """The first match under ``container`` that does not belong to a nested post; in a
    selector list, earlier selectors win."""
    for one in selector.split(","):
        for node in container.css(one.strip()):
            if _belongs(node, container, others):
                return node
    return None


def prop(item: LexborNode, name: str) -> LexborNode | None:
    """A schema.org microdata property of ``item`` itself (not of an item nested in it)."""
    for node in item.css(f'[itemprop~="{name}"]'):
        up = node.parent
        while up is not None and up.mem_id != item.mem_id and "itemscope" not in up.attributes:
            up = up.parent
        if up is not None and up.mem_id == item.mem_id:
            return node
    return None


def _date_from(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    for name in ("datetime", "ts", "content", "title", "data-time", "created", "created-timestamp"):
        value = attr(node, name)
        if value:
            first = value.split()[0]
            if name == "data-time" and first.isdigit() and len(first) >= 12:
                first = str(int(first) / 1000)  # Discourse: milliseconds
            date = iso_date(first)
            if date:
                return date
    return None


def _ids(nodes: list[LexborNode]) -> set[int]:
    return {n.mem_id for n in nodes}


# -- Reddit -------------------------------------------------------------------------------------

def new_reddit(page: Page) -> list[Found]:
    posts = select(page.tree, "shreddit-post")
    comments = select(page.tree, "shreddit-comment")
    if not posts and not comments:
        return []
    others = _ids(posts + comments)
    found = []
    for p in posts:
        body = own_first(p, '[slot="text-body"], div[id$="-post-rtjson-content"]', others)
        if body is None:  # the body is often a sibling of the element, not inside it
            ident = attr(p, "id")
            body = page.tree.css_first(f'div[id="{ident}-post-rtjson-content"]') if ident else None
        found.append(Found(
            p, body, author=attr(p, "author"),
            date=_date_from(p) or iso_date(attr(p, "created-timestamp")),
            link=page.absolute(attr(p, "permalink"), REDDIT), ident=attr(p, "id"),
            title=attr(p, "post-title") or text_of(own_first(p, '[slot="title"]', others)),
            url=attr(p, "content-href") if attr(p, "post-type") == "link" else None, opening=True,
            community=attr(p, "subreddit-prefixed-name")))
    for c in comments:
        body = own_first(c, '[slot="comment"], div[id$="-comment-rtjson-content"]', others)
        found.append(Found(
            c, body, author=attr(c, "author"),
            date=_date_from(own_first(c, "faceplate-timeago, time", others))
            or iso_date(attr(c, "created")),
            link=page.absolute(attr(c, "permalink"), REDDIT), ident=attr(c, "thingid"),
            parent_key=attr(c, "parentid") or attr(c, "postid")))
    return found


def old_reddit(page: Page) -> list[Found]:
    things = [t for t in page.tree.css("div.thing[data-fullname]")
              if (attr(t, "data-fullname") or "").startswith(("t1_", "t3_"))]
    if not things:
        return []
    others = _ids(things)
    found = []
    for t in things:
        fullname = attr(t, "data-fullname") or ""
        is_link = fullname.startswith("t3_")
        body = own_first(t, ".expando .md" if is_link else ".entry .md", others)
        sub = attr(t, "data-subreddit-prefixed") or (
            f"r/{attr(t, 'data-subreddit')}" if attr(t, "data-subreddit") else None)
        title_a = own_first(t, "a.title", others) if is_link else None
        url = attr(t, "data-url")
        found.append(Found(
            t, body, author=attr(t, "data-author"),
            date=_date_from(own_first(t, ".tagline time, time", others))
            or iso_date(attr(t, "data-timestamp") and str(int(attr(t, "data-timestamp") or 0)
                                                           / 1000)),
            link=page.absolute(attr(t, "data-permalink"), REDDIT), ident=fullname,
            title=text_of(title_a) if is_link else None, opening=is_link,
            url=page.absolute(url, REDDIT) if is_link and url and "/comments/" not in url
            else None,
            community=sub))
    return found


# -- Hacker News --------------------------------------------------------------------------------

def hacker_news(page: Page) -> list[Found]:
    rows = page.tree.css("tr.athing")
    if not rows:
        return []
    found = []
    for row in rows:
        ident = attr(row, "id")
        link = f"{HN}/item?id={ident}" if ident and ident.isdigit() else None
        classes = (attr(row, "class") or "").split()
        if "comtr" in classes:
            ind = row.css_first("td.ind")
            depth = attr(ind, "indent")
            if depth is None:
                img = ind.css_first("img") if ind is not None else None
                width = attr(img, "width")
                depth = str(int(width) // 40) if width and width.isdigit() else "0"
            found.append(Found(
                row, row.css_first(".commtext"),
                author=text_of(row.css_first("a.hnuser")),
                date=_date_from(row.css_first("span.age")), link=link, ident=ident,
                depth=int(depth) if depth.isdigit() else 0, community="news.ycombinator.com"))
        else:
            title_a = row.css_first(".titleline > a") or row.css_first("a.storylink")
            sub = row.next
            while sub is not None and sub.tag != "tr":
                sub = sub.next
            toptext = page.tree.css_first("div.toptext")
            href = attr(title_a, "href")
            found.append(Found(
                row, toptext, author=text_of(sub.css_first("a.hnuser"))
                if sub is not None else None,
                date=_date_from(sub.css_first("span.age")) if sub is not None else None,
                link=link, ident=ident, title=text_of(title_a),
                url=page.absolute(href, HN) if href and not href.startswith("item?") else None,
                depth=-1, opening=True, community="news.ycombinator.com"))
    return found


# -- Lemmy (lemmy-ui) ---------------------------------------------------------------------------

def lemmy(page: Page) -> list[Found]:
    articles = select(page.tree, 'article.comment-node[id^="comment-"]')
    if not articles:
        return []
    containers = []
    for a in articles:
        li = a.parent
        containers.append(li if li is not None and li.tag == "li" else a)
    others = _ids(containers)
    origin = _origin(page.base)
    found = []
    post_body = None
    for node in page.tree.css(".md-div"):
        up, inside = node.parent, False
        while up is not None:
            if up.mem_id in others:
                inside = True
                break
            up = up.parent
        if not inside:
            post_body = node
            break
    if post_body is not None or page.title:
        title = text_of(page.tree.css_first(".post-title h1, h1 .post-title, h5 .post-title, "
                                            ".post-title")) or page.title
        listing = page.tree.css_first(".post-listing")
        person = listing.css_first("a.person-listing") if listing is not None else None
        found.append(Found(post_body or page.tree.body or articles[0], post_body, title=title,
                           link=page.base, ident="post", opening=True,
                           author=attr(person, "title") or text_of(person)))
    for a, box in zip(articles, containers, strict=True):
        ident = (attr(a, "id") or "").removeprefix("comment-")
        person = a.css_first("a.person-listing")
        found.append(Found(
            box, a.css_first(".md-div"),
            author=attr(person, "title") or (text_of(person) or "").lstrip("@") or None,
            date=_date_from(a.css_first("time[datetime]")),
            link=f"{origin}/comment/{ident}" if origin and ident.isdigit() else None,
            ident=f"comment-{ident}"))
    return found


# -- forums -------------------------------------------------------------------------------------

def discourse(page: Page) -> list[Found]:
    posts = page.tree.css("article[data-post-id]")
    if not posts:
        return []
    base = (page.base or "").split("?")[0].rstrip("/")
    found = []
    for p in posts:
        number = attr(p, "data-post-number") or (attr(p, "id") or "").removeprefix("post_")
        name = p.css_first(".names .username a, .names .first a, [data-user-card]")
        found.append(Found(
            p, p.css_first(".cooked"),
            author=attr(name, "data-user-card") or text_of(name),
            date=_date_from(p.css_first(".post-date [data-time], [data-time], time")),
            link=f"{base}/{number}" if base and number and number.isdigit() else None,
            ident=number or attr(p, "data-post-id")))
    return found


def phpbb(page: Page) -> list[Found]:
    posts = [p for p in page.tree.css('div.post[id^="p"]') if p.css_first(".postbody")]
    if not posts:
        return []
    found = []
    for p in posts:
        ident = attr(p, "id") or ""
        author = p.css_first(".author .username, .author .username-coloured, "
                             ".author strong a, .author strong")
        permalink = own_first(p, f'.author a[href*="#{ident}"], h3 a[href*="#{ident}"]', set())
        found.append(Found(
            p, p.css_first(".content"), author=text_of(author),
            date=_date_from(p.css_first(".author time, time[datetime]")),
            link=page.absolute(attr(permalink, "href")) or (
                f"{page.base.split('#')[0]}#{ident}" if page.base else None),
            ident=ident, community=page.host))
    return found


def xenforo(page: Page) -> list[Found]:
    posts = page.tree.css("article.message[data-author]")
    if not posts:
        return []
    found = []
    for p in posts:
        href = attr(p.css_first('.message-attribution a[href*="/post-"], a[href*="/post-"]'),
                    "href")
        found.append(Found(
            p, p.css_first(".message-body .bbWrapper, .bbWrapper, .message-body")
           , author=attr(p, "data-author"),
            date=_date_from(p.css_first("time[datetime]")), link=page.absolute(href),
            ident=attr(p, "data-content") or attr(p, "id"), community=page.host))
    return found


MICRODATA = ('[itemtype*="schema.org/Comment"], [itemtype*="DiscussionForumPosting"], '
             '[itemtype*="SocialMediaPosting"], [itemtype*="schema.org/Answer"], '
             '[itemtype*="schema.org/Question"], [itemprop="comment"], .crawler-post')


def microdata(page: Page) -> list[Found]:
    posts = select(page.tree, MICRODATA)
    if not posts:
        return []
    others = _ids(posts)
    found = []
    for p in posts:
        body = prop(p, "articleBody") or prop(p, "text") or own_first(p, ".post, .cooked", others)
        who = prop(p, "author")
        if who is not None and "itemscope" in who.attributes:
            who = prop(who, "name") or who
        url = prop(p, "url")
        position = text_of(prop(p, "position"))
        link = page.absolute(attr(url, "href") or attr(url, "content"))
        if link is None and position and position.lstrip("#").isdigit() and page.base:
            link = f"{page.base.split('?')[0].rstrip('/')}/{position.lstrip('#')}"
        found.append(Found(
            p, body, whole=body is None, author=text_of(who) or attr(who, "content"),
            date=_date_from(prop(p, "datePublished") or prop(p, "dateCreated")),
            link=link, ident=attr(p, "id"), community=page.host))
    return found


def comment_list(page: Page) -> list[Found]:
    """WordPress and many blogs: ``<li class="comment" id="comment-12">`` with the opening
    article's text as the first post."""
    comments = select(page.tree, '.comment[id^="comment-"], article.comment, li.comment')
    if not comments:
        return []
    others = _ids(comments)
    found = []
    entry = page.tree.css_first(".entry-content, .post-content, article .content")
    if entry is not None:
        found.append(Found(entry, entry, title=page.title, link=page.base, ident="entry",
                           opening=True))
    for c in comments:
        body = own_first(c, ".comment-content, .comment-body, .comment-text", others)
        ident = attr(c, "id")
        found.append(Found(
            c, body, whole=body is None, author=text_of(own_first(c, ".comment-author .fn, .fn, .comment-author",
                                              others)),
            date=_date_from(own_first(c, "time[datetime], time", others)),
            link=(f"{page.base.split('#')[0]}#{ident}" if page.base and ident else None),
            ident=ident, community=page.host))
    return found


def articles(page: Page) -> list[Found]:
    nodes = page.tree.css("article")
    return [Found(a, whole=True, ident=attr(a, "id"), community=page.host,
                  date=_date_from(a.css_first("time[datetime]")),
                  link=(f"{page.base.split('#')[0]}#{attr(a, 'id')}"
                        if page.base and attr(a, "id") else None))
            for a in nodes]


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


FINDERS: tuple[tuple[str, Finder], ...] = (
    ("reddit", new_reddit), ("old reddit", old_reddit), ("hacker news", hacker_news),
    ("lemmy", lemmy), ("discourse", discourse), ("phpbb", phpbb), ("xenforo", xenforo),
    ("microdata", microdata), ("comments", comment_list), ("articles", articles),
)
