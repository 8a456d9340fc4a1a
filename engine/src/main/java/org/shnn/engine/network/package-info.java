/**
 * Describing networks: {@link org.shnn.engine.network.NetworkBuilder} assembles populations,
 * projections with connectivity/weight/delay rules, and inputs into an immutable
 * {@link org.shnn.engine.network.Network}; {@link org.shnn.engine.assembly.BuiltinNetworks} holds the
 * standard benchmarks.
 */
package org.shnn.engine.network;
