"""IF_curr_exp cells each driven by one electrode (DCSource, StepCurrentSource, ACSource); records v.

Usage: python3 -m shnn.pynn current_injection.py <simulator> [--out DIR]"""
import numpy as np

from common import simulator, extra_setup, save

sim, options = simulator(__doc__.splitlines()[0])
sim.setup(timestep=0.1, **extra_setup(options))
cells = sim.Population(3, sim.IF_curr_exp(v_thresh=-55.0, tau_refrac=5.0, tau_m=10.0, cm=0.5), label="cells")
sim.DCSource(amplitude=0.6, start=50.0, stop=150.0).inject_into(cells[0:1])
sim.StepCurrentSource(times=[50.0, 110.0, 150.0, 210.0], amplitudes=[0.4, 0.6, -0.2, 0.2]).inject_into(cells[1:2])
sim.ACSource(start=50.0, stop=450.0, amplitude=0.2, offset=0.5, frequency=10.0, phase=180.0).inject_into(cells[2:3])
cells.record(["v", "spikes"])
cells.initialize(v=-65.0)
sim.run(500.0)
cells.write_data("%s/current_injection_%s.pkl" % (options.out, options.simulator))
seg = cells.get_data().segments[0]
v = seg.filter(name="v")[0]
sim.end()
save(options, "current_injection", {"spike_counts": [len(st) for st in seg.spiketrains],
                                    "spike_times": [st.magnitude.tolist() for st in seg.spiketrains],
                                    "v": np.asarray(v.magnitude).T.tolist(), "v_dt": float(v.sampling_period)})
