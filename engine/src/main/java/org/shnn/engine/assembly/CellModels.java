package org.shnn.engine.assembly;

import java.util.Map;
import org.shnn.engine.neuron.AdExAlphaModel;
import org.shnn.engine.neuron.AdExModel;
import org.shnn.engine.neuron.AdExParams;
import org.shnn.engine.neuron.FixedPointLifModel;
import org.shnn.engine.neuron.HhTraubModel;
import org.shnn.engine.neuron.HhTraubParams;
import org.shnn.engine.neuron.IzhikevichModel;
import org.shnn.engine.neuron.IzhikevichParams;
import org.shnn.engine.neuron.LifCobaAlphaModel;
import org.shnn.engine.neuron.LifCobaModel;
import org.shnn.engine.neuron.LifCobaParams;
import org.shnn.engine.neuron.LifCobaSfaRrModel;
import org.shnn.engine.neuron.LifCobaSfaRrParams;
import org.shnn.engine.neuron.LifCubaAlphaModel;
import org.shnn.engine.neuron.LifCubaModel;
import org.shnn.engine.neuron.LifCubaParams;
import org.shnn.engine.neuron.LifDeltaModel;
import org.shnn.engine.neuron.LifDeltaParams;
import org.shnn.engine.neuron.NeuronModel;
import org.shnn.engine.neuron.PyNNCell;
import org.shnn.engine.spec.CellType;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.SpecException;

/**
 * The engine's side of each PyNN cell type: the neuron model built from a PyNN parameter map (the params records'
 * {@code fromPyNN} factories convert names and units), the factor from the PyNN unit of a synaptic weight to the
 * engine's, and the engine column and unit factor of each PyNN state variable.
 *
 * <pre>
 *   cell type                 model               weight unit -> engine      state variables (PyNN -> column x factor)
 *   IF_curr_exp               LifCubaModel        nA -> pA (x 1000)          v, isyn_exc -> i_exc, isyn_inh -> i_inh (x 1000)
 *   IF_curr_alpha             LifCubaAlphaModel   nA -> pA (x 1000)          as IF_curr_exp
 *   IF_curr_delta             LifDeltaModel       mV (x 1)                   v
 *   IF_cond_exp               LifCobaModel        uS -> nS (x 1000)          v, gsyn_exc -> g_exc, gsyn_inh -> g_inh (x 1000)
 *   IF_cond_alpha             LifCobaAlphaModel   uS -> nS (x 1000)          as IF_cond_exp
 *   IF_cond_exp_gsfa_grr      LifCobaSfaRrModel   uS -> nS (x 1000)          as IF_cond_exp, g_r -> g_rr, g_s -> g_sfa (nS, x 1)
 *   EIF_cond_exp_isfa_ista    AdExModel           uS -> nS (x 1000)          as IF_cond_exp, w (nA -> pA, x 1000)
 *   EIF_cond_alpha_isfa_ista  AdExAlphaModel      uS -> nS (x 1000)          as EIF_cond_exp_isfa_ista
 *   HH_cond_exp               HhTraubModel        uS -> nS (x 1000)          as IF_cond_exp, h, m, n
 *   Izhikevich                IzhikevichModel     mV (x 1)                   v, u
 *   LIF_Q16                   FixedPointLifModel  nA -> pA (x 1000)          (Q16.16 int columns: no initial values)
 * </pre>
 *
 * <p>Thread-safety: stateless.
 */
final class CellModels {

    /** nA -> pA, uS -> nS. */
    static final double MILLI = 1000.0;

    private CellModels() {
    }

    /**
     * The model of population {@code p} with scalar PyNN parameters {@code params}.
     *
     * @throws SpecException naming the population and parameter on an unknown name or bad value, or if the cell
     *     type's model is not available yet
     */
    static NeuronModel model(PopulationSpec p, Map<String, Double> params, double dt) {
        try {
            return switch (p.cellType()) {
                case IF_CURR_EXP -> new LifCubaModel(LifCubaParams.fromPyNN(params), dt);
                case IF_CURR_ALPHA -> new LifCubaAlphaModel(LifCubaParams.fromPyNNAlpha(params), dt);
                case IF_CURR_DELTA -> new LifDeltaModel(LifDeltaParams.fromPyNN(params), dt);
                case IF_COND_EXP -> new LifCobaModel(LifCobaParams.fromPyNN(params), dt);
                case EIF_COND_EXP_ISFA_ISTA -> new AdExModel(AdExParams.fromPyNN(params), dt);
                case IZHIKEVICH -> new IzhikevichModel(IzhikevichParams.fromPyNN(params), dt);
                case LIF_Q16 -> new FixedPointLifModel(LifCubaParams.fromPyNN(params), dt);
                case IF_COND_ALPHA -> new LifCobaAlphaModel(LifCobaParams.fromPyNNAlpha(params), dt);
                case EIF_COND_ALPHA_ISFA_ISTA -> new AdExAlphaModel(AdExParams.fromPyNNAlpha(params), dt);
                case IF_COND_EXP_GSFA_GRR -> new LifCobaSfaRrModel(LifCobaSfaRrParams.fromPyNN(params), dt);
                case HH_COND_EXP -> new HhTraubModel(HhTraubParams.fromPyNN(params), dt);
                case SPIKE_SOURCE_POISSON, SPIKE_SOURCE_ARRAY -> throw new IllegalArgumentException("a spike source");
            };
        } catch (SpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SpecException(p.element(), "parameters", e.getMessage());
        }
    }

    /**
     * PyNN's parameter names and defaults of {@code cell} (PyNN units; {@code LIF_Q16} takes {@code IF_curr_exp}'s).
     *
     * @throws IllegalArgumentException for a spike source
     */
    static Map<String, Double> defaults(CellType cell) {
        return PyNNCell.defaultsOf(cell == CellType.LIF_Q16 ? CellType.IF_CURR_EXP.pynnName() : cell.pynnName());
    }

    /** The factor from a weight in the PyNN unit of {@code cell}'s receptors to the engine's unit. */
    static double weightScale(CellType cell) {
        return switch (cell) {
            case IF_CURR_DELTA, IZHIKEVICH -> 1.0;
            default -> MILLI;
        };
    }

    /**
     * The engine column and unit factor of PyNN state variable {@code variable} of {@code cell}.
     *
     * @throws SpecException naming element and field if the cell type has no such variable
     */
    static Column column(String element, String field, CellType cell, String variable) {
        if (!cell.recordables().contains(variable)) {
            throw new SpecException(element, field, "expected a state variable of " + cell.pynnName() + " "
                    + cell.recordables() + " but found '" + variable + "'");
        }
        return switch (variable) {
            case "v", "u", "h", "m", "n" -> new Column(variable, 1.0);
            case "g_r" -> new Column("g_rr", 1.0); // PyNN gives g_r and g_s in nS, as the engine
            case "g_s" -> new Column("g_sfa", 1.0);
            case "w" -> new Column("w", MILLI);
            case "gsyn_exc" -> new Column("g_exc", MILLI);
            case "gsyn_inh" -> new Column("g_inh", MILLI);
            case "isyn_exc" -> new Column("i_exc", MILLI);
            case "isyn_inh" -> new Column("i_inh", MILLI);
            default -> throw new SpecException(element, field, "expected a state variable the engine's model of "
                    + cell.pynnName() + " has but '" + variable + "' is not available yet");
        };
    }

    /**
     * An engine state column and the factor from the PyNN unit to its unit.
     *
     * @param name the column name
     * @param scale PyNN value x scale = engine value
     */
    record Column(String name, double scale) {
    }
}
