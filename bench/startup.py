"""Start-up cost: `create_app` on an existing database and `paralelo --help`, in fresh processes.

A third row, "libraries alone", imports only the libraries no app can start without (Flask, SQLAlchemy's
ORM the models are declared in, Flask-Babel, Flask-WTF's CSRF, Flask-Limiter): the floor under
`create_app`, measured in the same runs.

Each measurement is a new Python process (imports included, bytecode already compiled), best of
--repeat runs. With --against REV the same is measured for another revision, checked out into a
temporary git worktree, interleaved run by run so that both see the same machine load.

Run: python3 bench/startup.py [--repeat 7] [--against 8f3f7e5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CREATE = """
import time
t = time.perf_counter()
from app import create_app
create_app({"RUN_JOBS": False, "SEED_ON_START": False})
print(time.perf_counter() - t)
"""
LIBRARIES = """
import time
t = time.perf_counter()
import flask, sqlalchemy.orm, flask_babel, flask_wtf.csrf, flask_limiter
print(time.perf_counter() - t)
"""
HELP = """
import sys, time
t = time.perf_counter()
sys.argv = ["paralelo", "--help"]
from app.cli import main
try:
    main()
except SystemExit:
    pass
print(time.perf_counter() - t, file=sys.stderr)
"""


def timed(code: str, root: Path, data: Path, stream: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(root), "PARALELO_DATA_DIR": str(data), "PARALELO_SECRET_KEY": "bench"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, check=True)
    return float((out.stdout if stream == "stdout" else out.stderr).strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--against", help="another revision to measure side by side")
    args = parser.parse_args()
    trees = {"this tree": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        if args.against:
            other = Path(tmp) / "other"
            subprocess.run(["git", "worktree", "add", "--detach", str(other), args.against], cwd=ROOT, check=True,
                           capture_output=True)
            trees[args.against] = other
        try:
            results = {name: {"create_app": [], "--help": []} for name in trees}
            floor = []
            for name, root in trees.items():  # a database each, made (and migrated) once before timing
                data = Path(tmp) / f"data-{abs(hash(name))}"
                timed(CREATE, root, data, "stdout")
            for _ in range(args.repeat):
                for name, root in trees.items():
                    data = Path(tmp) / f"data-{abs(hash(name))}"
                    results[name]["create_app"].append(timed(CREATE, root, data, "stdout"))
                    results[name]["--help"].append(timed(HELP, root, data, "stderr"))
                floor.append(timed(LIBRARIES, ROOT, data, "stdout"))
        finally:
            if args.against:
                subprocess.run(["git", "worktree", "remove", "--force", str(trees[args.against])], cwd=ROOT)
    print("| tree | create_app on an existing database (s) | paralelo --help (s) |")
    print("|---|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {min(r['create_app']):.3f} | {min(r['--help']):.3f} |")
    share = min(floor) / min(results["this tree"]["create_app"])
    print(f"| libraries alone (Flask, SQLAlchemy ORM, Babel, WTF, Limiter) | {min(floor):.3f} "
          f"({share:.0%} of this tree's create_app) | |")


if __name__ == "__main__":
    main()
