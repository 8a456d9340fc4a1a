package org.shnn.engine.neuron;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Arrays;
import java.util.Objects;
import org.shnn.layouts.state.SoaLayout;

/**
 * A population whose neurons have different parameters: runs of consecutive neurons (the last run open-ended, so
 * that any prefix or size works, e.g. the scaled copy that warms the kernels up), each run advanced by its own
 * model (all of one class, one state layout, one time step). Neuron {@code i} of run {@code k} evolves exactly as
 * neuron {@code i} of a population of {@code models[k]} alone: {@link #step} calls each run's model on the part of
 * {@code [from, to)} in the run, and the models' kernels compute each neuron from its own state only (their
 * vector lanes and scalar remainders give the same bits), so results do not depend on how ranges are split.
 *
 * <p>Why runs of models rather than per-neuron parameter columns: every model keeps its kernels, propagators and
 * their exactness unchanged, and a homogeneous population (every built-in network) does not pay for the
 * heterogeneous case. The cost is one model instance per run of equal parameters: few for arrays of a few
 * values, one per neuron for a continuous distribution (heap O(n), and {@code step} dispatches per neuron).
 *
 * <p>Thread-safety: immutable; concurrent {@code step} calls on disjoint ranges are safe as for every model.
 */
public final class PiecewiseModel implements NeuronModel {

    private final NeuronModel[] models;
    private final int[] runStart;
    private final int[] runModel;

    /**
     * @param models the distinct models, at least two, all of one class with one layout, dt and receptor count
     * @param runStart the first neuron of each run, ascending from 0
     * @param runModel the model of each run (an index into {@code models}); the last run has no end
     * @throws IllegalArgumentException if the models differ in class, layout, dt or receptors, or the runs do not
     *     start at 0 and ascend strictly
     */
    public PiecewiseModel(NeuronModel[] models, int[] runStart, int[] runModel) {
        this.models = models.clone();
        this.runStart = runStart.clone();
        this.runModel = runModel.clone();
        if (this.models.length < 2) {
            throw new IllegalArgumentException("a piecewise model needs >= 2 models but found " + this.models.length);
        }
        NeuronModel first = this.models[0];
        for (NeuronModel m : this.models) {
            Objects.requireNonNull(m, "model");
            if (m.getClass() != first.getClass() || !m.stateLayout().equals(first.stateLayout())
                    || Double.compare(m.dt(), first.dt()) != 0 || m.receptorCount() != first.receptorCount()
                    || m.consumesInput() != first.consumesInput()) {
                throw new IllegalArgumentException("piecewise models must share class, layout, dt and receptors: "
                        + first.getClass().getSimpleName() + " dt " + first.dt() + " and " + m.getClass().getSimpleName()
                        + " dt " + m.dt());
            }
        }
        if (this.runStart.length == 0 || this.runStart.length != this.runModel.length || this.runStart[0] != 0) {
            throw new IllegalArgumentException("runs must start at neuron 0, one model each: " + this.runStart.length
                    + " starts, " + this.runModel.length + " models");
        }
        for (int k = 0; k < this.runStart.length; k++) {
            Objects.checkIndex(this.runModel[k], this.models.length);
            if (k > 0 && this.runStart[k] <= this.runStart[k - 1]) {
                throw new IllegalArgumentException("run " + k + " starts at " + this.runStart[k] + ", not after run "
                        + (k - 1) + " at " + this.runStart[k - 1]);
            }
        }
    }

    /** The model of neuron {@code i}. */
    public NeuronModel modelOf(int i) {
        if (i < 0) {
            throw new IndexOutOfBoundsException("neuron " + i);
        }
        int k = Arrays.binarySearch(runStart, i);
        return models[runModel[k >= 0 ? k : -k - 2]];
    }

    @Override
    public String name() {
        return models[0].name();
    }

    @Override
    public SoaLayout stateLayout() {
        return models[0].stateLayout();
    }

    @Override
    public int receptorCount() {
        return models[0].receptorCount();
    }

    @Override
    public double dt() {
        return models[0].dt();
    }

    @Override
    public boolean consumesInput() {
        return models[0].consumesInput();
    }

    @Override
    public String inputUnit() {
        return models[0].inputUnit();
    }

    /**
     * The models' common time constant of receptor {@code r}.
     *
     * @throws IllegalArgumentException if it differs between neurons (short-term plasticity needs one)
     */
    @Override
    public double tauSyn(int r) {
        double tau = models[0].tauSyn(r);
        for (NeuronModel m : models) {
            if (Double.compare(m.tauSyn(r), tau) != 0) {
                throw new IllegalArgumentException("the synaptic time constant of receptor " + r + " differs between "
                        + "neurons (" + tau + " and " + m.tauSyn(r) + " ms); short-term plasticity needs one");
            }
        }
        return tau;
    }

    /** Allocates the state of {@code n} neurons and puts each at the rest of its own model. */
    @Override
    public PopulationState allocateState(SegmentAllocator alloc, int n) {
        PopulationState s = models[0].allocateState(alloc, n);
        for (int k = 0; k < runStart.length; k++) {
            if (models[runModel[k]] instanceof NeuronModelBase<?> m && runModel[k] != 0) {
                int end = Math.min(n, k + 1 < runStart.length ? runStart[k + 1] : n);
                for (int i = runStart[k]; i < end; i++) {
                    m.setRest(s, i);
                }
            }
        }
        return s;
    }

    @Override
    public void step(PopulationState s, int from, int to, MemorySegment[] input, MemorySegment external, SpikeSink sink) {
        Objects.requireNonNull(s, "state");
        Objects.checkFromToIndex(from, to, s.count());
        if (from == to) {
            models[0].step(s, from, to, input, external, sink); // checks the buffers as every model does
            return;
        }
        int k = Arrays.binarySearch(runStart, from);
        for (k = k >= 0 ? k : -k - 2; k < runStart.length && runStart[k] < to; k++) {
            int a = Math.max(from, runStart[k]);
            int b = Math.min(to, k + 1 < runStart.length ? runStart[k + 1] : to);
            if (a < b) {
                models[runModel[k]].step(s, a, b, input, external, sink);
            }
        }
    }

    @Override
    public double membranePotential(PopulationState s, int i) {
        return modelOf(i).membranePotential(s, i);
    }

    @Override
    public void setMembranePotential(PopulationState s, int i, double mV) {
        modelOf(i).setMembranePotential(s, i, mV);
    }
}
