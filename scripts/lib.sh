# Sourced by every SHNN script: finds a JDK >= 25 without starting a JVM, reads the JVM flags
# from their one home (scripts/jvm.args), and offers small helpers. Not executable on its own.

# SHNN_ROOT from this file's path without a fork when the path ends in /scripts (the usual case), else by cd.
_shnn_dir=${BASH_SOURCE[0]%/*}
[ "$_shnn_dir" = "${BASH_SOURCE[0]}" ] && _shnn_dir=.
[[ $_shnn_dir == /* ]] || _shnn_dir=$PWD/$_shnn_dir
if [[ $_shnn_dir == */scripts && $_shnn_dir != */./scripts && $_shnn_dir != */../scripts ]]; then
  SHNN_ROOT=${_shnn_dir%/scripts}
else
  SHNN_ROOT="$(cd "$_shnn_dir/.." && pwd)"
fi
unset _shnn_dir
SHNN_MIN_JDK=25
SHNN_JVM_ARGFILE="$SHNN_ROOT/scripts/jvm.args"

# Prints the major version a JDK's `release` file declares, or nothing.
shnn_jdk_major() {
  local v; _shnn_jdk_major "$1"; echo "$v"
}

# Sets v (the caller's local) to the major version $1/release declares, or to nothing; bash built-ins only
# (no fork: scripts/run's start-up, bench/RESULTS.md section 19).
_shnn_jdk_major() {
  local line; v=""
  [ -f "$1/release" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then v=${BASH_REMATCH[1]}; return 0; fi
  done <"$1/release"
}

# Sets JAVA_HOME to a JDK >= 25: SHNN_JAVA_HOME, JAVA_HOME, then every /usr/lib/jvm/*; fails if there is none.
_shnn_set_jdk() {
  local c v
  for c in "${SHNN_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    _shnn_jdk_major "$c"
    if [ -n "$v" ] && [ "$v" -ge "$SHNN_MIN_JDK" ]; then JAVA_HOME=$c; return 0; fi
  done
  return 1
}

# Prints the JDK _shnn_set_jdk picks.
shnn_find_jdk() {
  local JAVA_HOME=""; _shnn_set_jdk && echo "$JAVA_HOME"
}

if ! _shnn_set_jdk; then
  {
    echo "error: SHNN needs a JDK >= $SHNN_MIN_JDK and found none."
    echo "  looked at: SHNN_JAVA_HOME=${SHNN_JAVA_HOME:-<unset>}, JAVA_HOME=${JAVA_HOME:-<unset>}, /usr/lib/jvm/*"
    for c in /usr/lib/jvm/*; do [ -d "$c" ] && echo "    $c: JDK $(shnn_jdk_major "$c")"; done
    echo "  Debian has no JDK 25 package; install one (e.g. Temurin 25) and set SHNN_JAVA_HOME to it."
  } >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own dependencies (guava, guice) call sun.misc.Unsafe; this keeps its warning quiet.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dsun.misc.unsafe.memory.access=allow"

# Installs Debian packages that are missing (as root; CI runs as root on a fresh machine).
shnn_apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}" >&2
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ -z "${SHNN_APT_UPDATED:-}" ]; then $sudo apt-get update -qq >&2 && export SHNN_APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

shnn_mvn() { (cd "$SHNN_ROOT" && mvn -B -ntp "$@"); }

# The core modules and the command line on top of them: what scripts/run needs.
SHNN_CORE_MODULES="memory layouts codec engine cli"

# Open MPI, the launcher of distributed runs (scripts/run --ranks N); its Debian packages at run time.
SHNN_MPI_PACKAGES="openmpi-bin libopenmpi3"

# Builds the MPI binding's jar (native-interop) when a source is newer than it; prints its path.
shnn_build_mpi() {
  local jar stamp="$SHNN_ROOT/native-interop/target/.shnn-mpi-built"
  if [ ! -f "$stamp" ] || [ -n "$(find "$SHNN_ROOT/native-interop/src/main" "$SHNN_ROOT/native-interop/pom.xml" "$SHNN_ROOT/engine/src/main" -newer "$stamp" -print -quit)" ]; then
    echo "building SHNN's MPI binding (native-interop)..." >&2
    local log="$SHNN_ROOT/native-interop/target/build-mpi.log"
    mkdir -p "$(dirname "$log")"
    shnn_mvn -q -o -DskipTests -pl cli,native-interop -am package >"$log" 2>&1 \
      || shnn_mvn -q -DskipTests -pl cli,native-interop -am package >"$log" 2>&1 \
      || { cat "$log" >&2; echo "error: build failed (log: $log)" >&2; exit 1; }
    touch "$stamp" "$SHNN_ROOT/cli/target/.shnn-built"
  fi
  ls "$SHNN_ROOT"/native-interop/target/shnn-native-interop-*.jar | grep -v -- -embed | head -1
}

# Sets SHNN_MPIRUN (an array) to the launcher of a distributed run of $1 ranks on this machine: Open MPI's
# mpirun by its full name (plain `mpirun` may be another MPI's), more ranks than cores allowed, no core binding
# (each rank runs its own worker threads), and a rank waiting in a collective yields its core
# (mpi_yield_when_idle: on a 2-core machine shared with other work a spinning rank otherwise burns the time slice
# its partner needs; see bench/RESULTS.md, section "Distributed runs"); as root, exports the two variables Open MPI
# requires to run at all. Give the java command's -cp before any @argfile: mpirun adds its working directory to a
# java command's class path, and in some checkouts glued it to the -cp flag itself instead (README, "cluster").
shnn_mpirun() {
  SHNN_MPIRUN=(mpirun.openmpi -n "$1" --oversubscribe --bind-to none --mca mpi_yield_when_idle 1)
  if [ "$(id -u)" -eq 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
}

# Sets SHNN_CORE_CP to the class path of the built core modules and the CLI (jars), for scripts that run SHNN's
# main classes; bash globs only (no fork).
shnn_set_core_classpath() {
  local m j cp=""
  for m in $SHNN_CORE_MODULES; do
    for j in "$SHNN_ROOT/$m"/target/shnn-"$m"-*.jar; do break; done
    [ -f "$j" ] || { echo "error: no jar $SHNN_ROOT/$m/target/shnn-$m-*.jar (build: shnn_build_core)" >&2; return 1; }
    cp="$cp:$j"
  done
  SHNN_CORE_CP=${cp#:}
}

# Prints the class path shnn_set_core_classpath sets.
shnn_core_classpath() {
  shnn_set_core_classpath && echo "$SHNN_CORE_CP"
}

# Builds the core jars and the CLI's when a main source, resource or pom is newer than them (quietly; tests are
# scripts/test's job). One `find` over the main sources and poms only (test sources and target/ do not make the
# jars: walking them cost scripts/run ~40 ms of its start on a busy machine).
shnn_build_core() {
  local stamp="$SHNN_ROOT/cli/target/.shnn-built" m dirs=("$SHNN_ROOT/pom.xml")
  for m in $SHNN_CORE_MODULES; do dirs+=("$SHNN_ROOT/$m/pom.xml" "$SHNN_ROOT/$m/src/main"); done
  if [ ! -f "$stamp" ] || [ -n "$(find "${dirs[@]}" -newer "$stamp" -type f -print -quit)" ]; then
    echo "building SHNN (JDK: $JAVA_HOME)..." >&2
    # The log is shown only on failure (a quiet Maven still prints stray ANSI resets).
    local log="$SHNN_ROOT/cli/target/build.log"
    mkdir -p "$(dirname "$log")"
    shnn_mvn -q -DskipTests -pl cli -am package >"$log" 2>&1 || { cat "$log" >&2; echo "error: build failed (log: $log)" >&2; exit 1; }
    touch "$stamp"
  fi
}

# The JVM flags of scripts/run for kernel path $1 (vector or scalar), as the array SHNN_JVM_OPTS: "vector" is
# scripts/jvm.args as it is (an @argfile); "scalar" is the same flags without --add-modules=jdk.incubator.vector,
# read here with bash built-ins (words split at blanks, '#' comment lines; quotes, which java's @argfile allows,
# are refused). Without the incubator module the JVM keeps its archived module graph (CDS) and the neuron models
# run their scalar loops, the same bits (bench/RESULTS.md section 38). Fails, naming the file and line, if the
# scalar flags would still name jdk.incubator.vector.
shnn_set_jvm_opts() {
  SHNN_JVM_OPTS=(@"$SHNN_JVM_ARGFILE")
  [ "$1" = scalar ] || return 0
  SHNN_JVM_OPTS=()
  local line words w n=0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    if [[ $line == *[\"\']* || ( $line == *jdk.incubator.vector* && $line != --add-modules=jdk.incubator.vector ) ]]; then
      echo "error: $SHNN_JVM_ARGFILE line $n: expected flags without quotes and jdk.incubator.vector only as" \
        "--add-modules=jdk.incubator.vector alone on its line (scripts/run drops that line for the scalar kernels);" \
        "found: $line" >&2
      return 1
    fi
    read -r -a words <<<"$line"
    for w in "${words[@]}"; do [ "$w" = --add-modules=jdk.incubator.vector ] || SHNN_JVM_OPTS+=("$w"); done
  done <"$SHNN_JVM_ARGFILE"
}

# The JDK's AOT caches for scripts/run (JEP 483 class loading and linking, JEP 515 method profiles), one per
# kernel path (their JVMs differ in the incubator module, which the cache must match): the classes the default
# run loads, already parsed and linked, and the profiles of its training run, the whole default job. Measured:
# about 20% less CPU for the whole default job (bench/RESULTS.md section 13). JDK 25.0.3 does not notice a changed
# jar on the class path (it loaded org.shnn.cli.Main from a cache trained on a jar whose size had changed), so a
# cache is used only while its key matches the JDK, the JVM flags and the jars.
SHNN_AOT_CACHE="$SHNN_ROOT/cli/target/shnn.aot"
SHNN_AOT_CACHE_SCALAR="$SHNN_ROOT/cli/target/shnn-scalar.aot"

# Sets SHNN_AOT_KEY to the key the AOT cache must match: path, size, inode and modification time (ns) of the
# JDK's `release`, scripts/jvm.args and each jar of $1 (a class path), from one `stat` (the sha256 of the jars'
# bytes it replaces took 3 forks and read ~1 MB at every start: bench/RESULTS.md section 19). A rebuilt jar is
# a new file (new mtime and usually inode), so it changes the key.
shnn_set_aot_key() {
  local files=("$JAVA_HOME/release" "$SHNN_JVM_ARGFILE") j
  IFS=: read -r -a j <<<"$1"
  files+=("${j[@]}")
  SHNN_AOT_KEY=$(stat -L -c '%n %s %i %.9Y' "${files[@]}") || return 1
  SHNN_AOT_KEY=${SHNN_AOT_KEY//$'\n'/;}
}

# Sets SHNN_AOT_OPTS (an array) to the JVM options that use the AOT cache of kernel path $2 (vector or scalar)
# for class path $1 and the flags SHNN_JVM_OPTS (shnn_set_jvm_opts $2), after training it (the whole default job
# with those flags, a few seconds) when it is missing or its key differs; to nothing if SHNN_AOT=0 or training
# failed (the run then goes without). A cache the JVM cannot use is not fatal: the JVM says so on stderr (its log
# is moved off stdout) and runs on.
shnn_set_aot_options() {
  SHNN_AOT_OPTS=()
  [ "${SHNN_AOT:-1}" = 0 ] && return 0
  local cache=$SHNN_AOT_CACHE log="$SHNN_ROOT/cli/target/aot-training.log" key="" tmp
  if [ "$2" = scalar ]; then cache=$SHNN_AOT_CACHE_SCALAR log="$SHNN_ROOT/cli/target/aot-training-scalar.log"; fi
  shnn_set_aot_key "$1" || return 0
  [ -f "$cache.key" ] && IFS= read -r key <"$cache.key"
  if [ ! -f "$cache" ] || [ "$key" != "$SHNN_AOT_KEY" ]; then
    rm -f "$cache" "$cache.key"
    tmp="$cache.$$.tmp"
    echo "training the JVM's AOT cache for these jars and the $2 kernels (once per build)..." >&2
    if "$JAVA_HOME/bin/java" "${SHNN_JVM_OPTS[@]}" -XX:AOTCacheOutput="$tmp" -cp "$1" \
        org.shnn.cli.Main >"$log" 2>&1 && [ -s "$tmp" ]; then
      mv -f "$tmp" "$cache" && echo "$SHNN_AOT_KEY" >"$cache.key"
    else
      rm -f "$tmp"
      echo "warning: training the AOT cache failed (log: $log); running without it" >&2
      return 0
    fi
  fi
  SHNN_AOT_OPTS=(-XX:AOTCache="$cache" -Xlog:aot*=off -Xlog:aot*=warning:stderr)
}
