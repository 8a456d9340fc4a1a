#!/usr/bin/env bash
# Regenerates brian2/*.json: the example scripts run on PyNN's Brian2 backend (Debian's python3-pynn and
# python3-brian), the reference tests/test_pynn_examples.py compares SHNN with. Takes minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
# Brian2's numpy target (read from ./brian_preferences): no C++ compile per object, minutes less on a busy machine
echo "codegen.target = 'numpy'" >"$out/brian_preferences"
# simple_stdp: Brian2's backend pairs STDP with the whole delay axonal only (dendritic_delay_fraction 0)
for s in izhikevich current_injection small_network simple_stdp connections cell_types; do
  args=(); [ "$s" = simple_stdp ] && args=(--dendritic-delay-fraction 0)
  (cd "$out" && /usr/bin/python3 "$here/$s.py" brian2 --out "$out" "${args[@]}")
  cp "$out/${s}_brian2.json" "$here/brian2/"
done
