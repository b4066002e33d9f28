"""bin/lib.sh's database helpers, on stub PostgreSQL commands: a run killed
between ``createdb`` and the database's mark must not block the next run,
and a database this suite did not create is never dropped."""

import os
import stat
import subprocess
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

STUB = textwrap.dedent(
    """\
    #!/usr/bin/env python3
    # A stand-in for psql, createdb and dropdb: a database is a folder of
    # $PG_STATE, its comment a file in it.
    import os, re, shutil, sys
    state = os.environ["PG_STATE"]
    tool, args = os.path.basename(sys.argv[0]), sys.argv[1:]
    if tool == "createdb":
        name = args[-1]
        os.makedirs(os.path.join(state, name))
        if os.environ.get("PG_KILL_AFTER_CREATEDB"):
            os.kill(os.getppid(), 9)
    elif tool == "dropdb":
        shutil.rmtree(os.path.join(state, args[-1]), ignore_errors=True)
    else:
        query = args[-1]
        found = re.search(r"datname = '([^']+)'", query)
        comment = re.search(r'COMMENT ON DATABASE "([^"]+)" IS \\'([^\\']*)\\'', query)
        if comment:
            with open(os.path.join(state, comment[1], "comment"), "w") as f:
                f.write(comment[2])
        elif found and os.path.isdir(os.path.join(state, found[1])):
            if query.startswith("SELECT 1"):
                print(1)
            else:
                path = os.path.join(state, found[1], "comment")
                print(open(path).read() if os.path.exists(path) else "")
    """
)


@pytest.fixture
def pg(tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    stub = bindir / "pgstub"
    stub.write_text(STUB)
    stub.chmod(stub.stat().st_mode | stat.S_IEXEC)
    for tool in ("psql", "createdb", "dropdb"):
        (bindir / tool).symlink_to(stub)
    state = tmp_path / "state"
    state.mkdir()
    env = dict(
        os.environ,
        PATH=f"{bindir}:{os.environ['PATH']}",
        PG_STATE=str(state),
        SALESPOL_CACHE=str(tmp_path / "cache"),
    )
    return env, state


def run(env, script, **extra):
    return subprocess.run(
        [
            "bash",
            "-c",
            f'source "{ROOT}/bin/lib.sh"; CACHE="$SALESPOL_CACHE"; {script}',
        ],
        env=dict(env, **extra),
        capture_output=True,
        text=True,
        check=False,
    )


def test_copy_marks_the_database(pg):
    env, state = pg
    (state / "salespol_template").mkdir()
    result = run(env, "copy_db salespol_template salespol_bench_x")
    assert result.returncode == 0, result.stderr
    comment = (state / "salespol_bench_x" / "comment").read_text()
    assert comment.startswith("created by the sales policy suite")


def test_a_run_killed_before_the_mark_does_not_block_the_next(pg):
    env, state = pg
    (state / "salespol_template").mkdir()
    killed = run(
        env,
        "copy_db salespol_template salespol_bench_x",
        PG_KILL_AFTER_CREATEDB="1",
    )
    assert killed.returncode != 0
    assert (state / "salespol_bench_x").is_dir()
    assert not (state / "salespol_bench_x" / "comment").exists()
    again = run(env, "copy_db salespol_template salespol_bench_x")
    assert again.returncode == 0, again.stderr
    assert (state / "salespol_bench_x" / "comment").exists()


def test_an_unmarked_database_not_claimed_is_never_dropped(pg):
    env, state = pg
    (state / "salespol_bench_x").mkdir()
    result = run(env, "drop_own_db salespol_bench_x")
    assert result.returncode != 0
    assert "not created by this suite" in result.stderr
    assert (state / "salespol_bench_x").is_dir()


def test_a_database_of_another_prefix_is_never_dropped(pg):
    env, state = pg
    (state / "production").mkdir()
    result = run(env, "drop_own_db production")
    assert result.returncode != 0
    assert (state / "production").is_dir()


@pytest.mark.parametrize(
    "text, key",
    [("k24", "2336996"), ("k1", "14263605")],
)
def test_cache_key_is_the_checksum_alone(text, key):
    """cksum prints fewer than 8 digits for some inputs: the key of the
    template database and of the test environment must not end in the space
    that follows them (a database name and a folder with a trailing space)."""
    result = subprocess.run(
        ["bash", "-c", f'source "{ROOT}/bin/lib.sh"; printf %s "$1" | cache_key']
        + ["cache_key", text],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == f"{key}\n"
