/**
 * Bringing networks in and results out in the formats Python users have: synapse lists ({@link org.shnn.codec.interop.SynapseList}) from NumPy archives
 * ({@code sources}, {@code targets}, {@code weights}, {@code delays}, e.g. exported from Brian2) and spike
 * trains to {@code .npz}, {@code .npy} and CSV.
 */
package org.shnn.codec.interop;
