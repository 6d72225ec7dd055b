"""Headlines: the headline part of a title line (``meta`` picks it, ``deboiler`` finds its copies)."""

from __future__ import annotations

from . import rx

_TITLE_SPLIT = rx.compile(r"\s*(?:\s\|\s|\||｜|_|\s-\s|\s—\s|——|--)\s*")
# "-富达传媒", "-中国新闻网": a short name ending like a site's, after a bare hyphen at the end
_SITE_TAIL = rx.compile(r"[-–][^\s\-–|_]{0,8}(?:网|报|传媒|新闻|频道|在线|门户|资讯|头条|客户端|电视台|网站)$")
_AD_LABEL = rx.compile(r"^\[[^\[\]]{1,12}\]\s*(?=\S{8,})")


def clean_title(s: str) -> str:
    """The headline part of a title line: the longest segment around | _ - separators.

    >>> clean_title("人报甘头条 | 兰州市西固区福利路街道:党建引领“微治理” 串起为民服务“微幸福”")
    '兰州市西固区福利路街道:党建引领“微治理” 串起为民服务“微幸福”'
    >>> clean_title("多地项目连环爆雷 狂奔的龙湖集团暗伤曝露？_网易财经")
    '多地项目连环爆雷 狂奔的龙湖集团暗伤曝露？'

    A site name glued on with a bare hyphen and an ASCII-bracketed label in front (an ad or
    a column tag; 【】 labels stay) go too:

    >>> clean_title("[诗婷露雅化妆品]江门七旬阿婆接来电称其涉黑被骗上百万！冒充公检法电诈团伙被端-富达传媒")
    '江门七旬阿婆接来电称其涉黑被骗上百万！冒充公检法电诈团伙被端'
    >>> clean_title("2023-2024赛季CBA联赛今晚开幕 中-美")
    '2023-2024赛季CBA联赛今晚开幕 中-美'
    """
    s = s.strip()
    parts = [p for p in _TITLE_SPLIT.split(s) if p.strip()]
    if len(parts) >= 2:
        best = max(parts, key=len)
        if len(best) >= 6:
            s = best.strip()
    m = _SITE_TAIL.search(s)
    if m and m.start() >= 6:
        s = s[: m.start()].rstrip()
    return _AD_LABEL.sub("", s)
