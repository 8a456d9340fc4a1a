"""Triplet STDP (Pfister & Gerstner 2006, eqs. 3-4) in Brian2 2.5.1, the reference of TripletBrian2Test.

Reads a JSON list of cases on stdin (dt in ms, pre and post spike steps, nearest-spike or all-to-all,
additive or multiplicative, the rule's parameters, bounds and initial weight) and prints the weight change of
each as a JSON list. The traces are Brian2's event-driven exact exponentials; at a spike the weight is updated
from the traces before the spike, then the neuron's own traces jump by 1 (all-to-all) or to 1 (nearest-spike).
Exit status 3 when brian2 is missing (the test is then skipped).
"""
import sys, json
try:
    import brian2 as b2
except ImportError:
    print("brian2 missing"); sys.exit(3)
b2.prefs.codegen.target = "numpy"
b2.BrianLogger.log_level_error()
cases = json.loads(sys.stdin.read())
n = len(cases)
dt = cases[0]["dt"]
b2.defaultclock.dt = dt * b2.ms
# one synapse per case, all in one network: case k's pre spikes come from pre neuron k, post spikes from post neuron k
pre_i, pre_t, post_i, post_t = [], [], [], []
for k, c in enumerate(cases):
    pre_i += [k] * len(c["pre"]); pre_t += [s * dt for s in c["pre"]]
    post_i += [k] * len(c["post"]); post_t += [s * dt for s in c["post"]]
pre = b2.SpikeGeneratorGroup(n, pre_i, pre_t * b2.ms)
post = b2.SpikeGeneratorGroup(n, post_i, post_t * b2.ms)
eqs = """
w : 1
nearest : 1
mult : 1
tau_plus : second
tau_minus : second
tau_x : second
tau_y : second
A2p : 1
A3p : 1
A2m : 1
A3m : 1
wmin : 1
wmax : 1
dr1/dt = -r1 / tau_plus : 1 (event-driven)
dr2/dt = -r2 / tau_x : 1 (event-driven)
do1/dt = -o1 / tau_minus : 1 (event-driven)
do2/dt = -o2 / tau_y : 1 (event-driven)
"""
# nearest-spike: a trace is set to 1 (r * 0 + 1); all-to-all: it grows by 1 (r * 1 + 1)
on_pre = """
w = clip(w - o1 * (A2m + A3m * r2) * (mult * (w - wmin) + 1 - mult), wmin, wmax)
r1 = r1 * (1 - nearest) + 1
r2 = r2 * (1 - nearest) + 1
"""
on_post = """
w = clip(w + r1 * (A2p + A3p * o2) * (mult * (wmax - w) + 1 - mult), wmin, wmax)
o1 = o1 * (1 - nearest) + 1
o2 = o2 * (1 - nearest) + 1
"""
syn = b2.Synapses(pre, post, eqs, on_pre=on_pre, on_post=on_post)
syn.connect(j="i")
for k, c in enumerate(cases):
    syn.nearest[k] = 1.0 if c["nearest"] else 0.0
    syn.mult[k] = 1.0 if c["mult"] else 0.0
    for name in ("tau_plus", "tau_minus", "tau_x", "tau_y"):
        getattr(syn, name)[k] = c[name] * b2.ms
    syn.A2p[k] = c["a2p"]; syn.A3p[k] = c["a3p"]; syn.A2m[k] = c["a2m"]; syn.A3m[k] = c["a3m"]
    syn.wmin[k] = c["wmin"]; syn.wmax[k] = c["wmax"]; syn.w[k] = c["w0"]
end = max(max(c["pre"][-1], c["post"][-1]) for c in cases) + 2
b2.run(end * dt * b2.ms)
print(json.dumps([float(syn.w[k]) - c["w0"] for k, c in enumerate(cases)]))
