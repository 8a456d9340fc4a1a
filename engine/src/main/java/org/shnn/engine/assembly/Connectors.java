package org.shnn.engine.assembly;

import java.util.function.Supplier;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.PopulationSpec;

/**
 * PyNN's connectors as the engine's connection rules ({@link Connectivity}):
 * <pre>
 *   AllToAllConnector                      AllToAll              (allow_self_connections: autapses)
 *   OneToOneConnector                      OneToOne
 *   FixedProbabilityConnector              FixedProbability
 *   FixedNumberPreConnector                FixedInDegree         (with_replacement: multapses)
 *   FixedNumberPostConnector               FixedOutDegree
 *   FixedTotalNumberConnector              FixedTotal
 *   DistanceDependentProbabilityConnector  DistanceProbability   (over the populations' positions)
 *   FromListConnector                      Listed                (read in place, checked once)
 * </pre>
 *
 * <p>Thread-safety: stateless.
 */
final class Connectors {

    private Connectors() {
    }

    /**
     * The rule of {@code c} between {@code pre} and {@code post}.
     *
     * @param weightScale PyNN weight unit to the engine's, for list weights
     * @param prePositions the pre population's positions (asked for only by distance-dependent connectors)
     * @throws org.shnn.engine.spec.SpecException naming the projection and the connector field
     */
    static Connectivity connectivity(String element, Connector c, PopulationSpec pre, PopulationSpec post, double dt,
            double weightScale, WeightSign sign, Supplier<double[]> prePositions, Supplier<double[]> postPositions) {
        return switch (c) {
            case Connector.AllToAll a -> new Connectivity.AllToAll();
            case Connector.OneToOne o -> new Connectivity.OneToOne();
            case Connector.FixedProbability f -> new Connectivity.FixedProbability(f.pConnect());
            case Connector.FixedNumberPre f -> new Connectivity.FixedInDegree(f.n(), f.withReplacement());
            case Connector.FixedNumberPost f -> new Connectivity.FixedOutDegree(f.n(), f.withReplacement());
            case Connector.FixedTotalNumber f -> new Connectivity.FixedTotal(f.n(), f.withReplacement());
            case Connector.DistanceDependentProbability d -> {
                DistanceExpression e = DistanceExpression.parse(element, "connector.d_expression", d.dExpression());
                yield new Connectivity.DistanceProbability(prePositions.get(), postPositions.get(), e, e.text());
            }
            case Connector.FromList l -> new Connectivity.Listed(ListedSynapses.check(element, l, pre.size(), pre.label(),
                    post.size(), post.label(), dt, weightScale, sign));
        };
    }

    /** Whether {@code c} lets a neuron connect to itself when pre and post are one population. */
    static boolean autapses(Connector c) {
        return switch (c) {
            case Connector.AllToAll a -> a.allowSelfConnections();
            case Connector.FixedProbability f -> f.allowSelfConnections();
            case Connector.FixedNumberPre f -> f.allowSelfConnections();
            case Connector.FixedNumberPost f -> f.allowSelfConnections();
            case Connector.FixedTotalNumber f -> f.allowSelfConnections();
            case Connector.DistanceDependentProbability d -> d.allowSelfConnections();
            case Connector.OneToOne o -> true;
            case Connector.FromList l -> true;
        };
    }
}
