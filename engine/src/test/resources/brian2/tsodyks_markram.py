"""Brian2 reference for the engine's Tsodyks-Markram synapses (TsodyksMarkramTest).

Reads a JSON object on stdin, {"cases": [case, ...]}, a case being
{"U": .., "tau_rec": ms, "tau_facil": ms, "tau_psc": ms, "spikes": [ms, ...]}, and prints for each case one
line "release <r0> <r1> ..." with the fraction of resources released (u x) at each spike, from
Brian2 2.5.1 (runtime mode, numpy target), event-driven synapse equations solved exactly by Brian2.

tau_psc == 0: the two-state model of Brian2's Tsodyks-Markram example (docs, examples/synapses/
short_term_plasticity.py): u decays to 0 with tau_facil, x recovers to 1 with tau_rec; on a spike
u += U (1 - u); r = u x; x -= r. tau_psc > 0: the three-state model (Tsodyks, Uziel & Markram 2000; NEST's
tsodyks_synapse): released resources go to the active state y, which decays into the inactive z with
tau_psc, which recovers into x = 1 - y - z with tau_rec. Written from the papers' equations, not from the
engine's code. Exits with status 3 and a message if Brian2 cannot be imported.
"""
import json
import sys

try:
    from brian2 import (NeuronGroup, Synapses, SpikeGeneratorGroup, SpikeMonitor, Network, network_operation,
                        defaultclock, prefs, ms, start_scope)
except ImportError as e:  # pragma: no cover
    print("Brian2 missing:", e)
    sys.exit(3)

prefs.codegen.target = 'numpy'


def run(case):
    start_scope()
    defaultclock.dt = 0.1 * ms
    times = case["spikes"]
    source = SpikeGeneratorGroup(1, [0] * len(times), [t * ms for t in times])
    target = NeuronGroup(1, 'dummy : 1')
    U = case["U"]
    tau_rec = case["tau_rec"] * ms
    tau_facil = case["tau_facil"] * ms
    tau_psc = case["tau_psc"] * ms
    if case["tau_facil"] > 0:
        u_eq = 'du/dt = -u / tau_facil : 1 (event-driven)'
        u_on_pre = 'u += U * (1 - u)'
    else:
        u_eq = 'u : 1'
        u_on_pre = 'u = U'
    if case["tau_psc"] > 0:
        model = u_eq + '''
        dy/dt = -y / tau_psc : 1 (event-driven)
        dz/dt = y / tau_psc - z / tau_rec : 1 (event-driven)
        r : 1
        '''
        on_pre = u_on_pre + '''
        r = u * (1 - y - z)
        y += r
        '''
    else:
        model = u_eq + '''
        dx/dt = (1 - x) / tau_rec : 1 (event-driven)
        r : 1
        '''
        on_pre = u_on_pre + '''
        r = u * x
        x -= r
        '''
    syn = Synapses(source, target, model=model, on_pre=on_pre,
                   namespace={'U': U, 'tau_rec': tau_rec, 'tau_facil': tau_facil, 'tau_psc': tau_psc})
    syn.connect()
    if case["tau_psc"] <= 0:
        syn.x = 1
    released = []

    monitor = SpikeMonitor(source)
    last = [0]

    @network_operation(when='end')
    def collect():
        n = monitor.num_spikes
        if n > last[0]:
            released.append(float(syn.r[0]))
            last[0] = n

    net = Network(source, target, syn, monitor, collect)
    net.run((max(times) + 1.0) * ms)
    print("release " + " ".join(repr(r) for r in released))


for c in json.load(sys.stdin)["cases"]:
    run(c)
