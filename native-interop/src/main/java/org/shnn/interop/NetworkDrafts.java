package org.shnn.interop;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.shnn.interop.NativeEntryPoints.in;
import static org.shnn.interop.NativeEntryPoints.out;
import static org.shnn.interop.NativeEntryPoints.string;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shnn.codec.Dtype;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.SpecJson;

/**
 * The {@code shnn_net_*} functions of {@code shnn.h} and {@code shnn_sim_create}: native hosts describe a network
 * part by part ({@link NetworkDraft}) and build its simulation. The typed functions (population, projection,
 * list, electrode, recorder) write the same elements a network file holds, so the one reader of network files
 * checks them, and a network gives the same spikes whether it comes from C, Python, a file or Java.
 *
 * <p>Thread-safety: any thread; calls on one description are serialised on it.
 */
final class NetworkDrafts {

    /** The open descriptions by handle (a table of their own: a description is not a simulation). */
    static final HandleTable<NetworkDraft> DRAFTS = new HandleTable<>("network description");

    /**
     * shnn.h's {@code SHNN_LEND_KEPT}, or'ed into a lent array's type: the array stays valid until every simulation
     * built from the description is destroyed, so it stays part of the description (checkpoints store it,
     * parameters read back). A bit above the {@link ColumnType} codes; a test keeps it equal to shnn.h's.
     */
    static final int LEND_KEPT = 0x100;

    /** Connector and synapse parameters that are booleans in a network file (given as 0 / non-0 from C). */
    private static final Set<String> BOOLEANS = Set.of("allow_self_connections", "with_replacement", "nearest_spike",
            "safe");
    /** Parameters that are whole numbers in a network file. */
    private static final Set<String> INTEGERS = Set.of("n");

    private NetworkDrafts() {
    }

    static int netCreate(MemorySegment name, double dtMs, long seed, MemorySegment net) {
        MemorySegment o = out(net, JAVA_LONG.byteSize(), "net");
        String n = string(name, "name");
        o.set(JAVA_LONG, 0, DRAFTS.add(h -> NetworkDraft.create(n, dtMs, seed)));
        return Status.OK;
    }

    static int netFromJson(MemorySegment json, MemorySegment baseDir, MemorySegment net) {
        MemorySegment o = out(net, JAVA_LONG.byteSize(), "net");
        String text = longString(json, "json");
        Path dir = baseDir.equals(MemorySegment.NULL) ? Path.of("").toAbsolutePath() : Path.of(string(baseDir, "base_dir"));
        NetworkDraft d = NetworkDraft.fromJson(text, dir);
        o.set(JAVA_LONG, 0, DRAFTS.add(h -> d));
        return Status.OK;
    }

    static int netAdd(long net, MemorySegment section, MemorySegment json) {
        NetworkDraft d = DRAFTS.get(net);
        String s = string(section, "section");
        String text = longString(json, "json_object");
        synchronized (d) {
            d.add(s, text);
        }
        return Status.OK;
    }

    static int netLend(long net, MemorySegment key, int type, MemorySegment data, long count) {
        NetworkDraft d = DRAFTS.get(net);
        String k = string(key, "key");
        Dtype dtype = switch (type & ~LEND_KEPT) {
            case ColumnType.F64 -> Dtype.FLOAT64;
            case ColumnType.F32 -> Dtype.FLOAT32;
            case ColumnType.I32 -> Dtype.INT32;
            case ColumnType.I64 -> Dtype.INT64;
            default -> throw new IllegalArgumentException("type " + type + " is not one of SHNN_TYPE_F64 (1), "
                    + "SHNN_TYPE_F32 (2), SHNN_TYPE_I32 (3), SHNN_TYPE_I64 (4), optionally | SHNN_LEND_KEPT (" + LEND_KEPT + ")");
        };
        synchronized (d) {
            d.lend(k, dtype, data, count, (type & LEND_KEPT) != 0);
        }
        return Status.OK;
    }

    static int netPopulation(long net, MemorySegment label, long size, MemorySegment cellType, MemorySegment names,
            MemorySegment values, int count) {
        NetworkDraft d = DRAFTS.get(net);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("label", string(label, "label"));
        p.put("size", size);
        p.put("cell_type", string(cellType, "cell_type"));
        Map<String, Object> params = pairs(names, values, count);
        if (!params.isEmpty()) {
            p.put("parameters", params);
        }
        synchronized (d) {
            d.add("populations", p);
        }
        return Status.OK;
    }

    static int netInitialize(long net, MemorySegment population, MemorySegment variable, MemorySegment distribution,
            MemorySegment args, int nargs) {
        NetworkDraft d = DRAFTS.get(net);
        String dist = string(distribution, "distribution");
        MemorySegment a = in(args, nargs, JAVA_DOUBLE.byteSize(), "args");
        String[] names = switch (dist) {
            case "constant" -> new String[] {"value"};
            case "uniform" -> new String[] {"low", "high"};
            case "normal", "lognormal" -> new String[] {"mu", "sigma"};
            case "normal_clipped" -> new String[] {"mu", "sigma", "low", "high"};
            case "exponential" -> new String[] {"beta"};
            default -> throw new IllegalArgumentException("distribution '" + dist + "' is not one of constant, uniform, "
                    + "normal, normal_clipped, exponential, lognormal");
        };
        if (nargs != names.length) {
            throw new IllegalArgumentException("distribution '" + dist + "' takes " + names.length + " args "
                    + List.of(names) + " but nargs is " + nargs);
        }
        Object value;
        if (dist.equals("constant")) {
            value = a.getAtIndex(JAVA_DOUBLE, 0);
        } else {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("distribution", dist);
            for (int i = 0; i < names.length; i++) {
                m.put(names[i], a.getAtIndex(JAVA_DOUBLE, i));
            }
            value = m;
        }
        String pop = string(population, "population");
        String var = string(variable, "variable");
        synchronized (d) {
            d.initialize(pop, var, value);
        }
        return Status.OK;
    }

    static int netProjection(long net, MemorySegment label, MemorySegment pre, MemorySegment post, MemorySegment receptor,
            MemorySegment connector, MemorySegment names, MemorySegment values, int count, double weight, double delayMs) {
        NetworkDraft d = DRAFTS.get(net);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", string(connector, "connector"));
        c.putAll(pairs(names, values, count));
        synchronized (d) {
            d.add("projections", projection(d, label, pre, post, receptor, c, weight, delayMs));
        }
        return Status.OK;
    }

    static int netProjectionList(long net, MemorySegment label, MemorySegment pre, MemorySegment post,
            MemorySegment receptor, MemorySegment preIdx, MemorySegment postIdx, MemorySegment weights,
            MemorySegment delays, long count, double weight, double delayMs) {
        NetworkDraft d = DRAFTS.get(net);
        in(preIdx, count, JAVA_INT.byteSize(), "pre_idx"); // NULL and count checks
        in(postIdx, count, JAVA_INT.byteSize(), "post_idx");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "FromListConnector");
        synchronized (d) {
            c.put("pre", lent(d, "pre", Dtype.INT32, preIdx, count));
            c.put("post", lent(d, "post", Dtype.INT32, postIdx, count));
            if (!weights.equals(MemorySegment.NULL)) {
                c.put("weights", lent(d, "weights", Dtype.FLOAT64, weights, count));
            }
            if (!delays.equals(MemorySegment.NULL)) {
                c.put("delays", lent(d, "delays", Dtype.FLOAT64, delays, count));
            }
            d.add("projections", projection(d, label, pre, post, receptor, c, weight, delayMs));
        }
        return Status.OK;
    }

    static int netCurrentSource(long net, MemorySegment label, MemorySegment population, MemorySegment type,
            MemorySegment names, MemorySegment values, int count, MemorySegment neurons, long n) {
        NetworkDraft d = DRAFTS.get(net);
        Map<String, Object> c = new LinkedHashMap<>();
        String t = string(type, "type");
        synchronized (d) {
            c.put("label", label.equals(MemorySegment.NULL) ? d.uniqueLabel("current_sources", t) : string(label, "label"));
        }
        c.put("population", string(population, "population"));
        if (!neurons.equals(MemorySegment.NULL)) {
            c.put("neurons", ints(neurons, n, "neurons"));
        }
        c.put("type", t);
        c.putAll(pairs(names, values, count));
        synchronized (d) {
            d.add("current_sources", c);
        }
        return Status.OK;
    }

    static int netRecord(long net, MemorySegment population, MemorySegment variables, MemorySegment neurons, long n,
            double intervalMs) {
        NetworkDraft d = DRAFTS.get(net);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("population", string(population, "population"));
        List<Object> vars = new ArrayList<>();
        for (String v : string(variables, "variables").split(",")) {
            vars.add(v.strip());
        }
        r.put("variables", vars);
        if (!neurons.equals(MemorySegment.NULL)) {
            r.put("neurons", ints(neurons, n, "neurons"));
        }
        r.put("sampling_interval", intervalMs);
        synchronized (d) {
            d.add("recorders", r);
        }
        return Status.OK;
    }

    static int netRecordWeights(long net, MemorySegment projection, MemorySegment synapses, long n, double intervalMs) {
        NetworkDraft d = DRAFTS.get(net);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("projection", string(projection, "projection"));
        r.put("variables", List.of("weight"));
        if (!synapses.equals(MemorySegment.NULL)) {
            r.put("synapses", ints(synapses, n, "synapses"));
        }
        r.put("sampling_interval", intervalMs);
        synchronized (d) {
            d.add("recorders", r);
        }
        return Status.OK;
    }

    static int netHyperedge(long net, MemorySegment pre, MemorySegment post, MemorySegment receptor, MemorySegment type,
            MemorySegment sources, long nSources, MemorySegment targets, long nTargets, int minSpikes, double windowMs,
            double delayMs, double weight, MemorySegment weights) {
        NetworkDraft d = DRAFTS.get(net);
        String kind = string(type, "type");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", kind);
        if (kind.equals("all_to_all")) {
            e.put("members", ints(sources, nSources, "sources"));
        } else {
            e.put("sources", ints(sources, nSources, "sources"));
            e.put("targets", ints(targets, nTargets, "targets"));
        }
        e.put("min_spikes", (long) minSpikes);
        e.put("window", windowMs);
        e.put("delay", delayMs);
        if (weights.equals(MemorySegment.NULL)) {
            e.put("weight", weight);
        } else {
            long pairs = Math.multiplyExact(nSources, nTargets);
            MemorySegment w = in(weights, pairs, JAVA_DOUBLE.byteSize(), "weights");
            List<Object> ws = new ArrayList<>();
            for (long k = 0; k < pairs; k++) {
                ws.add(w.getAtIndex(JAVA_DOUBLE, k));
            }
            e.put("weights", ws);
        }
        String from = string(pre, "pre");
        String to = string(post, "post");
        String r = string(receptor, "receptor");
        synchronized (d) {
            d.addHyperedge(from, to, r, e);
        }
        return Status.OK;
    }

    static int netToJson(long net, MemorySegment buffer, long capacity, MemorySegment length) {
        NetworkDraft d = DRAFTS.get(net);
        byte[] text;
        synchronized (d) {
            text = d.json().getBytes(StandardCharsets.UTF_8);
        }
        out(length, JAVA_LONG.byteSize(), "length").set(JAVA_LONG, 0, text.length);
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity + " < 0");
        }
        if (capacity > 0) {
            MemorySegment dst = out(buffer, capacity, "buffer");
            int k = (int) Math.min(text.length, capacity - 1);
            MemorySegment.copy(text, 0, dst, JAVA_BYTE, 0, k);
            dst.set(JAVA_BYTE, k, (byte) 0);
        }
        return Status.OK;
    }

    static int netDestroy(long net) {
        DRAFTS.remove(net);
        return Status.OK;
    }

    /**
     * Builds the simulation of the description: lent arrays are read in place while the network is built, through
     * segments scoped to an arena closed on return (no later access can reach the host's memory), or, for arrays
     * lent with {@link #LEND_KEPT}, to {@code kept}, which the caller closes after the simulation.
     */
    static Simulation build(long net, int threads, KeptArrays kept) {
        NetworkDraft d = DRAFTS.get(net);
        synchronized (d) {
            try (Arena lentScope = Arena.ofShared()) {
                NetworkSpec spec = d.spec(lentScope, kept);
                try {
                    return Assembler.create(spec, SimulationConfig.defaults().withThreads(threads));
                } catch (SpecException e) { // named by its place in the description, as the file reader names it
                    throw SpecJson.locate(d.source(), spec, e);
                }
            }
        }
    }

    private static Map<String, Object> projection(NetworkDraft d, MemorySegment label, MemorySegment pre,
            MemorySegment post, MemorySegment receptor, Map<String, Object> connector, double weight, double delayMs) {
        Map<String, Object> p = new LinkedHashMap<>();
        String from = string(pre, "pre");
        String to = string(post, "post");
        p.put("label", label.equals(MemorySegment.NULL) ? d.uniqueLabel("projections", from + "->" + to)
                : string(label, "label"));
        p.put("pre", from);
        p.put("post", to);
        p.put("receptor_type", string(receptor, "receptor"));
        p.put("connector", connector);
        p.put("weight", weight);
        p.put("delay", delayMs);
        return p;
    }

    private static Map<String, Object> lent(NetworkDraft d, String prefix, Dtype dtype, MemorySegment data, long count) {
        String key = d.freshKey(prefix);
        d.lend(key, dtype, data, count, false);
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("lent", key);
        return ref;
    }

    /** {@code count} C strings {@code names[i]} with {@code values[i]}, as network-file members. */
    private static Map<String, Object> pairs(MemorySegment names, MemorySegment values, int count) {
        MemorySegment ns = in(names, count, ADDRESS.byteSize(), "names");
        MemorySegment vs = in(values, count, JAVA_DOUBLE.byteSize(), "values");
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = string(ns.getAtIndex(ADDRESS, i), "names[" + i + "]");
            double v = vs.getAtIndex(JAVA_DOUBLE, i);
            if (m.containsKey(name)) {
                throw new IllegalArgumentException("names[" + i + "] '" + name + "' is given twice");
            }
            m.put(name, BOOLEANS.contains(name) ? (Object) (v != 0)
                    : INTEGERS.contains(name) && v == Math.rint(v) && Math.abs(v) < 0x1p53 ? (Object) (long) v : (Object) v);
        }
        return m;
    }

    private static List<Object> ints(MemorySegment pointer, long n, String name) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": count " + n + " out of range [0, " + Integer.MAX_VALUE + "]");
        }
        MemorySegment s = in(pointer, n, JAVA_INT.byteSize(), name);
        List<Object> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            out.add((long) s.getAtIndex(JAVA_INT, i));
        }
        return out;
    }

    /** A NUL-terminated UTF-8 text of at most {@link NetworkDraft#MAX_JSON_BYTES} bytes (a network file's size). */
    private static String longString(MemorySegment pointer, String name) {
        if (pointer.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException(name + " is NULL");
        }
        MemorySegment s = pointer.reinterpret(NetworkDraft.MAX_JSON_BYTES + 1L);
        try {
            return s.getString(0, StandardCharsets.UTF_8);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a NUL-terminated string of at most "
                    + NetworkDraft.MAX_JSON_BYTES + " bytes", e);
        }
    }
}
