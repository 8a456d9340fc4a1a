"""Brian2 reference runs for the engine's neuron models (Brian2ReferenceTest).

Reads a JSON object {"cases": [...]} on stdin; for each case simulates one neuron in Brian2 2.5.1 (runtime
mode, numpy target) and prints
    case <name> <seconds>
    spikes <step> <step> ...       engine step index k of each spike (threshold crossed in [k dt, (k+1) dt])
    v <mV> <mV> ...                v at the end of every engine step (after the reset)
A case: name, model (one of MODELS), dt (ms, the engine's step), steps, sub (Brian2 runs at dt / sub), method
(Brian2 integrator), params (engine names and units: pF, nS, mV, ms, pA), current (pA per engine step, held
constant over the step), inputs ([step, receptor, weight]: weight arrives at the end of engine step `step`,
receptor 0 excitatory, 1 inhibitory; pA, nS or mV as the model's input unit). Initial state: the engine's
rest (v = E_L, or vInit and u = b vInit for Izhikevich, gates at steady state for HH), everything else 0.

The equations are written here from the models' published definitions (NEST's model documentation and
PyNN's standard cell types), not from the engine's code. Conventions mapped to the engine's (NEST's):
  - an input of engine step k is delivered by a spike generator at (k + 1) dt - dt/sub, so that it acts
    from (k + 1) dt on, after the state update of that fine step, as in NEST;
  - absolute refractoriness: NEST clamps V for round(t_ref / dt) steps after the step in which V crossed;
    Brian2 counts its refractory period from the start of the (fine) step in which V crossed, so it is given
    round(t_ref / dt) dt + dt / sub;
  - the threshold is checked after the synaptic inputs of the step (Brian2's default checks it before), which
    only matters for voltage-jump inputs (Izhikevich).
Exits with status 3 and a message if Brian2 cannot be imported.
"""
import json
import math
import sys
import time

try:
    import numpy as np
    from brian2 import (NeuronGroup, Synapses, SpikeGeneratorGroup, SpikeMonitor, StateMonitor, TimedArray,
                        Network, defaultclock, prefs, ms, mV, pA, pF, nS, second, start_scope)
except ImportError as e:  # pragma: no cover
    print("Brian2 missing:", e)
    sys.exit(3)

prefs.codegen.target = 'numpy'
E = math.e


def lif_current_alpha(p):
    """NEST iaf_psc_alpha / PyNN IF_curr_alpha (PyNN's Brian2 form of the alpha current)."""
    eqs = '''
    dv/dt = (E_L - v) / tau_m + (ie + ii + I_e + I_ext) / C_m : volt (unless refractory)
    die/dt = (e_const * ye - ie) / tau_e : amp
    dye/dt = -ye / tau_e : amp
    dii/dt = (e_const * yi - ii) / tau_i : amp
    dyi/dt = -yi / tau_i : amp
    '''
    ns = dict(E_L=p['eL'] * mV, tau_m=p['tauM'] * ms, C_m=p['cM'] * pF, I_e=p['iE'] * pA,
              tau_e=p['tauSynExc'] * ms, tau_i=p['tauSynInh'] * ms, e_const=E)
    return eqs, ns, 'v >= V_th', 'v = V_reset', ('ye += w_syn * pA', 'yi += w_syn * pA'), p['eL']


def lif_conductance_alpha(p):
    """NEST iaf_cond_alpha / PyNN IF_cond_alpha."""
    eqs = '''
    dv/dt = (g_L * (E_L - v) + ge * (E_ex - v) + gi * (E_in - v) + I_e + I_ext) / C_m : volt (unless refractory)
    dge/dt = (e_const * ye - ge) / tau_e : siemens
    dye/dt = -ye / tau_e : siemens
    dgi/dt = (e_const * yi - gi) / tau_i : siemens
    dyi/dt = -yi / tau_i : siemens
    '''
    ns = dict(E_L=p['eL'] * mV, g_L=p['gL'] * nS, C_m=p['cM'] * pF, I_e=p['iE'] * pA, E_ex=p['eExc'] * mV,
              E_in=p['eInh'] * mV, tau_e=p['tauSynExc'] * ms, tau_i=p['tauSynInh'] * ms, e_const=E)
    return eqs, ns, 'v >= V_th', 'v = V_reset', ('ye += w_syn * nS', 'yi += w_syn * nS'), p['eL']


def lif_conductance_sfa_rr(p):
    """NEST iaf_cond_exp_sfa_rr / PyNN IF_cond_exp_gsfa_grr (Muller et al. 2007)."""
    eqs = '''
    dv/dt = (g_L * (E_L - v) + ge * (E_ex - v) + gi * (E_in - v) + g_sfa * (E_sfa - v) + g_rr * (E_rr - v)
             + I_e + I_ext) / C_m : volt (unless refractory)
    dge/dt = -ge / tau_e : siemens
    dgi/dt = -gi / tau_i : siemens
    dg_sfa/dt = -g_sfa / tau_sfa : siemens
    dg_rr/dt = -g_rr / tau_rr : siemens
    '''
    ns = dict(E_L=p['eL'] * mV, g_L=p['gL'] * nS, C_m=p['cM'] * pF, I_e=p['iE'] * pA, E_ex=p['eExc'] * mV,
              E_in=p['eInh'] * mV, tau_e=p['tauSynExc'] * ms, tau_i=p['tauSynInh'] * ms,
              E_sfa=p['eSfa'] * mV, E_rr=p['eRr'] * mV, tau_sfa=p['tauSfa'] * ms, tau_rr=p['tauRr'] * ms,
              q_sfa=p['qSfa'] * nS, q_rr=p['qRr'] * nS)
    return (eqs, ns, 'v >= V_th', 'v = V_reset; g_sfa += q_sfa; g_rr += q_rr', ('ge += w_syn * nS', 'gi += w_syn * nS'),
            p['eL'])


def adex(p, alpha):
    """NEST aeif_cond_exp / aeif_cond_alpha (Brette & Gerstner 2005); V capped at V_peak inside the
    right-hand side, as NEST does, so that no stage overflows."""
    eqs = '''
    vc = clip(v, -1000 * mV, V_peak) : volt
    dv/dt = (g_L * (E_L - vc) + g_L * Delta_T * exp((vc - V_T) / Delta_T) + ge * (E_ex - vc) + gi * (E_in - vc)
             - w + I_e + I_ext) / C_m : volt (unless refractory)
    dw/dt = (a * (vc - E_L) - w) / tau_w : amp
    '''
    if alpha:
        eqs += '''
    dge/dt = (e_const * ye - ge) / tau_e : siemens
    dye/dt = -ye / tau_e : siemens
    dgi/dt = (e_const * yi - gi) / tau_i : siemens
    dyi/dt = -yi / tau_i : siemens
    '''
        on_pre = ('ye += w_syn * nS', 'yi += w_syn * nS')
    else:
        eqs += '''
    dge/dt = -ge / tau_e : siemens
    dgi/dt = -gi / tau_i : siemens
    '''
        on_pre = ('ge += w_syn * nS', 'gi += w_syn * nS')
    ns = dict(E_L=p['eL'] * mV, g_L=p['gL'] * nS, C_m=p['cM'] * pF, I_e=p['iE'] * pA, E_ex=p['eExc'] * mV,
              E_in=p['eInh'] * mV, tau_e=p['tauSynExc'] * ms, tau_i=p['tauSynInh'] * ms, V_T=p['vT'] * mV,
              Delta_T=p['deltaT'] * mV, V_peak=p['vPeak'] * mV, a=p['a'] * nS, b=p['b'] * pA, tau_w=p['tauW'] * ms,
              e_const=E)
    return eqs, ns, 'v >= V_peak', 'v = V_reset; w += b', on_pre, p['eL']


def izhikevich(p):
    """Izhikevich (2003) in the paper's units (v mV, t ms, I in mV/ms = pA / pF), voltage-jump synapses."""
    eqs = '''
    dv/dt = (0.04 / mV) * v**2 / ms + 5 * v / ms + 140 * mV / ms - u + (I_e + I_ext) / pF : volt
    du/dt = a_izh * (b_izh * v - u) / ms : volt / second
    '''
    ns = dict(a_izh=p['a'], b_izh=p['b'] / ms, I_e=p['iE'] * pA, c_izh=p['c'] * mV, d_izh=p['d'] * mV / ms,
              V_peak=p['vPeak'] * mV)
    return eqs, ns, 'v >= V_peak', 'v = c_izh; u += d_izh', ('v += w_syn * mV', 'v += w_syn * mV'), p['vInit']


def hh_traub(p):
    """NEST hh_cond_exp_traub / PyNN HH_cond_exp (Traub & Miles 1991 as in Brette et al. 2007, COBAHH).
    Spike: V above V_T + 30 mV and falling (a local maximum), not again within t_ref; V is never clamped."""
    eqs = '''
    dv/dt = (g_L * (E_L - v) - g_Na * m**3 * h * (v - E_Na) - g_K * n**4 * (v - E_K) + ge * (E_ex - v)
             + gi * (E_in - v) + I_e + I_ext) / C_m : volt
    dm/dt = alpha_m * (1 - m) - beta_m * m : 1
    dh/dt = alpha_h * (1 - h) - beta_h * h : 1
    dn/dt = alpha_n * (1 - n) - beta_n * n : 1
    alpha_m = 0.32 * (mV ** -1) * (13 * mV - v + V_T) / (exp((13 * mV - v + V_T) / (4 * mV)) - 1) / ms : Hz
    beta_m = 0.28 * (mV ** -1) * (v - V_T - 40 * mV) / (exp((v - V_T - 40 * mV) / (5 * mV)) - 1) / ms : Hz
    alpha_h = 0.128 * exp((17 * mV - v + V_T) / (18 * mV)) / ms : Hz
    beta_h = 4. / (1 + exp((40 * mV - v + V_T) / (5 * mV))) / ms : Hz
    alpha_n = 0.032 * (mV ** -1) * (15 * mV - v + V_T) / (exp((15 * mV - v + V_T) / (5 * mV)) - 1) / ms : Hz
    beta_n = 0.5 * exp((10 * mV - v + V_T) / (40 * mV)) / ms : Hz
    dge/dt = -ge / tau_e : siemens
    dgi/dt = -gi / tau_i : siemens
    v_prev : volt
    '''
    ns = dict(E_L=p['eL'] * mV, g_L=p['gL'] * nS, C_m=p['cM'] * pF, I_e=p['iE'] * pA, E_ex=p['eExc'] * mV,
              E_in=p['eInh'] * mV, tau_e=p['tauSynExc'] * ms, tau_i=p['tauSynInh'] * ms, g_Na=p['gNa'] * nS,
              g_K=p['gK'] * nS, E_Na=p['eNa'] * mV, E_K=p['eK'] * mV, V_T=p['vT'] * mV)
    return eqs, ns, 'v > V_T + 30 * mV and v < v_prev', None, ('ge += w_syn * nS', 'gi += w_syn * nS'), p['eL']


def hh_rest_gates(p):
    """m, h, n at their steady state for v = E_L (x_inf = alpha / (alpha + beta)), the engine's rest."""
    u = p['eL'] - p['vT']
    am = 0.32 * (13 - u) / (math.exp((13 - u) / 4) - 1)
    bm = 0.28 * (u - 40) / (math.exp((u - 40) / 5) - 1)
    ah = 0.128 * math.exp((17 - u) / 18)
    bh = 4 / (1 + math.exp((40 - u) / 5))
    an = 0.032 * (15 - u) / (math.exp((15 - u) / 5) - 1)
    bn = 0.5 * math.exp((10 - u) / 40)
    return am / (am + bm), ah / (ah + bh), an / (an + bn)


MODELS = {
    'lif_cuba_alpha': lif_current_alpha,
    'lif_coba_alpha': lif_conductance_alpha,
    'lif_coba_sfa_rr': lif_conductance_sfa_rr,
    'adex': lambda p: adex(p, False),
    'adex_alpha': lambda p: adex(p, True),
    'izhikevich': izhikevich,
    'hh_traub': hh_traub,
}


def run_case(case):
    start_scope()
    dt, steps, sub = case['dt'], case['steps'], case.get('sub', 1)
    fine = dt / sub
    defaultclock.dt = fine * ms
    p = case['params']
    eqs, ns, threshold, reset, on_pre, v0 = MODELS[case['model']](p)
    ns['I_arr'] = TimedArray(np.asarray(case['current'], dtype=float) * pA, dt=dt * ms)
    eqs += '\n    I_ext : amp\n'
    ns['V_th'] = p.get('vTh', 0.0) * mV
    ns['V_reset'] = p.get('vReset', 0.0) * mV
    n_ref = int(round(p.get('tRef', 0.0) / dt))
    # (HH: blocks only the threshold, its v has no "unless refractory")
    refractory = (n_ref * dt + fine) * ms if 'tRef' in p else False
    g = NeuronGroup(1, eqs, threshold=threshold, reset=reset, refractory=refractory, method=case['method'],
                    namespace=ns)
    g.v = v0 * mV
    if case['model'] == 'izhikevich':
        g.u = p['b'] * p['vInit'] * mV / ms
    if case['model'] == 'hh_traub':
        g.m, g.h, g.n = hh_rest_gates(p)
        g.run_regularly('v_prev = v', when='before_groups')
    # the current of engine step k, held over [k dt, (k + 1) dt): set once per engine step, before the update
    g.run_regularly('I_ext = I_arr(t)', dt=dt * ms, when='start')
    objects = [g]
    g.thresholder['spike'].when = 'after_synapses'
    for receptor in (0, 1):
        events = [(k, w) for k, r, w in case['inputs'] if r == receptor]
        if not events:
            continue
        times = np.array([(k + 1) * dt - fine for k, _ in events])
        gen = SpikeGeneratorGroup(len(events), np.arange(len(events)), times * ms)
        syn = Synapses(gen, g, 'w_syn : 1', on_pre=on_pre[receptor], namespace=ns)
        syn.connect(i=np.arange(len(events)), j=0)
        syn.w_syn = [w for _, w in events]
        objects += [gen, syn]
    spikes = SpikeMonitor(g)
    trace = StateMonitor(g, 'v', record=0, when='end')
    net = Network(objects + [spikes, trace])
    net.run(steps * dt * ms)
    spike_steps = [int(math.floor(t / dt + 1e-9)) for t in np.asarray(spikes.t / ms)]
    v = np.asarray(trace.v[0] / mV)[sub - 1::sub]
    return spike_steps, v


def main():
    spec = json.load(sys.stdin)
    for case in spec['cases']:
        t0 = time.time()
        spike_steps, v = run_case(case)
        print('case', case['name'], '%.2f' % (time.time() - t0))
        print('spikes', *spike_steps)
        print('v', *[repr(float(x)) for x in v])
    sys.stdout.flush()


if __name__ == '__main__':
    main()
