"""Fix Material's Chinese query segmentation so the last word of a query is searched too.

Material's search worker splits a typed Chinese query (电话回访) into indexed words by testing
slices `t.slice(s, o)` with `o < t.length`, so a word ending at the end of the query is never
found: 电话回访 searches only 电话, and 报修 alone can shrink to 报. Testing `o <= t.length`
fixes it. The patch is applied to the built copy of the worker; if Material's code changes
shape, `patch_worker` reports that it could not apply it, and the build warns.
"""

from __future__ import annotations

import re
from pathlib import Path

_SLICE_LOOP = re.compile(r"for\(let (\w)=(\w)\+1;\1<(\w)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")
# lunr reads "+" as "term required", so 6+2步法 finds nothing; staff mean the plain text.
_QUERY_START = re.compile(r'search\((\w)\)\{if\(\1=\1\.replace\(new RegExp\("\\\\p\{sc=Han\}\+"')
# Each segmented word but the last becomes a prefix query (word*). A lone character such as
# 要 or 能 then matches every 要领/要求/能力 in the titles and buries the page asked about, so
# single characters are dropped when the query also has real words.
_SEGMENT_JOIN = re.compile(r'(\w)=>\[\.\.\.(\w+)\(\1,this\.index\.invertedIndex\)\]\.join\("\* "\)')


def patch_worker_source(source: str) -> tuple[str, bool]:
    """Return the patched worker source and whether all three fixes were applied."""
    patched, loops = _SLICE_LOOP.subn(
        lambda m: f"for(let {m[1]}={m[2]}+1;{m[1]}<={m[3]}.length;{m[1]}++){m[3]}.slice({m[2]},{m[1]})in ",
        source,
    )
    patched, starts = _QUERY_START.subn(
        lambda m: m[0].replace(f"{m[1]}={m[1]}.replace(", f'{m[1]}={m[1]}.replace(/\\+/g," ").replace(', 1),
        patched,
    )
    patched, joins = _SEGMENT_JOIN.subn(
        lambda m: (f"{m[1]}=>(w=>w.some(x=>x.length>1)?w.filter(x=>x.length>1):w)"
                   f"([...{m[2]}({m[1]},this.index.invertedIndex)]).join(\"* \")"),
        patched,
    )
    return patched, loops == 1 and starts == 1 and joins == 1


def patch_worker(site_dir: Path) -> bool:
    """Patch the search worker in a built site; False when no worker or no match was found."""
    workers = list((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    applied = False
    for worker in workers:
        patched, ok = patch_worker_source(worker.read_text(encoding="utf-8"))
        if ok:
            worker.write_text(patched, encoding="utf-8")
            applied = True
    return applied
