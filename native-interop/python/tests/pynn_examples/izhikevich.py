"""Three Izhikevich cells: one driven by i_offset, one by a spike train through a OneToOneConnector into a
view, one by a DCSource; records v.

Usage: python3 -m shnn.pynn izhikevich.py <simulator> [--out DIR]"""
import numpy as np

from common import simulator, extra_setup, save

sim, options = simulator(__doc__.splitlines()[0])
sim.setup(timestep=0.01, min_delay=1.0, **extra_setup(options))
neurons = sim.Population(3, sim.Izhikevich(a=0.02, b=0.2, c=-65, d=6, i_offset=[0.014, 0.0, 0.0]), label="izh")
source = sim.Population(1, sim.SpikeSourceArray(spike_times=np.arange(10.0, 51.0, 1.0)), label="train")
sim.Projection(source, neurons[1:2], sim.OneToOneConnector(), sim.StaticSynapse(weight=3.0, delay=1.0),
               receptor_type="excitatory")
sim.DCSource(start=2.0, stop=92.0, amplitude=0.014).inject_into(neurons[2:3])
neurons.record(["v", "spikes"])
neurons.initialize(v=-70.0, u=-14.0)
sim.run(100.0)
neurons.write_data("%s/izhikevich_%s.pkl" % (options.out, options.simulator))
seg = neurons.get_data().segments[0]
v = seg.filter(name="v")[0]
sim.end()
save(options, "izhikevich", {"spike_counts": [len(st) for st in seg.spiketrains],
                             "spike_times": [st.magnitude.tolist() for st in seg.spiketrains],
                             "v": np.asarray(v.magnitude).T.tolist(), "v_dt": float(v.sampling_period)})
