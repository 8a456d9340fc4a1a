package org.shnn.engine.run;

import org.shnn.engine.synapse.CsrMatrix;

/**
 * The names of a simulation's saved sections: one naming scheme, declared here once, that every writer
 * ({@link Simulation#stateSections()}, the hooks' {@link StepHook#stateSections()}, {@code Checkpoint.save}) and
 * every reader ({@link Simulation#restore}, {@link StepHook#restoreState}, {@code Checkpoint.open}) derives its
 * names from; no other file spells a section name.
 *
 * <pre>
 *   name                                  role              what
 *   clock                                 CLOCK             the current step (one long); random draws are keyed
 *                                                           by step, so it is the whole random-generator state
 *   population/&lt;name&gt;/state               NEURON_STATE      a model population's state columns
 *   population/&lt;name&gt;/ring                DELAY_RING        its delay ring
 *   population/&lt;name&gt;/spikeTimes          SPIKE_TIMES       a spike-times generator's times, once replaced
 *                                                           (one long per spike: step &lt;&lt; 31 | neuron)
 *   population/&lt;name&gt;/rateChanges         RATE_CHANGES      a Poisson generator's rate changes, once set at run
 *                                                           time (doubles: per change its time in ms, the number
 *                                                           of rates, 1 or one per neuron, then the rates in Hz)
 *   current/&lt;i&gt;/changes                  CURRENT_CHANGES   current source i's waveforms, once changed at run time
 *                                                           (doubles: per waveform its first step, its kind, 0 DC,
 *                                                           1 step, 2 AC, 3 noise, the number of values, then its
 *                                                           values in pA, ms, Hz and degrees in the order of
 *                                                           {@code CurrentWaveform}'s components, a step source's
 *                                                           times then amplitudes)
 *   projection/&lt;i&gt;/header                 CSR_HEADER        projection i's CSR parts ({@link CsrMatrix#parts()});
 *   projection/&lt;i&gt;/rowOffsets             CSR_ROW_OFFSETS   weights and delays only when they vary
 *   projection/&lt;i&gt;/targets                CSR_TARGETS
 *   projection/&lt;i&gt;/weights                CSR_WEIGHTS
 *   projection/&lt;i&gt;/delays                 CSR_DELAYS
 *   projection/&lt;i&gt;/shortTerm              SHORT_TERM        Tsodyks-Markram state, one record per row
 *   plasticity/projection/&lt;i&gt;/pre|post    HOOK              STDP traces of projection i
 *   homeostasis/projection/&lt;i&gt;            HOOK              homeostatic spike counters of projection i
 *   hyper/&lt;source&gt;-&lt;target&gt;/edges|ring     HOOK              hyperedge coincidence state between two populations
 *   counters/populationSpikes             COUNTERS          spikes emitted so far per population (one long each)
 *   counters/synapticEvents               COUNTERS          synaptic events so far (one long)
 *   recorder/spikes                       SPIKES            the recorded spikes ({@code SpikeRecord}s)
 *   recorder/state/&lt;i&gt;/steps             SAMPLES           state monitor i's sample steps (one long each)
 *   recorder/state/&lt;i&gt;/values            SAMPLES           its values, [sample][neuron] doubles
 *   recorder/weights/projection/&lt;i&gt;/steps|values  HOOK    a weight monitor's samples of projection i
 *   network/spec                          SPEC              the network's description (UTF-8 JSON of
 *                                                           {@code org.shnn.engine.spec.SpecJson})
 *   network/spec/array/&lt;i&gt;              SPEC              array i a host lent to the description (its
 *                                                           elements in native order), {"lent": that name}
 *   live/schedule                         HOOK              a live run's pending data tasks (UTF-8 JSON of
 *                                                           {@code org.shnn.engine.live.Schedule}), saved by
 *                                                           state attached with {@link Simulation#attachState}
 * </pre>
 *
 * <p>Thread-safety: constants and pure functions.
 */
public final class StateDescriptor {

    /** The clock: the current step, one long. */
    public static final String CLOCK = "clock";
    /** The recorded spikes. */
    public static final String SPIKES = "recorder/spikes";
    /** Spikes emitted so far per population, one long each in population order. */
    public static final String POPULATION_SPIKE_COUNTS = "counters/populationSpikes";
    /** Synaptic events so far, one long. */
    public static final String SYNAPTIC_EVENTS = "counters/synapticEvents";
    /** The network's description as UTF-8 JSON. */
    public static final String SPEC = "network/spec";
    /** A live run's pending data tasks, UTF-8 JSON ({@code org.shnn.engine.live.Schedule}). */
    public static final String LIVE_SCHEDULE = "live/schedule";

    private static final String SPEC_ARRAY = SPEC + "/array/";

    private static final String MONITOR = "recorder/state/";
    private static final String MONITOR_STEPS = "/steps";
    private static final String MONITOR_VALUES = "/values";

    private static final String POPULATION = "population/";
    private static final String STATE = "/state";
    private static final String RING = "/ring";
    private static final String SPIKE_TIMES = "/spikeTimes";
    private static final String RATE_CHANGES = "/rateChanges";
    private static final String SHORT_TERM = "shortTerm";
    private static final String CURRENT = "current/";
    private static final String CURRENT_CHANGES = "/changes";
    private static final String PROJECTION = "projection/";

    /** What a section holds, as told by its name. */
    public enum Role {
        /** {@link #CLOCK}. */
        CLOCK,
        /** {@link #populationState}. */
        NEURON_STATE,
        /** {@link #populationRing}. */
        DELAY_RING,
        /** {@link #spikeTimes}. */
        SPIKE_TIMES,
        /** {@link #rateChanges}. */
        RATE_CHANGES,
        /** {@link #currentChanges}. */
        CURRENT_CHANGES,
        /** {@link #csrPart} {@link CsrMatrix#HEADER}. */
        CSR_HEADER,
        /** {@link #csrPart} {@link CsrMatrix#ROW_OFFSETS}. */
        CSR_ROW_OFFSETS,
        /** {@link #csrPart} {@link CsrMatrix#TARGETS}. */
        CSR_TARGETS,
        /** {@link #csrPart} {@link CsrMatrix#WEIGHTS}. */
        CSR_WEIGHTS,
        /** {@link #csrPart} {@link CsrMatrix#DELAYS}. */
        CSR_DELAYS,
        /** {@link #shortTerm}. */
        SHORT_TERM,
        /** {@link #POPULATION_SPIKE_COUNTS}, {@link #SYNAPTIC_EVENTS}. */
        COUNTERS,
        /** {@link #SPIKES}. */
        SPIKES,
        /** {@link #SPEC}. */
        SPEC,
        /** {@link #monitorSteps}, {@link #monitorValues}. */
        SAMPLES,
        /** A step hook's or attached state's (plasticity, homeostasis, hyperedges, a live schedule) or any other name. */
        HOOK;

        /** Whether this is a CSR part (the bulk of a network, used in place from a mapped file). */
        public boolean isCsr() {
            return this == CSR_HEADER || this == CSR_ROW_OFFSETS || this == CSR_TARGETS || this == CSR_WEIGHTS
                    || this == CSR_DELAYS;
        }
    }

    private StateDescriptor() {
    }

    /** {@code population/<name>/state}: the state columns of model population {@code name}. */
    public static String populationState(String population) {
        return POPULATION + population + STATE;
    }

    /** {@code population/<name>/ring}: the delay ring of model population {@code name}. */
    public static String populationRing(String population) {
        return POPULATION + population + RING;
    }

    /** {@code population/<name>/spikeTimes}: the replaced spike times of spike-times generator {@code name}. */
    public static String spikeTimes(String population) {
        return POPULATION + population + SPIKE_TIMES;
    }

    /**
     * {@code current/<i>/changes}: the waveforms of current source {@code i} of the network, once changed at run time.
     */
    public static String currentChanges(int source) {
        return CURRENT + source + CURRENT_CHANGES;
    }

    /** {@code population/<name>/rateChanges}: the rate changes of Poisson generator {@code name}, once set at run time. */
    public static String rateChanges(String population) {
        return POPULATION + population + RATE_CHANGES;
    }

    /** {@code projection/<i>/shortTerm}: the Tsodyks-Markram state of projection i. */
    public static String shortTerm(int projection) {
        return csrPart(projection, SHORT_TERM);
    }

    /** {@code projection/<i>/<part>}: a CSR part (one of {@link CsrMatrix#parts()}'s names) of projection i. */
    public static String csrPart(int projection, String part) {
        return PROJECTION + projection + "/" + part;
    }

    /** {@code plasticity/projection/<i>/pre}: the pre-synaptic STDP traces of projection i. */
    public static String stdpPreTraces(int projection) {
        return "plasticity/" + PROJECTION + projection + "/pre";
    }

    /** {@code plasticity/projection/<i>/post}: the post-synaptic STDP traces of projection i. */
    public static String stdpPostTraces(int projection) {
        return "plasticity/" + PROJECTION + projection + "/post";
    }

    /** {@code recorder/weights/projection/<i>/<part>}: a weight monitor's samples of projection i ({@code steps}, {@code values}). */
    public static String weightSamples(int projection, String part) {
        return "recorder/weights/" + PROJECTION + projection + "/" + part;
    }

    /**
     * {@code stream/live-input/receptor/<r>/<k>/held}: the spikes the k-th live input on receptor r (in the order they
     * were attached) drained and holds for later steps (16-byte records: arrival step int64, global neuron id int32,
     * steps late int32; native byte order).
     */
    public static String liveInputHeld(int receptor, int index) {
        return "stream/live-input/receptor/" + receptor + "/" + index + "/held";
    }

    /** Live inputs per receptor whose held spikes a resumed run looks for ({@link #liveInputHeld}'s index bound). */
    public static final int LIVE_INPUTS_PER_RECEPTOR = 64;

    /** Bytes of one record of {@link #liveInputHeld}. */
    public static final long LIVE_INPUT_HELD_RECORD = 16;

    /** {@code homeostasis/projection/<i>}: the homeostatic counters of projection i. */
    public static String homeostasis(int projection) {
        return "homeostasis/" + PROJECTION + projection;
    }

    /** {@code hyper/<source>-<target>/edges}: the coincidence state of the hyperedges between two populations. */
    public static String hyperedges(int sourcePopulation, int targetPopulation) {
        return "hyper/" + sourcePopulation + "-" + targetPopulation + "/edges";
    }

    /** {@code hyper/<source>-<target>/ring}: the pending hyperedge deliveries between two populations. */
    public static String hyperedgeRing(int sourcePopulation, int targetPopulation) {
        return "hyper/" + sourcePopulation + "-" + targetPopulation + RING;
    }

    /** {@code recorder/state/<i>/steps}: the sample steps of state monitor i (in the config's order). */
    public static String monitorSteps(int monitor) {
        return MONITOR + monitor + MONITOR_STEPS;
    }

    /** {@code recorder/state/<i>/values}: the sampled values of state monitor i, [sample][neuron] doubles. */
    public static String monitorValues(int monitor) {
        return MONITOR + monitor + MONITOR_VALUES;
    }

    /**
     * {@code network/spec/array/<i>}: the i-th array a host lent to the description, stored beside it; the stored
     * JSON names it {@code {"lent": "network/spec/array/<i>"}}.
     */
    public static String specArray(int index) {
        return SPEC_ARRAY + index;
    }

    /** The role of a section, from its name. */
    public static Role role(String name) {
        if (name.equals(CLOCK)) {
            return Role.CLOCK;
        }
        if (name.equals(SPIKES)) {
            return Role.SPIKES;
        }
        if (name.equals(SPEC) || name.startsWith(SPEC_ARRAY) && isIndex(name.substring(SPEC_ARRAY.length()))) {
            return Role.SPEC;
        }
        if (name.startsWith(MONITOR) && (name.endsWith(MONITOR_STEPS) || name.endsWith(MONITOR_VALUES))) {
            int end = name.length() - (name.endsWith(MONITOR_STEPS) ? MONITOR_STEPS : MONITOR_VALUES).length();
            if (end > MONITOR.length() && isIndex(name.substring(MONITOR.length(), end))) {
                return Role.SAMPLES;
            }
        }
        if (name.equals(POPULATION_SPIKE_COUNTS) || name.equals(SYNAPTIC_EVENTS)) {
            return Role.COUNTERS;
        }
        if (name.startsWith(POPULATION) && name.length() > POPULATION.length()) {
            if (name.endsWith(STATE) && name.length() > POPULATION.length() + STATE.length()) {
                return Role.NEURON_STATE;
            }
            if (name.endsWith(RING) && name.length() > POPULATION.length() + RING.length()) {
                return Role.DELAY_RING;
            }
            if (name.endsWith(SPIKE_TIMES) && name.length() > POPULATION.length() + SPIKE_TIMES.length()) {
                return Role.SPIKE_TIMES;
            }
            if (name.endsWith(RATE_CHANGES) && name.length() > POPULATION.length() + RATE_CHANGES.length()) {
                return Role.RATE_CHANGES;
            }
        }
        if (name.startsWith(CURRENT) && name.endsWith(CURRENT_CHANGES)
                && name.length() > CURRENT.length() + CURRENT_CHANGES.length()
                && isIndex(name.substring(CURRENT.length(), name.length() - CURRENT_CHANGES.length()))) {
            return Role.CURRENT_CHANGES;
        }
        if (name.startsWith(PROJECTION)) {
            int slash = name.indexOf('/', PROJECTION.length());
            if (slash > PROJECTION.length() && isIndex(name.substring(PROJECTION.length(), slash))) {
                return switch (name.substring(slash + 1)) {
                    case CsrMatrix.HEADER -> Role.CSR_HEADER;
                    case CsrMatrix.ROW_OFFSETS -> Role.CSR_ROW_OFFSETS;
                    case CsrMatrix.TARGETS -> Role.CSR_TARGETS;
                    case CsrMatrix.WEIGHTS -> Role.CSR_WEIGHTS;
                    case CsrMatrix.DELAYS -> Role.CSR_DELAYS;
                    case SHORT_TERM -> Role.SHORT_TERM;
                    default -> Role.HOOK;
                };
            }
        }
        return Role.HOOK;
    }

    private static boolean isIndex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
