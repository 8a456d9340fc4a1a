package org.shnn.engine.spec;

/**
 * A network description that cannot be built: names the element ({@code population 'exc'},
 * {@code projection 2 'exc->inh'}), the field, what was expected and what was found.
 *
 * <p>Immutable; thread-safe.
 */
public final class SpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String element;
    private final String field;
    private final String problem;

    /**
     * @param element the element of the description, e.g. {@code population 'exc'}
     * @param field the field inside it, e.g. {@code parameters.tau_m}
     * @param problem what is wrong: expected and found
     */
    public SpecException(String element, String field, String problem) {
        super(element + ": " + field + ": " + problem);
        this.element = element;
        this.field = field;
        this.problem = problem;
    }

    /** What is wrong: expected and found (the message without element and field). */
    public String problem() {
        return problem;
    }

    /** The element of the description (e.g. {@code population 'exc'}). */
    public String element() {
        return element;
    }

    /** The field inside the element (e.g. {@code parameters.tau_m}). */
    public String field() {
        return field;
    }
}
