"""The participant page's budget: bytes on the wire and time to a usable composer.

Runs a real `tyopaja serve` on a fresh SQLite file and Debian's Chromium at
360×640, with Chromium's own network emulation (CDP
Network.emulateNetworkConditions, the DevTools presets). "Usable composer"
means the first question's text box is on the screen and takes input.

    python -m bench.participant_page [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.helpers import LiveServer  # noqa: E402

# DevTools' presets (front_end/core/sdk/NetworkManager.ts): "Slow 3G" (now "3G") and
# "Fast 3G" (now "Slow 4G"); latency is added to every request.
PRESETS = {
    "Slow 3G": {
        "latency": 400 * 5,
        "download": 500 * 1000 / 8 * 0.8,
        "upload": 500 * 1000 / 8 * 0.8,
    },
    "Fast 3G": {"latency": 150 * 3.75, "download": 1.6e6 / 8 * 0.9, "upload": 750 * 1000 / 8 * 0.9},
    "none": {"latency": 0, "download": -1, "upload": -1},
}
CHROMIUM = "/usr/bin/chromium"


def conditions(preset: str) -> dict:
    """CDP parameters for a preset."""
    p = PRESETS[preset]
    return {
        "offline": False,
        "latency": p["latency"],
        "downloadThroughput": p["download"],
        "uploadThroughput": p["upload"],
    }


def measure(browser, url: str, preset: str) -> dict:
    """One cold load and one reload of the page: seconds to a usable composer and bytes."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="fi-FI")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", conditions(preset))
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    start = time.monotonic()
    page.goto(url, wait_until="commit")
    page.get_by_label("Nimimerkki").wait_for(timeout=60_000)
    cold = time.monotonic() - start
    page.locator("#status[data-state=online]").wait_for(timeout=60_000)
    online = time.monotonic() - start
    loaded = sum(sizes.values())
    start = time.monotonic()
    page.reload(wait_until="commit")
    page.get_by_label("Nimimerkki").wait_for(timeout=60_000)
    warm = time.monotonic() - start
    context.close()
    return {"cold": cold, "online": online, "warm": warm, "bytes": loaded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp) / "bench.db")
        server.start()
        try:
            url = f"{server.url}/j/{server.code}"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
                )
                print("| network | usable composer, first visit | socket online | reload | bytes |")
                print("|---|---|---|---|---|")
                for preset in ("none", "Fast 3G", "Slow 3G"):
                    runs = [measure(browser, url, preset) for _ in range(args.runs)]
                    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                    print(
                        f"| {preset} | {med['cold']:.2f} s | {med['online']:.2f} s"
                        f" | {med['warm']:.2f} s | {med['bytes'] / 1000:.1f} kB |"
                    )
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
