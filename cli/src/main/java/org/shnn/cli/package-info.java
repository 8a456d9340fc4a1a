/**
 * The command-line interface ({@code scripts/run}): {@link org.shnn.cli.Main}. A module of its own on top of
 * {@code engine}, so that the engine holds no command-line parsing, printing or plotting.
 */
package org.shnn.cli;
