package org.shnn.engine.hyper;

/** The shape of a hyperedge (the original framework's edge types, Custom excepted). */
public enum HyperedgeKind {
    /** Exactly one source, any number of targets (divergent). */
    ONE_TO_MANY,
    /** Any number of sources, exactly one target (convergent). */
    MANY_TO_ONE,
    /** Any sources, any targets. */
    MANY_TO_MANY,
    /** One set of neurons, each both a source and a target (every member receives when the group fires). */
    ALL_TO_ALL
}
