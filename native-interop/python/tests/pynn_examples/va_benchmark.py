"""Vogels-Abbott balanced network (Brette et al. 2007, benchmarks 1 COBA and 2 CUBA) in PyNN:
4000 integrate-and-fire cells (80 % excitatory), 2 % random connectivity, a 50 ms Poisson kick for COBA.

Usage: python3 -m shnn.pynn va_benchmark.py <simulator> COBA|CUBA [--n 4000] [--tstop 1000] [--out DIR]
Prints and writes build/simulation times, rates, spike counts and synapse counts (Projection.size())."""
import time

START = time.perf_counter()

from common import simulator, extra_setup, save, Timer  # noqa: E402
from pyNN.random import NumpyRNG, RandomDistribution  # noqa: E402

sim, options = simulator(__doc__.splitlines()[0], (("benchmark",), {"choices": ["COBA", "CUBA"]}),
                         (("--n",), {"type": int, "default": 4000}),
                         (("--tstop",), {"type": float, "default": 1000.0}),
                         (("--use-views",), {"action": "store_true"}))
IMPORTED = time.perf_counter()  # the backend (and PyNN, Neo) imported
timer = Timer()
n, r_ei, pconn, dt, delay = options.n, 4.0, 0.02, 0.1, 0.2
coba = options.benchmark == "COBA"
area = 20000e-8                      # cm2
cm = 1.0 * area * 1000               # nF
cell_params = {"tau_m": 20.0, "tau_syn_E": 5.0, "tau_syn_I": 10.0, "v_rest": -60.0 if coba else -49.0,
               "v_reset": -60.0, "v_thresh": -50.0, "cm": cm, "tau_refrac": 5.0}
if coba:
    cell_params.update(e_rev_E=0.0, e_rev_I=-80.0)
    celltype, w_exc, w_inh = sim.IF_cond_exp, 4e-3, 51e-3
else:
    celltype, w_exc, w_inh = sim.IF_curr_exp, 1e-3 * 0.27 * 60.0, 1e-3 * 4.5 * -20.0
n_exc = int(round(n * r_ei / (1 + r_ei)))
n_inh = n - n_exc

sim.setup(timestep=dt, min_delay=delay, max_delay=1.0, **extra_setup(options))
if options.use_views:
    all_cells = sim.Population(n, celltype(**cell_params), label="All")
    exc, inh = all_cells[:n_exc], all_cells[n_exc:]
else:
    exc = sim.Population(n_exc, celltype(**cell_params), label="Excitatory")
    inh = sim.Population(n_inh, celltype(**cell_params), label="Inhibitory")
    all_cells = exc + inh
rng = NumpyRNG(seed=98765, parallel_safe=True)
all_cells.initialize(v=RandomDistribution("uniform", low=-60.0, high=-50.0, rng=rng))
connector = sim.FixedProbabilityConnector(pconn, rng=rng)
exc_syn = sim.StaticSynapse(weight=w_exc, delay=delay)
inh_syn = sim.StaticSynapse(weight=w_inh, delay=delay)
prj = [sim.Projection(exc, exc, connector, exc_syn, receptor_type="excitatory"),
       sim.Projection(exc, inh, connector, exc_syn, receptor_type="excitatory"),
       sim.Projection(inh, exc, connector, inh_syn, receptor_type="inhibitory"),
       sim.Projection(inh, inh, connector, inh_syn, receptor_type="inhibitory")]
if coba:
    ext = sim.Population(20, sim.SpikeSourcePoisson(rate=100.0, duration=50.0), label="expoisson")
    ext_conn = sim.FixedProbabilityConnector(0.01, rng=rng)
    for target in (exc, inh):
        sim.Projection(ext, target, ext_conn, sim.StaticSynapse(weight=0.1, delay=delay), receptor_type="excitatory")
exc.record("spikes")
inh.record("spikes")
exc[0:2].record("v")
build_time = timer.lap()

sim.run(options.tstop)
run_time = timer.lap()

timings = dict(getattr(sim.simulator.state, "timings", {}))  # SHNN: JVM start, engine build, simulation
e_count, i_count = exc.mean_spike_count(), inh.mean_spike_count()
synapses = [p.size() for p in prj]
exc.write_data("%s/va_%s_exc_%s.pkl" % (options.out, options.benchmark, options.simulator))
v = exc.get_data().segments[0].filter(name="v")[0]
sim.end()
save(options, "va_%s" % options.benchmark, {
    "exc_rate_hz": e_count * 1000.0 / options.tstop, "inh_rate_hz": i_count * 1000.0 / options.tstop,
    "exc_spikes": int(round(e_count * n_exc)), "inh_spikes": int(round(i_count * n_inh)),
    "v_samples": int(v.shape[0]), "synapses_ee_ei_ie_ii": synapses, "build_s": build_time, "run_s": run_time,
    "script_s": time.perf_counter() - START, "import_s": IMPORTED - START, "backend_timings": timings})
