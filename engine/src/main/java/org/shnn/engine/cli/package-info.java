/** The command-line interface ({@code scripts/run}): {@link org.shnn.engine.cli.Main}. */
package org.shnn.engine.cli;
