"""The reading list as one self-contained HTML page: inline CSS, no script, no external asset
(cover images from Open Library only with ``--covers``).

Everything from a post or a .bib is escaped; only http(s) URLs become links, each with
``rel="noopener noreferrer"``; a Content-Security-Policy forbids scripts even if something slipped.
"""

from __future__ import annotations

from readlist import __version__
from readlist.export.listing.escaping import html_href, html_text
from readlist.export.listing.model import AuthorItem, Item, Listing, Post, count_people
from readlist.export.listing.words import (
    OUTCOME_HELP,
    empty_message,
    excerpt,
    item_counts,
    ordering,
    outcome_word,
    plural,
    post_label,
    recommended_by,
    summary,
)

QUOTE_MAX = 220
COVER_ORIGIN = "https://covers.openlibrary.org"

CSS = """
:root{--bg:#f7f5f0;--card:#fff;--ink:#1d1d1f;--muted:#5f6368;--line:#e4e0d8;--accent:#8a3b12;
--sure:#1e7a3c;--sure-bg:#e3f4e8;--unsure:#8a5a00;--unsure-bg:#fdf0d3;--unres:#9b1c1c;
--unres-bg:#fbe4e4;--own:#4a4f57;--own-bg:#eceef1;--quote:#f3efe6}
@media (prefers-color-scheme:dark){:root{--bg:#17171a;--card:#222226;--ink:#ececef;
--muted:#a5a7ad;--line:#34343a;--accent:#f0a46b;--sure:#7fd99a;--sure-bg:#1d3a26;
--unsure:#f2c66d;--unsure-bg:#3d3118;--unres:#f19a9a;--unres-bg:#432222;--own:#c2c6cc;
--own-bg:#303238;--quote:#2b2a27}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);line-height:1.5;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:50rem;margin:0 auto;padding:2.5rem 1.25rem 3rem}
header.page h1{font-family:Georgia,"Times New Roman",serif;font-size:2.4rem;line-height:1.1;
margin:0 0 .5rem;letter-spacing:-.01em}
header.page p{margin:.15rem 0;color:var(--muted)}
header.page .summary{color:var(--ink);font-size:1.05rem}
code{font:.85em/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
a{color:var(--accent);text-decoration-thickness:1px;text-underline-offset:2px}
a:hover{text-decoration-thickness:2px}
h2{font-family:Georgia,"Times New Roman",serif;font-size:1.45rem;margin:2.25rem 0 .75rem;
padding-bottom:.35rem;border-bottom:1px solid var(--line)}
ol.works,ul.authors{list-style:none;margin:1.5rem 0 0;padding:0}
li.work,li.author{display:flex;gap:1rem;background:var(--card);border:1px solid var(--line);
border-radius:12px;padding:1.1rem 1.25rem;margin:0 0 .9rem;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.rank{flex:0 0 2.2rem;font:700 1.6rem/1.2 Georgia,serif;color:var(--accent);text-align:right}
.cover{flex:0 0 auto;width:64px;height:96px;border-radius:4px;background:var(--line) center/cover
no-repeat;box-shadow:inset 0 0 0 1px rgba(0,0,0,.06)}
.body{flex:1 1 auto;min-width:0}
h3.title{font-family:Georgia,"Times New Roman",serif;font-size:1.25rem;line-height:1.25;
margin:0 0 .2rem;overflow-wrap:anywhere}
h3.title a{color:inherit;text-decoration:none}
h3.title a:hover{text-decoration:underline}
.byline{margin:0 0 .45rem;color:var(--muted);overflow-wrap:anywhere}
.byline .author{color:var(--ink);font-weight:600}
.citation{margin:0 0 .5rem;color:var(--muted);overflow-wrap:anywhere}
.citation i{color:var(--ink)}
.stats{display:flex;flex-wrap:wrap;align-items:center;gap:.35rem .6rem;margin:0 0 .6rem;
font-size:.9rem;color:var(--muted)}
.badge{display:inline-block;font-size:.78rem;font-weight:700;letter-spacing:.02em;
text-transform:uppercase;border-radius:999px;padding:.1rem .6rem}
.badge.sure{color:var(--sure);background:var(--sure-bg)}
.badge.unsure{color:var(--unsure);background:var(--unsure-bg)}
.badge.unresolved{color:var(--unres);background:var(--unres-bg)}
.badge.own,.badge.unchecked{color:var(--own);background:var(--own-bg)}
.count{font-weight:600;color:var(--ink)}
blockquote{margin:0;padding:.6rem .9rem;background:var(--quote);border-left:3px solid var(--accent);
border-radius:0 8px 8px 0}
blockquote p{margin:0;font-style:italic;overflow-wrap:anywhere}
blockquote footer{margin-top:.3rem;font-size:.85rem;color:var(--muted)}
details{margin-top:.55rem;font-size:.9rem}
summary{cursor:pointer;color:var(--muted)}
ul.posts{margin:.4rem 0 0;padding-left:1.1rem}
ul.posts li{margin:.25rem 0;overflow-wrap:anywhere}
ul.posts .q{color:var(--muted)}
li.author{align-items:baseline}
li.author .name{font-weight:700;font-size:1.05rem;color:var(--ink)}
footer.page{margin-top:2.5rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);
padding-top:1rem}
.empty{color:var(--muted)}
@media (max-width:560px){main{padding:1.5rem .8rem 2rem}header.page h1{font-size:1.9rem}
li.work,li.author{padding:.9rem;gap:.7rem}.rank{flex-basis:1.6rem;font-size:1.3rem}
.cover{width:48px;height:72px}}
@media print{body{background:#fff}li.work,li.author{box-shadow:none;break-inside:avoid}
details{display:none}}
""".strip()


def a(url: str | None, text: str, cls: str = "") -> str:
    """A link to an http(s) URL (new tab, no opener, no referrer), else the escaped text."""
    href = html_href(url)
    label = html_text(text)
    if href is None:
        return label
    klass = f' class="{cls}"' if cls else ""
    return (f'<a{klass} href="{href}" rel="noopener noreferrer nofollow" target="_blank">'
            f"{label}</a>")


def post_ref(p: Post) -> str:
    if p.url:
        return a(p.url, post_label(p) or "post")
    who = ", ".join(x for x in (p.author, p.date) if x)
    return f"<code>{html_text(p.link)}</code>" + (f" ({html_text(who)})" if who else "")


def _quote(p: Post | None) -> str:
    if p is None or not p.quote:
        return ""
    return (f"<blockquote><p>“{html_text(excerpt(p.quote, QUOTE_MAX))}”</p>"
            f"<footer>— {post_ref(p)}</footer></blockquote>")


def _posts(posts: list[Post]) -> str:
    if len(posts) < 2:
        return ""
    rows = "".join(f'<li>{post_ref(p)}' + (f' <span class="q">“{html_text(excerpt(p.quote, 160))}”'
                                           f"</span>" if p.quote else "") + "</li>"
                   for p in posts)
    return (f"<details><summary>All {len(posts)} recommendations</summary>"
            f'<ul class="posts">{rows}</ul></details>')


def _badge(it: Item) -> str:
    word = outcome_word(it)
    cls = "own" if word == "own entry" else word
    tip = OUTCOME_HELP.get(word, "an entry readlist did not write")
    return f'<span class="badge {cls}" title="{html_text(tip)}">{html_text(word)}</span>'


def _byline(it: Item) -> str:
    r = it.record
    parts = [f'<span class="author">{html_text(it.byline)}</span>' if it.byline
             else "Unknown author"]
    if r.year:
        parts.append(f'<span class="year">{html_text(r.year)}</span>')
    pub = ", ".join(x for x in (r.publisher, r.address) if x)
    if pub:
        parts.append(f'<span class="publisher">{html_text(pub)}</span>')
    return '<p class="byline">' + " · ".join(parts) + "</p>"


def _item(n: int, it: Item, covers: bool) -> str:
    out = [f'<li class="work" id="{html_text("work-" + it.key)}">',
           f'<div class="rank" aria-label="number {n}">{n}</div>']
    if covers:
        # A background image, not <img>: offline or without a cover the box stays a plain
        # placeholder instead of a broken-image icon. The URL holds only a validated ISBN-13.
        style = f' style="background-image:url({html_href(it.cover_url)})"' if it.cover_url else ""
        out.append(f'<div class="cover"{style} role="presentation"></div>')
    out.append('<div class="body">')
    out.append(f'<h3 class="title">{a(it.catalogue_url, it.title)}</h3>')
    if it.citation_html:
        out.append(f'<p class="citation">{it.citation_html}</p>')
    else:
        out.append(_byline(it))
    stats = [_badge(it), f'<span class="count">{html_text(item_counts(it))}</span>']
    if it.catalogue_url:
        stats.append(a(it.catalogue_url, it.catalogue_name or "catalogue record"))
    elif it.search_url:
        stats.append(a(it.search_url, "search Open Library"))
    out.append('<p class="stats">' + " ".join(stats) + "</p>")
    out.append(_quote(it.best))
    out.append(_posts(it.posts))
    out.append("</div></li>")
    return "".join(x for x in out if x)


def _author(n: int, au: AuthorItem) -> str:
    counts = recommended_by(len(au.posts), count_people(au.posts))
    return (f'<li class="author"><div class="rank">{n}</div><div class="body">'
            f'<p class="byline"><span class="name">{html_text(au.name)}</span> · '
            f"{html_text(counts)}</p>{_quote(au.best)}{_posts(au.posts)}</div></li>")


def render_html(listing: Listing, style_credit: str | None = None) -> str:
    covers = listing.options.covers
    img_src = COVER_ORIGIN if covers else "'none'"
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src {img_src}; "
           "base-uri 'none'; form-action 'none'")
    body: list[str] = []
    if not listing.items:
        body.append(f'<p class="empty">{html_text(empty_message(listing))}</p>')
    elif listing.groups is not None:
        for g in listing.groups:
            body.append(f"<h2>{html_text(g.label)} <small>· {plural(len(g.items), 'work')}"
                        "</small></h2>")
            body.append('<ol class="works">\n' + "\n".join(
                _item(listing.items.index(it) + 1, it, covers) for it in g.items) + "\n</ol>")
    else:
        body.append('<ol class="works">\n' + "\n".join(
            _item(n, it, covers) for n, it in enumerate(listing.items, 1)) + "\n</ol>")
    if listing.authors:
        body.append('<h2 id="authors">Recommended authors</h2>\n<ul class="authors">\n' +
                    "\n".join(_author(n, au) for n, au in enumerate(listing.authors, 1)) +
                    "\n</ul>")
    credit = [f"Made with readlist {html_text(__version__)} from "
              f"<code>{html_text(listing.source)}</code>."]
    if style_credit:
        credit.append(html_text(style_credit))
    if covers:
        credit.append("Cover images from Open Library.")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="readlist {html_text(__version__)}">
<title>Reading list</title>
<style>
{CSS}
</style>
</head>
<body>
<main>
<header class="page">
<h1>Reading list</h1>
<p class="summary">{html_text(summary(listing))}</p>
<p class="meta">{html_text(ordering(listing)).capitalize()}.</p>
</header>
{chr(10).join(body)}
<footer class="page">{" ".join(credit)}</footer>
</main>
</body>
</html>
"""
