"""`flask --app app import FILE` in a real process: the light application (factory.create_import_app)
loads only what reading a file needs, and a database that was never set up gets one line, not a traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).parent / "flask"


def _flask_import(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "cli-test"}
    return subprocess.run(
        [str(FLASK), "--app", "app", "import", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_import_loads_neither_the_pages_nor_migrations_nor_the_job_queue():
    code = (
        "import sys; sys.argv = ['flask', '--app', 'app', 'import', 'x.pdf', '--json']; import app; "
        "print(sorted(m for m in ('contractmgr.web', 'flask_migrate', 'alembic', 'wtforms', "
        "'flask_limiter', 'huey', 'cn2an', 'contractmgr.exports') if m in sys.modules)); "
        "print(sorted(app.app.cli.commands), len(app.app.blueprints))"
    )
    env = {**os.environ, "SECRET_KEY": "cli-test", "DATABASE_URL": "sqlite://"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", "['import'] 0"]


def test_json_without_a_migrated_database_still_reads_and_says_what_to_run(tmp_path, contract_pdf):
    result = _flask_import(str(contract_pdf), "--json", database_url=f"sqlite:///{tmp_path / 'empty.sqlite'}")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["line_items"]) == 40
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "flask --app app db upgrade" in notes[0]
    assert "Traceback" not in result.stderr


def test_save_without_a_migrated_database_fails_in_one_line(tmp_path, contract_pdf):
    result = _flask_import(
        str(contract_pdf), "--save", "--user", "officer", database_url=f"sqlite:///{tmp_path / 'empty.sqlite'}"
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("error: cannot save: the database cannot be read")
    assert len(result.stderr.strip().splitlines()) == 1 and "flask --app app db upgrade" in result.stderr


#: what only OCR needs (importers.ocr and its libraries): a Word or text PDF file is read without them
_OCR_MODULES = ("importers.ocr", "numpy", "onnxruntime", "rapidocr_onnxruntime", "pypdfium2")


def _modules_after_import(path: Path, tmp_path: Path) -> tuple[int, list[str]]:
    """Run `flask import PATH --json` in a fresh interpreter; its exit status and which of the OCR's
    modules it had loaded by the end."""
    code = (
        "import sys\n"
        f"sys.argv = ['flask', '--app', 'app', 'import', {str(path)!r}, '--json']\n"
        "from flask.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    status = done.code or 0\n"
        f"print(status, [m for m in {_OCR_MODULES!r} if m in sys.modules], file=sys.stderr)\n"
    )
    env = {**os.environ, "SECRET_KEY": "cli-test", "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite'}"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    status, loaded = result.stderr.strip().splitlines()[-1].split(" ", 1)
    return int(status), json.loads(loaded.replace("'", '"'))


def test_a_word_file_is_read_without_loading_the_ocr(tmp_path, contract_docx):
    assert _modules_after_import(contract_docx, tmp_path) == (0, [])


def test_a_text_pdf_is_read_without_loading_the_ocr(tmp_path, contract_pdf):
    assert _modules_after_import(contract_pdf, tmp_path) == (0, [])
