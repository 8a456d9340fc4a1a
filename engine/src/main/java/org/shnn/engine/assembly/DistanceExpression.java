package org.shnn.engine.assembly;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.shnn.engine.spec.SpecException;

/**
 * The probability expression of a distance-dependent connector ({@code d_expression}), parsed once into a small
 * stack program and evaluated for each distance {@code d} (µm). The language is deliberately small and bounded:
 * numbers, the variable {@code d}, {@code + - * / ^} (power, right-associative), unary minus, parentheses, the
 * functions {@code exp log sqrt abs sin cos} of one argument and {@code min max} of two, and the comparisons
 * {@code < <= > >=}, which give 1 or 0 (so {@code "d < 50"} is a step, as in PyNN's Python expressions).
 * At most {@value #MAX_LENGTH} characters; nesting at most {@value #MAX_DEPTH} deep.
 *
 * <p>Precedence, lowest first: comparison, {@code + -}, {@code * /}, unary minus, {@code ^}.
 *
 * <p>Immutable once parsed; {@link #applyAsDouble} is thread-safe (each call uses its own stack).
 */
final class DistanceExpression implements DoubleUnaryOperator {

    /** Longest expression accepted. */
    static final int MAX_LENGTH = 1000;
    /** Deepest nesting of parentheses and calls. */
    static final int MAX_DEPTH = 64;

    private static final int NUM = 0;
    private static final int VAR = 1;
    private static final int ADD = 2;
    private static final int SUB = 3;
    private static final int MUL = 4;
    private static final int DIV = 5;
    private static final int POW = 6;
    private static final int NEG = 7;
    private static final int LT = 8;
    private static final int LE = 9;
    private static final int GT = 10;
    private static final int GE = 11;
    private static final int EXP = 12;
    private static final int LOG = 13;
    private static final int SQRT = 14;
    private static final int ABS = 15;
    private static final int SIN = 16;
    private static final int COS = 17;
    private static final int MIN = 18;
    private static final int MAX = 19;
    private static final List<String> UNARY = List.of("exp", "log", "sqrt", "abs", "sin", "cos");
    private static final List<String> BINARY = List.of("min", "max");

    private final String text;
    private final int[] ops;
    private final double[] numbers;
    private final int stackSize;

    private DistanceExpression(String text, int[] ops, double[] numbers, int stackSize) {
        this.text = text;
        this.ops = ops;
        this.numbers = numbers;
        this.stackSize = stackSize;
    }

    /**
     * Parses {@code text}.
     *
     * @param element the element for errors, e.g. {@code projection 'exc->exc'}
     * @param field the field for errors, e.g. {@code connector.d_expression}
     * @throws SpecException naming the column (1-based) of the first bad token and what was expected there
     */
    static DistanceExpression parse(String element, String field, String text) {
        if (text.length() > MAX_LENGTH) {
            throw new SpecException(element, field, "expected at most " + MAX_LENGTH + " characters but found "
                    + text.length());
        }
        Parser p = new Parser(element, field, text);
        p.comparison(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("an operator or the end");
        }
        int[] ops = p.ops.stream().mapToInt(Integer::intValue).toArray();
        double[] nums = p.numbers.stream().mapToDouble(Double::doubleValue).toArray();
        return new DistanceExpression(text, ops, nums, Math.max(1, p.maxStack));
    }

    /** The expression as written. */
    String text() {
        return text;
    }

    @Override
    public double applyAsDouble(double d) {
        double[] st = new double[stackSize];
        int sp = 0;
        int n = 0;
        for (int op : ops) {
            switch (op) {
                case NUM -> st[sp++] = numbers[n++];
                case VAR -> st[sp++] = d;
                case NEG -> st[sp - 1] = -st[sp - 1];
                case EXP -> st[sp - 1] = Math.exp(st[sp - 1]);
                case LOG -> st[sp - 1] = Math.log(st[sp - 1]);
                case SQRT -> st[sp - 1] = Math.sqrt(st[sp - 1]);
                case ABS -> st[sp - 1] = Math.abs(st[sp - 1]);
                case SIN -> st[sp - 1] = Math.sin(st[sp - 1]);
                case COS -> st[sp - 1] = Math.cos(st[sp - 1]);
                default -> {
                    double b = st[--sp];
                    double a = st[sp - 1];
                    st[sp - 1] = switch (op) {
                        case ADD -> a + b;
                        case SUB -> a - b;
                        case MUL -> a * b;
                        case DIV -> a / b;
                        case POW -> Math.pow(a, b);
                        case LT -> a < b ? 1 : 0;
                        case LE -> a <= b ? 1 : 0;
                        case GT -> a > b ? 1 : 0;
                        case GE -> a >= b ? 1 : 0;
                        case MIN -> Math.min(a, b);
                        case MAX -> Math.max(a, b);
                        default -> throw new IllegalStateException("op " + op);
                    };
                }
            }
        }
        return st[0];
    }

    @Override
    public String toString() {
        return text;
    }

    /** Recursive descent over the text, emitting postfix operations; tracks the stack depth they need. */
    private static final class Parser {
        final String element;
        final String field;
        final String s;
        final List<Integer> ops = new ArrayList<>();
        final List<Double> numbers = new ArrayList<>();
        int pos;
        int stack;
        int maxStack;

        Parser(String element, String field, String s) {
            this.element = element;
            this.field = field;
            this.s = s;
        }

        void comparison(int depth) {
            sum(depth);
            while (true) {
                skipSpace();
                int op;
                if (eat("<=")) {
                    op = LE;
                } else if (eat(">=")) {
                    op = GE;
                } else if (eat("<")) {
                    op = LT;
                } else if (eat(">")) {
                    op = GT;
                } else {
                    return;
                }
                sum(depth);
                emit(op, -1);
            }
        }

        void sum(int depth) {
            product(depth);
            while (true) {
                skipSpace();
                if (eat("+")) {
                    product(depth);
                    emit(ADD, -1);
                } else if (eat("-")) {
                    product(depth);
                    emit(SUB, -1);
                } else {
                    return;
                }
            }
        }

        void product(int depth) {
            unary(depth);
            while (true) {
                skipSpace();
                if (eat("*")) {
                    unary(depth);
                    emit(MUL, -1);
                } else if (eat("/")) {
                    unary(depth);
                    emit(DIV, -1);
                } else {
                    return;
                }
            }
        }

        void unary(int depth) {
            skipSpace();
            if (eat("-")) {
                nest(depth);
                unary(depth + 1);
                emit(NEG, 0);
            } else if (eat("+")) {
                nest(depth);
                unary(depth + 1);
            } else {
                power(depth);
            }
        }

        void power(int depth) {
            atom(depth);
            skipSpace();
            if (eat("^") || eat("**")) {
                nest(depth);
                unary(depth + 1); // right-associative; 2^-1 allowed
                emit(POW, -1);
            }
        }

        void atom(int depth) {
            skipSpace();
            if (pos >= s.length()) {
                throw error("a number, d, a function or '('");
            }
            char c = s.charAt(pos);
            if (c == '(') {
                nest(depth);
                pos++;
                comparison(depth + 1);
                expect(")");
            } else if (Character.isDigit(c) || c == '.') {
                number();
            } else if (Character.isLetter(c)) {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                    pos++;
                }
                String name = s.substring(start, pos);
                if (name.equals("d")) {
                    emit(VAR, 1);
                    return;
                }
                int u = UNARY.indexOf(name);
                int b = BINARY.indexOf(name);
                if (u < 0 && b < 0) {
                    pos = start;
                    throw error("d or one of the functions " + UNARY + " " + BINARY);
                }
                nest(depth);
                expect("(");
                comparison(depth + 1);
                if (b >= 0) {
                    expect(",");
                    comparison(depth + 1);
                    expect(")");
                    emit(MIN + b, -1);
                } else {
                    expect(")");
                    emit(EXP + u, 0);
                }
            } else {
                throw error("a number, d, a function or '('");
            }
        }

        void number() {
            int start = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                int mark = pos;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos >= s.length() || !Character.isDigit(s.charAt(pos))) {
                    pos = mark;
                    throw error("digits of an exponent");
                }
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
            }
            try {
                numbers.add(Double.parseDouble(s.substring(start, pos)));
            } catch (NumberFormatException e) {
                pos = start;
                throw error("a number");
            }
            emit(NUM, 1);
        }

        void nest(int depth) {
            if (depth >= MAX_DEPTH) {
                throw error("nesting at most " + MAX_DEPTH + " deep");
            }
        }

        void emit(int op, int stackChange) {
            ops.add(op);
            stack += stackChange;
            maxStack = Math.max(maxStack, stack);
        }

        void expect(String token) {
            skipSpace();
            if (!eat(token)) {
                throw error("'" + token + "'");
            }
        }

        boolean eat(String token) {
            if (s.startsWith(token, pos)) {
                // '*' must not eat the first half of '**', nor '<' of '<=' (handled by order), nor '-' a number sign
                if (token.equals("*") && s.startsWith("**", pos)) {
                    return false;
                }
                pos += token.length();
                return true;
            }
            return false;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        SpecException error(String expected) {
            String found = pos >= s.length() ? "the end" : "'" + s.charAt(pos) + "'";
            return new SpecException(element, field, "expected " + expected + " at column " + (pos + 1) + " of '" + s
                    + "' but found " + found);
        }
    }
}
