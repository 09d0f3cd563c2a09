"""Browser assets the site needs offline, fetched from the npm registry at install time.

The intranet has no internet, so nothing may load from a CDN. Versions are pinned here; the
files land in `.vendor/` (kept out of git) and the MkDocs plugin copies them into the site.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Asset:
    package: str
    version: str
    files: tuple[tuple[str, str], ...]  # (path inside the npm tarball, path under .vendor/)


ASSETS = (
    # Material for MkDocs 9 expects Mermaid 11 as a global `mermaid`.
    Asset("mermaid", "11.17.2", (("package/dist/mermaid.min.js", "mermaid/mermaid.min.js"),)),
    # Lets the search worker run from file:// (make dist); Material's offline plugin needs it.
    Asset("iframe-worker", "1.0.4", (("package/shim/index.js", "iframe-worker/shim.js"),)),
    # FSRS scheduling for 每日一练 (the daily practice page), exposed as the global `FSRS`.
    Asset("ts-fsrs", "5.4.2", (("package/dist/index.umd.js", "ts-fsrs/ts-fsrs.umd.js"),)),
)
STAMP = "versions.json"


class VendorError(Exception):
    pass


def wanted() -> dict[str, str]:
    return {asset.package: asset.version for asset in ASSETS}


def missing_files(vendor_dir: Path) -> list[str]:
    return [dest for asset in ASSETS for _, dest in asset.files if not (vendor_dir / dest).is_file()]


def is_current(vendor_dir: Path) -> bool:
    stamp = vendor_dir / STAMP
    if not stamp.is_file() or missing_files(vendor_dir):
        return False
    try:
        return json.loads(stamp.read_text(encoding="utf-8")) == wanted()
    except json.JSONDecodeError:
        return False


def fetch(vendor_dir: Path, npm: str = "npm") -> list[str]:
    """Download the pinned packages with `npm pack` and extract the files the site uses."""
    if shutil.which(npm) is None:
        raise VendorError("找不到 npm。离线前端资源（Mermaid 流程图等）需要从 npm 仓库下载："
                          "请先安装 Node.js 和 npm（Debian: apt-get install nodejs npm），再重新运行。")
    fetched = []
    with tempfile.TemporaryDirectory() as tmp:
        specs = [f"{a.package}@{a.version}" for a in ASSETS]
        result = subprocess.run([npm, "pack", "--silent", "--pack-destination", tmp, *specs],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise VendorError(f"npm pack 失败（{' '.join(specs)}）：{result.stderr.strip()[-500:]}")
        staging = Path(tmp) / "staging"
        for asset in ASSETS:
            tarballs = list(Path(tmp).glob(f"{asset.package.replace('/', '-').lstrip('@')}-{asset.version}.tgz"))
            if not tarballs:
                raise VendorError(f"npm 没有返回 {asset.package}@{asset.version} 的安装包。")
            with tarfile.open(tarballs[0]) as tar:
                for member, dest in asset.files:
                    source = tar.extractfile(member)
                    if source is None:
                        raise VendorError(f"{asset.package}@{asset.version} 中没有 {member}。")
                    target = staging / dest
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(source.read())
                    fetched.append(dest)
        (staging / STAMP).write_text(json.dumps(wanted(), ensure_ascii=False, indent=2), encoding="utf-8")
        # Swap in the complete set at once so a failed download never leaves a half-filled folder.
        if vendor_dir.exists():
            shutil.rmtree(vendor_dir)
        vendor_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), str(vendor_dir))
    return fetched
