"""The distribution carries what a shop needs, and the models match the migrations."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("oscar_bidding-*.whl")
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize(
    "member",
    [
        "oscar_bidding/migrations/0001_initial.py",
        "oscar_bidding/templates/oscar_bidding/proposal_detail.html",
        "oscar_bidding/templates/oscar_bidding/dashboard/proposal_detail.html",
        "oscar_bidding/templates/oscar/communication/emails/"
        "commtype_bidding_proposal_accepted_body.txt",
        "oscar_bidding/static/oscar_bidding/js/proposal_form.js",
    ],
)
def test_wheel_carries(wheel, member):
    assert member in wheel


def test_wheel_leaves_out_the_sandbox_and_tests(wheel):
    assert not [name for name in wheel if name.startswith(("sandbox/", "tests/"))]
