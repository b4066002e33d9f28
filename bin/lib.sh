# Shared helpers of bin/run and bin/test. Sourced, not executed.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
ADDONS="customer_tiering,lead_allocation,sales_discipline"
DB_PREFIX="salespol_"
DB_MARK="created by the sales policy suite"
: "${ODOO_PYTHON:=python3}"
: "${SALESPOL_DB_HOST:=localhost}"
: "${SALESPOL_DB_PORT:=5432}"
: "${SALESPOL_DB_USER:=salespol}"
: "${SALESPOL_DB_PASSWORD:=salespol}"
export TZ=UTC
mkdir -p "$CACHE"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Odoo logs demo data that failed to load as a mere warning and goes on
# installing: an install log is clean only without errors and without that.
install_log_clean() { ! grep -qE ' (ERROR|CRITICAL) |demo data failed' "$1"; }

ODOO_HINT="set ODOO_PATH to an Odoo 18.0 source tree and ODOO_PYTHON to a Python that has its requirements (see README.md)"

# Sets ODOO_FOUND=1 and ODOO_PATH when an Odoo 18 can be run by ODOO_PYTHON.
find_odoo() {
    ODOO_FOUND=0
    ODOO_WHY=""
    if ! command -v "$ODOO_PYTHON" >/dev/null 2>&1; then
        ODOO_WHY="ODOO_PYTHON ($ODOO_PYTHON) is not an executable"
        return 0
    fi
    local probe found
    probe='import sys, os
path = os.environ.get("ODOO_PATH")
if path:
    sys.path.insert(0, path)
try:
    import odoo.release as r
except Exception as exc:
    print("NO", type(exc).__name__, exc)
else:
    if r.version_info[0] != 18:
        print("NO", "found Odoo", r.version)
    else:
        print("OK", os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))'
    if [ -n "${ODOO_PATH:-}" ] && [ ! -f "$ODOO_PATH/odoo/release.py" ]; then
        ODOO_WHY="ODOO_PATH ($ODOO_PATH) is not an Odoo source tree"
        return 0
    fi
    found="$(ODOO_PATH="${ODOO_PATH:-}" "$ODOO_PYTHON" -c "$probe" 2>/dev/null | tail -n 1)"
    case "$found" in
        OK\ *)
            ODOO_FOUND=1
            ODOO_PATH="${found#OK }"
            export ODOO_PATH
            ;;
        *)
            if [ -n "${ODOO_PATH:-}" ]; then
                ODOO_WHY="$ODOO_PYTHON cannot import Odoo 18 from ODOO_PATH ($ODOO_PATH): ${found#NO }"
            else
                ODOO_WHY="ODOO_PATH is unset and $ODOO_PYTHON cannot import an odoo 18 package"
            fi
            ;;
    esac
}

addons_path() {
    local p="$ROOT/addons"
    [ -d "$ODOO_PATH/addons" ] && p="$p,$ODOO_PATH/addons"
    [ -d "$ODOO_PATH/odoo/addons" ] && p="$p,$ODOO_PATH/odoo/addons"
    printf '%s' "$p"
}

# Runs Odoo's command line with ODOO_PYTHON and the project's configuration file.
odoo_cli() {
    PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}" "$ODOO_PYTHON" -m odoo "$@"
}

write_odoo_conf() {
    ODOO_CONF="$CACHE/odoo.conf"
    mkdir -p "$CACHE/data"
    cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $(addons_path)
data_dir = $CACHE/data
db_host = $SALESPOL_DB_HOST
db_port = $SALESPOL_DB_PORT
db_user = $SALESPOL_DB_USER
db_password = $SALESPOL_DB_PASSWORD
list_db = False
max_cron_threads = 0
CONF
    export ODOO_CONF
}

export_pg_env() {
    export PGHOST="$SALESPOL_DB_HOST" PGPORT="$SALESPOL_DB_PORT" \
        PGUSER="$SALESPOL_DB_USER" PGPASSWORD="$SALESPOL_DB_PASSWORD" PGDATABASE=postgres
}

pg_answers() { pg_isready -q -h "$SALESPOL_DB_HOST" -p "$SALESPOL_DB_PORT" 2>/dev/null; }

# Starts a local PostgreSQL (Debian's package, installed when missing) and
# creates the suite's own role; a server given by SALESPOL_DB_HOST is used as is.
# Installs a Debian package the commands need: PACKAGE, then what it is for.
apt_install() {
    [ "$(id -u)" = 0 ] || die "$2 is not installed: run 'apt-get install $1' as root"
    log "installing $2 (Debian package $1)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null \
        || die "installing the Debian package $1 failed"
}

# Odoo's HttpCase drives a headless Chromium; the machine only reaches the
# package registries, so it is Debian's package, never a browser download.
ensure_chromium() {
    local name
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$name" >/dev/null 2>&1 && return 0
    done
    apt_install chromium "Chromium (for the browser tests)"
}

ensure_postgres() {
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1; then
        apt_install postgresql "PostgreSQL"
    fi
    if ! pg_answers; then
        local version
        version="$(pg_lsclusters -h 2>/dev/null | awk '{print $1}' | sort -V | tail -n 1)"
        if [ -z "$version" ]; then
            version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
            log "creating PostgreSQL cluster $version/main"
            pg_createcluster "$version" main >/dev/null
        fi
        log "starting PostgreSQL $version/main"
        pg_ctlcluster "$version" main start || die "PostgreSQL $version/main did not start"
        local i
        for i in $(seq 1 30); do pg_answers && break; sleep 1; done
        pg_answers || die "PostgreSQL does not answer on $SALESPOL_DB_HOST:$SALESPOL_DB_PORT"
    fi
    export_pg_env
    if ! psql -tAc "SELECT 1" >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] || die "cannot log in to PostgreSQL as $SALESPOL_DB_USER; create that role with CREATEDB"
        log "creating PostgreSQL role $SALESPOL_DB_USER"
        # As the postgres superuser over the local socket: the PG* variables
        # exported above name the suite's role, which does not exist yet.
        (cd / && env -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u PGDATABASE \
            runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -v role="$SALESPOL_DB_USER" \
            -v pw="$SALESPOL_DB_PASSWORD" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SQL
        ) || die "creating the PostgreSQL role $SALESPOL_DB_USER failed"
        psql -tAc "SELECT 1" >/dev/null 2>&1 || die "cannot log in to PostgreSQL as $SALESPOL_DB_USER"
    fi
}

db_exists() { [ "$(psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }

db_comment() {
    psql -tAc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$1'"
}

mark_db() {
    psql -qc "COMMENT ON DATABASE \"$1\" IS '$DB_MARK${2:+: $2}'"
    rm -f "$CACHE/claimed/$1"
}

# A database is created in two steps (createdb, then its mark): the name is
# claimed in the cache first, so that a run killed between the two leaves a
# database still recognised as this suite's, never one the next run refuses.
create_own_db() {
    local db="$1"
    shift
    mkdir -p "$CACHE/claimed"
    : > "$CACHE/claimed/$db"
    createdb "$@" "$db"
}

# Drops a database only when this suite created it (its name and its mark,
# or the claim of a run killed before the mark, say so).
drop_own_db() {
    local db="$1"
    case "$db" in "$DB_PREFIX"*) ;; *) die "refusing to drop $db: not a suite database" ;; esac
    if db_exists "$db"; then
        case "$(db_comment "$db")" in
            "$DB_MARK"*) ;;
            "") [ -f "$CACHE/claimed/$db" ] || die "refusing to drop $db: it was not created by this suite" ;;
            *) die "refusing to drop $db: it was not created by this suite" ;;
        esac
        dropdb --if-exists "$db"
    fi
    rm -rf "$CACHE/data/filestore/$db"
    rm -f "$CACHE/claimed/$db"
}

# Copies a database and its filestore (files there never change in place,
# so hard links are safe and instant).
copy_db() {
    local from="$1" to="$2"
    drop_own_db "$to"
    create_own_db "$to" -T "$from"
    mark_db "$to" "copy of $from"
    if [ -d "$CACHE/data/filestore/$from" ]; then
        mkdir -p "$CACHE/data/filestore"
        cp -al "$CACHE/data/filestore/$from" "$CACHE/data/filestore/$to"
    fi
}

module_state() {
    PGDATABASE="$1" psql -tAc "SELECT state FROM ir_module_module WHERE name = '$2'" 2>/dev/null
}

# Odoo modules outside this suite that the suite's addons depend on.
external_dependencies() {
    "$ODOO_PYTHON" - "$ROOT/addons" <<'PY'
import ast, pathlib, sys
root = pathlib.Path(sys.argv[1])
ours = {p.parent.name for p in root.glob("*/__manifest__.py")}
deps = set()
for manifest in root.glob("*/__manifest__.py"):
    deps |= set(ast.literal_eval(manifest.read_text()).get("depends", []))
print(",".join(sorted(deps - ours)))
PY
}

# The key of a cached template or environment: at most 8 digits of the
# checksum of the standard input, without the size cksum prints after it.
cache_key() { cksum | awk '{print substr($1, 1, 8)}'; }

# The policies come from Chinese sales organisations: the databases are
# created for a company in China, as Odoo's database manager does when one
# picks that country (odoo/service/db.py _initialize_db): the main company's
# country and currency are set right after base, before account installs the
# country's chart and its demo entries (Odoo refuses to change a company's
# currency once it has journal items).
TEMPLATE_COUNTRY=CN

# Builds DATABASE with Odoo and the addons' dependencies DEPS (demo data
# included), its main company in TEMPLATE_COUNTRY.
build_template() {
    local db="$1" deps="$2"
    odoo_cli -c "$ODOO_CONF" -d "$db" -i base --stop-after-init \
        --log-level=warn --no-http || return 1
    odoo_cli shell -c "$ODOO_CONF" -d "$db" --log-level=warn --no-http \
        > /dev/null <<PY || return 1
country = env["res.country"].search([("code", "=", "$TEMPLATE_COUNTRY")])
env["res.company"].browse(1).write(
    {"country_id": country.id, "currency_id": country.currency_id.id}
)
env.cr.commit()
PY
    odoo_cli -c "$ODOO_CONF" -d "$db" -i "$deps" --stop-after-init \
        --log-level=warn --no-http
}

# A database with Odoo and the addons' dependencies installed, built once and
# reused while the dependency list, the country and the Odoo tree stay the same.
ensure_template() {
    local deps key
    deps="$(external_dependencies)"
    key="$(printf '%s|%s|%s|%s' "$deps" "$ODOO_PATH" "$(cat "$ODOO_PATH/odoo/release.py" | cksum)" \
        "$TEMPLATE_COUNTRY" | cache_key)"
    TEMPLATE_DB="${DB_PREFIX}template_$key"
    if db_exists "$TEMPLATE_DB" && [ "$(db_comment "$TEMPLATE_DB")" = "$DB_MARK: template complete" ]; then
        log "reusing template database $TEMPLATE_DB ($deps)"
        return 0
    fi
    drop_own_db "$TEMPLATE_DB"
    log "building template database $TEMPLATE_DB with $deps, in $TEMPLATE_COUNTRY (once)"
    create_own_db "$TEMPLATE_DB"
    mark_db "$TEMPLATE_DB" "template in progress"
    build_template "$TEMPLATE_DB" "$deps" || die "building the template database failed"
    mark_db "$TEMPLATE_DB" "template complete"
}

# The test tools live in a virtual environment layered on ODOO_PYTHON (a .pth
# file adds its site-packages), never installed into Odoo's own environment.
ensure_test_venv() {
    local base="python3" key
    [ "$ODOO_FOUND" = 1 ] && base="$ODOO_PYTHON"
    key="$(printf '%s|%s|%s' "$(command -v "$base")" "${ODOO_PATH:-}" "$(cksum < "$ROOT/requirements-test.txt")" | cache_key)"
    VENV="$CACHE/venv-$key"
    if [ ! -x "$VENV/bin/python" ] || [ ! -f "$VENV/.complete" ]; then
        log "creating the test environment $VENV on $base"
        rm -rf "$VENV"
        "$base" -m venv "$VENV" || die "cannot create a virtual environment with $base"
        if [ "$ODOO_FOUND" = 1 ]; then
            local site
            site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
            "$ODOO_PYTHON" - "$ODOO_PATH" > "$site/odoo-environment.pth" <<'PY'
import site, sys
print(sys.argv[1])
for path in site.getsitepackages() + [site.getusersitepackages()]:
    print(f"import site; site.addsitedir({path!r})")
PY
        fi
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
            -r "$ROOT/requirements-test.txt" || die "installing requirements-test.txt failed"
        touch "$VENV/.complete"
    fi
    PY="$VENV/bin/python"
}

# Builds each addon's wheel the way OCA ships them (pip and the whool backend
# of its pyproject.toml, from the files under git) into DIR, emptied first.
# PYTHON must have whool: the test environment pins it.
build_wheels() {
    local python="$1" dir="$2" addon paths=()
    for addon in ${ADDONS//,/ }; do paths+=("$ROOT/addons/$addon"); done
    rm -rf "$dir" && mkdir -p "$dir" || return 1
    "$python" -m pip wheel --quiet --disable-pip-version-check --no-deps \
        --no-build-isolation --wheel-dir "$dir" "${paths[@]}"
}

# The tools of the pre-commit hooks (.pre-commit-config.yaml): the Python ones
# are in the test environment, the Node.js ones (prettier, eslint) are pinned
# by package-lock.json and installed from the npm registry into node_modules/,
# again whenever the lock changes. Sets LINT_PATH, the PATH the hooks need.
ensure_lint_tools() {
    ensure_test_venv
    command -v npm >/dev/null 2>&1 || apt_install npm "npm (for prettier and eslint)"
    local stamp="$ROOT/node_modules/.lint-tools.cksum" want
    want="$(cksum < "$ROOT/package-lock.json")"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        log "installing the lint tools of package-lock.json into $ROOT/node_modules"
        (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
            || die "installing package-lock.json's tools with npm failed"
        printf '%s\n' "$want" > "$stamp"
    fi
    LINT_PATH="$VENV/bin:$ROOT/node_modules/.bin:$PATH"
}

# Runs pytest-odoo on DATABASE, JUnit report to REPORT, for the test paths given.
run_odoo_tests() {
    local db="$1" report="$2"
    shift 2
    (cd "$ROOT" && PYTHONPATH="$ODOO_PATH" "$PY" -m pytest -rA -p no:cacheprovider \
        -c "$ROOT/setup.cfg" --rootdir "$ROOT" \
        --odoo-config "$ODOO_CONF" --odoo-database "$db" --odoo-log-level warn --odoo-http \
        "$@" --junitxml="$report")
}
