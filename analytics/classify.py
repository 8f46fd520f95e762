"""What is counted: people, not robots; search text normalized and free of personal data."""

import re
import unicodedata
from functools import lru_cache

from analytics.models import MAX_QUERY_LENGTH

# Crawlers, headless browsers, monitors and link previews (maintained list: add a token when a
# new robot shows in the logs). Matched anywhere in the user agent, case-insensitively.
BOT_TOKENS = (
    r"bot\b|bot/|robot|crawl|spider|slurp|scrapy|archiver|fetcher|preview|monitor|uptime"
    r"|pingdom|lighthouse|headless|phantomjs|selenium|puppeteer|playwright|webdriver"
    r"|facebookexternalhit|mediapartners|yisou|sogou|bytespider|baiduspider|360spider|petalbot"
    r"|semrush|ahrefs|mj12|dataprovider|httrack|feedparser|validator"
)
# Programs that are not browsers: not visitors of the pages; their API searches still count
# (an organization's system searching the catalog is a search).
SCRIPT_TOKENS = (
    r"^(curl|wget|python|httpx|aiohttp|go-http-client|java|okhttp|libwww|node|axios"
    r"|postmanruntime|apache-httpclient|httpie|powershell|ruby|php|perl|dart|rust|reqwest)\b"
)
_BOT = re.compile(BOT_TOKENS, re.IGNORECASE)
_SCRIPT = re.compile(SCRIPT_TOKENS, re.IGNORECASE)
# A search for a mobile number, an ID-card number or an e-mail address is personal data: it is
# counted in the day's total but its text is never kept.
_PERSONAL = re.compile(r"\d{11,}|\d{17}[\dx]|@", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_bot(user_agent: str) -> bool:
    """A crawler or an empty user agent (real browsers always send one)."""
    ua = (user_agent or "").strip()
    return not ua or bool(_BOT.search(ua))


@lru_cache(maxsize=1024)  # browsers' user agents repeat: a dict lookup instead of two regexes
def is_person(user_agent: str, *, api: bool = False) -> bool:
    """Whether a request counts: no robot; on pages, no scripting client either."""
    if is_bot(user_agent):
        return False
    return api or not _SCRIPT.search(user_agent.strip())


def normalize_query(text: str) -> str:
    """The kept form of a search: NFKC (full-width → half-width), lower case, spaces collapsed,
    at most MAX_QUERY_LENGTH characters; "" for nothing or personal data."""
    text = unicodedata.normalize("NFKC", text or "")
    text = " ".join(_CONTROL.sub(" ", text).split()).lower()
    if _PERSONAL.search(text):
        return ""
    return text[:MAX_QUERY_LENGTH].strip()
