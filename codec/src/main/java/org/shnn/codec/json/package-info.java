/**
 * JSON (RFC 8259) for SHNN's text files, such as network descriptions: {@link org.shnn.codec.json.JsonReader}
 * parses UTF-8 into a small immutable tree of {@link org.shnn.codec.json.JsonValue}s and
 * {@link org.shnn.codec.json.JsonWriter} writes one back; JDK only.
 *
 * <p>Every parsed node knows its file, line, column and path ({@code populations[1].parameters.tau_m}), so a
 * reader built on the tree reports a wrong type, a missing or an unknown field where it is:
 * {@code coba.json:14:19: populations[1].parameters.tau_m: expected a number but found a string}. Objects keep
 * their key order; numbers are read exactly (integers as {@code long}, others as the nearest {@code double}) and
 * written so they read back to the same bits. Input is bounded (size, nesting depth, number length) and the
 * parser is iterative, so hostile input ends in a {@link org.shnn.codec.json.JsonException}, never a
 * {@link StackOverflowError}.
 */
package org.shnn.codec.json;
