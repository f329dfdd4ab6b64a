"""OCR of scanned contracts: which engine, whether dropping the seal's red helps, and how long a long scan takes.

1. engines: RapidOCR (the PP-OCRv4 models inside rapidocr-onnxruntime, what importers.ocr uses) and
   Tesseract (Debian's tesseract-ocr-chi-sim, through its command line; skipped when not installed) on
   the first page of a few generated scans (tests/scans.py: seal, skew, noise, JPEG): characters right
   against the source PDF's text layer (difflib ratio, whitespace ignored) and seconds a page;
2. seals: RapidOCR with and without `drop_red`, the same measure, and the figures (amounts) found whole;
3. speed: importers.parse_file on one image-only scan of --pages pages (default 35), the pages read in
   parallel over the available cores, with the page progress on the terminal; it prints the wall time,
   the CPU seconds spent (this process and its page workers) and the load average before and after,
   which says how much of the machine the run had.

Run: .venv/bin/python benchmarks/bench_ocr.py [--pages 35] [--layouts N] [--skip-long]
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pdfplumber  # noqa: E402
from PIL import Image  # noqa: E402

import importers  # noqa: E402
from importers import ocr  # noqa: E402
from tests.corpus import write_corpus  # noqa: E402
from tests.scans import long_scan, render_pages, scan_pdf  # noqa: E402

_FIGURE = re.compile(r"\d[\d,]*\.\d\d")


def source_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return pdf.pages[0].extract_text() or ""


def squashed(text: str) -> str:
    return "".join(text.split())


def similarity(got: str, want: str) -> float:
    return difflib.SequenceMatcher(None, squashed(got), squashed(want), autojunk=False).ratio()


def figures_found(got: str, want: str) -> tuple[int, int]:
    wanted = _FIGURE.findall(squashed(want))
    found = set(_FIGURE.findall(squashed(got)))
    return sum(1 for figure in wanted if figure in found), len(wanted)


def rapidocr_text(image: np.ndarray, drop: bool = True) -> str:
    engine = ocr._engine()
    if drop:
        image, _ = ocr.drop_red(image)
    result, _ = engine(image)
    return "\n".join(text for _, text, _ in result or [])


def tesseract_text(image: np.ndarray, folder: Path) -> str:
    page = folder / "page.png"
    Image.fromarray(ocr.drop_red(image)[0]).save(page)
    done = subprocess.run(
        ["tesseract", str(page), "-", "-l", "chi_sim", "--psm", "6"], capture_output=True, text=True, check=True
    )
    return done.stdout


def compare_engines(sources: list[Path], folder: Path) -> None:
    with_tesseract = shutil.which("tesseract") is not None
    rows = {"rapidocr": [], "rapidocr, seal kept": [], "tesseract": []}
    for index, source in enumerate(sources):
        scan = scan_pdf(source, folder / f"{index}.scan.pdf", seed=index)
        image = np.array(render_pages(scan)[0])
        want = source_text(source)
        runs = [("rapidocr", lambda image=image: rapidocr_text(image))]
        runs.append(("rapidocr, seal kept", lambda image=image: rapidocr_text(image, drop=False)))
        if with_tesseract:
            runs.append(("tesseract", lambda image=image: tesseract_text(image, folder)))
        for name, run in runs:
            start = time.perf_counter()
            got = run()
            rows[name].append((similarity(got, want), *figures_found(got, want), time.perf_counter() - start))
    print(f"{'engine':<20} {'pages':>5} {'chars right':>11} {'figures whole':>14} {'s/page':>7}")
    for name, results in rows.items():
        if not results:
            print(f"{name:<20} not installed")
            continue
        found, wanted = sum(r[1] for r in results), sum(r[2] for r in results)
        print(
            f"{name:<20} {len(results):>5} {sum(r[0] for r in results) / len(results):>11.1%} "
            f"{f'{found}/{wanted}':>14} {sum(r[3] for r in results) / len(results):>7.1f}"
        )


def time_long_scan(sources: list[Path], folder: Path, pages: int) -> None:
    scan = long_scan(sources, folder / f"long-{pages}.scan.pdf", pages)

    def on_page(done: int, total: int) -> None:
        print(f"\r  page {done}/{total}", end="", flush=True)

    load_before = os.getloadavg()
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    document = importers.parse_file(scan, progress=on_page, max_bytes=1 << 30)
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    load_after = os.getloadavg()
    print(
        f"\n{pages}-page scan: wall {seconds:.0f} s on {ocr.available_cores()} cores "
        f"({seconds / pages:.1f} s a page); CPU {cpu:.0f} s (user + sys, this process and its page workers); "
        f"{len(document.line_items)} lines read"
    )
    print(
        "load average (1, 5, 15 min): before "
        + ", ".join(f"{value:.1f}" for value in load_before)
        + "; after "
        + ", ".join(f"{value:.1f}" for value in load_after)
    )


def _cpu_seconds() -> float:
    """User + system seconds of this process and of its finished children (the page workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=35, help="pages of the long scan")
    parser.add_argument("--layouts", type=int, default=6, help="corpus PDFs compared across engines")
    parser.add_argument("--skip-long", action="store_true", help="only compare the engines")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_corpus(folder / "corpus", libreoffice=False)
        sources = sorted((folder / "corpus").glob("*.reportlab.pdf"))
        compare_engines(sources[:: max(1, len(sources) // arguments.layouts)][: arguments.layouts], folder)
        if not arguments.skip_long:
            time_long_scan(sources, folder, arguments.pages)


if __name__ == "__main__":
    main()
