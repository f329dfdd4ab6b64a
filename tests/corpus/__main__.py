"""Write the generated corpus: .venv/bin/python -m tests.corpus OUTDIR [--no-libreoffice]"""

import argparse
from pathlib import Path

from tests.corpus import write_corpus

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("out", type=Path)
parser.add_argument("--no-libreoffice", action="store_true", help="skip the PDFs printed by LibreOffice")
arguments = parser.parse_args()
files = write_corpus(arguments.out, libreoffice=False if arguments.no_libreoffice else None)
print(f"{len(files)} files in {arguments.out}")
